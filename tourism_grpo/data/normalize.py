"""Normalise mapped source rows to the canonical schema: NFC text, trimmed whitespace, stable ids, no duplicates."""

from __future__ import annotations

import binascii
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tourism_grpo.data.unicode_tables import nfc_unsafe
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


def _nfc_and_tidy(array: pa.Array) -> pa.Array:
    normalised = pc.utf8_normalize(array, form="NFC")
    return pc.utf8_trim_whitespace(pc.replace_substring_regex(normalised, pattern=_WHITESPACE, replacement=" "))


def normalise_text(array: pa.ChunkedArray) -> pa.ChunkedArray:
    """Unicode NFC, whitespace runs collapsed to one space, ends trimmed; nulls stay null."""
    column = array.combine_chunks()
    # One regex pass finds the rows either fix could change; both are idempotent, so a row needing one gets both
    suspect = pc.fill_null(pc.match_substring_regex(column, f"{nfc_unsafe()}|{_UNTIDY}"), False)
    return pa.chunked_array([_rewrite(column, suspect, _nfc_and_tidy)])


_ID_SEPARATOR = "\x1f"


def row_id(question: str | None, answer: str | None) -> str:
    """Stable id of a row: a hash of its normalised question and answer."""
    return hashlib.sha256(f"{question or ''}{_ID_SEPARATOR}{answer or ''}".encode()).hexdigest()[:16]


def row_ids(questions: pa.ChunkedArray, answers: pa.ChunkedArray) -> pa.Array:
    """`row_id` of every row: Arrow joins and encodes, Python only hashes slices of one buffer and hex-encodes once."""
    question, answer = (pc.fill_null(column.cast(pa.string()), "") for column in (questions, answers))
    keys = pc.binary_join_element_wise(question, answer, _ID_SEPARATOR).combine_chunks()
    _, offsets_buffer, data_buffer = keys.buffers()
    offsets = np.frombuffer(offsets_buffer, np.int32, len(keys) + 1, keys.offset * 4).tolist()
    data = memoryview(data_buffer) if data_buffer is not None else memoryview(b"")
    sha256 = hashlib.sha256
    digests = b"".join([sha256(data[start:end]).digest()[:8] for start, end in pairwise(offsets)])
    hexed = pa.py_buffer(binascii.hexlify(digests))
    return pa.FixedSizeBinaryArray.from_buffers(pa.binary(16), len(keys), [None, hexed]).cast(pa.string())


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
