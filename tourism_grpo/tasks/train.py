"""Train: GRPO with TRL and a LoRA adapter on the enriched train split; resumes from checkpoints on retry."""

from __future__ import annotations

import time
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from prefect import get_run_logger
from prefect.artifacts import (
    create_link_artifact,
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)
from prefect.concurrency.sync import concurrency

from tourism_grpo.run_environment import GPU_LIMIT
from tourism_grpo.storage import ArtifactRef, ArtifactStore
from tourism_grpo.storage.steps import Step
from tourism_grpo.tasks.step import retry_unless, step_output, step_task
from tourism_grpo.training.completions import latest
from tourism_grpo.training.curves import zero_std_warning
from tourism_grpo.training.params import BaseModelRef, TrainSpec
from tourism_grpo.training.progress import StepClock, progress_line
from tourism_grpo.training.prompts import FramingError
from tourism_grpo.training.run import TENSORBOARD_DIR, TrainResult, train_and_store

# Least seconds between two moves of the progress bar. Each move is an API call the training step waits for, plus
# work for the server: moved every step it cost the demo ~40 ms a step, ~3% of a CPU step (bench/bench_train_step.py).
PROGRESS_INTERVAL_S = 5.0
# The adapter's id also names its checkpoint folder, so a retry finds it; where training runs is not part of it.
TRAIN = Step("train", "1", parameters=lambda arguments: arguments["spec"].identity())


class PrefectReporter:
    """Turns training progress into a progress artifact and run log lines."""

    def __init__(self, experiment: str) -> None:
        self.logger = get_run_logger()
        self.experiment = experiment
        self.progress_id: Any = None
        self.progress_at = 0.0
        self.total = 1
        self.clock = StepClock(time.monotonic(), 0, 1)
        self.previous = 0

    def started(self, total_steps: int, resumed_from: int | None) -> None:
        """Open the progress artifact; say where a resumed run picks up."""
        self.total = max(total_steps, 1)
        done = 100 * (resumed_from or 0) / self.total
        self.progress_id = create_progress_artifact(
            progress=done, key="train-progress", description=f"GRPO steps of {self.experiment}"
        )
        self.progress_at = time.monotonic()
        self.clock = StepClock(self.progress_at, resumed_from or 0, self.total)
        self.previous = resumed_from or 0
        where = f"resuming from checkpoint at step {resumed_from}" if resumed_from else "from step 0"
        self.logger.info("GRPO training of %s: %d steps, %s", self.experiment, total_steps, where)

    def logged(self, step: int, metrics: dict[str, float]) -> None:
        """Move the progress bar (every PROGRESS_INTERVAL_S at most, and at the last step); every few steps, log the
        time left and the headline metrics."""
        if "reward" not in metrics:
            return
        now = time.monotonic()
        if self.progress_id is not None and (step >= self.total or now - self.progress_at >= PROGRESS_INTERVAL_S):
            update_progress_artifact(self.progress_id, progress=min(100.0, 100 * step / self.total))
            self.progress_at = now
        due, self.previous = self.clock.due(step, self.previous), step
        if not due:
            return
        self.logger.info(progress_line(step, self.total, self.clock.time_left(step, now), metrics))


def _gpu_slot() -> AbstractContextManager[Any]:
    """The 'gpu' concurrency slot where the server has that limit (`tourism-grpo serve` creates it); none in an
    ephemeral CLI run, which trains alone (asking there would only make Prefect warn)."""
    from prefect import get_client
    from prefect.exceptions import ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            client.read_global_concurrency_limit_by_name(GPU_LIMIT)
        except ObjectNotFound:
            return nullcontext()
    return concurrency(GPU_LIMIT, occupy=1, strict=False)


# log_prints off: `datasets` (dill) prints bytecode listings while it fingerprints the prompts; captured into the run
# log they would flood it. (The Trainer's printout of every step's metrics is switched off in run_grpo: the reporter's
# progress lines and the train-log table hold them.)
@step_task(
    TRAIN,
    retries=2,
    retry_delay_seconds=10,
    # a framing the tokenizer cannot render fails the same way every time
    retry_condition_fn=retry_unless(FramingError),
    log_prints=False,
)
def train_adapter(spec: TrainSpec, split: ArtifactRef, base: BaseModelRef, store: str) -> TrainResult:
    """Train the LoRA adapter with GRPO and store it with its step log and reward curves."""
    reporter = PrefectReporter(spec.experiment)
    with _gpu_slot():
        result = train_and_store(step_output(TRAIN), spec, split, base, reporter, reporter.logger.info)
    _report(spec, result, ArtifactStore(store))
    return result


def _report(spec: TrainSpec, result: TrainResult, store: ArtifactStore) -> None:
    create_table_artifact(
        key="train-last-metrics",
        table=[{"metric": key, "value": round(value, 4)} for key, value in result.last_metrics.items()]
        + [
            {"metric": "mean reward, first tenth of steps", "value": round(result.first_tenth_reward, 4)},
            {"metric": "mean reward, last tenth of steps", "value": round(result.last_tenth_reward, 4)},
        ],
        description=f"{spec.experiment}: metrics of step {result.global_step}",
    )
    create_link_artifact(
        key="reward-curve",
        link=f"{result.report.uri}/reward-curve.png",
        link_text="reward curve (PNG)",
        description=f"{spec.experiment}: reward per function per step",
    )
    if "tensorboard" in spec.tracking.report_to:
        create_link_artifact(
            key="tensorboard",
            link=f"{result.report.uri}/{TENSORBOARD_DIR}",
            link_text="TensorBoard event files",
            description=f"{spec.experiment}: `tensorboard --logdir {result.report.uri}/{TENSORBOARD_DIR}`",
        )
    if result.completions is not None:
        create_table_artifact(
            key="train-completions",
            table=latest(store.read_table(result.completions), 10),
            description=f"{spec.experiment}: the last completions TRL logged, each reward, total and advantage "
            f"(all {result.completions.rows} in table {result.completions.id})",
        )
    threshold = spec.train.zero_std_warning
    if result.zero_std_share > threshold:
        create_markdown_artifact(
            key="train-warning",
            markdown=zero_std_warning(result.zero_std_share, threshold),
            description="GRPO had little to learn from",
        )
        get_run_logger().warning("frac_reward_zero_std averaged %.2f: little learning signal", result.zero_std_share)
