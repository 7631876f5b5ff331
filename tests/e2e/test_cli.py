"""The console script answers --help at once: no heavy import happens before a subcommand runs."""

from __future__ import annotations

import subprocess
import sys
import time


def test_help_lists_every_command_in_under_two_seconds_without_importing_prefect() -> None:
    probe = (
        "import sys\n"
        "from tourism_grpo.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('heavy:', sorted({'prefect', 'torch', 'transformers', 'trl'} & set(sys.modules)))\n"
    )
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=30, check=True)
    assert time.monotonic() - started < 2.0
    assert "heavy: []" in done.stdout
    for command in ("run", "presets", "generate", "serve"):
        assert command in done.stdout
