"""prefect.yaml, generated from the presets so that the deployments' parameters are the presets' settings.

Run `python -m tourism_grpo.deployments` after changing a preset; tests/e2e/test_deployments.py fails while
the committed prefect.yaml differs from what this module renders.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from tourism_grpo.experiments import list_presets, load_preset
from tourism_grpo.run_environment import GPU_LIMIT
from tourism_grpo.storage.store import WORKDIR_ENV

PROJECT_FILE = Path(__file__).resolve().parents[1] / "prefect.yaml"
WORK_POOL = "tourism-grpo"
EXPERIMENT_FLOW = "tourism_grpo.flows.experiment.run_experiment"
RETRAINING_FLOW = "tourism_grpo.flows.retraining.retrain_if_changed"
RETRAINING_DEPLOYMENT = "scheduled-retraining"
RETRAINING_PRESET = "tfidf-sentiment-10k"
RETRAINING_CRON = "0 3 * * 1"  # Mondays 03:00
RETRAINING_TIMEZONE = "Europe/Berlin"

HEADER = f"""\
# Prefect deployments of tourism-grpo. GENERATED from the presets by `python -m tourism_grpo.deployments`:
# edit tourism_grpo/experiments/*.yaml (or tourism_grpo/deployments.py) and regenerate, do not edit by hand.
#
#   prefect work-pool create {WORK_POOL} --type process
#   prefect global-concurrency-limit create {GPU_LIMIT} --limit 1
#   prefect --no-prompt deploy --all
#   {WORKDIR_ENV}=$PWD prefect worker start --pool {WORK_POOL}
#
# or all of it at once: `tourism-grpo serve`. Entrypoints are module paths, so workers run the tourism_grpo
# package installed in their environment; the pull step moves each run into ${WORKDIR_ENV} of the worker.
"""


def _experiment_parameters(preset: str) -> dict[str, Any]:
    # only what the preset sets: the UI's form fills the rest from the pydantic model's defaults
    return {"experiment": load_preset(preset).model_dump(mode="json", exclude_unset=True)}


def _work_pool() -> dict[str, Any]:
    # a fresh mapping each time, or YAML would print anchors for the shared one
    return {"name": WORK_POOL, "job_variables": {}}


def deployments() -> list[dict[str, Any]]:
    """One deployment per preset running its experiment, and the weekly retraining."""
    presets = list_presets()
    entries = [
        {
            "name": preset,
            "description": f"{description}. Holds the '{GPU_LIMIT}' concurrency limit while training.",
            "entrypoint": EXPERIMENT_FLOW,
            "tags": ["tourism-grpo", "training"],
            "parameters": _experiment_parameters(preset),
            "work_pool": _work_pool(),
        }
        for preset, description in presets.items()
    ]
    entries.append(
        {
            "name": RETRAINING_DEPLOYMENT,
            "description": f"Weekly: reruns {RETRAINING_PRESET} only when its source's fingerprint differs from the "
            "one in the lineage of the preset's newest published model; otherwise completes with a note why not.",
            "entrypoint": RETRAINING_FLOW,
            "tags": ["tourism-grpo", "training", "scheduled"],
            "parameters": _experiment_parameters(RETRAINING_PRESET),
            "schedules": [{"cron": RETRAINING_CRON, "timezone": RETRAINING_TIMEZONE, "active": True}],
            "work_pool": _work_pool(),
        }
    )
    return entries


def render() -> str:
    """The text of prefect.yaml."""
    project = {
        "name": "tourism-grpo",
        "prefect-version": "3.9",
        "build": None,
        "push": None,
        "pull": [{"prefect.deployments.steps.set_working_directory": {"directory": f"{{{{ ${WORKDIR_ENV} }}}}"}}],
        "deployments": deployments(),
    }
    body = yaml.safe_dump(project, sort_keys=False, allow_unicode=True, width=120)
    return HEADER + "\n" + body


def main(argv: list[str] | None = None) -> int:
    """Write prefect.yaml (to the project root, or the path given)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m tourism_grpo.deployments", description=main.__doc__)
    parser.add_argument("target", nargs="?", type=Path, default=PROJECT_FILE, help=f"default: {PROJECT_FILE}")
    target = parser.parse_args(argv).target
    target.write_text(render(), encoding="utf-8")
    print(f"Wrote {len(deployments())} deployments to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
