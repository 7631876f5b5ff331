#!/usr/bin/env bash
# Takes docs/prefect-ui-demo-run.png, the picture in docs/operations.md of a finished demo run in the Prefect UI:
# `tourism-grpo serve` on a private PREFECT_HOME and store, the demo deployment shrunk to seconds, headless Chromium (Debian package
# `chromium`). Documentation only: `make test` does not run it.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-4290}
SCRATCH=$(mktemp -d)
export PREFECT_HOME=$SCRATCH/prefect-home TOURISM_GRPO_HOME=$SCRATCH/store PREFECT_API_URL=http://127.0.0.1:$PORT/api
export PREFECT_SERVER_ANALYTICS_ENABLED=false DO_NOT_TRACK=1 GX_ANALYTICS_ENABLED=false HF_HUB_OFFLINE=1

: >"$SCRATCH/serve.log"
.venv/bin/tourism-grpo serve --port "$PORT" >>"$SCRATCH/serve.log" 2>&1 &
SERVE=$!
trap 'kill -INT $SERVE; wait $SERVE || true; rm -rf "$SCRATCH"' EXIT
until grep -q "Ctrl-C stops everything" "$SCRATCH/serve.log"; do
  kill -0 $SERVE || { cat "$SCRATCH/serve.log"; exit 1; }
  sleep 1
done

RUN=$(.venv/bin/python - <<'PY'
from prefect.deployments import run_deployment

from tourism_grpo.experiments import load_preset

fast = ["train.max_steps=4", "model.tiny.hidden_size=64", "model.tiny.num_layers=2", "model.tiny.sft_epochs=1",
        "data.subset.train_size=60", "data.subset.eval_size=20", "evaluation.bootstrap_samples=200", "publish.force=true"]
experiment = load_preset("demo", fast).model_dump(mode="json")
run = run_deployment("run-experiment/demo", parameters={"experiment": experiment}, timeout=600)
assert run.state is not None and run.state.is_completed(), run.state
print(run.id)
PY
)
sleep 3  # let the run's last logs and artifacts reach the server before the page loads
chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --user-data-dir="$SCRATCH/chromium" --window-size=1400,900 \
  --virtual-time-budget=8000 --screenshot=docs/prefect-ui-demo-run.png \
  "http://127.0.0.1:$PORT/runs/flow-run/$RUN" 2>/dev/null
echo "docs/prefect-ui-demo-run.png: flow run $RUN"
