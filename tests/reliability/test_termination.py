"""Promise: a run stopped with SIGTERM (a CI timeout, `kill`, a supervisor) ends with every process it started.

Prefect marks the flow run Crashed and hands SIGTERM back to the process's handler; with Python's default one the
process died without its exit hooks and the ephemeral Prefect server it had started kept running, orphaned.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

import psutil
import pytest

from tests.reliability.runs import TINY_RUN, cli_args, cli_env, kill_group, recorded, start, wait_for

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


def test_sigterm_to_the_whole_process_group_ends_the_run_crashed_with_143(tmp_path: Path) -> None:
    """`timeout`, systemd and CI runners send SIGTERM to the whole process group, not to the CLI alone.

    The run must end as a SIGTERM to the CLI alone ends it: exit code 143, no traceback, the flow run Crashed (not
    left Running), every process it started gone, and no slower than the run took to start (Python, Prefect's
    server, the data steps and the model up to the first GRPO step): stopping is less work than that.

    The CLI is stopped while the signal lands and continued once the rest of its group has ended, as when it is busy
    in a long native call (a model build, a generation) and runs its Python signal handler only after that call: the
    order in which the group's processes act on the signal is then fixed, the one where the CLI acts last.
    """
    log = tmp_path / "run.log"
    began = time.monotonic()
    process = start(cli_args(*TINY_RUN, "train.max_steps=400"), cli_env(tmp_path), tmp_path, log)
    try:
        wait_for(lambda: "step 1/400" in log.read_text(errors="replace"), process, 300, "the first GRPO step", log)
        limit = time.monotonic() - began
        started = psutil.Process(process.pid).children(recursive=True)
        assert any("uvicorn" in " ".join(child.cmdline()) for child in started), "no ephemeral Prefect server"
        group = [child for child in started if os.getpgid(child.pid) == process.pid]
        os.kill(process.pid, signal.SIGSTOP)
        os.killpg(process.pid, signal.SIGTERM)  # `start` made the CLI lead its own process group
        psutil.wait_procs(group, timeout=limit)
        os.kill(process.pid, signal.SIGCONT)
        signalled = time.monotonic()
        with contextlib.suppress(subprocess.TimeoutExpired):  # waits past the limit, to see how it ends
            process.wait(2 * limit)
        took = time.monotonic() - signalled
        kill_group(process)  # SIGKILL if it is still running: its exit code then says so
        output = log.read_text(errors="replace")
        flows = recorded(tmp_path, "SELECT name, state_type FROM flow_run WHERE parent_task_run_id IS NULL")
        assert [state for _, state in flows] == ["CRASHED"], f"{flows}\n{output}"
        running = recorded(tmp_path, "SELECT name FROM task_run WHERE state_type = 'RUNNING'")
        assert running == [], f"task runs left Running: {running}"
        assert process.returncode == 128 + signal.SIGTERM, f"exit {process.returncode} after {took:.0f} s:\n{output}"
        assert not any(text in output for text in ("Traceback", "ConnectError", "Error logging to API")), output
        _, alive = psutil.wait_procs(started, timeout=limit)
        assert not alive, f"still running after the run ended: {[child.cmdline() for child in alive]}"
        assert took <= limit, f"took {took:.0f} s to stop, longer than the {limit:.0f} s it took to start"
    finally:
        kill_group(process)


def test_a_killed_run_leaves_no_ephemeral_server_behind(tmp_path: Path) -> None:
    """SIGKILL (the OOM killer, `kill -9`) ends the CLI without its exit hooks; the server it started, in a session of
    its own so that group signals spare it, must notice and stop itself, as fast as it started at the latest."""
    log = tmp_path / "run.log"
    began = time.monotonic()
    process = start(cli_args(*TINY_RUN, "train.max_steps=400"), cli_env(tmp_path), tmp_path, log)
    servers: list[psutil.Process] = []
    try:
        wait_for(lambda: "Beginning flow run" in log.read_text(errors="replace"), process, 300, "the flow run", log)
        limit = time.monotonic() - began
        servers = [
            child
            for child in psutil.Process(process.pid).children(recursive=True)
            if "uvicorn" in " ".join(child.cmdline())
        ]
        assert servers, "no ephemeral Prefect server"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(30)
        _, alive = psutil.wait_procs(servers, timeout=limit)
        assert not alive, f"still running {limit:.0f} s after the run was killed: {[p.cmdline() for p in alive]}"
    finally:
        kill_group(process)
        for server in servers:
            with contextlib.suppress(psutil.NoSuchProcess):
                server.kill()
