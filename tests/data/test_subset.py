"""Seeded subsets: reproducible, disjoint from eval, clear about sizes."""

from __future__ import annotations

import pyarrow as pa
import pytest

from tourism_grpo.data.normalize import row_id
from tourism_grpo.data.subset import SubsetSizeError, split_report, split_subsets


def _table(rows: int, repeat_questions: bool = False) -> pa.Table:
    questions = [f"Frage {i // 2 if repeat_questions else i}?" for i in range(rows)]
    answers = [f"Antwort {i}." for i in range(rows)]
    return pa.table(
        {
            "id": [row_id(q, a) for q, a in zip(questions, answers, strict=True)],
            "question": questions,
            "answer": answers,
        }
    )


def _ids(table: pa.Table) -> list[str]:
    return table.column("id").to_pylist()


def test_same_input_and_seed_give_the_same_ids_in_any_row_order() -> None:
    table = _table(300)
    train, _, held_out = split_subsets(table, 100, 50, seed=1, where="t")
    shuffled = table.take(pa.array(list(range(299, -1, -1))))
    train2, _, held_out2 = split_subsets(shuffled, 100, 50, seed=1, where="t")
    assert _ids(train) == _ids(train2) and _ids(held_out) == _ids(held_out2)
    assert (train.num_rows, held_out.num_rows) == (100, 50)


def test_a_changed_seed_changes_the_ids() -> None:
    table = _table(300)
    assert set(_ids(split_subsets(table, 100, 50, 1, "t")[0])) != set(
        _ids(split_subsets(table, 100, 50, 2, "t")[0])
    )


def test_train_and_eval_share_no_id_and_no_question() -> None:
    train, _, held_out = split_subsets(_table(400, repeat_questions=True), 150, 50, seed=3, where="t")
    assert not set(_ids(train)) & set(_ids(held_out))
    lower = lambda t: {q.lower() for q in t.column("question").to_pylist()}  # noqa: E731
    assert not lower(train) & lower(held_out)


def test_asking_for_more_rows_than_exist_is_a_clear_error() -> None:
    with pytest.raises(
        SubsetSizeError, match=r"Asked for 10,000 train \+ 500 eval rows, but src has 300 rows"
    ):
        split_subsets(_table(300), 10_000, 500, seed=0, where="src")
    # enough rows in total, but too few once eval's questions are set aside
    with pytest.raises(SubsetSizeError, match="remain once rows whose question is in an earlier split"):
        split_subsets(_table(200, repeat_questions=True), 140, 60, seed=0, where="src")


def test_a_validation_split_is_disjoint_from_both_and_leaves_eval_and_train_draws_alone() -> None:
    table = _table(600, repeat_questions=True)
    train, validation, held_out = split_subsets(table, 150, 50, seed=3, where="t", validation_size=60)
    assert (train.num_rows, validation.num_rows, held_out.num_rows) == (150, 60, 50)
    lower = lambda t: {q.lower() for q in t.column("question").to_pylist()}  # noqa: E731
    for one, other in ((train, validation), (train, held_out), (validation, held_out)):
        assert not set(_ids(one)) & set(_ids(other)) and not lower(one) & lower(other)
    # eval is drawn first: the same rows with or without a validation split, so the held-out judge never moves
    without = split_subsets(table, 150, 50, seed=3, where="t")
    assert _ids(without.eval) == _ids(held_out) and without.validation.num_rows == 0
    assert set(_ids(without.train)) != set(_ids(train))  # validation's rows went somewhere: out of train's draw
    with pytest.raises(SubsetSizeError, match=r"150 train \+ 500 validation \+ 50 eval rows"):
        split_subsets(table, 150, 50, seed=3, where="t", validation_size=500)


def test_a_fixed_held_out_set_stays_the_eval_split_when_the_source_grows_and_new_rows_go_to_train() -> None:
    first = _table(300)
    v1 = split_subsets(first, 100, 50, seed=1, where="t", validation_size=20)
    enriched = v1.eval.append_column("answer_sentiment", pa.array(["neutral"] * v1.eval.num_rows))
    # the source grows by 200 rows, one of which asks a held-out question again with another answer
    asked_again = v1.eval.column("question")[0].as_py()
    extra = [f"Neue Frage {i}?" for i in range(199)] + [asked_again]
    answers = [f"Neue Antwort {i}." for i in range(200)]
    grown = pa.concat_tables(
        [
            first,
            pa.table(
                {
                    "id": [row_id(q, a) for q, a in zip(extra, answers, strict=True)],
                    "question": extra,
                    "answer": answers,
                }
            ),
        ]
    )
    v2 = split_subsets(grown, 300, 50, seed=1, where="t", validation_size=20, held_out=enriched)
    assert v2.eval.equals(v1.eval)  # the same rows, in the same order, without enrichment's column
    held = set(v1.eval.column("question").to_pylist())
    for part in (v2.train, v2.validation):
        assert not held & set(part.column("question").to_pylist())
    assert asked_again not in v2.train.column("question").to_pylist()
    # a bigger train split than the old source could give: the new rows reach train
    assert v2.train.num_rows == 300 and any(q.startswith("Neue") for q in v2.train.column("question").to_pylist())
    # v1's training questions are outside the fixed eval set by construction, and so are v2's
    assert not set(v1.train.column("question").to_pylist()) & held


def test_the_split_report_counts_every_source_row_once_also_with_a_fixed_held_out_set() -> None:
    """With a fixed held-out set the eval rows come from it, not from the source, which may have lost some of them:
    the rows not drawn are the source's rows in no split drawn from it."""
    table = _table(80, repeat_questions=True)
    first = split_subsets(table, 30, 10, seed=1, where="t")
    report = {row["what"]: row["rows"] for row in split_report(first, table.num_rows, "t", 1)}
    assert report["rows not drawn"] == 80 - 30 - 10

    gone = set(_ids(first.eval)[:3])
    smaller = table.filter(pa.array([row_id not in gone for row_id in _ids(table)]))
    pinned = split_subsets(smaller, 30, 0, seed=2, where="t", held_out=first.eval)
    report = {row["what"]: row["rows"] for row in split_report(pinned, smaller.num_rows, "t", 2, held_out="h1")}
    assert (report["rows in"], report["eval rows"], report["train rows"]) == (77, 10, 30)
    assert report["rows not drawn"] == 77 - 30  # the rows asking an eval question are set aside, not drawn
