"""The catalogue of malformed inputs, each through the real `prepare_data` flow against a real Prefect API.

Every case must fail the run with a message that names the problem, and leave nothing downstream written.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pyarrow as pa
import pytest

from tests.helpers import stored_tables, task_states
from tourism_grpo.data.params import DataParams, SubsetParams
from tourism_grpo.data.source_spec import SourceError, SourceSpec
from tourism_grpo.data.subset import Splits
from tourism_grpo.data_contracts.params import ContractParams
from tourism_grpo.data_contracts.result import DataContractError
from tourism_grpo.flows.prepare_data import prepare_data

pytestmark = pytest.mark.usefixtures("prefect_api")


def _row(i: int) -> dict[str, str]:
    return {
        "question": f"Wie lange hat das Museum {i} in Bamberg am Sonntag geöffnet?",
        "answer": f"Das Museum {i} ist am Sonntag von 10 bis {12 + i % 7} Uhr für alle Gäste geöffnet.",
        "reasoning": f"Der Gast fragt nach dem Sonntag; laut Aushang schließt das Museum {i} um {12 + i % 7} Uhr.",
    }


def _write(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows), encoding="utf-8")
    return path


def _rows(count: int = 120) -> list[dict[str, Any]]:
    return [_row(i) for i in range(count)]


def _params(path: Path, kind: str = "qa", **contract: Any) -> DataParams:
    return DataParams(
        source=SourceSpec(uri=str(path), kind=kind),
        subset=SubsetParams(train_size=60, eval_size=20, seed=1),
        contract=ContractParams(**contract),
    )


def _artifacts(state) -> dict[str, Any]:
    """Key -> artifact of every artifact a flow run posted."""
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    flow_run = ArtifactFilterFlowRunId(any_=[state.state_details.flow_run_id])
    with get_client(sync_client=True) as client:
        return {a.key: a for a in client.read_artifacts(artifact_filter=ArtifactFilter(flow_run_id=flow_run))}


def _contract_failure(params: DataParams, store: str) -> tuple[str, Any]:
    """Run the flow, expect a DataContractError; its message and the failed flow run's state."""
    state = prepare_data(params, store=store, return_state=True)
    assert state.is_failed()
    with pytest.raises(DataContractError) as error:
        state.result()
    message = str(error.value)
    report = re.search(r"Report \(GX Data Docs\): (\S+)", message)
    assert report, message
    assert Path(url2pathname(urlsplit(report.group(1)).path)).is_file(), "the message points at a report page"
    return message, state


def _tables(store: str) -> list[str]:
    return [path.parent.name for path in stored_tables(store)]


SOURCE_ONLY = ["source-qa"]


def test_null_answers(tmp_path: Path, store: str) -> None:
    rows = _rows()
    for i in (3, 40, 77):
        rows[i]["answer"] = None
    message, state = _contract_failure(_params(_write(tmp_path / "faq.jsonl", rows)), store)
    assert "not_null:answer (column answer): expects no nulls; 3 of 120 rows unexpected (2.5%)" in message
    assert _tables(store) == SOURCE_ONLY
    states = task_states(state)
    assert states["validate-qa"] == "Failed" and not any(name.startswith("subset") for name in states)


def test_empty_strings(tmp_path: Path, store: str) -> None:
    rows = _rows()
    rows[5]["answer"] = ""
    message, _ = _contract_failure(_params(_write(tmp_path / "faq.jsonl", rows)), store)
    assert "not_blank:answer (column answer): expects no empty or whitespace-only strings; 1 of 120" in message
    assert _tables(store) == SOURCE_ONLY


def test_whitespace_only(tmp_path: Path, store: str) -> None:
    rows = _rows()
    rows[8]["question"] = " \t\u00a0 "
    rows[9]["question"] = "\n"
    message, _ = _contract_failure(_params(_write(tmp_path / "faq.jsonl", rows)), store)
    assert "not_blank:question (column question): expects no empty or whitespace-only strings; 2 of 120" in message
    assert _tables(store) == SOURCE_ONLY


