"""Canonical column sets of each dataset kind, as Arrow schemas."""

from __future__ import annotations

from typing import Literal

import pyarrow as pa
import pyarrow.compute as pc

DatasetKind = Literal["qa", "cot"]

QA_SCHEMA = pa.schema(
    [("id", pa.string()), ("question", pa.string()), ("answer", pa.string()), ("source", pa.string())]
)
COT_SCHEMA = QA_SCHEMA.append(pa.field("reasoning", pa.string()))

SCHEMAS: dict[str, pa.Schema] = {"qa": QA_SCHEMA, "cot": COT_SCHEMA}

# Columns a source must provide (the rest are derived): what a column mapping may name.
SOURCE_COLUMNS: dict[str, tuple[str, ...]] = {
    "qa": ("question", "answer"),
    "cot": ("question", "answer", "reasoning"),
}


def schema_for(kind: str) -> pa.Schema:
    """The canonical schema of a dataset kind."""
    try:
        return SCHEMAS[kind]
    except KeyError:
        raise ValueError(f"Unknown dataset kind {kind!r}; expected one of {sorted(SCHEMAS)}") from None


def question_key(questions: pa.ChunkedArray) -> pa.ChunkedArray:
    """Questions as compared for overlap: lower-cased normalised text."""
    return pc.utf8_lower(questions)
