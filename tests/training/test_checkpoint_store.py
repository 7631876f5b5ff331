"""Checkpoints in a store that is not a local path: copied in and marked complete last, pruned as the preset says, and
a training retried on another machine (nothing left on the first one) resumes from the store's newest complete one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from fsspec.implementations.memory import MemoryFileSystem

from tourism_grpo.training.checkpoint_store import MARK, complete_steps, pull_logs, pull_newest, push, push_logs


def _checkpoint(root: Path, step: int) -> Path:
    folder = root / f"checkpoint-{step}"
    (folder / "nested").mkdir(parents=True)
    (folder / "trainer_state.json").write_text(f'{{"global_step": {step}}}')
    (folder / "nested" / "weights.bin").write_bytes(bytes([step]) * 64)
    return folder


def test_checkpoints_are_marked_complete_last_pruned_oldest_first_and_fetched_whole(tmp_path: Path) -> None:
    url = f"memory://checkpoints-{tmp_path.name}"
    for step in (1, 2, 3):
        push(_checkpoint(tmp_path / "worker-a", step), url, keep=2)
    assert complete_steps(url) == [2, 3]  # save_total_limit=2: the oldest went, mark and files

    other = tmp_path / "worker-b"
    assert pull_newest(url, other, local_newest=None) == 3
    assert (other / "checkpoint-3" / "nested" / "weights.bin").read_bytes() == bytes([3]) * 64
    assert not (other / "checkpoint-3" / MARK).exists() and [p.name for p in other.iterdir()] == ["checkpoint-3"]
    assert pull_newest(url, other, local_newest=3) is None  # this machine's own is as new


def test_a_checkpoint_whose_copy_was_cut_off_is_never_taken_for_complete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"memory://cut-{tmp_path.name}"
    push(_checkpoint(tmp_path / "worker", 1), url, keep=None)
    real_put = MemoryFileSystem.put_file
    copied: list[str] = []

    def cut_off(self: Any, lpath: str, rpath: str, **kwargs: Any) -> Any:
        if copied:
            raise ConnectionError("connection reset while copying checkpoint-2")
        copied.append(rpath)
        return real_put(self, lpath, rpath, **kwargs)

    monkeypatch.setattr(MemoryFileSystem, "put_file", cut_off)
    with pytest.raises(ConnectionError):
        push(_checkpoint(tmp_path / "worker", 2), url, keep=None)
    assert len(copied) == 1 and complete_steps(url) == [1]  # one file of checkpoint-2 is there, unmarked
    assert pull_newest(url, tmp_path / "elsewhere", local_newest=None) == 1


def test_a_limit_of_zero_or_below_prunes_nothing_as_in_the_trainer(tmp_path: Path) -> None:
    for keep in (0, -1):
        url = f"memory://no-limit-{keep}-{tmp_path.name}"
        for step in (1, 2):
            push(_checkpoint(tmp_path / f"worker{keep}", step), url, keep=keep)
        assert complete_steps(url) == [1, 2]


def test_a_checkpoint_copied_again_is_unmarked_until_every_file_is_the_new_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rerun of the step copies the same step again: cut off half-way, it leaves no complete checkpoint that
    mixes two runs' files."""
    url = f"memory://again-{tmp_path.name}"
    push(_checkpoint(tmp_path / "run-1", 1), url, keep=None)
    real_put = MemoryFileSystem.put_file

    def cut_off(self: Any, lpath: str, rpath: str, **kwargs: Any) -> Any:
        if rpath.endswith("weights.bin"):
            raise ConnectionError("connection reset")
        return real_put(self, lpath, rpath, **kwargs)

    monkeypatch.setattr(MemoryFileSystem, "put_file", cut_off)
    with pytest.raises(ConnectionError):
        push(_checkpoint(tmp_path / "run-2", 1), url, keep=None)
    assert complete_steps(url) == []


def test_a_cut_off_local_save_of_the_same_step_is_replaced_by_the_stores_checkpoint(tmp_path: Path) -> None:
    url = f"memory://stale-{tmp_path.name}"
    push(_checkpoint(tmp_path / "worker-a", 2), url, keep=None)
    stale = tmp_path / "worker-b" / "checkpoint-2"
    stale.mkdir(parents=True)
    (stale / "optimizer.pt").write_bytes(b"half")  # the Trainer was killed before it wrote its state
    assert pull_newest(url, tmp_path / "worker-b", local_newest=None) == 2
    assert (stale / "trainer_state.json").read_text() == '{"global_step": 2}' and not (stale / "optimizer.pt").exists()


