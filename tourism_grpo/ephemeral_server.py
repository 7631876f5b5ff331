"""The ephemeral Prefect server of a CLI run, started apart from the CLI's process group and watching the CLI."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from typing import Any

# the ephemeral server's environment names the CLI process it serves; it stops itself once that process is gone
SERVER_PARENT_ENV = "TOURISM_GRPO_EPHEMERAL_SERVER_PARENT"


def ephemeral_server_app() -> Any:
    """uvicorn's app factory for the ephemeral server a CLI run starts: Prefect's app, and a watch on the CLI.

    The server runs in a session of its own (see `keep_ephemeral_server_apart`), so no signal to the CLI's process group
    reaches it; the watch makes it stop itself (SIGTERM: uvicorn's graceful shutdown) within a second of the CLI
    process ending without its exit hooks (SIGKILL, a crash), so it is never left running without it.
    """
    parent = int(os.environ[SERVER_PARENT_ENV])

    def stop_when_orphaned() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(30)
        os._exit(1)  # shutdown stuck

    threading.Thread(target=stop_when_orphaned, name="tourism-grpo-orphan-watch", daemon=True).start()
    from prefect.server.api.server import create_app

    return create_app()


def keep_ephemeral_server_apart() -> None:
    """Have the ephemeral Prefect server that this run starts (no PREFECT_API_URL) live apart from its process group.

    `timeout`, systemd and CI runners send SIGTERM to the whole process group. Prefect starts its ephemeral server
    (`SubprocessASGIServer`) in the CLI's group, so that signal stopped the server in the same instant as it reached
    the CLI: Prefect could no longer mark the flow run Crashed (it stayed Running), its clients retried the dead API
    for minutes and ended the CLI with ConnectError tracebacks and exit code 1. Started in a session of its own, the
    server outlives the signal; the CLI marks the run Crashed, exits with 143, and its exit hooks stop the server,
    as when SIGTERM reaches the CLI alone. Prefect keeps one such server per process in
    `SubprocessASGIServer._instances`; the subclass put there first is the one Prefect's clients start and stop.
    """
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_API_URL, get_current_settings

    if PREFECT_API_URL.value():
        return

    class ServerApart(SubprocessASGIServer):
        def _run_uvicorn_command(self) -> subprocess.Popen[Any]:
            # Prefect 3.9's command (see uvicorn_command), but in a new session and watching its parent
            return subprocess.Popen(
                args=uvicorn_command(self.port),
                env={
                    **os.environ,
                    "PREFECT_UI_ENABLED": "0",
                    "PREFECT__SERVER_EPHEMERAL": "1",
                    "PREFECT__SERVER_FINAL": "1",
                    **get_current_settings().to_environment_variables(exclude_unset=True),
                    SERVER_PARENT_ENV: str(os.getpid()),
                },
                start_new_session=True,
            )

    ServerApart()  # takes the place of Prefect's server; a no-op where one already exists


def uvicorn_command(port: int | None) -> list[str]:
    """The command that starts the ephemeral server: `SubprocessASGIServer._run_uvicorn_command`'s, with
    `ephemeral_server_app` as the app factory in place of Prefect's `create_app` (a test compares the two)."""
    import prefect

    return [
        sys.executable,
        "-m",
        "uvicorn",
        "--app-dir",
        str(prefect.__module_path__.parent),
        "--factory",
        "tourism_grpo.ephemeral_server:ephemeral_server_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "error",
        "--lifespan",
        "on",
    ]
