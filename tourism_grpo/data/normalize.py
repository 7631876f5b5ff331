"""Normalise mapped source rows to the canonical schema: NFC text, no control characters, trimmed whitespace, stable
ids, no duplicates."""

from __future__ import annotations

import binascii
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import xxhash

from tourism_grpo.data.unicode_tables import nfc_unsafe
from tourism_grpo.data_contracts.schemas import schema_for

# RE2's \s is ASCII only and lacks \v; \p{Z} adds no-break and other Unicode spaces common in scraped FAQ text, and
# the information separators and NEL are whitespace to Python (str.split) and to Arrow's trim alike
_WHITESPACE = r"[\s\v\p{Z}\x{1c}-\x{1f}\x{85}]+"
# Control characters that are not whitespace (NUL, BEL, ESC, DEL, C1 ...) mean nothing in text: they are leftovers of
# C strings, terminals and misread encodings, so ingest removes them (and counts them) rather than fail the run
_CONTROL = r"[\x{00}-\x{08}\x{0e}-\x{1b}\x{7f}-\x{84}\x{86}-\x{9f}]"
# A row needs the whitespace pass only if it holds whitespace other than single inner spaces: a Unicode space
# that is not U+0020, a control space, a double space, or a space at either end. Most rows do not.
_UNTIDY = r"[^ \PZ]|[\t\n\v\f\r\x{1c}-\x{1f}\x{85}]|  |^ | $"


@dataclass(frozen=True)
class NormaliseReport:
    """Counts for the ingest artifact; `control_rows` counts rows read (before duplicates are dropped)."""

    rows_in: int
    rows_out: int
    duplicates_dropped: int
    control_rows: int
    control_characters: int

    def rows(self, read_from: str, stored_at: str) -> list[dict[str, object]]:
        """What happened to the rows, one line per change, as the ingest table artifact shows it."""
        return [
            {"what": "rows read", "rows": self.rows_in, "why": read_from},
            {
                "what": "control characters removed",
                "rows": self.control_rows,
                "why": f"{self.control_characters:,} characters such as NUL, BEL or ESC (not tab or line break), "
                "which carry no text",
            },
            {
                "what": "duplicates dropped",
                "rows": self.duplicates_dropped,
                "why": "same question and answer after NFC and whitespace normalisation",
            },
            {"what": "rows stored", "rows": self.rows_out, "why": stored_at},
        ]


def _clean(array: pa.Array) -> pa.Array:
    # controls go first: one between a letter and its combining mark would otherwise keep them from composing
    without = pc.replace_substring_regex(array, pattern=_CONTROL, replacement="")
    normalised = pc.utf8_normalize(without, form="NFC")
    return pc.utf8_trim_whitespace(pc.replace_substring_regex(normalised, pattern=_WHITESPACE, replacement=" "))


def _normalise_column(array: pa.ChunkedArray) -> tuple[pa.ChunkedArray, np.ndarray, int]:
    """The column normalised, the positions of rows that held control characters, and how many they held."""
    column = array.combine_chunks()
    # One regex pass finds the rows any fix could change; the fixes are idempotent, so a row needing one gets all.
    # Only those rows are rewritten: on clean sources (the usual case) the column is returned as it came.
    suspect = pc.fill_null(pc.match_substring_regex(column, f"{nfc_unsafe()}|{_CONTROL}|{_UNTIDY}"), False)
    if not pc.any(suspect).as_py():
        return pa.chunked_array([column]), np.empty(0, np.uint64), 0
    suspects = pc.filter(column, suspect)
    controls = pc.count_substring_regex(suspects, _CONTROL).to_numpy(zero_copy_only=False)
    positions = pc.indices_nonzero(suspect).to_numpy()[controls > 0]
    cleaned = pc.replace_with_mask(column, suspect, _clean(suspects))
    return pa.chunked_array([cleaned]), positions, int(controls.sum())


def normalise_text(array: pa.ChunkedArray) -> pa.ChunkedArray:
    """Unicode NFC, control characters removed, whitespace runs collapsed to one space, ends trimmed; nulls stay."""
    return _normalise_column(array)[0]


_ID_SEPARATOR = "\x1f"


def row_id(question: str | None, answer: str | None) -> str:
    """Stable id of a row: the XXH3-64 hash of its normalised question and answer, as 16 hex digits.

    XXH3 is specified and frozen (its output never changes between versions) and 64 bits are as many as the sha256
    prefix ids once had; hashing a row costs a quarter of sha256's, and ingest hashes every row.
    """
    return xxhash.xxh3_64_hexdigest(f"{question or ''}{_ID_SEPARATOR}{answer or ''}".encode())


def _digests(questions: pa.ChunkedArray, answers: pa.ChunkedArray) -> bytes:
    """Every row's `row_id` as 8 raw bytes: Arrow joins and encodes, Python only hashes slices of one buffer."""
    question, answer = (pc.fill_null(column.cast(pa.string()), "") for column in (questions, answers))
    keys = pc.binary_join_element_wise(question, answer, _ID_SEPARATOR).combine_chunks()
    _, offsets_buffer, data_buffer = keys.buffers()
    offsets = np.frombuffer(offsets_buffer, np.int32, len(keys) + 1, keys.offset * 4).tolist()
    data = memoryview(data_buffer) if data_buffer is not None else memoryview(b"")
    digest = xxhash.xxh3_64_digest
    return b"".join([digest(data[start:end]) for start, end in pairwise(offsets)])


def _hex(digests: bytes) -> pa.Array:
    """The ids as `row_id` writes them: 16 hex digits, encoded once for the whole column."""
    hexed = pa.py_buffer(binascii.hexlify(digests))
    return pa.FixedSizeBinaryArray.from_buffers(pa.binary(16), len(digests) // 8, [None, hexed]).cast(pa.string())


def _first_occurrences(digests: bytes) -> np.ndarray | None:
    """Positions of the first row of each id in table order, or None when no id repeats."""
    # ids are the hex of these 8 bytes, so equal integers are equal ids: a sort of integers, not of strings
    _, firsts = np.unique(np.frombuffer(digests, np.uint64), return_index=True)
    return None if len(firsts) == len(digests) // 8 else np.sort(firsts)


def normalise(table: pa.Table, kind: str, label: str) -> tuple[pa.Table, NormaliseReport]:
    """Canonical table of a dataset kind from mapped columns; exact duplicates (same id) keep their first row."""
    schema = schema_for(kind)
    columns, control_positions, control_characters = {}, [], 0
    for name in table.column_names:
        columns[name], positions, removed = _normalise_column(table.column(name))
        control_positions.append(positions)
        control_characters += removed
    if "source" not in columns:
        columns["source"] = pa.chunked_array([pa.array([label] * table.num_rows, pa.string())])
    digests = _digests(columns["question"], columns["answer"])
    columns["id"] = _hex(digests)
    result = pa.table([columns[field.name] for field in schema], schema=schema)
    if (firsts := _first_occurrences(digests)) is not None:
        result = result.take(firsts)
    return result, NormaliseReport(
        table.num_rows,
        result.num_rows,
        table.num_rows - result.num_rows,
        control_rows=len(np.unique(np.concatenate(control_positions))),
        control_characters=control_characters,
    )
