"""The artifact store: round trips, checks on read, atomic writes under SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pytest

from tourism_grpo.storage import ArtifactCorruptError, ArtifactMissingError, ArtifactStore, artifact_id, run_root
from tourism_grpo.storage.store import ROOT_ENV, WORKDIR_ENV


def _table(rows: int = 5) -> pa.Table:
    return pa.table({"id": [str(i) for i in range(rows)], "answer": [f"Antwort {i}" for i in range(rows)]})


def test_table_round_trip_with_manifest(store: str) -> None:
    artifacts = ArtifactStore(store)
    ref = artifacts.write_table(_table(), name="t", artifact="a1", lineage={"parents": ["p1"], "step": "x"})
    assert artifacts.read_table(ref).equals(_table())
    manifest = artifacts.manifest(ref)
    assert manifest["rows"] == 5 and manifest["parents"] == ["p1"] and manifest["sha256"] == ref.sha256
    assert manifest["columns"] == {"id": "string", "answer": "string"}
    assert artifacts.find("table", "t", "a1") == ref
    assert artifacts.find("table", "t", "other") is None


def test_same_content_gives_same_sha(store: str) -> None:
    artifacts = ArtifactStore(store)
    first = artifacts.write_table(_table(), name="t", artifact="a", lineage={})
    second = artifacts.write_table(_table(), name="t", artifact="a", lineage={})
    assert first.sha256 == second.sha256
    assert len(list(Path(store).glob("tables/t/*"))) == 2  # one data file, one manifest


@pytest.mark.parametrize("root", ["local", "memory"])
def test_a_second_writer_of_an_id_keeps_the_first_table_and_describes_it(tmp_path: Path, root: str) -> None:
    """Same id, other bytes (a rerun's training log has other timings): the table in place stays, and the
    second writer's manifest and reference describe it, so data and manifest never disagree."""
    artifacts = ArtifactStore(str(tmp_path / "store") if root == "local" else f"memory://{tmp_path.name}")
    first = artifacts.write_table(_table(5), name="t", artifact="a", lineage={})
    second = artifacts.write_table(_table(7), name="t", artifact="a", lineage={})
    assert second == first
    assert artifacts.read_table(second).equals(_table(5))
    assert artifacts.manifest(second)["rows"] == 5


def test_unreadable_data_left_without_a_manifest_is_replaced(store: str) -> None:
    """Data with no manifest that does not parse (a crash cut it) is no one's table: the next write replaces it."""
    artifacts = ArtifactStore(store)
    data = Path(store) / "tables" / "t" / "a.parquet"
    data.parent.mkdir(parents=True)
    data.write_bytes(b"")
    ref = artifacts.write_table(_table(5), name="t", artifact="a", lineage={})
    assert artifacts.read_table(ref).equals(_table(5))


def test_concurrent_writers_of_an_id_agree_on_one_table(store: str) -> None:
    """Eight threads write different tables under one id at once: one wins, all return it, it reads back whole."""
    import threading

    artifacts = ArtifactStore(store)
    start = threading.Barrier(8)
    refs: dict[int, object] = {}

    def write(rows: int) -> None:
        start.wait()
        refs[rows] = artifacts.write_table(_table(rows), name="t", artifact="a", lineage={})

    threads = [threading.Thread(target=write, args=(rows,)) for rows in range(1, 9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ref = refs[1]
    assert all(other == ref for other in refs.values())
    assert artifacts.read_table(ref).num_rows == artifacts.manifest(ref)["rows"] == ref.rows
    assert sorted(path.name for path in Path(store).glob("tables/t/*")) == ["a.manifest.json", "a.parquet"]


def test_corrupt_table_is_refused_with_the_fix(store: str) -> None:
    artifacts = ArtifactStore(store)
    ref = artifacts.write_table(_table(), name="t", artifact="a", lineage={})
    Path(ref.uri).write_bytes(Path(ref.uri).read_bytes()[:-10] + b"0123456789")
    with pytest.raises(ArtifactCorruptError, match=r"corrupt.*rerun with refresh"):
        artifacts.read_table(ref)


def test_deleted_table_names_itself(store: str) -> None:
    artifacts = ArtifactStore(store)
    ref = artifacts.write_table(_table(), name="t", artifact="a", lineage={})
    Path(ref.uri).with_suffix("").with_suffix(".manifest.json").unlink()
    with pytest.raises(ArtifactMissingError, match="'t' \\(a\\) is not in the store"):
        artifacts.read_table(ref)


def test_folder_round_trip(store: str) -> None:
    artifacts = ArtifactStore(store)

    def build(path: Path) -> None:
        (path / "sub").mkdir()
        (path / "sub" / "weights.bin").write_bytes(b"\x00\x01")
        (path / "config.json").write_text("{}")

    ref = artifacts.write_folder(build, name="model", artifact="m1", lineage={"parents": []})
    local = artifacts.local_folder(ref)
    assert (local / "sub" / "weights.bin").read_bytes() == b"\x00\x01"
    (local / "config.json").write_text('{"changed": true}')
    with pytest.raises(ArtifactCorruptError):
        artifacts.local_folder(ref)


def test_folders_fetched_from_remote_stores_are_their_own_even_under_one_id(tmp_path: Path) -> None:
    """A step's folders share its id (adapter and train-report), and two stores may hold other bytes under one name
    and id: each fetch gives back the folder asked for."""
    stores = [ArtifactStore(f"memory://fetch-{tmp_path.name}-{index}") for index in (1, 2)]

    def folder(store: ArtifactStore, name: str, text: str) -> Path:
        ref = store.write_folder(
            lambda path: (path / "what").write_text(text), name=name, artifact="train-1", lineage={}
        )
        return store.local_folder(ref)

    fetched = {
        (index, name): folder(store, name, f"{name} of store {index}")
        for index, store in enumerate(stores)
        for name in ("adapter", "train-report")
    }
    assert {key: (path / "what").read_text() for key, path in fetched.items()} == {
        (index, name): f"{name} of store {index}" for index in (0, 1) for name in ("adapter", "train-report")
    }


def test_a_folder_half_moved_into_an_object_store_is_replaced_whole_by_the_next_writer(tmp_path: Path) -> None:
    """On an object store a folder's files move key by key: keys a cut-off move left (no manifest) are gone or
    overwritten by the next writer, so the folder its manifest describes is one writer's, whole."""
    store = ArtifactStore(f"memory://half-{tmp_path.name}")
    final = store.path("folders", "adapter", "train-1")
    store.fs.pipe_file(f"{final}/adapter_config.json", b"{}")  # the killed writer's first key, of another run
    store.fs.pipe_file(f"{final}/optimizer-leftover.bin", b"x")

    def build(path: Path) -> None:
        (path / "adapter_config.json").write_text('{"r": 8}')
        (path / "adapter_model.safetensors").write_bytes(b"weights")

    folder = store.local_folder(store.write_folder(build, name="adapter", artifact="train-1", lineage={}))
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == {
        "adapter_config.json": b'{"r": 8}',
        "adapter_model.safetensors": b"weights",
    }


def test_a_folder_in_an_object_store_stays_as_its_manifest_describes_it_and_deleted_data_is_written_again(
    tmp_path: Path,
) -> None:
    store = ArtifactStore(f"memory://kept-{tmp_path.name}")

    def write(text: str) -> Path:
        ref = store.write_folder(
            lambda path: (path / "weights.bin").write_text(text), name="adapter", artifact="train-1", lineage={}
        )
        return store.local_folder(ref) / "weights.bin"

    assert write("first run").read_text() == "first run"
    assert write("second run").read_text() == "first run"  # the first writer's folder stays
    store.fs.rm(store.path("folders", "adapter", "train-1"), recursive=True)  # its data deleted, the manifest left
    assert write("third run").read_text() == "third run"


def test_a_folder_changed_in_an_object_store_is_refused_when_fetched(tmp_path: Path) -> None:
    store = ArtifactStore(f"memory://changed-{tmp_path.name}")

    def build(path: Path) -> None:
        (path / "weights.bin").write_bytes(b"\x00")

    ref = store.write_folder(build, name="m", artifact="a", lineage={})
    store.fs.pipe_file(store.path("folders", "m", "a", "weights.bin"), b"\x01")
    with pytest.raises(ArtifactCorruptError, match=r"folders/m/a is corrupt.*rerun with refresh"):
        store.local_folder(ref)
    store.fs.rm(store.path("folders", "m", "a"), recursive=True)  # the data gone, its manifest left
    with pytest.raises(ArtifactCorruptError, match="is corrupt"):
        store.local_folder(ref)


def test_artifact_id_depends_on_every_input() -> None:
    base = artifact_id("s", "1", ["p"], {"seed": 1})
    assert base == artifact_id("s", "1", ["p"], {"seed": 1})
    others = {
        artifact_id("s", "2", ["p"], {"seed": 1}),
        artifact_id("s", "1", ["q"], {"seed": 1}),
        artifact_id("s", "1", ["p"], {"seed": 2}),
        artifact_id("t", "1", ["p"], {"seed": 1}),
    }
    assert base not in others and len(others) == 4


# The child writes a table but hangs at a chosen point of the write, so SIGKILL lands exactly there.
CHILD = """
import sys, time
import pyarrow as pa
from tourism_grpo.storage import ArtifactStore
store = ArtifactStore(sys.argv[1])
stage = sys.argv[2]
if stage == "data":  # data bytes written to the temporary name, not yet moved into place
    store._link = lambda *a, **k: (print("ready", flush=True), time.sleep(600))
else:  # data renamed into place, manifest not yet written
    store._write_manifest = lambda *a, **k: (print("ready", flush=True), time.sleep(600))
table = pa.table({"id": [str(i) for i in range(200_000)], "answer": ["x" * 40] * 200_000})
store.write_table(table, name="big", artifact="a", lineage={})
"""


@pytest.mark.parametrize("stage", ["data", "manifest"])
def test_sigkill_mid_write_leaves_no_visible_table(store: str, stage: str) -> None:
    child = subprocess.Popen([sys.executable, "-c", CHILD, store, stage], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    artifacts = ArtifactStore(store)
    assert artifacts.find("table", "big", "a") is None
    assert not list(Path(store).glob("tables/big/*.manifest.json"))
    for manifest in Path(store).rglob("*.json"):
        json.loads(manifest.read_text())  # never a torn manifest
    # a rerun commits the table whole, next to whatever the killed writer left under a temporary name; data the
    # killed writer had already moved into place is complete, so the rerun keeps it and writes its manifest
    ref = artifacts.write_table(_table(), name="big", artifact="a", lineage={})
    assert artifacts.read_table(ref).num_rows == ref.rows == (5 if stage == "data" else 200_000)


def test_a_deployed_run_without_a_working_directory_refuses_a_store_that_would_be_deleted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match=f"no {WORKDIR_ENV}.*'.tourism-grpo' would be lost"):
        run_root(None, deployed=True, environ={})
    with pytest.raises(ValueError, match=WORKDIR_ENV):
        run_root(None, deployed=True, environ={ROOT_ENV: "relative/store"})
    with pytest.raises(ValueError, match=WORKDIR_ENV):
        run_root("my-store", deployed=True, environ={})
    # where the pull step moved the run, or where the store is named absolutely, the store lasts
    assert run_root(None, deployed=True, environ={WORKDIR_ENV: str(tmp_path)}) == str(tmp_path / ".tourism-grpo")
    assert run_root(None, deployed=True, environ={ROOT_ENV: "s3://bucket/x"}) == "s3://bucket/x"
    assert run_root(str(tmp_path / "s"), deployed=True, environ={}) == str(tmp_path / "s")
    # a CLI run works where the user started it
    assert run_root(None, deployed=False, environ={}) == str(tmp_path / ".tourism-grpo")
    assert not list(tmp_path.iterdir())  # nothing written by deciding
