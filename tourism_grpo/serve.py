"""`tourism-grpo serve`: a local Prefect server, the work pool, the deployments and a worker; Ctrl-C stops them all."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from tourism_grpo.deployments import WORK_POOL, deployments, render
from tourism_grpo.run_environment import GPU_LIMIT, PRIVATE, apply
from tourism_grpo.storage.store import WORKDIR_ENV

HOST = "127.0.0.1"  # loopback only: the server has no authentication
HEALTH_TIMEOUT_S = 90
STOP_TIMEOUT_S = 20


class ServeError(RuntimeError):
    """A step of bringing the local deployment up failed; the message says which and what it printed."""


def port_is_free(host: str, port: int) -> bool:
    """Whether nothing listens on host:port yet."""
    with socket.socket() as probe:
        # as the server binds: connections of an earlier server waiting in TIME_WAIT do not count
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def wait_until(ready: Callable[[], bool], timeout: float, alive: subprocess.Popen | None = None) -> bool:
    """Poll `ready` until it holds or the timeout passes; give up early when `alive` exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return True
        if alive is not None and alive.poll() is not None:
            return False
        time.sleep(0.5)
    return False


def api_answers(url: str) -> bool:
    """Whether a Prefect API at `url` (ending in /api) is up."""
    try:
        return httpx.get(f"{url}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _signal_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, sig)


def stop(process: subprocess.Popen, timeout: float = STOP_TIMEOUT_S) -> None:
    """Stop a process started in its own session, by its PID: first the processes it started since (a worker's flow
    runs, which run in process groups of their own), then its process group; TERM, then KILL after `timeout`."""
    import psutil  # a dependency of accelerate and trl; only stopping needs it

    try:
        descendants = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        descendants = []
    for child in descendants:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.terminate()
    for child in psutil.wait_procs(descendants, timeout=timeout)[1]:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.kill()
    _signal_group(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        _signal_group(process.pid, signal.SIGKILL)
        process.wait()


class LocalPrefect:
    """The processes `serve` starts, so that whatever happens they are stopped, last started first."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.ui_url = f"http://{HOST}:{port}"
        self.api_url = f"{self.ui_url}/api"
        self.env = dict(os.environ)
        apply(PRIVATE, self.env)  # never phone home from a server, worker or flow run this command starts
        self.env["PREFECT_API_URL"] = self.api_url
        # flow runs work where serve was started unless the environment says otherwise
        self.env.setdefault(WORKDIR_ENV, str(Path.cwd()))
        self.processes: list[subprocess.Popen] = []

    def prefect(self, *args: str) -> str:
        """Run a Prefect CLI command against this server; ServeError with its output when it fails."""
        done = subprocess.run(
            [sys.executable, "-m", "prefect", "--no-prompt", *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            raise ServeError(f"`prefect {' '.join(args)}` failed ({done.returncode}):\n{done.stdout}{done.stderr}")
        return done.stdout

    def start(self, *args: str, log: Path | None = None) -> subprocess.Popen:
        """Start a Prefect CLI process in its own session, so a terminal's Ctrl-C reaches only `serve`."""
        output = log.open("ab") if log is not None else None
        process = subprocess.Popen(
            [sys.executable, "-m", "prefect", *args],
            env=self.env,
            cwd=self.env[WORKDIR_ENV],
            stdout=output,
            stderr=subprocess.STDOUT if output else None,
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    def exists(self, path: str) -> bool:
        """Whether GET {api}/{path} finds the object."""
        return httpx.get(f"{self.api_url}/{path}", timeout=10).status_code == 200

    def up(self, log_dir: Path) -> None:
        """Server, work pool, `gpu` limit, deployments, worker: each step waits for the one before."""
        if not port_is_free(HOST, self.port):
            raise ServeError(f"Port {self.port} on {HOST} is in use: stop what listens there or pass --port.")
        server_log = log_dir / "server.log"
        server = self.start("server", "start", "--host", HOST, "--port", str(self.port), log=server_log)
        print(f"Prefect server (pid {server.pid}) starting on {self.ui_url}, log {server_log}", flush=True)
        if not wait_until(lambda: api_answers(self.api_url), HEALTH_TIMEOUT_S, alive=server):
            tail = server_log.read_text(errors="replace")[-2000:]
            raise ServeError(f"The Prefect server did not answer on {self.api_url} in {HEALTH_TIMEOUT_S} s:\n{tail}")
        if not self.exists(f"work_pools/{WORK_POOL}"):
            self.prefect("work-pool", "create", WORK_POOL, "--type", "process")
        if not self.exists(f"v2/concurrency_limits/{GPU_LIMIT}"):
            self.prefect("global-concurrency-limit", "create", GPU_LIMIT, "--limit", "1")
        # rendered from the installed presets, so a stale or missing prefect.yaml can never be deployed
        project_file = log_dir / "prefect.yaml"
        project_file.write_text(render(), encoding="utf-8")
        self.prefect("deploy", "--all", "--prefect-file", str(project_file))
        worker = self.start("worker", "start", "--pool", WORK_POOL)
        if not wait_until(self.worker_online, HEALTH_TIMEOUT_S, alive=worker):
            raise ServeError(f"The worker (pid {worker.pid}) did not come online in work pool {WORK_POOL!r}.")
        print(f"Worker (pid {worker.pid}) online in work pool {WORK_POOL!r}", flush=True)

    def worker_online(self) -> bool:
        """Whether a worker has reported to the work pool (its status turns READY)."""
        pool = httpx.get(f"{self.api_url}/work_pools/{WORK_POOL}", timeout=10)
        return pool.status_code == 200 and pool.json().get("status") == "READY"

    def down(self) -> None:
        """Stop every process started, the worker before the server it reports to."""
        while self.processes:
            process = self.processes.pop()
            stop(process)
            print(f"Stopped {' '.join(process.args[3:5])} (pid {process.pid})", flush=True)


def serve(port: int = 4200) -> int:
    """Bring up the local deployment, wait until Ctrl-C (or until a process exits), then stop it all."""
    local = LocalPrefect(port)
    # `kill PID` stops everything like Ctrl-C does, also where a parent started serve with SIGINT ignored
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.default_int_handler)
    with tempfile.TemporaryDirectory(prefix="tourism-grpo-serve-") as scratch:
        try:
            local.up(Path(scratch))
            store = local.env.get("TOURISM_GRPO_HOME") or f"{local.env[WORKDIR_ENV]}/.tourism-grpo"
            print(
                f"\nPrefect UI: {local.ui_url}\nDeployments: {', '.join(d['name'] for d in deployments())}\n"
                f"Flow runs work in {local.env[WORKDIR_ENV]}, store {store}.\nCtrl-C stops everything.",
                flush=True,
            )
            while all(process.poll() is None for process in local.processes):
                time.sleep(1)
            exited = next(process for process in local.processes if process.poll() is not None)
            print(f"tourism-grpo serve: {' '.join(exited.args[3:5])} (pid {exited.pid}) exited; stopping the rest")
            return 1
        except KeyboardInterrupt:
            print("\nStopping the worker and the server ...", flush=True)
            return 0
        except ServeError as error:
            print(f"tourism-grpo serve: error: {error}", file=sys.stderr)
            return 1
        finally:
            local.down()
