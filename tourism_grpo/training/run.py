"""One training step of the pipeline without Prefect: train the adapter where the machine allows, then store it with
its step log and report."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel

from tourism_grpo.storage import ArtifactRef, ArtifactStore
from tourism_grpo.storage.steps import Output
from tourism_grpo.training import curves
from tourism_grpo.training.completions import COMPLETIONS_DIR, completions_table
from tourism_grpo.training.grpo import TENSORBOARD_DIR, Reporter, TrainJob, TrainOutcome
from tourism_grpo.training.params import BaseModelRef, TrainSpec

# Metrics of the last step a run reports, in this order, when it logged them.
SUMMARY_METRICS = (
    "reward",
    "reward_std",
    "frac_reward_zero_std",
    "completions/mean_length",
    "completions/clipped_ratio",
    "kl",
    "entropy",
    "loss",
    "learning_rate",
)


class TrainResult(BaseModel):
    """The trained adapter, its step log and report, and what the run's curves say."""

    adapter: ArtifactRef
    log: ArtifactRef
    report: ArtifactRef
    base: BaseModelRef
    global_step: int
    resumed_from: int | None
    first_tenth_reward: float
    last_tenth_reward: float
    zero_std_share: float
    last_metrics: dict[str, float] = {}
    # what TRL logged of each logging step's completions (None when log_completions is off)
    completions: ArtifactRef | None = None


def checkpoint_dir(store: ArtifactStore, artifact: str) -> Path:
    """Where a run writes its checkpoints: named by the adapter's id, so that a retry finds them."""
    if store.is_local:
        return Path(store.path("checkpoints", artifact))
    # the Trainer writes to a local folder; each checkpoint is then copied into the store (checkpoint_store.py)
    return Path.home() / ".cache" / "tourism-grpo" / "checkpoints" / artifact


def stored_checkpoints(store: ArtifactStore, artifact: str) -> str | None:
    """Where in a store that is not a local path the run's checkpoints are kept for a retry on another machine."""
    return None if store.is_local else store.url(store.path("checkpoints", artifact))


def train_and_store(
    out: Output,
    spec: TrainSpec,
    split: ArtifactRef,
    base: BaseModelRef,
    reporter: Reporter | None,
    log: Callable[[str], None],
) -> TrainResult:
    """Train on `split` (on every GPU of the machine when it has several) and store adapter, step log and report."""
    # looked up at call time, so that a benchmark or a fault-injection test can wrap them
    from tourism_grpo.training.configs import detect_runtime
    from tourism_grpo.training.grpo import run_grpo
    from tourism_grpo.training.launch import run_distributed

    runtime = detect_runtime(spec.train)
    job = TrainJob(
        spec=spec,
        base=base,
        runtime=runtime,
        output_dir=str(checkpoint_dir(out.store, out.id)),
        checkpoints=stored_checkpoints(out.store, out.id),
    )
    table = out.store.read_table(split)
    if runtime.gpus > 1:
        outcome = run_distributed(job, table, spec.train.accelerate_config, reporter, log)
    else:
        outcome = run_grpo(job, table, reporter)
    return _store(out, spec, base, job, outcome)


def _store(out: Output, spec: TrainSpec, base: BaseModelRef, job: TrainJob, outcome: TrainOutcome) -> TrainResult:
    record = {"experiment": spec.experiment, "base_model": base.uri}
    steps = curves.step_table(outcome.log_history)
    first, last = curves.tenth_means(steps)
    zero_std = curves.zero_std_share(steps)
    summary = {
        "global_step": outcome.global_step,
        "resumed_from": outcome.resumed_from,
        "prompts_used": outcome.prompts_used,
        "prompts_dropped": outcome.prompts_dropped,
        "first_tenth_reward": first,
        "last_tenth_reward": last,
        "zero_std_share": zero_std,
        "runtime": job.runtime.model_dump(),
    }

    def report(folder: Path) -> None:
        curves.plot_curves(steps, folder / "reward-curve.png", f"{spec.experiment}: GRPO rewards per step")
        (folder / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
        # TRL's TensorBoard writer logs under the checkpoint folder, which a remote store keeps on this machine
        events = Path(job.output_dir) / TENSORBOARD_DIR
        if events.is_dir():
            shutil.copytree(events, folder / TENSORBOARD_DIR)

    def adapter(folder: Path) -> None:
        shutil.copytree(outcome.adapter_dir, folder, dirs_exist_ok=True)

    last_row = steps.slice(steps.num_rows - 1).to_pylist()[0]
    logged = completions_table(Path(job.output_dir) / COMPLETIONS_DIR, [reward.weight for reward in spec.rewards])
    return TrainResult(
        completions=out.table(logged, "train-completions", **record) if logged is not None else None,
        log=out.table(steps, "train-log", **record),
        report=out.folder(report, "train-report", **record),
        adapter=out.folder(adapter, "adapter", **record),
        base=base,
        global_step=outcome.global_step,
        resumed_from=outcome.resumed_from,
        first_tenth_reward=first,
        last_tenth_reward=last,
        zero_std_share=zero_std,
        last_metrics={key: float(last_row[key]) for key in SUMMARY_METRICS if key in last_row},
    )
