"""The suites on small tables, without Prefect: what each suite holds and what its expectations catch."""

from __future__ import annotations

import pyarrow as pa
import pytest
from pydantic import ValidationError

from tourism_grpo.data.normalize import normalise
from tourism_grpo.data_contracts.german import looks_german
from tourism_grpo.data_contracts.params import ContractParams
from tourism_grpo.data_contracts.result import ContractResult
from tourism_grpo.data_contracts.suites import contract_frame, run_suite, suite_for, suite_specs


def _table(rows: int = 40, kind: str = "qa") -> pa.Table:
    raw = [
        {
            "question": f"Wann öffnet die Therme {i} in Bad Tölz am Morgen?",
            "answer": f"Die Therme {i} öffnet jeden Tag um {6 + i % 4} Uhr und schließt am Abend.",
            "reasoning": f"Der Gast will früh baden; die Therme {i} öffnet um {6 + i % 4} Uhr.",
        }
        for i in range(rows)
    ]
    table, _ = normalise(
        pa.Table.from_pylist(raw).select(["question", "answer", "reasoning"][: 3 if kind == "cot" else 2]), kind, "test"
    )
    return table


def _run(table: pa.Table, kind: str = "qa", **contract: object) -> ContractResult:
    specs = suite_specs(kind, kind, ContractParams(**contract), 20, 10)
    return run_suite(contract_frame({"source": table}), specs, suite=kind, tables={"source": "t"})


def _failed(result: ContractResult) -> set[str]:
    return {outcome.name for outcome in result.failures}


def test_the_suites_hold_the_issue_s_expectations() -> None:
    params = ContractParams()
    qa = {spec.name for spec in suite_specs("qa", "qa", params, 20, 10)}
    cot = {spec.name for spec in suite_specs("cot", "cot", params, 20, 10)}
    subset = {spec.name for spec in suite_specs("subset", "qa", params, 20, 10)}
    per_column = {
        f"{check}:{column}"
        for check in ("type", "not_null", "not_blank", "length")
        for column in ("question", "answer", "source")
    }
    shared = {
        "columns",
        "type:id",
        "not_null:id",
        "not_blank:id",
        "unique_id",
        "duplicate_questions",
        "duplicate_answers",
        "german_share",
    }
    assert qa == shared | per_column | {"row_count"}
    assert cot - qa == {"type:reasoning", "not_null:reasoning", "not_blank:reasoning", "length:reasoning"}
    assert subset - qa == {"row_count:train", "row_count:eval", "disjoint_ids", "disjoint_questions"}
    assert suite_for({"source": 1}, "cot") == "cot" and suite_for({"train": 1, "eval": 2}, "qa") == "subset"


def test_a_clean_table_passes_every_expectation() -> None:
    result = _run(_table())
    assert result.success and result.evaluated == len(result.outcomes) == 21
    assert "**21 of 21 expectations evaluated**" in result.markdown()


def test_a_missing_column_is_named_and_its_expectations_are_not_evaluated() -> None:
    result = _run(_table().drop_columns(["answer"]))
    columns = next(o for o in result.outcomes if o.name == "columns")
    assert not columns.success and columns.observed == "missing columns ['answer']"
    not_evaluated = {o.name for o in result.outcomes if not o.evaluated}
    assert not_evaluated == {"type:answer", "not_null:answer", "not_blank:answer", "length:answer", "duplicate_answers"}
    assert 'The column "answer" in BatchData does not exist' in result.error_message()


def test_a_wrong_type_fails_the_type_expectation() -> None:
    table = _table()
    table = table.set_column(table.column_names.index("answer"), "answer", pa.array(range(table.num_rows)))
    result = _run(table)
    assert "type:answer" in _failed(result)
    assert "observed int64" in result.error_message()


def test_a_duplicate_id_fails_unique_id() -> None:
    table = _table()
    ids = table.column("id").to_pylist()
    ids[5] = ids[4]
    result = _run(table.set_column(0, "id", pa.array(ids)))
    assert _failed(result) == {"unique_id"}
    assert next(o for o in result.failures).unexpected == 2


def test_one_answer_for_every_question_fails_duplicate_answers() -> None:
    """40 distinct questions with one answer between them: as bounded as repeated questions are."""
    table = _table()
    one = "Die Therme öffnet jeden Tag um 9 Uhr und schließt am Abend."
    table = table.set_column(table.column_names.index("answer"), "answer", pa.array([one] * table.num_rows))
    result = _run(table)
    assert _failed(result) == {"duplicate_answers"}
    message = result.error_message()
    assert (
        "duplicate_answers (column answer_normalised): expects at most 50% of rows with an answer another row "
        "also has; 40 of 40 rows unexpected (100.0%)"
    ) in message
    assert f"{one[:40]}" in message, "examples show the answer, not the helper key"
    assert _run(table, max_duplicate_answer_share=1.0).success
    # repeats differing only in case count as repeats, as questions do
    mixed = [one if i % 2 else one.upper() for i in range(table.num_rows)]
    assert _failed(_run(table.set_column(2, "answer", pa.array(mixed)))) == {"duplicate_answers"}


