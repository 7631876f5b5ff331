"""Promise: a run killed outright (SIGKILL of the process and the ephemeral Prefect server it started) and started
again with the same command picks up where it was: training resumes from its newest complete checkpoint, a torn table
write stays invisible, and the rerun completes with every artifact whole.

One test, three runs of the same `tourism-grpo run` (each with its own ephemeral Prefect server, which dies with it):
the first is killed while a table's bytes are half on disk, the second once training has a complete checkpoint, the
third completes. The store-level version (a SIGKILL inside `write_table`) is in tests/storage/test_store.py.
"""

from __future__ import annotations

import json
import re
import signal
from pathlib import Path

import pytest

from tests.reliability.runs import (
    TINY_RUN,
    cli_args,
    cli_env,
    committed,
    kill_group,
    run,
    start,
    temporary_files,
    wait_for,
)
from tourism_grpo.storage import ArtifactStore
from tourism_grpo.training.grpo import latest_checkpoint

pytestmark = pytest.mark.slow

STEPS = 8
# long enough that the kill at the first checkpoint (step 2) lands while steps 3-8 are still to run
LONG_TRAINING = [*TINY_RUN, f"train.max_steps={STEPS}", "train.save_steps=2"]
CACHED = re.compile(
    r"Task run '(ingest|validate-qa|subset|validate-subset|enrich|tiny-model)[^']*' - Finished in state Cached"
)


def _complete_checkpoint(store: Path) -> Path | None:
    for folder in store.glob("checkpoints/*"):
        checkpoint = latest_checkpoint(folder)
        if checkpoint is not None:
            return checkpoint
    return None


def _summary(store: Path) -> dict:
    [summary] = store.glob("folders/train-report/*/summary.json")
    return json.loads(summary.read_text(encoding="utf-8"))


# Runs the CLI, but the first temporary file written for the table `subset-eval` gets half its bytes, is flushed to
# disk, and then the write hangs: the SIGKILL lands with a torn file under tables/, the subset's train table committed.
TORN_WRITE = """
import sys, time
from fsspec.implementations.local import LocalFileOpener
from tourism_grpo.cli import main

real_write = LocalFileOpener.write

def write(self, data, *args, **kwargs):
    if "/tables/subset-eval/" in self.path and ".tmp-" in self.path:
        real_write(self, data[: len(data) // 2])
        self.flush()
        print("torn write:", self.path, flush=True)
        time.sleep(600)
    return real_write(self, data, *args, **kwargs)

LocalFileOpener.write = write
sys.exit(main(sys.argv[1:]))
"""


def test_a_run_killed_mid_write_and_again_mid_training_completes_from_where_it_was(tmp_path: Path) -> None:
    """A torn table write stays invisible; training resumes from its checkpoint; the third run completes whole."""
    env, store, args = cli_env(tmp_path), tmp_path / "store", cli_args(*LONG_TRAINING)
    logs = {name: tmp_path / f"{name}.log" for name in ("torn-write", "mid-training", "completed")}

    # 1. killed while the subset's eval table is half written
    process = start(["-c", TORN_WRITE, *args[2:]], env, tmp_path, logs["torn-write"])
    try:
        wait_for(
            lambda: "torn write:" in logs["torn-write"].read_text(), process, 240, "the torn write", logs["torn-write"]
        )
    finally:
        kill_group(process)
    assert process.returncode == -signal.SIGKILL
    [torn] = temporary_files(store)
    assert torn.parent.name == "subset-eval" and torn.stat().st_size > 0
    names = [ref.name for ref in committed(store)]  # every table and folder there reads back whole
    assert "subset-train" in names and "subset-eval" not in names

    # 2. the same command again, killed once training has a complete checkpoint
    process = start(args, env, tmp_path, logs["mid-training"])
    try:
        checkpoint = wait_for(
            lambda: _complete_checkpoint(store), process, 240, "a complete checkpoint", logs["mid-training"]
        )
    finally:
        kill_group(process)
    assert process.returncode == -signal.SIGKILL
    killed_at = int(checkpoint.name.split("-")[1])
    assert f"GRPO training of smoke: {STEPS} steps, from step 0" in logs["mid-training"].read_text()
    assert not list(store.glob("folders/adapter/*")), "training finished before the kill: it did not land mid-run"
    names = [ref.name for ref in committed(store)]
    assert {"subset-eval", "subset-eval-enriched", "tiny-model"} <= set(names)

    # 3. the same command completes, resuming training where the checkpoint left it
    assert run(args, env, tmp_path, logs["completed"]) == 0, logs["completed"].read_text()[-4000:]
    output = logs["completed"].read_text()
    resumed = re.search(rf"GRPO training of smoke: {STEPS} steps, resuming from checkpoint at step (\d+)", output)
    assert resumed, output[-4000:]
    assert killed_at <= int(resumed.group(1)) < STEPS
    # what completed in the killed runs is reused
    assert {match.group(1) for match in CACHED.finditer(output)} == {
        "ingest", "validate-qa", "subset", "validate-subset", "enrich", "tiny-model"
    }  # fmt: skip
    summary = _summary(store)
    assert (summary["resumed_from"], summary["global_step"]) == (int(resumed.group(1)), STEPS)
    refs = {ref.name: ref for ref in committed(store)}
    steps = ArtifactStore(str(store)).read_table(refs["train-log"]).column("step").to_pylist()
    assert steps == list(range(1, STEPS + 1))
    [adapter] = store.glob("folders/adapter/*/adapter_model.safetensors")
    assert adapter.stat().st_size > 0
    assert {"eval-rows", "published"} <= set(refs) and refs["subset-eval"].rows == 12
    assert temporary_files(store) == [torn]  # the first run's leftover, never read
