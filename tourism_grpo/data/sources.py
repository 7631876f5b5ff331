"""Where rows come from: a source read by its format (files, `datasets` folders, Hub datasets, the bundled sample, the
generator), then its columns mapped onto the canonical ones."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from tourism_grpo.data.csv_reader import read_csv
from tourism_grpo.data.json_reader import read_json
from tourism_grpo.data.source_spec import SourceError, SourceSpec, local_path, synthetic_args
from tourism_grpo.data.text_files import refuse_other_format
from tourism_grpo.data_contracts.schemas import SOURCE_COLUMNS


def _read_parquet(path: Path) -> pa.Table:
    import pyarrow.parquet as pq

    if path.stat().st_size == 0:
        raise SourceError(f"Source {path} is empty. Point the source at a file that holds rows.")
    with path.open("rb") as handle:
        refuse_other_format(path, handle.read(16), "Parquet", "a Parquet file")
    try:
        return pq.read_table(path)
    except (pa.ArrowInvalid, OSError) as error:
        raise SourceError(
            f"Source {path} is not a Parquet file ({error}). Check that its content matches its extension, "
            "or set the source format explicitly."
        ) from None


def load_datasets(spec: SourceSpec):  # -> datasets.Dataset
    """A Hub dataset's or `datasets` folder's split, as `datasets` loads it."""
    import datasets

    try:
        if spec.resolved_format() == "disk":
            loaded = datasets.load_from_disk(str(local_path(spec)))
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

        kind, rows, seed = synthetic_args(spec.uri)
        return pa.Table.from_pylist((generate_qa if kind == "qa" else generate_cot)(rows, seed))
    if fmt in ("hub", "disk"):
        return load_datasets(spec).flatten_indices().data.table
    path = local_path(spec)
    if path.is_dir():
        raise SourceError(f"Source {path} is a folder; set format to 'disk' for a `datasets` save_to_disk folder.")
    if fmt == "csv":
        return read_csv(path, spec)
    if fmt == "parquet":
        return _read_parquet(path)
    return read_json(path, spec, lines=fmt == "jsonl" or spec.uri.startswith("bundled:"))


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
