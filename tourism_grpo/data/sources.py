"""Where rows come from: local files, `datasets` folders, Hub datasets, the bundled sample, the generator."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import parse_qs, urlsplit

import pyarrow as pa
from pydantic import BaseModel, Field, field_validator

from tourism_grpo.data_contracts.schemas import SOURCE_COLUMNS, DatasetKind

if TYPE_CHECKING:
    from pyarrow.csv import InvalidRow

SAMPLE_DIR = Path(__file__).parent / "sample"
FILE_FORMATS = ("csv", "json", "jsonl", "parquet")
SUFFIX_FORMATS = {
    ".csv": "csv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
}


class SourceError(ValueError):
    """A source that cannot be read as asked; the message names the file and the fix."""


class SourceSpec(BaseModel):
    """What to ingest and how its columns map onto the canonical ones."""

    uri: str = Field(
        "bundled:qa",
        description="A file or `datasets` folder path, `hub:<dataset id>`, `bundled:qa|cot` (the sample that "
        "ships with the project) or `synthetic:qa|cot?rows=N&seed=S` (the generator).",
    )
    kind: DatasetKind = Field("qa", description="qa: question/answer; cot: plus a reasoning column.")
    columns: dict[str, str] = Field(
        default_factory=dict,
        description="Canonical name -> the source's column, e.g. question=Frage,answer=Antwort.",
    )
    format: Literal["auto", "csv", "json", "jsonl", "parquet", "disk", "hub"] = Field(
        "auto", description="auto: from the path (extension, folder, hub: prefix)."
    )
    delimiter: str | None = Field(
        None,
        description="Field separator of a CSV file: one character, e.g. ';' (what Excel writes in a German locale) or "
        "'\\t'. Unset: the one of ',', ';' and tab that splits the header line into the mapped column names; failing "
        "that, ';' or tab where ',' does not split it at all; else ','.",
    )
    encoding: str = Field(
        "utf-8",
        description="Text encoding of a CSV or JSON file, e.g. cp1252 (what Excel and other Windows programs write "
        "in Western Europe) or latin-1. A byte-order mark (UTF-8 or UTF-16) overrides it.",
    )
    split: str = Field("train", description="Split of a Hub dataset or a `datasets` folder.")
    config: str | None = Field(None, description="Configuration name of a Hub dataset.")
    revision: str | None = Field(None, description="Revision (branch, tag, commit) of a Hub dataset.")

    @field_validator("columns", mode="before")
    @classmethod
    def _parse_mapping(cls, value: object) -> object:
        # The CLI and the UI pass the mapping as one string: "question=Frage,answer=Antwort".
        if not isinstance(value, str):
            return value
        mapping: dict[str, str] = {}
        for pair in filter(None, (part.strip() for part in value.split(","))):
            canonical, sep, column = pair.partition("=")
            if not sep or not canonical.strip() or not column.strip():
                raise ValueError(f"Column mapping {pair!r} is not canonical=source_column (e.g. question=Frage)")
            mapping[canonical.strip()] = column.strip()
        return mapping

    @field_validator("columns")
    @classmethod
    def _known_targets(cls, value: dict[str, str]) -> dict[str, str]:
        allowed = {"question", "answer", "reasoning", "source"}
        unknown = sorted(set(value) - allowed)
        if unknown:
            raise ValueError(f"Column mapping names {unknown}; canonical columns are {sorted(allowed)}")
        return value

    @field_validator("delimiter")
    @classmethod
    def _one_character(cls, value: str | None) -> str | None:
        # a tab is hard to type in a shell or a YAML value: accept it spelt out
        value = {"\\t": "\t", "tab": "\t"}.get(value, value) if value is not None else None
        if value is not None and (len(value) != 1 or value in '"\r\n'):
            raise ValueError(f"delimiter {value!r} must be one character other than a quote or a line break, e.g. ';'")
        return value

    @field_validator("encoding")
    @classmethod
    def _known_encoding(cls, value: str) -> str:
        try:
            # the codec's own name, so that Windows-1252 and cp1252 are one setting (and one artifact id)
            return codecs.lookup(value).name
        except LookupError:
            raise ValueError(f"Unknown encoding {value!r}; e.g. utf-8, cp1252 or latin-1") from None

    def resolved_format(self) -> str:
        """The reader this source needs."""
        if self.format != "auto":
            return self.format
        scheme = self.uri.split(":", 1)[0]
        if scheme in ("hub", "bundled", "synthetic"):
            return scheme
        path = Path(self.uri)
        if path.is_dir():
            return "disk"
        fmt = SUFFIX_FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise SourceError(
                f"Cannot tell the format of {self.uri}: its extension {path.suffix or '(none)'} is none of "
                f"{sorted(SUFFIX_FORMATS)}. Rename the file or set format to one of {list(FILE_FORMATS)}."
            )
        return fmt

    def label(self) -> str:
        """What the `source` column says for rows of this source."""
        return self.uri if ":" in self.uri.split("/", 1)[0] else Path(self.uri).name


def _synthetic_args(uri: str) -> tuple[str, int, int]:
    parts = urlsplit(uri)
    kind = parts.path
    query = parse_qs(parts.query)
    try:
        rows = int(query.get("rows", ["1000"])[0])
        seed = int(query.get("seed", ["0"])[0])
    except ValueError:
        raise SourceError(f"{uri}: rows and seed must be integers, e.g. synthetic:qa?rows=166000&seed=0") from None
    if kind not in SOURCE_COLUMNS or rows <= 0:
        raise SourceError(f"{uri}: expected synthetic:qa|cot?rows=N&seed=S with N > 0")
    return kind, rows, seed


def _local_path(spec: SourceSpec) -> Path:
    if spec.uri.startswith("bundled:"):
        name = spec.uri.split(":", 1)[1]
        path = SAMPLE_DIR / f"{name}.jsonl"
        if not path.exists():
            raise SourceError(f"No bundled sample {name!r}; the bundled samples are 'bundled:qa' and 'bundled:cot'.")
        return path
    path = Path(spec.uri).expanduser()
    if not path.exists():
        raise SourceError(
            f"Source {path} does not exist (looked in {path.resolve().parent}). Check the path, or run from "
            "the directory it is relative to."
        )
    return path


# A file whose modification time is this recent may still be changing within one timestamp tick ("racy git").
_SETTLED_SECONDS = 2.0


@lru_cache(maxsize=256)
def _sha256_of(path: str, stat: tuple[int, ...]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_file(path: Path) -> str:
    """The file's sha256, hashed once per process while its stat stays the same (the cache key and the task both ask).

    The stat includes the change time, which every write updates and no tool can set back, as git's index relies on.
    """
    stat = path.stat()
    key = (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
    if time.time() - max(stat.st_mtime, stat.st_ctime) < _SETTLED_SECONDS:
        return _sha256_of.__wrapped__(str(path), key)
    return _sha256_of(str(path.resolve()), key)


def fingerprint(spec: SourceSpec) -> str:
    """A hash that changes exactly when the source's content (or the code generating it) changes."""
    fmt = spec.resolved_format()
    if fmt == "synthetic":
        from tourism_grpo.data import synthetic

        code = sha256_file(Path(synthetic.__file__))
        return hashlib.sha256(f"{spec.uri}|{code}".encode()).hexdigest()
    if fmt == "hub":
        # datasets fingerprints what it downloaded (or found in its cache), so a new revision changes it
        return _load_datasets(spec)._fingerprint
    path = _local_path(spec)
    if path.is_dir():
        digest = hashlib.sha256()
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            digest.update(str(file.relative_to(path)).encode())
            digest.update(sha256_file(file).encode())
        return digest.hexdigest()
    return sha256_file(path)


