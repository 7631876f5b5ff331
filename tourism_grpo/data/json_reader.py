"""JSON and JSON lines sources: Arrow's threaded reader where the file is sound, a line-by-line diagnosis where not."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyarrow as pa

from tourism_grpo.data.source_spec import SourceError, SourceSpec
from tourism_grpo.data.text_files import decoded_text, read_in_blocks


def _longest_line(data: bytes | pa.Buffer) -> int:
    import numpy as np

    ends = np.flatnonzero(np.frombuffer(data, np.uint8) == ord("\n"))
    return int(np.diff(ends, prepend=-1, append=len(data)).max())


def _read_json_arrow(data: bytes | pa.Buffer) -> pa.Table:
    import pyarrow.json as pajson

    def read(block_size: int) -> pa.Table:
        return pajson.read_json(pa.BufferReader(data), read_options=pajson.ReadOptions(block_size=block_size))

    return read_in_blocks(read, lambda: _longest_line(data))


def _read_json_lines_fast(path: Path) -> pa.Table | None:
    """The file read by Arrow's threaded reader straight from disk, or None when it needs a diagnosis."""
    try:
        # a memory map: read_json given a path would guess a compression from the extension (x.jsonl.gz)
        with pa.memory_map(str(path)) as source:
            table = _read_json_arrow(source.read_buffer())
        # Arrow's JSON reader takes any bytes into strings: a full validation checks the values are UTF-8, and
        # reading every field name (nested ones too) checks the keys
        table.validate(full=True)
        _field_names(table.schema)
    except ValueError:  # ArrowInvalid, UnicodeDecodeError
        return None
    return table if table.num_columns else None


def _field_names(fields: pa.Schema | pa.DataType) -> list[str]:
    """Every field name of a schema or type, nested ones included; raises UnicodeDecodeError on invalid UTF-8."""
    names = []
    for field in fields if isinstance(fields, pa.Schema) else [fields.field(i) for i in range(fields.num_fields)]:
        names.append(field.name)
        names.extend(_field_names(field.type))
    return names


_JSON_KINDS = {
    str: "text",
    int: "a number",
    float: "a number",
    bool: "true or false",
    dict: "an object",
    list: "an array",
    type(None): "null",
}


def _json_lines_error(path: Path, text: bytes, error: pa.ArrowInvalid) -> SourceError:
    """What Arrow refused, found line by line: Arrow counts rows from 0 within each block, editors lines from 1."""
    first_seen: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(text.split(b"\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as bad:
            return SourceError(
                f"Source {path} is not valid JSON lines: line {number}, column {bad.colno}: "
                f"{bad.msg.removesuffix(' at')}. Each line must be one JSON object."
            )
        if not isinstance(record, dict):
            return SourceError(
                f"Source {path} is not valid JSON lines: line {number} holds {_JSON_KINDS[type(record)]}, not a JSON "
                "object. Each line must be one JSON object."
            )
        for key, value in record.items():
            if value is None:
                continue
            kind = _JSON_KINDS[type(value)]
            seen, on_line = first_seen.setdefault(key, (kind, number))
            if seen != kind:
                return SourceError(
                    f"Source {path} cannot be read as a table: line {number}: {key!r} holds {kind} where line "
                    f"{on_line} holds {seen}. Give a field one type on every line (e.g. quote numbers meant as text)."
                )
    # a conflict deeper inside nested objects: Arrow's words, less its block-relative row number
    detail = re.sub(r" in row \d+", "", str(error))
    return SourceError(f"Source {path} cannot be read as a table ({detail}). Give a field one type on every line.")


def read_json(path: Path, spec: SourceSpec, lines: bool) -> pa.Table:
    """A JSON array or JSON lines file's rows; a SourceError naming the line and the fix where it cannot be read."""
    if lines and spec.encoding == "utf-8" and (table := _read_json_lines_fast(path)) is not None:
        return table
    # the slow path finds what is wrong with the file (encoding, emptiness, the line that does not parse)
    text = decoded_text(path, spec.encoding, "JSON lines" if lines else "JSON")
    if not lines:
        try:
            records = json.loads(text)
        except json.JSONDecodeError as error:
            if error.msg != "Extra data":
                raise SourceError(
                    f"Source {path} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg}). "
                    "Fix the file, or name it .jsonl if it holds one JSON object a line."
                ) from None
            lines = True
        else:
            if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
                raise SourceError(
                    f"Source {path} must hold a JSON array of objects (one per row), like "
                    '[{"question": "...", "answer": "..."}].'
                )
            return pa.Table.from_pylist(records)
    try:
        return _read_json_arrow(text)
    except pa.ArrowInvalid as error:
        raise _json_lines_error(path, text, error) from None
