"""A GRPO job on several GPUs: `accelerate launch` runs this module in each process, progress comes back to the
launching process as JSON lines on stdout."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa

from tourism_grpo.training.grpo import Reporter, TrainJob, TrainOutcome, read_outcome, run_grpo

EVENT_PREFIX = "TOURISM_GRPO_EVENT "


class StdoutReporter:
    """Prints progress events that the Prefect task reads back from the subprocess (main process only)."""

    def __init__(self, main_process: bool) -> None:
        self.main_process = main_process

    def _emit(self, kind: str, *args: object) -> None:
        if self.main_process:
            print(EVENT_PREFIX + json.dumps({"kind": kind, "args": args}), flush=True)

    def started(self, total_steps: int, resumed_from: int | None) -> None:
        """Announce the run."""
        self._emit("started", total_steps, resumed_from)

    def logged(self, step: int, metrics: dict[str, float]) -> None:
        """Forward one logged step."""
        self._emit("logged", step, metrics)


def accelerate_command(job_path: Path, gpus: int, config: str) -> list[str]:
    """The `accelerate launch` command that runs one GRPO job on every GPU of this machine."""
    config_file = Path(__file__).resolve().parent / "accelerate" / f"{config}.yaml"
    return [
        sys.executable,
        "-m",
        "accelerate.commands.launch",
        "--config_file",
        str(config_file),
        "--num_processes",
        str(gpus),
        "-m",
        "tourism_grpo.training.launch",
        str(job_path),
    ]


def run_distributed(
    job: TrainJob, table: pa.Table, config: str, reporter: Reporter, log: Callable[[str], None]
) -> TrainOutcome:
    """Run the job on every GPU under `accelerate launch`: the rows go to a Parquet file the processes read, their
    progress events to `reporter`, their other output to `log`."""
    import pyarrow.parquet as pq

    folder = Path(job.output_dir)
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, folder / "train.parquet")
    job = job.model_copy(update={"dataset": str(folder / "train.parquet")})
    (folder / "job.json").write_text(job.model_dump_json(), encoding="utf-8")
    command = accelerate_command(folder / "job.json", job.runtime.gpus, config)
    log(f"Training on {job.runtime.gpus} GPUs: {' '.join(command)}")
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as process:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith(EVENT_PREFIX):
                event = json.loads(line.removeprefix(EVENT_PREFIX))
                getattr(reporter, event["kind"])(*event["args"])
            else:
                log(line.rstrip())
    if process.returncode:
        raise RuntimeError(f"accelerate launch exited with {process.returncode}; its output is in the run log above")
    return read_outcome(job.output_dir)


def main(job_path: str) -> None:
    """Run the job; every process trains, the main one reports and writes the outcome."""
    import pyarrow.parquet as pq
    from accelerate import PartialState

    job = TrainJob.model_validate_json(Path(job_path).read_text(encoding="utf-8"))
    assert job.dataset is not None  # run_distributed wrote the rows there
    run_grpo(job, pq.read_table(job.dataset), StdoutReporter(PartialState().is_main_process))


if __name__ == "__main__":
    main(sys.argv[1])
