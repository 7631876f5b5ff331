"""Where rows come from: local files, `datasets` folders, Hub datasets, the bundled sample, the generator."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import time
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qs, urlsplit

import pyarrow as pa
from pydantic import BaseModel, Field, field_validator

from tourism_grpo.data_contracts.schemas import SOURCE_COLUMNS, DatasetKind

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


def _sha256_file(path: Path) -> str:
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

        code = _sha256_file(Path(synthetic.__file__))
        return hashlib.sha256(f"{spec.uri}|{code}".encode()).hexdigest()
    if fmt == "hub":
        # datasets fingerprints what it downloaded (or found in its cache), so a new revision changes it
        return _load_datasets(spec)._fingerprint
    path = _local_path(spec)
    if path.is_dir():
        digest = hashlib.sha256()
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            digest.update(str(file.relative_to(path)).encode())
            digest.update(_sha256_file(file).encode())
        return digest.hexdigest()
    return _sha256_file(path)


def _utf8(path: Path) -> bytes:
    """The file's bytes, checked to be UTF-8 text and without a byte-order mark."""
    raw = path.read_bytes()
    if not raw.strip():
        raise SourceError(f"Source {path} is empty. Point the source at a file that holds rows.")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise SourceError(
            f"Source {path} is not UTF-8 text: byte 0x{raw[error.start]:02x} on line {line} cannot be decoded. "
            f"Re-save it as UTF-8 (e.g. `iconv -f latin1 -t utf-8 {path.name} > fixed{path.suffix}`)."
        ) from None
    return raw.removeprefix(codecs.BOM_UTF8)


def _read_csv(path: Path) -> pa.Table:
    import pyarrow.csv as pacsv

    raw = _utf8(path)
    header = next(csv.reader(io.StringIO(raw.decode())), [])
    try:
        return pacsv.read_csv(
            io.BytesIO(raw),
            convert_options=pacsv.ConvertOptions(
                # every column as text: inferring numbers would turn "1.50 €" prices into floats
                column_types=dict.fromkeys(header, pa.string()),
                strings_can_be_null=True,
                null_values=[""],
            ),
        )
    except pa.ArrowInvalid as error:
        raise SourceError(
            f"Source {path} is not a readable CSV file ({error}). Check quoting and delimiters."
        ) from None


def _read_json_lines_fast(path: Path) -> pa.Table | None:
    """The file read by Arrow's threaded reader straight from disk, or None when it needs a diagnosis."""
    import pyarrow.json as pajson

    try:
        # a memory map: read_json given a path would guess a compression from the extension (x.jsonl.gz)
        with pa.memory_map(str(path)) as source:
            table = pajson.read_json(source)
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


def _read_json(path: Path, lines: bool) -> pa.Table:
    import pyarrow.json as pajson

    if lines and (table := _read_json_lines_fast(path)) is not None:
        return table
    # the slow path finds what is wrong with the file (encoding, emptiness, the line that does not parse)
    raw = _utf8(path)
    if not lines:
        try:
            records = json.loads(raw)
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
        return pajson.read_json(io.BytesIO(raw))
    except pa.ArrowInvalid as error:
        raise SourceError(
            f"Source {path} is not valid JSON lines ({error}). Each line must be one JSON object."
        ) from None


def _read_parquet(path: Path) -> pa.Table:
    import pyarrow.parquet as pq

    if path.stat().st_size == 0:
        raise SourceError(f"Source {path} is empty. Point the source at a file that holds rows.")
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
    """The source's rows as read, before mapping or normalisation."""
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
        return _read_csv(path)
    if fmt == "parquet":
        return _read_parquet(path)
    return _read_json(path, lines=fmt == "jsonl" or spec.uri.startswith("bundled:"))


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
