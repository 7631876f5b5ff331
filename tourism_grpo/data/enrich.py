"""Per-row reference features, computed once for the rows a run uses."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pyarrow as pa

SentimentFn = Callable[[Sequence[str]], list[str]]


def add_answer_sentiment(table: pa.Table, score: SentimentFn) -> pa.Table:
    """The table with an `answer_sentiment` column: the scorer's label for each reference answer."""
    labels = score(table.column("answer").to_pylist()) if table.num_rows else []
    if len(labels) != table.num_rows:
        raise ValueError(f"The sentiment scorer returned {len(labels)} labels for {table.num_rows} answers")
    column = pa.array(labels, pa.string())
    if "answer_sentiment" in table.column_names:
        return table.set_column(table.column_names.index("answer_sentiment"), "answer_sentiment", column)
    return table.append_column("answer_sentiment", column)