def test_duplicate_id(tmp_path: Path, store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # ingest derives ids and drops repeats, so a duplicate id can only come from a faulty upstream step
    from tourism_grpo.tasks import ingest

    normalise = ingest.normalise

    def repeat_first_id(table: pa.Table, kind: str, label: str):
        normalised, report = normalise(table, kind, label)
        ids = normalised.column("id").to_pylist()
        ids[1] = ids[0]
        return normalised.set_column(0, "id", pa.array(ids, pa.string())), report

    monkeypatch.setattr(ingest, "normalise", repeat_first_id)
    message, _ = _contract_failure(_params(_write(tmp_path / "faq.jsonl", _rows())), store)
    assert "unique_id (column id): expects a unique id per row; 2 of 120 rows unexpected" in message
    assert _tables(store) == SOURCE_ONLY


def test_mostly_duplicate_questions(tmp_path: Path, store: str) -> None:
    rows = _rows()
    for row in rows[:100]:
        row["question"] = "Wie lange hat das Museum in Bamberg geöffnet?"
    message, _ = _contract_failure(_params(_write(tmp_path / "faq.jsonl", rows)), store)
    assert (
        "duplicate_questions (column question_normalised): expects at most 50% of rows with a question another "
        "row also has; 100 of 120 rows unexpected (83.3%)"
    ) in message
    assert _tables(store) == SOURCE_ONLY


def test_one_answer_for_every_question(tmp_path: Path, store: str) -> None:
    rows = _rows()
    for row in rows:
        row["answer"] = "Das Museum ist am Sonntag von 10 bis 18 Uhr für alle Gäste geöffnet."
    message, _ = _contract_failure(_params(_write(tmp_path / "faq.jsonl", rows)), store)
    assert (
        "duplicate_answers (column answer_normalised): expects at most 50% of rows with an answer another row also "
        "has; 120 of 120 rows unexpected (100.0%)"
    ) in message
    assert _tables(store) == SOURCE_ONLY


def test_control_characters_never_reach_train_or_eval(tmp_path: Path, store: str) -> None:
    """NUL-terminated questions (a C exporter's leftovers) are stored without the NUL, and the ingest says so."""
    from tourism_grpo.storage import ArtifactStore

    lines = ["question,answer"] + [f"{row['question']}\x00,{row['answer']}" for row in _rows()]
    path = tmp_path / "null_bytes.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    state = prepare_data(_params(path), store=store, return_state=True)
    assert state.is_completed()
    prepared = state.result()
    for ref in (prepared.source, prepared.train, prepared.eval):
        table = ArtifactStore(store).read_table(ref)
        assert not any("\x00" in text for text in table.column("question").to_pylist())
    ingest = _artifacts(state)["ingest-qa"].data
    assert "control characters removed" in ingest and "120 characters" in ingest


@pytest.fixture
def no_ingest_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ingest retries a SourceError twice, 2 s apart; these cases need the error, not the wait."""
    from tourism_grpo.flows import prepare_data as module

    monkeypatch.setattr(module, "ingest", module.ingest.with_options(retries=0))


@pytest.mark.usefixtures("no_ingest_retries")
def test_missing_column_fails_at_ingestion(tmp_path: Path, store: str) -> None:
    rows = [{"question": row["question"]} for row in _rows()]
    with pytest.raises(SourceError, match="has no column 'answer'"):
        prepare_data(_params(_write(tmp_path / "faq.jsonl", rows)), store=store)
    assert _tables(store) == []


@pytest.mark.usefixtures("no_ingest_retries")
def test_wrong_type_fails_at_ingestion(tmp_path: Path, store: str) -> None:
    rows = [{**row, "answer": i} for i, row in enumerate(_rows())]
    with pytest.raises(SourceError, match=r"Column 'answer' .* holds int64 values"):
        prepare_data(_params(_write(tmp_path / "faq.jsonl", rows)), store=store)
    assert _tables(store) == []


@pytest.mark.usefixtures("no_ingest_retries")
@pytest.mark.parametrize("name", ["faq.csv", "faq.parquet"])
def test_input_without_rows_fails_at_ingestion_and_writes_nothing(tmp_path: Path, store: str, name: str) -> None:
    import pyarrow.parquet as pq

    path = tmp_path / name
    if name.endswith(".csv"):
        path.write_text("question,answer\n", encoding="utf-8")
    else:
        pq.write_table(pa.table({"question": pa.array([], pa.string()), "answer": pa.array([], pa.string())}), path)
    with pytest.raises(SourceError, match=rf"{name} holds no rows"):
        prepare_data(_params(path), store=store)
    assert _tables(store) == []


def test_absurdly_long_rows(tmp_path: Path, store: str) -> None:
    rows = _rows()
    rows[11]["answer"] = "Das Museum ist geöffnet. " * 4_000
    message, _ = _contract_failure(_params(_write(tmp_path / "faq.jsonl", rows)), store)
    assert "length:answer (column answer): expects 2 to 5,000 characters; 1 of 120 rows unexpected" in message
    assert "(99,999 chars)" in message
    assert _tables(store) == SOURCE_ONLY


def test_english_text(tmp_path: Path, store: str) -> None:
    rows = [
        {
            "question": f"How long is museum {i} in Bamberg open on Sundays?",
            "answer": f"It is open from 10 am until {i % 7 + 1} pm, and the tickets are sold at the door.",
        }
        for i in range(120)
    ]
    message, _ = _contract_failure(_params(_write(tmp_path / "faq.jsonl", rows)), store)
    assert (
        "german_share (column looks_german): expects at least 80% of rows with more German than English stop "
        "words; 120 of 120 rows unexpected (100.0%)"
    ) in message
    assert _tables(store) == SOURCE_ONLY


def test_cot_rows_without_reasoning(tmp_path: Path, store: str) -> None:
    rows = _rows()
    rows[2]["reasoning"] = ""
    rows[3]["reasoning"] = None
    message, _ = _contract_failure(_params(_write(tmp_path / "cot.jsonl", rows), kind="cot"), store)
    assert "not_null:reasoning (column reasoning): expects no nulls; 1 of 120 rows" in message
    assert "not_blank:reasoning (column reasoning): expects no empty or whitespace-only strings; 1 of 120" in message
    assert _tables(store) == ["source-cot"]


def test_too_few_rows_for_the_subsets(tmp_path: Path, store: str) -> None:
    message, _ = _contract_failure(_params(_write(tmp_path / "faq.jsonl", _rows(70))), store)
    assert "row_count: expects at least 80 rows (train_size 60 + eval_size 20); observed 70" in message
    assert _tables(store) == SOURCE_ONLY


def test_train_eval_overlap(tmp_path: Path, store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # subset keeps train and eval apart by construction; a faulty draw is what the subset contract is for
    from tourism_grpo.tasks import subset

    def overlapping(
        table: pa.Table, train_size: int, eval_size: int, seed: int, where: str, validation_size: int, held_out: None
    ) -> Splits:
        ordered = table.sort_by("id")
        return Splits(ordered.slice(0, train_size), ordered.slice(0, 0), ordered.slice(train_size - 5, eval_size))

    monkeypatch.setattr(subset, "split_subsets", overlapping)
    message, state = _contract_failure(_params(_write(tmp_path / "faq.jsonl", _rows())), store)
    assert "Data contract 'subset' FAILED" in message
    expected = "disjoint_ids (column id_in_another_split): expects no id in two splits (train, validation, eval)"
    assert f"{expected}; 10 of 80" in message
    assert "disjoint_questions (column question_in_another_split)" in message
    assert "(train): 'Wie lange hat das Museum" in message, "offending rows name their split and question"
    assert sorted(_tables(store)) == ["contract-qa", "source-qa", "subset-eval", "subset-train"]
    assert task_states(state)["validate-subset"] == "Failed"


def test_warning_shows_in_the_artifact_and_does_not_stop(tmp_path: Path, store: str) -> None:
    rows = _rows()
    for i, row in enumerate(rows[:30]):
        row["question"] = f"How long is museum {i} open on Sundays?"
        row["answer"] = "It is open until six in the evening, and the tickets are sold at the door."
    state = prepare_data(
        _params(_write(tmp_path / "faq.jsonl", rows), min_german_share=0.9, warn_only=["german_share"]),
        store=store,
        return_state=True,
    )
    assert state.is_completed()
    markdown = _artifacts(state)["contract-qa"].data
    assert re.search(r"\| `german_share` \| .* \| ⚠️ warning \| 30 of 120 \| id \w+: 'How long", markdown)
    assert "0 failed, 1 warnings" in markdown


@pytest.mark.parametrize(
    ("kind", "sizes", "expectations"), [("qa", (400, 100), (21, 24)), ("cot", (200, 50), (25, 28))]
)
def test_bundled_sample_passes_every_expectation(
    kind: str, sizes: tuple[int, int], expectations: tuple[int, int], store: str
) -> None:
    params = DataParams(
        source=SourceSpec(uri=f"bundled:{kind}", kind=kind),
        subset=SubsetParams(train_size=sizes[0], eval_size=sizes[1]),
    )
    state = prepare_data(params, store=store, return_state=True)
    prepared = state.result()
    artifacts = _artifacts(state)
    for suite, ref, count in (
        (kind, prepared.source_contract, expectations[0]),
        ("subset", prepared.subset_contract, expectations[1]),
    ):
        assert ref.name == f"contract-{suite}" and ref.rows == count
        markdown = artifacts[f"contract-{suite}"].data
        assert f"**{count} of {count} expectations evaluated**" in markdown and ": 0 failed, 0 warnings" in markdown
        assert markdown.count("✅ passed") == count
        link = re.search(r"\((file://\S+\.html)\)", artifacts[f"contract-report-{suite}"].data)
        assert link and Path(url2pathname(urlsplit(link.group(1)).path)).is_file()
    assert not (Path.cwd() / "gx").exists(), "GX wrote a project folder outside the store"
