"""What the reliability tests share: a tiny whole run, CLI processes with their own Prefect and store, store checks."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tourism_grpo.run_environment import OFFLINE
from tourism_grpo.storage import ArtifactRef, ArtifactStore

# The smoke preset shrunk further: a ~30K-parameter Llama without SFT, three GRPO steps checkpointed after each,
# a short greedy evaluation. The gate would refuse so untrained a model, so publishing is forced.
TINY_RUN = [
    "data.subset.train_size=40",
    "data.subset.eval_size=12",
    "model.tiny.vocab_size=600",
    "model.tiny.hidden_size=32",
    "model.tiny.num_layers=1",
    "model.tiny.num_heads=2",
    "model.tiny.intermediate_size=64",
    "model.tiny.sft_epochs=0",
    "model.tiny.pretrain_rows=0",
    "train.max_steps=3",
    "train.save_steps=1",
    "train.per_device_train_batch_size=4",
    "train.num_generations=2",
    "train.num_iterations=1",  # every step generates, so the train log has a row per step
    "train.max_completion_length=12",
    "train.max_prompt_tokens=512",  # a 600-token vocabulary spells a question in many tokens
    "evaluation.max_new_tokens=8",
    "evaluation.bootstrap_samples=100",
    "evaluation.examples=2",
    "publish.force=true",
]


def cli_args(*overrides: str, preset: str = "smoke") -> list[str]:
    """`tourism-grpo run` of a preset with overrides, as the argument list of a Python process."""
    return ["-m", "tourism_grpo.cli", "run", preset, *(arg for item in overrides for arg in ("--set", item))]


def cli_env(root: Path, **extra: str) -> dict[str, str]:
    """A process environment with its own PREFECT_HOME (ephemeral Prefect) and store under `root`, offline;
    `extra` adds or replaces variables."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PREFECT_", "TOURISM_GRPO_"))}
    env.pop("HF_TOKEN", None)
    env.update(
        OFFLINE,
        PREFECT_HOME=str(root / "prefect-home"),
        TOURISM_GRPO_HOME=str(root / "store"),
        PREFECT_LOGGING_LEVEL="INFO",
        # the default 20 s is too short for a server starting beside other work on a busy 2-core machine
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="120",
    )
    return {**env, **extra}


def start(args: list[str], env: dict[str, str], cwd: Path, log: Path) -> subprocess.Popen:
    """A Python process in its own process group (the ephemeral Prefect server it starts joins it), output to `log`."""
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, *args], env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def run(args: list[str], env: dict[str, str], cwd: Path, log: Path, timeout: float | None = 300) -> int:
    """Run a Python process to its end (`timeout` None: the test's own limit bounds it); its exit code (its output is
    appended to `log`)."""
    process = start(args, env, cwd, log)
    try:
        return process.wait(timeout)
    finally:
        kill_group(process)


def kill_group(process: subprocess.Popen) -> None:
    """SIGKILL the process group a `start`ed process leads: the process and every child it started."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(30)


def wait_for(
    condition: Callable[[], Any], process: subprocess.Popen, timeout: float | None, what: str, log: Path
) -> Any:
    """Poll `condition` every 50 ms until it returns something truthy; fail if the process ends first (`timeout`
    None: the test's own limit bounds a process that neither ends nor gets there)."""
    deadline = time.monotonic() + timeout if timeout is not None else float("inf")
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if process.poll() is not None:
            raise AssertionError(f"the process ended ({process.returncode}) before {what}:\n{log.read_text()[-4000:]}")
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}:\n{log.read_text()[-4000:]}")


def committed(root: str | Path) -> list[ArtifactRef]:
    """Every artifact of a store that has a manifest, each checked: manifest whole, bytes matching its sha256.

    Also fails on a table or folder a reader could see without its manifest (a torn or orphaned write).
    """
    store = ArtifactStore(str(root))
    refs: list[ArtifactRef] = []
    for kind in ("table", "folder"):
        for manifest_path in sorted(Path(root).glob(f"{kind}s/*/*.manifest.json")):
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))  # a torn manifest fails here
            name = manifest_path.parent.name
            assert manifest["id"] == manifest_path.name.removesuffix(".manifest.json") and manifest["name"] == name
            ref = store.find(kind, name, manifest["id"])
            assert ref is not None
            if kind == "table":
                assert store.read_table(ref).num_rows == manifest["rows"]  # read_table checks the sha256
            else:
                store.local_folder(ref)  # checks the folder's content hash
            refs.append(ref)
    for data in Path(root).glob("tables/*/*.parquet"):
        assert data.with_suffix(".manifest.json").exists(), f"{data} is visible without its manifest"
    for folder in Path(root).glob("folders/*/*"):
        if folder.is_dir() and not folder.name.startswith(".tmp-"):
            assert folder.with_name(f"{folder.name}.manifest.json").exists(), f"{folder} is visible without a manifest"
    return refs


def temporary_files(root: str | Path) -> list[Path]:
    """What writes left under temporary names (a killed writer leaves its temporary file; nobody reads it)."""
    return sorted(path for path in Path(root).glob("*s/*/*") if ".tmp-" in path.name)


def prefect_db(root: Path) -> Path:
    """The SQLite database of the ephemeral Prefect API that a process run with `cli_env(root)` started."""
    return root / "prefect-home" / "prefect.db"


def recorded(root: Path, query: str) -> list[tuple]:
    """Rows of a query on what the ephemeral Prefect API of a `cli_env(root)` run recorded, read after it ended
    (its server has stopped with it: the database is the record the UI would show)."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(f"file:{prefect_db(root)}?mode=ro", uri=True)) as db:
        return db.execute(query).fetchall()
