"""What to ingest: where a source is, its format, how its columns map onto the canonical ones, and its errors."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qs, urlsplit

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


def synthetic_args(uri: str) -> tuple[str, int, int]:
    """The kind, row count and seed a `synthetic:` URI names."""
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


def local_path(spec: SourceSpec) -> Path:
    """The file or folder a bundled or local source reads; a SourceError where there is none."""
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