def test_train_eval_overlap_fails_the_subset_suite() -> None:
    table = _table()
    frame = contract_frame({"train": table.slice(0, 20), "eval": table.slice(15, 10)})
    specs = suite_specs("subset", "qa", ContractParams(), 20, 10)
    result = run_suite(frame, specs, suite="subset", tables={"train": "a", "eval": "b"})
    assert _failed(result) == {"unique_id", "disjoint_ids", "disjoint_questions"}
    assert next(o for o in result.outcomes if o.name == "disjoint_questions").unexpected == 10


def test_a_validation_split_is_checked_for_its_size_and_for_overlap_with_either_other_split() -> None:
    table = _table()
    parts = {"train": table.slice(0, 20), "validation": table.slice(20, 8), "eval": table.slice(28, 10)}
    specs = suite_specs("subset", "qa", ContractParams(), 20, 10, validation_size=8)
    tables = dict.fromkeys(parts, "t")
    assert "row_count:validation" in {spec.name for spec in specs}
    assert run_suite(contract_frame(parts), specs, suite="subset", tables=tables).success
    # validation sharing rows with eval (not with train) is caught, as is a short validation split
    overlapping = {**parts, "validation": table.slice(25, 8)}
    result = run_suite(contract_frame(overlapping), specs, suite="subset", tables=tables)
    assert _failed(result) == {"unique_id", "disjoint_ids", "disjoint_questions"}
    assert next(o for o in result.outcomes if o.name == "disjoint_ids").unexpected == 10  # 5 rows on each side
    short = {**parts, "validation": table.slice(20, 7)}
    result = run_suite(contract_frame(short), specs, suite="subset", tables=tables)
    assert _failed(result) == {"row_count:validation"}


def test_subset_sizes_are_checked_per_split() -> None:
    table = _table()
    frame = contract_frame({"train": table.slice(0, 18), "eval": table.slice(20, 10)})
    result = run_suite(
        frame, suite_specs("subset", "qa", ContractParams(), 20, 10), suite="subset", tables={"train": "a", "eval": "b"}
    )
    assert _failed(result) == {"row_count:train"}
    assert "expects exactly 20 train rows (train_size); observed 18" in result.error_message()


def test_warn_only_turns_a_failure_into_a_warning() -> None:
    table = _table()
    questions = table.column("question").to_pylist()
    questions[:10] = [f"Where can I park my car near spa {i} in the morning?" for i in range(10)]
    table = table.set_column(table.column_names.index("question"), "question", pa.array(questions))
    assert _failed(_run(table, min_german_share=0.9)) == {"german_share"}
    warned = _run(table, min_german_share=0.9, warn_only=["german_share"])
    assert warned.success and [o.name for o in warned.warnings] == ["german_share"]
    # a check name alone covers every column; check:column only that one
    short = {"lengths": {"answer": (2, 10), "question": (5, 10)}}
    assert _failed(_run(_table(), **short, warn_only=["length:answer"])) == {"length:question"}
    assert _run(_table(), **short, warn_only=["length"]).success


def test_contract_params_reject_unknown_names_and_bad_bounds() -> None:
    with pytest.raises(ValidationError, match="warn_only names \\['german'\\]"):
        ContractParams(warn_only=["german"])
    with pytest.raises(ValidationError, match="lengths names \\['title'\\]"):
        ContractParams(lengths={"title": (1, 2)})
    with pytest.raises(ValidationError, match="expected 0 <= min <= max"):
        ContractParams(lengths={"answer": (10, 2)})
    assert ContractParams(lengths={"answer": (1, 9)}).lengths["question"] == (5, 1_000)


def test_looks_german_counts_stop_words_of_each_language() -> None:
    texts = pa.array(
        [
            "Wie komme ich vom Bahnhof zur Altstadt?",
            "How do I get from the station to the old town?",
            "Parkplatz?",
            None,
        ]
    )
    assert looks_german(texts).tolist() == [True, False, False, False]


def test_the_stored_record_has_one_row_per_expectation() -> None:
    result = _run(_table(kind="cot"), kind="cot")
    table = result.to_table()
    assert table.num_rows == len(result.outcomes) == 25
    assert set(table.column("status").to_pylist()) == {"passed"}
