"""Promise: a run stopped with SIGTERM (a CI timeout, `kill`, a supervisor) ends with every process it started.

Prefect marks the flow run Crashed and hands SIGTERM back to the process's handler; with Python's default one the
process died without its exit hooks and the ephemeral Prefect server it had started kept running, orphaned.
"""

from __future__ import annotations

import signal
from pathlib import Path

import psutil
import pytest

from tests.reliability.runs import TINY_RUN, cli_args, cli_env, kill_group, start, wait_for

pytestmark = pytest.mark.slow


def test_sigterm_mid_training_stops_the_ephemeral_server_too(tmp_path: Path) -> None:
    log = tmp_path / "run.log"
    # long enough that SIGTERM lands while GRPO steps are still running
    process = start(cli_args(*TINY_RUN, "train.max_steps=400"), cli_env(tmp_path), tmp_path, log)
    try:
        wait_for(lambda: "step 1/400" in log.read_text(errors="replace"), process, 300, "the first GRPO step", log)
        started = psutil.Process(process.pid).children(recursive=True)
        assert any("uvicorn" in " ".join(child.cmdline()) for child in started), "no ephemeral Prefect server"
        process.send_signal(signal.SIGTERM)
        assert process.wait(60) == 128 + signal.SIGTERM
        _, alive = psutil.wait_procs(started, timeout=30)
        assert not alive, f"still running after the run ended: {[child.cmdline() for child in alive]}"
        assert "Crashed" in log.read_text(errors="replace")
    finally:
        kill_group(process)
