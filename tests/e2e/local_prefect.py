"""Processes of the end-to-end tests: a private environment for each, a free port, the REST API, stopping by PID."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from tourism_grpo.run_environment import OFFLINE

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


def free_port() -> int:
    """A loopback port nothing listens on (the kernel's pick for port 0)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def private_env(home: Path, port: int, **extra: str) -> dict[str, str]:
    """The environment of every process a test starts: its own PREFECT_HOME and API, offline, no telemetry."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PREFECT_", "TOURISM_GRPO_"))}
    env.update(
        OFFLINE,
        PREFECT_HOME=str(home),
        PREFECT_API_URL=f"http://127.0.0.1:{port}/api",
        PREFECT_WORKER_QUERY_SECONDS="1",  # the default 10 s poll would dominate a short run
        **extra,
    )
    return env


def prefect(env: dict[str, str], *args: str, cwd: Path | None = None) -> str:
    """Run a Prefect CLI command to completion; its output, or an AssertionError showing it."""
    done = subprocess.run(
        [sys.executable, "-m", "prefect", "--no-prompt", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"prefect {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def wait_for(condition: Any, timeout: float | None, what: str) -> Any:
    """Poll until `condition()` returns something truthy; that value, or an AssertionError naming `what` after
    `timeout` seconds (None: no limit but pytest's, for a wait whose own duration is what is being measured)."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while deadline is None or time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(1)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def healthy(api: str) -> bool:
    """Whether the Prefect API answers its health check."""
    try:
        return httpx.get(f"{api}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def newest_log(client: httpx.Client) -> str | None:
    """Timestamp of the newest log line the server holds (every flow and task run's, and the worker's)."""
    logs = client.post("/logs/filter", json={"sort": "TIMESTAMP_DESC", "limit": 1}).json()
    return logs[0]["timestamp"] if logs else None


def wait_while_progressing(
    finished: Callable[[], Any], progress: Callable[[], Any], stall_limit: float, what: str
) -> tuple[Any, float]:
    """Poll until `finished()` returns something truthy, for as long as `progress()` keeps changing; that value and
    the longest stall seen. An AssertionError naming `what` once `progress()` stood still for `stall_limit` seconds.

    A busy machine slows a run down but never stops it making progress, so no total deadline applies.
    """
    last, since, longest = progress(), time.monotonic(), 0.0
    while True:
        value = finished()
        if value:
            return value, longest
        now, current = time.monotonic(), progress()
        if current != last:
            last, since = current, now
        longest = max(longest, now - since)
        if longest > stall_limit:
            raise AssertionError(f"{what} made no progress for {stall_limit:.0f} s (last: {last})")
        time.sleep(1)


def run_deployment(
    client: httpx.Client, deployment: dict[str, Any], parameters: dict[str, Any], stall_limit: float
) -> dict[str, Any]:
    """Create a flow run of a deployment through the API and wait for it to end; the finished flow run.

    It may take as long as it needs while the server keeps receiving log lines or state changes; it fails after
    `stall_limit` seconds of neither.
    """
    # the server's SQLite answers 503 while another process holds its write lock (a busy 2-core machine): retry briefly
    for _ in range(10):
        created = client.post(f"/deployments/{deployment['id']}/create_flow_run", json={"parameters": parameters})
        if created.status_code != 503:
            break
        time.sleep(2)
    assert created.status_code == 201, created.text
    run_id = created.json()["id"]

    def state() -> dict[str, Any]:
        return client.get(f"/flow_runs/{run_id}").json()

    def finished() -> dict[str, Any] | None:
        run = state()
        return run if run["state_type"] in TERMINAL else None

    run, longest = wait_while_progressing(
        finished,
        lambda: (state()["state_type"], newest_log(client)),
        stall_limit,
        f"flow run {run_id} of {deployment['name']}",
    )
    print(f"flow run of {deployment['name']}: longest stall {longest:.1f} s of {stall_limit:.0f} s allowed")
    return run


def artifacts_of(client: httpx.Client, run_id: str) -> dict[str, dict[str, Any]]:
    """Key -> artifact of everything a flow run (not its subflows) created."""
    found = client.post("/artifacts/filter", json={"artifacts": {"flow_run_id": {"any_": [run_id]}}}).json()
    return {artifact["key"]: artifact for artifact in found}


def alive(pid: int) -> bool:
    """Whether a process with this PID is still running (a zombie counts as gone)."""
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
