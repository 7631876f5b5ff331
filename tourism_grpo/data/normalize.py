"""Normalise mapped source rows to the canonical schema: NFC text, trimmed whitespace, stable ids, no duplicates."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from tourism_grpo.data_contracts.schemas import schema_for

# RE2's \s is ASCII only; \p{Z} adds no-break and other Unicode spaces common in scraped FAQ text
_WHITESPACE = r"(?:\s|\p{Z})+"


@dataclass(frozen=True)
class NormaliseReport:
    """Counts for the ingest artifact."""

    rows_in: int
    rows_out: int
    duplicates_dropped: int


def normalise_text(array: pa.ChunkedArray) -> pa.ChunkedArray:
    """Unicode NFC, whitespace runs collapsed to one space, ends trimmed; nulls stay null."""
    nfc = pc.utf8_normalize(array, form="NFC")
    return pc.utf8_trim_whitespace(pc.replace_substring_regex(nfc, pattern=_WHITESPACE, replacement=" "))


def row_id(question: str | None, answer: str | None) -> str:
    """Stable id of a row: a hash of its normalised question and answer."""
    return hashlib.sha256(f"{question or ''}\x1f{answer or ''}".encode()).hexdigest()[:16]


def normalise(table: pa.Table, kind: str, label: str) -> tuple[pa.Table, NormaliseReport]:
    """Canonical table of a dataset kind from mapped columns; exact duplicates (same id) keep their first row."""
    schema = schema_for(kind)
    columns = {name: normalise_text(table.column(name)) for name in table.column_names}
    if "source" not in columns:
        columns["source"] = pa.chunked_array([pa.array([label] * table.num_rows, pa.string())])
    ids = [row_id(q, a) for q, a in zip(columns["question"].to_pylist(), columns["answer"].to_pylist(), strict=True)]
    seen: set[str] = set()
    keep = [not (row in seen or seen.add(row)) for row in ids]
    columns["id"] = pa.chunked_array([pa.array(ids, pa.string())])
    result = pa.table([columns[field.name] for field in schema], schema=schema).filter(pa.array(keep))
    return result, NormaliseReport(table.num_rows, result.num_rows, table.num_rows - result.num_rows)