# What a file that is no text starts with, what it is, and what to do with it ({noun}: the text the format wanted).
_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"PK\x03\x04", "a zip archive (e.g. an .xlsx workbook or a compressed file)", "unpack it or export {noun}"),
    (b"PK\x05\x06", "an empty zip archive", "unpack it or export {noun}"),
    (b"\x1f\x8b", "a gzip-compressed file", "unpack it (e.g. gunzip)"),
    (b"BZh", "a bzip2-compressed file", "unpack it (e.g. bunzip2)"),
    (b"\xfd7zXZ\x00", "an xz-compressed file", "unpack it (e.g. unxz)"),
    (b"(\xb5/\xfd", "a zstd-compressed file", "unpack it (e.g. unzstd)"),
    (b"7z\xbc\xaf'\x1c", "a 7-Zip archive", "unpack it or export {noun}"),
    (b"Rar!\x1a\x07", "a RAR archive", "unpack it or export {noun}"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an Excel 97-2003 workbook (.xls) or another old Office file",
        "open it and save it as {noun}",
    ),
    (b"PAR1", "a Parquet file", "name it .parquet or add --set data.source.format=parquet"),
    (b"%PDF-", "a PDF document", "export the table as {noun}"),
    (b"SQLite format 3\x00", "an SQLite database", "export the table as {noun}"),
)
# Byte-order marks name their encoding whatever the source says; the utf-16 codec reads the byte order from its mark.
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Text, in any encoding a source may name, has next to no control bytes other than whitespace; a binary file has many.
_CONTROL_BYTES = frozenset(range(32)) - frozenset(b"\t\n\r\f\v")


