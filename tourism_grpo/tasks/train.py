"""Train: GRPO with TRL and a LoRA adapter on the enriched train split; resumes from checkpoints on retry."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from prefect import get_run_logger, task
from prefect.artifacts import (
    create_link_artifact,
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)
from prefect.concurrency.sync import concurrency
from pydantic import BaseModel

from tourism_grpo.rewards.registry import RewardSpec
from tourism_grpo.storage import ArtifactRef, ArtifactStore, artifact_id
from tourism_grpo.tasks.common import artifact_cache_key, retry_unless
from tourism_grpo.training.params import BaseModelRef, ModelParams, TrainParams
from tourism_grpo.training.progress import StepClock, duration_text
from tourism_grpo.training.prompts import FramingError

STEP_VERSION = "1"
# Least seconds between two moves of the progress bar. Each move is an API call the training step waits for, plus
# work for the server: moved every step it cost the demo ~40 ms a step, ~3% of a CPU step (bench/bench_train_step.py).
PROGRESS_INTERVAL_S = 5.0
# Global concurrency limit every training holds, so two trainings never share a GPU (`tourism-grpo serve` creates it).
GPU_LIMIT = "gpu"
# Metrics of the last step shown in the table artifact, in this order, when the run logged them.
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


def output_id(
    experiment: str,
    train: ArtifactRef,
    base: BaseModelRef,
    model: ModelParams,
    params: TrainParams,
    rewards: list[RewardSpec],
    sentiment_model: str,
) -> str:
    """Id of the adapter this configuration trains; also names its checkpoint folder, so retries find it."""
    settings = {
        "experiment": experiment,
        "model": model.model_dump(exclude={"tiny"}),
        # where training runs changes how, not what: a retry on another device still resumes
        "train": params.model_dump(exclude={"device", "use_vllm", "vllm_gpu_memory_utilization", "zero_std_warning"}),
        "rewards": [spec.model_dump() for spec in rewards],
        "sentiment_model": sentiment_model,
    }
    return artifact_id("train", STEP_VERSION, [train.id, base.id], settings)


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
        rewards = " ".join(
            f"{key.split('/')[1]}={value:.3f}"
            for key, value in metrics.items()
            if key.endswith("/mean") and key.startswith("rewards/")
        )
        self.logger.info(
            "step %d/%d, %s left: reward=%.3f zero_std=%.2f len=%.1f %s",
            step,
            self.total,
            duration_text(self.clock.time_left(step, now)),
            metrics["reward"],
            metrics.get("frac_reward_zero_std", 0.0),
            metrics.get("completions/mean_length", 0.0),
            rewards,
        )


def _run_distributed(job: Any, gpus: int, config: str, reporter: PrefectReporter) -> Any:
    from tourism_grpo.training.grpo import read_outcome
    from tourism_grpo.training.launch import EVENT_PREFIX, accelerate_command

    job_path = Path(job.output_dir) / "job.json"
    job_path.parent.mkdir(parents=True, exist_ok=True)
    job_path.write_text(job.model_dump_json(), encoding="utf-8")
    command = accelerate_command(job_path, gpus, config)
    reporter.logger.info("Training on %d GPUs: %s", gpus, " ".join(command))
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as process:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith(EVENT_PREFIX):
                event = json.loads(line.removeprefix(EVENT_PREFIX))
                getattr(reporter, event["kind"])(*event["args"])
            else:
                reporter.logger.info(line.rstrip())
    if process.returncode:
        raise RuntimeError(f"accelerate launch exited with {process.returncode}; its output is in the run log above")
    return read_outcome(job.output_dir)


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


def _checkpoint_dir(artifacts: ArtifactStore, artifact: str) -> Path:
    if artifacts.is_local:
        return Path(artifacts.path("checkpoints", artifact))
    # Checkpoints of a remote store stay on the machine that trains: a retry there resumes, another restarts.
    return Path.home() / ".cache" / "tourism-grpo" / "checkpoints" / artifact


# log_prints off: `datasets` (dill) prints bytecode listings while it fingerprints the prompts; captured into the run
# log they would flood it. (The Trainer's printout of every step's metrics is switched off in run_grpo: the reporter's
# progress lines and the train-log table hold them.)
@task(
    name="train",
    retries=2,
    retry_delay_seconds=10,
    # a framing the tokenizer cannot render fails the same way every time
    retry_condition_fn=retry_unless(FramingError),
    cache_key_fn=artifact_cache_key(output_id),
    persist_result=True,
    log_prints=False,
)
def train(
    experiment: str,
    train: ArtifactRef,
    base: BaseModelRef,
    model: ModelParams,
    params: TrainParams,
    rewards: list[RewardSpec],
    sentiment_model: str,
    store: str,
) -> TrainResult:
    """Train the LoRA adapter with GRPO and store it with its step log and reward curves."""
    import pyarrow.parquet as pq

    from tourism_grpo.training import curves
    from tourism_grpo.training.grpo import TrainJob, detect_runtime, run_grpo

    artifacts = ArtifactStore(store)
    artifact = output_id(experiment, train, base, model, params, rewards, sentiment_model)
    output_dir = _checkpoint_dir(artifacts, artifact)
    output_dir.mkdir(parents=True, exist_ok=True)
    dataset = output_dir / "train.parquet"
    pq.write_table(artifacts.read_table(train), dataset)
    job = TrainJob(
        dataset=str(dataset),
        base_model=base.uri,
        base_revision=base.revision,
        model=model,
        train=params,
        rewards=rewards,
        sentiment_model=sentiment_model,
        output_dir=str(output_dir),
    )
    reporter = PrefectReporter(experiment)
    runtime = detect_runtime(params)
    with _gpu_slot():
        if runtime.gpus > 1:
            outcome = _run_distributed(job, runtime.gpus, params.accelerate_config, reporter)
        else:
            outcome = run_grpo(job, reporter)

    lineage = {
        "step": "train",
        "step_version": STEP_VERSION,
        "parents": [train.id, base.id],
        "experiment": experiment,
        "base_model": base.uri,
        "parameters": {
            "model": model.model_dump(),
            "train": params.model_dump(),
            "rewards": [spec.model_dump() for spec in rewards],
        },
    }
    steps = curves.step_table(outcome.log_history)
    log = artifacts.write_table(steps, name="train-log", artifact=artifact, lineage=lineage)
    first, last = curves.tenth_means(steps)
    zero_std = curves.zero_std_share(steps)

    def build_report(folder: Path) -> None:
        curves.plot_curves(steps, folder / "reward-curve.png", f"{experiment}: GRPO rewards per step")
        summary = {
            "global_step": outcome.global_step,
            "resumed_from": outcome.resumed_from,
            "prompts_used": outcome.prompts_used,
            "prompts_dropped": outcome.prompts_dropped,
            "first_tenth_reward": first,
            "last_tenth_reward": last,
            "zero_std_share": zero_std,
            "runtime": runtime.__dict__,
        }
        (folder / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")

    report = artifacts.write_folder(build_report, name="train-report", artifact=artifact, lineage=lineage)
    adapter = artifacts.write_folder(
        lambda folder: shutil.copytree(outcome.adapter_dir, folder, dirs_exist_ok=True),
        name="adapter",
        artifact=artifact,
        lineage=lineage,
    )
    last_row = steps.slice(steps.num_rows - 1).to_pylist()[0]
    create_table_artifact(
        key="train-last-metrics",
        table=[{"metric": key, "value": round(float(last_row[key]), 4)} for key in SUMMARY_METRICS if key in last_row]
        + [
            {"metric": "mean reward, first tenth of steps", "value": round(first, 4)},
            {"metric": "mean reward, last tenth of steps", "value": round(last, 4)},
        ],
        description=f"{experiment}: metrics of step {outcome.global_step}",
    )
    create_link_artifact(
        key="reward-curve",
        link=f"{report.uri}/reward-curve.png",
        link_text="reward curve (PNG)",
        description=f"{experiment}: reward per function per step",
    )
    if zero_std > params.zero_std_warning:
        create_markdown_artifact(
            key="train-warning",
            markdown=f"# No learning signal in {zero_std:.0%} of prompt groups\n\n"
            f"`frac_reward_zero_std` averaged {zero_std:.2f} (warning above {params.zero_std_warning}): in those "
            "groups every completion scored the same, so GRPO's advantages were zero and nothing was learned. "
            "Likely causes: rewards that are all 0 or all 1 for this model (a format it never hits, a sentiment "
            "it always matches), too few generations per prompt (raise `num_generations`), or a temperature too "
            "low for the completions to differ.",
            description="GRPO had little to learn from",
        )
        get_run_logger().warning("frac_reward_zero_std averaged %.2f: little learning signal", zero_std)
    return TrainResult(
        adapter=adapter,
        log=log,
        report=report,
        base=base,
        global_step=outcome.global_step,
        resumed_from=outcome.resumed_from,
        first_tenth_reward=first,
        last_tenth_reward=last,
        zero_std_share=zero_std,
    )
