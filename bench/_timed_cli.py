"""The `tourism-grpo` command with timers around generation, for bench_demo.py: TRL's rollouts and evaluation's.

Run as the console script would be (`python bench/_timed_cli.py run demo ...`); at exit it writes the seconds spent
in each kind of generation to the JSON file that $BENCH_GENERATION_TIMES names. Generation is most of a CPU step, so
its share says what a faster decoder (vLLM on a GPU) would save.
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

TIMES: dict[str, float] = {"rollouts": 0.0, "evaluation": 0.0}
_LOCK = threading.Lock()


def timed(kind: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """`func`, adding its run time to TIMES[kind]."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            with _LOCK:
                TIMES[kind] += time.perf_counter() - start

    return wrapper


def main() -> int:
    """Patch both generation entry points, then run the CLI."""
    from tourism_grpo import cli
    from tourism_grpo.run_environment import RUN_DEFAULTS, apply

    apply(RUN_DEFAULTS)  # as the CLI does, but before anything imports transformers (which reads some at import)
    from trl import GRPOTrainer

    from tourism_grpo.evaluation import generate

    # TRL 1.16's rollout entry point (private: checked here, so a rename fails the bench instead of timing nothing)
    if not hasattr(GRPOTrainer, "_generate"):
        raise SystemExit("GRPOTrainer._generate is gone: update bench/_timed_cli.py for this TRL version")
    GRPOTrainer._generate = timed("rollouts", GRPOTrainer._generate)
    # the evaluate task imports it when it runs, so the patched function is the one it gets
    generate.generate = timed("evaluation", generate.generate)
    out = Path(os.environ["BENCH_GENERATION_TIMES"])
    atexit.register(lambda: out.write_text(json.dumps(TIMES), encoding="utf-8"))
    return cli.main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