def _refuse_other_format(path: Path, head: bytes, noun: str, wanted: str) -> None:
    """Raise a SourceError naming what the file is when it starts with the magic number of a format not `wanted`."""
    for magic, what, fix in _MAGIC:
        if head.startswith(magic) and what != wanted:
            raise SourceError(f"Source {path} is {what}, not {wanted}: {fix.format(noun=noun)}.")


def _decode_error(path: Path, raw: bytes, error: UnicodeDecodeError, encoding: str, noun: str) -> SourceError:
    head = raw[:4096]
    if sum(byte in _CONTROL_BYTES for byte in head) * 32 > len(head):
        return SourceError(
            f"Source {path} is not text (a binary file?): its first bytes hold many control codes. Check the path, "
            f"or export the data as {noun}."
        )
    line = raw[: error.start].count(b"\n") + 1
    problem = (
        f"Source {path} is not {'UTF-8' if encoding == 'utf-8' else encoding} text: byte 0x{raw[error.start]:02x} on "
        f"line {line} cannot be decoded."
    )
    if encoding != "utf-8":
        return SourceError(
            f"{problem} Check the source's encoding (data.source.encoding, e.g. utf-8, cp1252 or latin-1), or re-save "
            "the file as UTF-8."
        )
    # Windows-1252 is what Excel writes in a German locale; bytes it leaves undefined point to Latin-1 instead
    guess = "cp1252" if _decodes(raw, "cp1252") else "latin-1"
    return SourceError(
        f"{problem} If it was saved by Excel or another Windows program, set its encoding: --set "
        f"data.source.encoding={guess} (or re-save it as UTF-8)."
    )


def _decodes(raw: bytes, encoding: str) -> bool:
    try:
        raw.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _text(path: Path, encoding: str, noun: str) -> bytes:
    """The file's text as UTF-8 bytes without a byte-order mark, decoded from the encoding its mark or the source names.

    `noun` is what the format calls its text ("CSV", "JSON lines") for the messages.
    """
    raw = path.read_bytes()
    _refuse_other_format(path, raw, noun, f"{noun} text")
    encoding = next((name for mark, name in _BOMS if raw.startswith(mark)), encoding)
    try:
        if encoding == "utf-8":
            # checked, not converted: Arrow reads UTF-8 as it is
            raw.decode("utf-8")
            text = raw.removeprefix(codecs.BOM_UTF8)
        else:
            text = raw.decode(encoding).encode("utf-8")
    except UnicodeDecodeError as error:
        raise _decode_error(path, raw, error, encoding, noun) from None
    if not text.strip():
        raise SourceError(f"Source {path} is empty. Point the source at a file that holds rows.")
    return text


# Arrow's CSV and JSON readers cut a file into blocks of this many bytes (their default) and refuse a row that
# straddles two of them.
_BLOCK_SIZE = 1 << 20


def _read_in_blocks(read: Callable[[int], pa.Table], longest_row: Callable[[], int]) -> pa.Table:
    """`read(block_size)`, once more with blocks that hold the longest row if a row is longer than a block."""
    try:
        return read(_BLOCK_SIZE)
    except pa.ArrowInvalid as error:
        if "straddl" not in str(error):
            raise
    # Arrow holds the block size in an int32
    return read(min(max(_BLOCK_SIZE, longest_row() + 1), 2**31 - 1))


