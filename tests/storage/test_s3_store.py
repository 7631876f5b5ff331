"""The store on an S3-compatible server (moto's, on 127.0.0.1): the first writer of an id wins through S3's own
conditional write, and concurrent writers of one table leave one intact copy."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar, cast

import pyarrow as pa
import pytest

from tourism_grpo.storage import ArtifactRef, ArtifactStore
from tourism_grpo.training.checkpoint_store import complete_steps

T = TypeVar("T")


def _race(count: int, write: Callable[[int], T]) -> list[T]:
    """`write(i)` from `count` threads released together; their results."""
    start, results = threading.Barrier(count), [cast(T, None)] * count

    def run(index: int) -> None:
        start.wait()
        results[index] = write(index)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_concurrent_writers_of_one_table_id_leave_one_intact_copy(s3_store: str) -> None:
    store = ArtifactStore(s3_store)
    assert not store.is_local and store.url(store.path("x")).startswith("s3://")

    def write(index: int) -> ArtifactRef:
        # the same id, different bytes (a training log's timings differ between runs)
        table = pa.table({"step": [1, 2], "seconds": [0.5 + index, 0.25 * index]})
        return store.write_table(table, name="train-log", artifact="train-0001", lineage={})

    refs = _race(6, write)
    assert len({ref.sha256 for ref in refs}) == 1  # every manifest describes the one copy in place
    [ref] = {ref.sha256: ref for ref in refs}.values()
    table = store.read_table(ref)  # checks the sha256
    assert table.num_rows == 2
    assert sorted(key.rsplit("/", 1)[1] for key in store.fs.find(store.path("tables", "train-log"))) == [
        "train-0001.manifest.json",
        "train-0001.parquet",
    ]


def test_the_first_writer_of_a_small_file_wins_by_conditional_write(s3_store: str) -> None:
    store = ArtifactStore(s3_store)
    path = store.path("registry", "demo", "versions", "v1.json")
    created = _race(6, lambda index: store.create_text(path, f'{{"writer": {index}}}'))
    assert created.count(True) == 1
    assert store.read_text(path) == f'{{"writer": {created.index(True)}}}'


def test_s3_itself_refuses_the_second_write_of_a_key_that_appeared_after_the_writer_sent_its_own(
    s3_store: str,
) -> None:
    """The first writer wins by S3's conditional write, not by a check before writing: another writer's object,
    created once our PutObject is on its way to the server, stays, and our write reports that it lost."""
    import boto3

    store = ArtifactStore(s3_store)
    path = store.path("registry", "demo", "versions", "v1.json")
    bucket, key = path.split("/", 1)
    sent: list[bytes | None] = []

    def another_writer_first(request: object, **kwargs: object) -> None:
        if key in request.url and not sent:  # type: ignore[attr-defined]
            sent.append(request.headers.get("If-None-Match"))  # type: ignore[attr-defined]
            boto3.client("s3").put_object(Bucket=bucket, Key=key, Body=b'{"writer": "other"}')

    store.fs.s3.meta.events.register("before-send.s3.PutObject", another_writer_first)
    try:
        assert store.create_text(path, '{"writer": "ours"}') is False
    finally:
        store.fs.s3.meta.events.unregister("before-send.s3.PutObject", another_writer_first)
    assert sent == [b"*"] and store.read_text(path) == '{"writer": "other"}'


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_api")
def test_the_smoke_chain_runs_with_its_store_on_the_s3_server(
    s3_store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.reliability.runs import TINY_RUN
    from tourism_grpo.experiments import load_preset
    from tourism_grpo.flows.experiment import run_experiment
    from tourism_grpo.publishing.registry import LocalRegistry

    monkeypatch.setenv("HOME", str(tmp_path / "worker"))  # the Trainer's local checkpoint folder
    result = run_experiment(load_preset("smoke", TINY_RUN), store=s3_store)
    store = ArtifactStore(s3_store)
    assert result.training.adapter.uri.startswith(f"{s3_store}/folders/adapter/")
    # no step was retried: every write to the server went through the first time
    assert (result.training.resumed_from, result.training.global_step) == (None, 3)
    assert store.read_table(result.training.log).column("step").to_pylist() == [1, 2, 3]
    # every checkpoint copied in and marked complete, as a retry on another worker would find them
    assert complete_steps(store.url(store.path("checkpoints", result.training.adapter.id))) == [1, 2, 3]
    [version] = LocalRegistry(store, "smoke").versions()
    assert version.accepted and result.published is not None and result.published.url.startswith("s3://")
