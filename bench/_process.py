"""A benchmark's child processes: one run in a fresh PREFECT_HOME, measured (wall time, exit code, peak memory), or
the cost of an import in a fresh interpreter."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tourism_grpo.run_environment import OFFLINE


@dataclass(frozen=True)
class Measured:
    """How a child process ran."""

    code: int
    wall: float
    peak_tree_mib: float  # sum of resident sets over the process and its descendants, sampled
    peak_process_mib: float  # the largest single process, sampled
    maxrss_mib: float  # ru_maxrss from wait4: the largest process, exact


def child_env(prefect_home: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This environment without a Prefect API or store of its own, offline (OFFLINE), with a fresh PREFECT_HOME."""
    env = {key: value for key, value in os.environ.items() if key not in ("PREFECT_API_URL", "TOURISM_GRPO_HOME")}
    return env | OFFLINE | {"PREFECT_HOME": str(prefect_home)} | dict(extra or {})


def import_seconds(module: str) -> float:
    """Wall time of importing a module in a fresh interpreter, minus the bare interpreter start."""

    def run(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - start

    return min(run(f"import {module}") for _ in range(3)) - min(run("pass") for _ in range(3))


def tree_rss(pid: int) -> tuple[int, int]:
    """Resident bytes of a process tree now: the sum over its processes, and the largest one (0, 0 once gone)."""
    import psutil

    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0, 0
    sizes = []
    for process in processes:
        with contextlib.suppress(psutil.Error):
            sizes.append(process.memory_info().rss)
    return sum(sizes), max(sizes, default=0)


def run_measured(argv: Sequence[str], env: Mapping[str, str], cwd: Path, log: Path, interval: float = 0.1) -> Measured:
    """Run `argv` with its output in `log`, sampling its process tree's memory every `interval` seconds."""
    peak_sum, peak_one = 0, 0
    start = time.perf_counter()
    with log.open("w") as output:
        process = subprocess.Popen(argv, stdout=output, stderr=subprocess.STDOUT, env=dict(env), cwd=cwd)
        done = threading.Event()

        def sample() -> None:
            nonlocal peak_sum, peak_one
            while not done.is_set():
                total, largest = tree_rss(process.pid)
                peak_sum, peak_one = max(peak_sum, total), max(peak_one, largest)
                done.wait(interval)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
    return Measured(
        code=os.waitstatus_to_exitcode(status),
        wall=wall,
        peak_tree_mib=peak_sum / 2**20,
        peak_process_mib=peak_one / 2**20,
        maxrss_mib=usage.ru_maxrss / 1024,
    )
