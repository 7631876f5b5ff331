"""CSV sources: the delimiter sniffed from the header, every column read as text, errors that name the line."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from tourism_grpo.data.source_spec import SourceError, SourceSpec
from tourism_grpo.data.text_files import decoded_text, read_in_blocks
from tourism_grpo.data_contracts.schemas import SOURCE_COLUMNS

if TYPE_CHECKING:
    from pyarrow.csv import InvalidRow

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


def read_csv(path: Path, spec: SourceSpec) -> pa.Table:
    """A CSV file's rows, every column as text; a SourceError naming the line and the fix where it cannot be read."""
    import pyarrow.csv as pacsv

    text = decoded_text(path, spec.encoding, "CSV")
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
        return read_in_blocks(read, lambda: len(text))
    except pa.ArrowInvalid as error:
        raise _csv_error(path, text, error, invalid, delimiter) from None
