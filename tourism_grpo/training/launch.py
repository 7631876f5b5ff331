"""Entry point `accelerate launch` runs in each GPU process: one GRPO job, progress as JSON lines on stdout."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tourism_grpo.training.grpo import TrainJob, run_grpo

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


def main(job_path: str) -> None:
    """Run the job; every process trains, the main one reports and writes the outcome."""
    from accelerate import PartialState

    job = TrainJob.model_validate_json(Path(job_path).read_text(encoding="utf-8"))
    run_grpo(job, StdoutReporter(PartialState().is_main_process))


if __name__ == "__main__":
    main(sys.argv[1])
