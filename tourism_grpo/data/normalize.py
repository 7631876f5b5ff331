"""Normalise mapped source rows to the canonical schema: NFC text, trimmed whitespace, stable ids, no duplicates."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from tourism_grpo.data_contracts.schemas import schema_for

# RE2's \s is ASCII only and lacks \v; \p{Z} adds no-break and other Unicode spaces common in scraped FAQ text
_WHITESPACE = r"[\s\v\p{Z}]+"
# A row needs the whitespace pass only if it holds whitespace other than single inner spaces: a Unicode space
# that is not U+0020, a control space (those utf8_trim_whitespace strips at the ends too), a double space, or a space
# at either end. Most rows do not.
_UNTIDY = r"[^ \PZ]|[\t\n\v\f\r\x{1c}-\x{1f}\x{85}]|  |^ | $"


@dataclass(frozen=True)
class NormaliseReport:
    """Counts for the ingest artifact."""

    rows_in: int
    rows_out: int
    duplicates_dropped: int


def _rewrite(array: pa.Array, mask: pa.Array, fix: Callable[[pa.Array], pa.Array]) -> pa.Array:
    # Rewriting only the masked rows: on clean sources (the usual case) the column is returned as it came
    if not pc.any(mask).as_py():
        return array
    return pc.replace_with_mask(array, mask, fix(pc.filter(array, mask)))


def _needs_nfc(array: pa.Array) -> pa.Array:
    # ASCII is always NFC; CPython's quick check settles the rest without normalising them
    candidates = pc.invert(pc.fill_null(pc.string_is_ascii(array), True))
    if not pc.any(candidates).as_py():
        return candidates
    flags = [not unicodedata.is_normalized("NFC", text) for text in pc.filter(array, candidates).to_pylist()]
    return pc.replace_with_mask(candidates, candidates, pa.array(flags, pa.bool_()))


def _tidy_whitespace(array: pa.Array) -> pa.Array:
    return pc.utf8_trim_whitespace(pc.replace_substring_regex(array, pattern=_WHITESPACE, replacement=" "))


def normalise_text(array: pa.ChunkedArray) -> pa.ChunkedArray:
    """Unicode NFC, whitespace runs collapsed to one space, ends trimmed; nulls stay null."""
    column = array.combine_chunks()
    column = _rewrite(column, _needs_nfc(column), lambda rows: pc.utf8_normalize(rows, form="NFC"))
    untidy = pc.fill_null(pc.match_substring_regex(column, _UNTIDY), False)
    return pa.chunked_array([_rewrite(column, untidy, _tidy_whitespace)])


_ID_SEPARATOR = "\x1f"


def row_id(question: str | None, answer: str | None) -> str:
    """Stable id of a row: a hash of its normalised question and answer."""
    return hashlib.sha256(f"{question or ''}{_ID_SEPARATOR}{answer or ''}".encode()).hexdigest()[:16]


def row_ids(questions: pa.ChunkedArray, answers: pa.ChunkedArray) -> pa.Array:
    """`row_id` of every row, the joining and encoding done by Arrow so Python only hashes."""
    question, answer = (pc.fill_null(column.cast(pa.string()), "") for column in (questions, answers))
    keys = pc.binary_join_element_wise(question, answer, _ID_SEPARATOR)
    sha256 = hashlib.sha256
    return pa.array([sha256(key).hexdigest()[:16] for key in keys.cast(pa.binary()).to_pylist()], pa.string())


def _first_occurrences(ids: pa.ChunkedArray) -> pa.Array:
    """Positions of the first row of each id, in table order."""
    positions = pa.table({"id": ids, "row": pa.array(range(len(ids)), pa.int64())})
    firsts = positions.group_by("id").aggregate([("row", "min")]).column("row_min")
    return pc.take(firsts, pc.sort_indices(firsts))


def normalise(table: pa.Table, kind: str, label: str) -> tuple[pa.Table, NormaliseReport]:
    """Canonical table of a dataset kind from mapped columns; exact duplicates (same id) keep their first row."""
    schema = schema_for(kind)
    columns = {name: normalise_text(table.column(name)) for name in table.column_names}
    if "source" not in columns:
        columns["source"] = pa.chunked_array([pa.array([label] * table.num_rows, pa.string())])
    columns["id"] = row_ids(columns["question"], columns["answer"])
    result = pa.table([columns[field.name] for field in schema], schema=schema)
    if pc.count_distinct(result.column("id")).as_py() < result.num_rows:
        result = result.take(_first_occurrences(result.column("id")))
    return result, NormaliseReport(table.num_rows, result.num_rows, table.num_rows - result.num_rows)