def _longest_line(data: bytes | pa.Buffer) -> int:
    import numpy as np

    ends = np.flatnonzero(np.frombuffer(data, np.uint8) == ord("\n"))
    return int(np.diff(ends, prepend=-1, append=len(data)).max())


_DELIMITERS = (",", ";", "\t")


def _header(text: bytes, delimiter: str) -> list[str]:
    # the csv module reads the first record only, a quoted line break in a name included
    return next(csv.reader(io.TextIOWrapper(io.BytesIO(text), encoding="utf-8", newline=""), delimiter=delimiter), [])


def _sniff_delimiter(text: bytes, wanted: set[str]) -> str:
    """The delimiter the header shows: one that yields every wanted column name, else ',' unless ',' leaves the
    header whole and one other delimiter splits it (one column is never a usable source, so that guess costs nothing).
    """
    headers = {delimiter: _header(text, delimiter) for delimiter in _DELIMITERS}
    for delimiter, names in headers.items():
        if wanted <= set(names):
            return delimiter
    splitting = [delimiter for delimiter, names in headers.items() if len(names) > 1]
    return splitting[0] if len(headers[","]) == 1 and len(splitting) == 1 else ","


def _csv_error(
    path: Path, text: bytes, error: pa.ArrowInvalid, invalid: list[InvalidRow], delimiter: str
) -> SourceError:
    other = ";" if delimiter == "," else ","
    setting = f"--set data.source.delimiter='{other}'"
    if not invalid:
        return SourceError(
            f"Source {path} is not a readable CSV file ({error}). Check its quoting, and its delimiter: fields were "
            f"split at {delimiter!r}; set another with {setting}."
        )
    row = invalid[0]
    # Arrow numbers rows, not lines, and only when reading single-threaded: find the row's text instead
    position = text.find(row.text.encode())
    number = text.count(b"\n", 0, position) + 1
    line = f"line {number}" if position >= 0 else "a line"
    shown = row.text if len(row.text) <= 80 else f"{row.text[:80]}…"
    return SourceError(
        f"Source {path} {line} has {row.actual_columns} fields where the header has {row.expected_columns} "
        f"(split at {delimiter!r}): {shown!r}. Check the quoting on that line, or the delimiter: set another with "
        f"{setting}."
    )


def _read_csv(path: Path, spec: SourceSpec) -> pa.Table:
    import pyarrow.csv as pacsv

    text = _text(path, spec.encoding, "CSV")
    wanted = {spec.columns.get(column, column) for column in SOURCE_COLUMNS[spec.kind]}
    delimiter = spec.delimiter or _sniff_delimiter(text, wanted)
    invalid: list[InvalidRow] = []

    def refuse(row: InvalidRow) -> str:
        # kept so the error can name its line
        invalid.append(row)
        return "error"

    parse = pacsv.ParseOptions(
        delimiter=delimiter,
        # Excel quotes a cell holding a line break; without this, a block boundary inside one desynchronises Arrow
        newlines_in_values=True,
        invalid_row_handler=refuse,
    )
    convert = pacsv.ConvertOptions(
        # every column as text: inferring numbers would turn "1.50 €" prices into floats
        column_types=dict.fromkeys(_header(text, delimiter), pa.string()),
        strings_can_be_null=True,
        null_values=[""],
    )

    def read(block_size: int) -> pa.Table:
        options = pacsv.ReadOptions(block_size=block_size)
        return pacsv.read_csv(io.BytesIO(text), read_options=options, parse_options=parse, convert_options=convert)

    try:
        # a CSV row may span lines, so the only bound on its length is the file's
        return _read_in_blocks(read, lambda: len(text))
    except pa.ArrowInvalid as error:
        raise _csv_error(path, text, error, invalid, delimiter) from None


def _read_json_arrow(data: bytes | pa.Buffer) -> pa.Table:
    import pyarrow.json as pajson

    def read(block_size: int) -> pa.Table:
        return pajson.read_json(pa.BufferReader(data), read_options=pajson.ReadOptions(block_size=block_size))

    return _read_in_blocks(read, lambda: _longest_line(data))


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


