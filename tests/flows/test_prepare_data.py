"""The data flow against a real Prefect API: caching on artifact ids, reruns, failures that write nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import stored_tables, task_states
from tourism_grpo.data.params import DataParams, EnrichParams, SubsetParams
from tourism_grpo.data.source_spec import SourceError, SourceSpec
from tourism_grpo.flows.prepare_data import prepare_data
from tourism_grpo.storage import ArtifactStore

pytestmark = pytest.mark.usefixtures("prefect_api")


def _source(path: Path, rows: int = 120) -> Path:
    path.write_text(
        "\n".join(
            json.dumps(
                {
                    "question": f"Wie lange hat das Museum {i} in Bamberg geöffnet?",
                    "answer": f"Das Museum {i} ist täglich bis {10 + i % 9} Uhr geöffnet.",
                },
                ensure_ascii=False,
            )
            for i in range(rows)
        ),
        encoding="utf-8",
    )
    return path


def _params(path: Path, seed: int = 1, validation_size: int = 0) -> DataParams:
    return DataParams(
        source=SourceSpec(uri=str(path)),
        subset=SubsetParams(train_size=60, eval_size=20, seed=seed, validation_size=validation_size),
        enrich=EnrichParams(sentiment_model="lexicon"),
    )


def _by_step(states: dict[str, str]) -> dict[str, set[str]]:
    steps: dict[str, set[str]] = {}
    for name, state in states.items():
        steps.setdefault(name.rsplit("-", 1)[0], set()).add(state)
    return steps


def test_rerun_reuses_every_step_and_changes_rerun_what_depends_on_them(tmp_path: Path, store: str) -> None:
    source = _source(tmp_path / "faq.jsonl")
    first = prepare_data(_params(source), store=store, return_state=True)
    assert _by_step(task_states(first)) == {
        "ingest": {"Completed"},
        "validate": {"Completed"},
        "subset": {"Completed"},
        "enrich": {"Completed"},
    }
    prepared = first.result()
    assert (prepared.train.rows, prepared.eval.rows) == (60, 20)
    assert "answer_sentiment" in prepared.train.columns

    second = prepare_data(_params(source), store=store, return_state=True)
    states = task_states(second)
    assert len(states) == 6 and set(states.values()) == {"Cached"}
    assert second.result() == prepared

    # the source contract depends on the subsets' total size only, so a new seed reuses it
    reseeded = _by_step(task_states(prepare_data(_params(source, seed=2), store=store, return_state=True)))
    assert reseeded == {
        "ingest": {"Cached"},
        "validate": {"Cached", "Completed"},
        "subset": {"Completed"},
        "enrich": {"Completed"},
    }

    _source(source, rows=130)
    changed = _by_step(task_states(prepare_data(_params(source), store=store, return_state=True)))
    assert changed == {
        "ingest": {"Completed"},
        "validate": {"Completed"},
        "subset": {"Completed"},
        "enrich": {"Completed"},
    }


def test_bad_source_fails_the_run_and_writes_no_table(tmp_path: Path, store: str) -> None:
    with pytest.raises(SourceError, match=r"missing\.jsonl does not exist"):
        prepare_data(_params(tmp_path / "missing.jsonl"), store=store)
    assert stored_tables(store) == []


def test_too_few_rows_fails_before_any_subset_is_written(tmp_path: Path, store: str) -> None:
    # the source contract's row count catches it before subset's own SubsetSizeError would
    with pytest.raises(
        ValueError, match=r"row_count: expects at least 80 rows \(train_size 60 \+ eval_size 20\); observed 50"
    ):
        prepare_data(_params(_source(tmp_path / "small.jsonl", rows=50)), store=store)
    assert [p.parent.name for p in stored_tables(store)] == ["source-qa"]


def test_a_validation_split_is_drawn_checked_and_enriched_and_eval_stays_the_same_rows(
    tmp_path: Path, store: str
) -> None:
    source = _source(tmp_path / "faq.jsonl")
    without = prepare_data(_params(source), store=store)
    state = prepare_data(_params(source, validation_size=25), store=store, return_state=True)
    prepared = state.result()
    assert prepared.validation is not None and (prepared.train.rows, prepared.validation.rows) == (60, 25)
    assert "answer_sentiment" in prepared.validation.columns
    assert without.validation is None
    ids = lambda ref: ArtifactStore(store).read_table(ref).column("id").to_pylist()  # noqa: E731
    assert ids(prepared.eval) == ids(without.eval)  # the same held-out rows: the judge never moved
    assert not set(ids(prepared.validation)) & (set(ids(prepared.eval)) | set(ids(prepared.train)))
    assert task_states(state)["validate-subset"] == "Completed"
    names = {path.parent.name for path in stored_tables(store)}
    assert {"subset-validation", "subset-validation-enriched"} <= names
