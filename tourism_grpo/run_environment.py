"""What a run needs around it: the environment variables it runs with and the concurrency limit a server must have."""

from __future__ import annotations

import os
from collections.abc import Mapping, MutableMapping

# Global concurrency limit every training holds, so two trainings never share a GPU (`tourism-grpo serve` creates it).
GPU_LIMIT = "gpu"

# Never phone home: Prefect's telemetry (which also locks an ephemeral server's database) and Great Expectations'.
PRIVATE = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "GX_ANALYTICS_ENABLED": "false",
}

# A CLI run, on top of PRIVATE.
RUN_DEFAULTS = {
    **PRIVATE,
    # Prefect's 20 s for the ephemeral server to start runs out on a busy 2-core machine
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    # transformers draws a bar per model load ("Loading weights"): the run's progress is the training's lines
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
}

# Tests and benchmarks, on top of PRIVATE: everything they load is built or installed locally, so the Hub is never
# asked; and no tokenizer thread pool, which once used makes every process forked after it warn and turn it off.
OFFLINE = {
    **PRIVATE,
    "HF_HUB_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "TOKENIZERS_PARALLELISM": "false",
}


def apply(settings: Mapping[str, str], environ: MutableMapping[str, str] = os.environ) -> None:
    """Set each variable of `settings` that `environ` (this process's by default) lacks: one set already wins."""
    for key, value in settings.items():
        environ.setdefault(key, value)