def _read_json(path: Path, spec: SourceSpec, lines: bool) -> pa.Table:
    if lines and spec.encoding == "utf-8" and (table := _read_json_lines_fast(path)) is not None:
        return table
    # the slow path finds what is wrong with the file (encoding, emptiness, the line that does not parse)
    text = _text(path, spec.encoding, "JSON lines" if lines else "JSON")
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


def _read_parquet(path: Path) -> pa.Table:
    import pyarrow.parquet as pq

    if path.stat().st_size == 0:
        raise SourceError(f"Source {path} is empty. Point the source at a file that holds rows.")
    with path.open("rb") as handle:
        _refuse_other_format(path, handle.read(16), "Parquet", "a Parquet file")
    try:
        return pq.read_table(path)
    except (pa.ArrowInvalid, OSError) as error:
        raise SourceError(
            f"Source {path} is not a Parquet file ({error}). Check that its content matches its extension, "
            "or set the source format explicitly."
        ) from None


def _load_datasets(spec: SourceSpec):  # -> datasets.Dataset
    import datasets

    try:
        if spec.resolved_format() == "disk":
            loaded = datasets.load_from_disk(str(_local_path(spec)))
        else:
            loaded = datasets.load_dataset(
                spec.uri.split(":", 1)[1], spec.config, split=spec.split, revision=spec.revision
            )
    except (FileNotFoundError, ValueError, OSError) as error:
        raise SourceError(f"Cannot load dataset {spec.uri}: {error}") from None
    if isinstance(loaded, datasets.DatasetDict):
        if spec.split not in loaded:
            raise SourceError(f"Dataset {spec.uri} has no split {spec.split!r}; its splits are {sorted(loaded)}.")
        loaded = loaded[spec.split]
    return loaded


def read_raw(spec: SourceSpec) -> pa.Table:
    """The source's rows as read, before mapping or normalisation; a source without rows is an error."""
    table = _read(spec)
    if table.num_rows == 0:
        columns = f" (only the columns {table.column_names})" if table.num_columns else ""
        what = "dataset" if spec.resolved_format() in ("hub", "disk") else "file"
        raise SourceError(f"Source {spec.uri} holds no rows{columns}. Point the source at a {what} that holds rows.")
    return table


def _read(spec: SourceSpec) -> pa.Table:
    fmt = spec.resolved_format()
    if fmt == "synthetic":
        from tourism_grpo.data.synthetic import generate_cot, generate_qa

        kind, rows, seed = _synthetic_args(spec.uri)
        return pa.Table.from_pylist((generate_qa if kind == "qa" else generate_cot)(rows, seed))
    if fmt in ("hub", "disk"):
        return _load_datasets(spec).flatten_indices().data.table
    path = _local_path(spec)
    if path.is_dir():
        raise SourceError(f"Source {path} is a folder; set format to 'disk' for a `datasets` save_to_disk folder.")
    if fmt == "csv":
        return _read_csv(path, spec)
    if fmt == "parquet":
        return _read_parquet(path)
    return _read_json(path, spec, lines=fmt == "jsonl" or spec.uri.startswith("bundled:"))


def select_columns(table: pa.Table, spec: SourceSpec) -> pa.Table:
    """Rename mapped columns to canonical names and keep only the canonical ones, all as text."""
    where = spec.uri
    present = set(table.column_names)
    for canonical, column in spec.columns.items():
        if column not in present:
            raise SourceError(
                f"Column {column!r} (mapped to {canonical!r}) is not in {where}; its columns are "
                f"{table.column_names}. Fix the mapping."
            )
    wanted = [*SOURCE_COLUMNS[spec.kind], "source"]
    arrays, names = [], []
    for canonical in wanted:
        column = spec.columns.get(canonical, canonical)
        if column not in present:
            if canonical == "source":
                continue
            raise SourceError(
                f"{where} has no column {column!r}, which a {spec.kind} source needs; its columns are "
                f"{table.column_names}. Map one, e.g. columns={canonical}=<column name>."
            )
        array = table.column(column)
        if not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type) or pa.types.is_null(array.type)):
            raise SourceError(
                f"Column {column!r} of {where} holds {array.type} values, but {canonical!r} must be text. "
                "Map a text column, or convert this one to strings in the source."
            )
        arrays.append(array.cast(pa.string()))
        names.append(canonical)
    return pa.table(arrays, names=names)
