"""Promise: a training whose worker is lost (its process killed, its disk gone) resumes on another worker from the
checkpoints kept in the store, here an S3 server on 127.0.0.1.

Two `tourism-grpo run` processes of the same command, each in its own working directory with its own HOME (where the
Trainer writes its checkpoints and logs before they are copied into the store) and its own ephemeral Prefect: the first
is killed outright once the store has a complete checkpoint and its folders are deleted; the second completes.
"""

from __future__ import annotations

import json
import shutil
import signal
from collections import Counter
from pathlib import Path

import pytest

from tests.reliability.runs import TINY_RUN, cli_args, cli_env, kill_group, run, start, wait_for
from tourism_grpo.storage import ArtifactStore
from tourism_grpo.training.checkpoint_store import complete_steps
from tourism_grpo.training.grpo import TENSORBOARD_DIR

pytestmark = pytest.mark.slow

STEPS = 8
# checkpoints at steps 2, 4, 6, 8, of which the store keeps the newest two (TRL's save_total_limit)
RUN = [*TINY_RUN, f"train.max_steps={STEPS}", "train.save_steps=2", "train.trl={save_total_limit: 2}"]


def _stored_checkpoints(store: ArtifactStore, worker: Path | None = None) -> tuple[str, list[int]] | None:
    """The URL of the run's checkpoints in the store and the steps of its complete ones, once there is one (asked of
    the S3 server only once the Trainer saved one on the `worker`'s disk: every poll would be a listing request)."""
    if worker is not None and not list(worker.glob("home/.cache/tourism-grpo/checkpoints/*/checkpoint-*")):
        return None
    for folder in store.fs.glob(store.path("checkpoints", "*")):
        steps = complete_steps(store.url(folder))
        if steps:
            return store.url(folder), steps
    return None


def _logged_steps(run: Path) -> list[int]:
    """The steps whose reward TensorBoard's own reader finds in a run folder's event files."""
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    events = EventAccumulator(str(run))
    events.Reload()
    return [event.step for event in events.Scalars("train/reward")]


def _worker(root: Path) -> tuple[dict[str, str], Path]:
    """A worker's environment (its own HOME and Prefect) and working directory."""
    (root / "work").mkdir(parents=True)
    return cli_env(root, HOME=str(root / "home")), root / "work"


def test_a_training_whose_worker_is_lost_resumes_on_another_from_the_stores_checkpoint(
    s3_store: str, tmp_path: Path
) -> None:
    store, args = ArtifactStore(s3_store), [*cli_args(*RUN), "--store", s3_store]
    first, second = tmp_path / "worker-1", tmp_path / "worker-2"
    logs = {name: tmp_path / f"{name}.log" for name in ("lost", "retried")}

    # 1. the first worker is killed once the store has a complete checkpoint
    env, cwd = _worker(first)
    process = start(args, env, cwd, logs["lost"])
    try:
        # no limit of its own: the process gets there or ends (then this fails), and the test's timeout bounds a hang
        wait_for(lambda: _stored_checkpoints(store, first), process, None, "a checkpoint in the store", logs["lost"])
    finally:
        kill_group(process)
    assert process.returncode == -signal.SIGKILL
    url, stored = _stored_checkpoints(store) or ("", [])
    newest = stored[-1]  # the kill may land mid-copy of a later one: unmarked, it is not counted
    assert newest < STEPS and store.newest("folder", "adapter") is None, "training ended before the kill"
    state = json.loads(store.fs.cat_file(f"{url}/checkpoint-{newest}/trainer_state.json"))
    rewards = {row["step"]: row["reward"] for row in state["log_history"] if "reward" in row}
    assert sorted(rewards) == list(range(1, newest + 1))
    assert list((first / "home" / ".cache" / "tourism-grpo" / "checkpoints").glob("*/checkpoint-*"))
    shutil.rmtree(first)  # the worker is gone, and its disk with it

    # 2. the same command on another worker resumes from the store's checkpoint and completes
    env, cwd = _worker(second)
    assert run(args, env, cwd, logs["retried"], timeout=None) == 0, logs["retried"].read_text()[-4000:]
    output = logs["retried"].read_text()
    assert f"GRPO training of smoke: {STEPS} steps, resuming from checkpoint at step {newest}" in output
    report, log = store.newest("folder", "train-report"), store.newest("table", "train-log")
    assert report is not None and log is not None
    summary = json.loads((store.local_folder(report) / "summary.json").read_text(encoding="utf-8"))
    assert (summary["resumed_from"], summary["global_step"]) == (newest, STEPS)
    steps = store.read_table(log).to_pylist()
    assert [row["step"] for row in steps] == list(range(1, STEPS + 1))
    # the trainer state it resumed from is the stored checkpoint's: its steps are the first worker's, as logged there
    assert {row["step"]: row["reward"] for row in steps[:newest]} == pytest.approx(rewards)
    assert complete_steps(url) == [STEPS - 2, STEPS]  # pruned in the store as save_total_limit says
    assert store.newest("folder", "adapter") is not None
    # the logs of the steps before the resume came with the checkpoint: TRL's completions of every step, each as many
    # as a step generates, and the TensorBoard events of both workers' runs (which may both have a step the kill
    # landed after: the logs go into the store before their checkpoint)
    completions = store.newest("table", "train-completions")
    assert completions is not None
    per_step = Counter(store.read_table(completions).column("step").to_pylist())
    assert sorted(per_step) == list(range(1, STEPS + 1)) and len(set(per_step.values())) == 1
    runs = sorted((store.local_folder(report) / TENSORBOARD_DIR).iterdir())
    assert len(runs) == 2 and {step for run in runs for step in _logged_steps(run)} == set(range(1, STEPS + 1))
