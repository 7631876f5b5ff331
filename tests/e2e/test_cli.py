"""The console script: --help imports nothing heavy; local runs skip what only a lasting server could use."""

from __future__ import annotations

import subprocess
import sys


def test_help_lists_every_command_without_importing_prefect() -> None:
    probe = (
        "import sys\n"
        "from tourism_grpo.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('heavy:', sorted({'prefect', 'torch', 'transformers', 'trl'} & set(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=30, check=True)
    assert "heavy: []" in done.stdout
    for command in ("run", "presets", "generate", "serve"):
        assert command in done.stdout


def test_runs_on_an_ephemeral_server_send_no_heartbeats_and_runs_on_a_real_one_do() -> None:
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    from tourism_grpo.cli import local_run_settings

    with temporary_settings(updates={PREFECT_API_URL: None}), local_run_settings():
        assert get_current_settings().flows.heartbeat_frequency is None
    with temporary_settings(updates={PREFECT_API_URL: "http://127.0.0.1:4200/api"}):
        configured = get_current_settings().flows.heartbeat_frequency
        with local_run_settings():
            assert get_current_settings().flows.heartbeat_frequency == configured is not None