def test_log_files_are_copied_when_changed_and_fetched_where_missing(tmp_path: Path) -> None:
    url, worker = f"memory://logs-{tmp_path.name}", tmp_path / "worker-a"
    (worker / "completions").mkdir(parents=True)
    (worker / "completions" / "completions_00001.parquet").write_bytes(b"step 1")
    sent: dict[str, int] = {}
    push_logs(worker, url, ("completions", "runs"), sent)  # no TensorBoard folder yet: nothing of it
    fs = MemoryFileSystem()
    fs.rm_file(f"{url}/logs/completions/completions_00001.parquet")
    (worker / "completions" / "completions_00002.parquet").write_bytes(b"step 2")
    (worker / "runs" / "run-1").mkdir(parents=True)
    (worker / "runs" / "run-1" / "events").write_bytes(b"steps 1-2")
    push_logs(worker, url, ("completions", "runs"), sent)
    # only what changed since the last copy went again
    assert [path.split("/logs/")[1] for path in fs.find(f"{url}/logs")] == [
        "completions/completions_00002.parquet",
        "runs/run-1/events",
    ]
    events = worker / "runs" / "run-1" / "events"
    events.write_bytes(b"steps 1-3")  # TensorBoard appends to its file
    os.utime(events, ns=(events.stat().st_atime_ns, events.stat().st_mtime_ns + 1))
    push_logs(worker, url, ("completions", "runs"), sent)
    assert fs.cat_file(f"{url}/logs/runs/run-1/events") == b"steps 1-3"

    other = tmp_path / "worker-b"
    (other / "completions").mkdir(parents=True)
    (other / "completions" / "completions_00002.parquet").write_bytes(b"this machine's own")
    push_logs(worker, url, ("completions",), {})
    pull_logs(url, other)
    assert {path.name: path.read_bytes() for path in (other / "completions").iterdir()} == {
        "completions_00001.parquet": b"step 1",
        "completions_00002.parquet": b"this machine's own",
    }
    assert (other / "runs" / "run-1" / "events").read_bytes() == b"steps 1-3"
    assert sorted(path.name for path in other.iterdir()) == ["completions", "runs"]  # no staging left behind


@pytest.mark.slow
def test_a_training_retried_on_another_machine_resumes_from_the_stores_checkpoint(
    tmp_path: Path, tiny_model_dir: Path, qa_rows: list[dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from trl import GRPOTrainer

    from tests.training.test_train import _spec, _train_params
    from tourism_grpo.storage import ArtifactStore
    from tourism_grpo.storage.steps import Step
    from tourism_grpo.training.params import BaseModelRef, LoraParams
    from tourism_grpo.training.run import checkpoint_dir, train_and_store

    store = ArtifactStore(f"memory://resume-{tmp_path.name}")
    split = store.write_table(pa.Table.from_pylist(qa_rows), name="subset-train-enriched", artifact="t1", lineage={})
    spec = _spec(_train_params(max_steps=3, save_steps=1, trl={"save_total_limit": 2}), LoraParams(r=4, alpha=8))
    out = Step("train", "1").output({"spec": spec, "split": split}, store)
    base = BaseModelRef(uri=str(tiny_model_dir), id="tiny")

    real_step = GRPOTrainer.training_step
    steps: list[int] = []

    def dies_in_step_3(self: Any, *args: Any, **kwargs: Any) -> Any:
        steps.append(self.state.global_step)
        if self.state.global_step == 2 and steps.count(2) == 1:
            raise RuntimeError("the worker was lost in step 3")
        return real_step(self, *args, **kwargs)

    monkeypatch.setattr(GRPOTrainer, "training_step", dies_in_step_3)
    monkeypatch.setenv("HOME", str(tmp_path / "worker-1"))
    with pytest.raises(RuntimeError, match="worker was lost"):
        train_and_store(out, spec, split, base, None, print)
    first_worker = checkpoint_dir(store, out.id)
    assert sorted(path.name for path in first_worker.glob("checkpoint-*")) == ["checkpoint-1", "checkpoint-2"]
    shutil.rmtree(tmp_path / "worker-1")  # the worker is gone, and its disk with it

    monkeypatch.setenv("HOME", str(tmp_path / "worker-2"))
    monkeypatch.chdir(tmp_path)
    result = train_and_store(out, spec, split, base, None, print)
    assert checkpoint_dir(store, out.id) != first_worker
    # step 3 ran again from checkpoint-2, fetched from the store, with the trainer state saved there
    assert steps == [0, 1, 2, 2] and (result.resumed_from, result.global_step) == (2, 3)
    assert store.read_table(result.log).column("step").to_pylist() == [1, 2, 3]
    assert complete_steps(store.url(store.path("checkpoints", out.id))) == [2, 3]  # train.trl save_total_limit: 2
