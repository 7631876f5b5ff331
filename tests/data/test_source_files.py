"""Files as spreadsheets, exporters and archivers write them: what reads, and what each refusal tells the user."""

from __future__ import annotations

import csv
import gzip
import io
import json
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tourism_grpo.data.source_spec import SourceError, SourceSpec
from tourism_grpo.data.sources import read_raw, select_columns

ROWS = [
    ("Wann öffnet das Museum Ludwig in Köln?", "Dienstag bis Sonntag von 10 bis 18 Uhr."),
    ("Gibt es Parkplätze am Hotel Seeblick?", "Ja, 20 Stellplätze direkt am Haus; 5 € pro Tag."),
]


def _file(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def _csv(rows: list[tuple[str, str]] = ROWS, header: str = "question,answer", delimiter: str = ",") -> str:
    """CSV as Excel writes it: CRLF, fields quoted only where they hold the delimiter, a quote or a line break."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header.split(delimiter))
    writer.writerows(rows)
    return out.getvalue()


def _read(path: Path, **fields: object) -> pa.Table:
    spec = SourceSpec(uri=str(path), **fields)
    return select_columns(read_raw(spec), spec)


def _refusal(path: Path, **fields: object) -> str:
    with pytest.raises(SourceError) as error:
        _read(path, **fields)
    message = str(error.value)
    assert str(path) in message and "\n" not in message, message
    return message


# --- empty input (item 4) -------------------------------------------------------------------------------------------


def _schema_only_parquet(path: Path) -> Path:
    pq.write_table(pa.table({"question": pa.array([], pa.string()), "answer": pa.array([], pa.string())}), path)
    return path


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("header-only.csv", lambda p: _file(p, b"question,answer\r\n")),
        ("schema-only.parquet", _schema_only_parquet),
        ("empty-array.json", lambda p: _file(p, b"[]\n")),
    ],
)
def test_a_source_without_rows_is_refused_naming_the_file(tmp_path: Path, name: str, make) -> None:
    message = _refusal(make(tmp_path / name))
    assert f"{name} holds no rows" in message and "Point the source at a file that holds rows" in message


# --- rows longer than Arrow's read block (item 5) ------------------------------------------------------------------

LONG = "Das Museum ist geöffnet. " * 200_000  # 5 MB: five of Arrow's default 1 MiB blocks


def test_a_json_lines_row_longer_than_a_read_block_is_read(tmp_path: Path) -> None:
    rows = [{"question": q, "answer": a} for q, a in ROWS]
    rows.insert(1, {"question": "Was steht im Aushang?", "answer": LONG})
    path = _file(tmp_path / "long.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode())
    table = _read(path)
    assert table.num_rows == 3 and len(table.column("answer")[1].as_py()) == len(LONG)


def test_a_csv_row_longer_than_a_read_block_is_read(tmp_path: Path) -> None:
    path = _file(tmp_path / "long.csv", _csv([ROWS[0], ("Was steht im Aushang?", LONG), ROWS[1]]).encode())
    table = _read(path)
    assert table.num_rows == 3 and len(table.column("answer")[1].as_py()) == len(LONG)


def test_csv_cells_with_line_breaks_read_in_a_file_of_many_blocks(tmp_path: Path) -> None:
    # Excel quotes a cell holding a line break; a file of several blocks must not be cut inside one
    rows = [(f"Wann öffnet Halle {i}?", f"Montag bis Freitag.\nSamstag bis {i % 12} Uhr.") for i in range(40_000)]
    path = _file(tmp_path / "multiline.csv", _csv(rows).encode())
    assert path.stat().st_size > 2 << 20
    table = _read(path)
    assert table.num_rows == 40_000 and table.column("answer")[7].as_py() == "Montag bis Freitag.\nSamstag bis 7 Uhr."


# --- archives and binary files (item 6) ----------------------------------------------------------------------------


def _zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("faq.csv", _csv())
    return path


def _parquet_bytes() -> bytes:
    sink = io.BytesIO()
    pq.write_table(pa.table({"question": [ROWS[0][0]], "answer": [ROWS[0][1]]}), sink)
    return sink.getvalue()


@pytest.mark.parametrize(
    ("name", "make", "fragments"),
    [
        (
            "faq.csv",
            _zip,
            ["is a zip archive (e.g. an .xlsx workbook or a compressed file), not CSV text: unpack it or export CSV"],
        ),
        (
            "faq.jsonl",
            lambda p: _file(p, gzip.compress(b'{"question": "a", "answer": "b"}\n')),
            ["is a gzip-compressed file, not JSON lines text: unpack it (e.g. gunzip)"],
        ),
        (
            "faq.csv",
            lambda p: _file(p, _parquet_bytes()),
            ["is a Parquet file, not CSV text: name it .parquet or add --set data.source.format=parquet"],
        ),
        (
            "faq.csv",
            lambda p: _file(p, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)),
            ["is an Excel 97-2003 workbook (.xls) or another old Office file, not CSV text", "save it as CSV"],
        ),
        (
            "faq.parquet",
            _zip,
            ["is a zip archive (e.g. an .xlsx workbook or a compressed file), not a Parquet file"],
        ),
        (
            "faq.csv",
            lambda p: _file(p, bytes(range(256)) * 8),
            ["is not text (a binary file?)", "Check the path"],
        ),
    ],
    ids=["zip-as-csv", "gzip-as-jsonl", "parquet-as-csv", "xls-as-csv", "zip-as-parquet", "binary-as-csv"],
)
def test_archives_and_binary_files_are_named_for_what_they_are(
    tmp_path: Path, name: str, make, fragments: list[str]
) -> None:
    message = _refusal(make(tmp_path / name))
    for fragment in fragments:
        assert fragment in message
    assert "UTF-8" not in message and "iconv" not in message


# --- German spreadsheet exports: delimiter and encoding (item 7) ---------------------------------------------------

UTF8_BOM = b"\xef\xbb\xbf"


def test_a_german_excel_csv_reads_its_semicolons_and_byte_order_mark(tmp_path: Path) -> None:
    # "CSV UTF-8 (durch Trennzeichen getrennt)" in a German Excel: BOM, ';' between fields, CRLF
    path = _file(tmp_path / "excel.csv", UTF8_BOM + _csv(delimiter=";", header="question;answer").encode())
    table = _read(path)
    assert table.to_pylist() == [{"question": q, "answer": a} for q, a in ROWS]


def test_semicolons_are_sniffed_from_a_mapped_header_and_a_one_column_reading(tmp_path: Path) -> None:
    path = _file(tmp_path / "mapped.csv", _csv(delimiter=";", header="Frage;Antwort").encode())
    expected = [{"question": q, "answer": a} for q, a in ROWS]
    assert _read(path, columns="question=Frage,answer=Antwort").to_pylist() == expected
    # unmapped, the header is still two names apart only by ';': a one-column reading can never be meant
    message = _refusal(path)
    assert "has no column 'question'" in message and "['Frage', 'Antwort']" in message


def test_an_explicit_delimiter_wins_and_tab_is_spelt_as_written(tmp_path: Path) -> None:
    tabs = _file(tmp_path / "tabs.csv", ("Frage\tAntwort\r\n" + "".join(f"{q}\t{a}\r\n" for q, a in ROWS)).encode())
    table = _read(tabs, delimiter="\\t", columns="question=Frage,answer=Antwort")
    assert table.column("answer").to_pylist() == [a for _, a in ROWS]
    assert SourceSpec(delimiter="tab").delimiter == SourceSpec(delimiter="\\t").delimiter == "\t"
    semicolons = _file(tmp_path / "semicolons.csv", _csv(delimiter=";", header="question;answer").encode())
    message = _refusal(semicolons, delimiter=",")
    assert "line 3 has 2 fields where the header has 1 (split at ',')" in message
    assert "--set data.source.delimiter=';'" in message


def test_a_ragged_row_names_its_line_and_the_delimiter_setting(tmp_path: Path) -> None:
    text = "Frage;Antwort;Quelle\r\nq1;a1;s\r\nq2;a2;s\r\n\r\nBad Tölz?;Ja;s;x\r\n"
    message = _refusal(_file(tmp_path / "ragged.csv", text.encode()), columns="question=Frage,answer=Antwort")
    assert "line 5 has 4 fields where the header has 3" in message, message
    assert "--set data.source.delimiter=" in message


def test_windows_1252_reads_with_the_encoding_setting(tmp_path: Path) -> None:
    # "CSV (Trennzeichen-getrennt)" in a German Excel: Windows-1252, ';', and € as byte 0x80
    path = _file(tmp_path / "ansi.csv", _csv(delimiter=";", header="question;answer").encode("cp1252"))
    message = _refusal(path)
    assert "ansi.csv is not UTF-8 text: byte 0xf6 on line 2" in message
    assert "--set data.source.encoding=cp1252" in message
    table = _read(path, encoding="cp1252")
    assert table.to_pylist() == [{"question": q, "answer": a} for q, a in ROWS]
    assert SourceSpec(encoding="Windows-1252").encoding == "cp1252"


def test_a_wrong_encoding_setting_names_the_encoding_tried(tmp_path: Path) -> None:
    path = _file(tmp_path / "ansi.csv", _csv().encode("cp1252") + b"x\x81,y\r\n")
    message = _refusal(path, encoding="cp1252")
    assert "ansi.csv is not cp1252 text: byte 0x81 on line 4" in message
    assert "data.source.encoding" in message


def test_utf16_with_a_byte_order_mark_reads_as_excel_unicode_text(tmp_path: Path) -> None:
    # Excel's "Unicode-Text": UTF-16 with a BOM, tab-separated
    text = "question\tanswer\r\n" + "".join(f"{q}\t{a}\r\n" for q, a in ROWS)
    path = _file(tmp_path / "unicode.csv", text.encode("utf-16"))
    assert _read(path).to_pylist() == [{"question": q, "answer": a} for q, a in ROWS]


def test_source_spec_refuses_a_bad_delimiter_or_encoding() -> None:
    with pytest.raises(ValueError, match=r"delimiter ';;' must be one character"):
        SourceSpec(delimiter=";;")
    with pytest.raises(ValueError, match=r"Unknown encoding 'utf-9'.*cp1252"):
        SourceSpec(encoding="utf-9")


# --- line numbers as an editor shows them (item 8) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "fragment"),
    [
        (['{"question": "a", "answer": "b"}', "", '{"question": "c", "answer": "d"}', '{"question": '], "line 4"),
        (['{"question": "a", "answer": "b"}', "  ", "[1, 2]"], "line 3 holds an array, not a JSON object"),
        (
            ['{"question": "a", "answer": "b"}', "", '{"question": "c", "answer": 12}'],
            "line 3: 'answer' holds a number where line 1 holds text",
        ),
    ],
    ids=["syntax", "not-an-object", "type-change"],
)
def test_json_lines_errors_count_lines_from_one_blank_ones_included(
    tmp_path: Path, lines: list[str], fragment: str
) -> None:
    path = _file(tmp_path / "broken.jsonl", ("\n".join(lines) + "\n").encode())
    message = _refusal(path)
    assert fragment in message and "row" not in message, message


def test_a_json_lines_error_deep_in_a_large_file_names_its_line(tmp_path: Path) -> None:
    # Arrow numbers rows within each 1 MiB block; the message must not
    lines = [json.dumps({"question": f"Frage {i}?" + "x" * 50, "answer": "Antwort."}) for i in range(50_000)]
    lines[40_000] = '{"question": "Frage?", "answer": '
    path = _file(tmp_path / "large.jsonl", "\n".join(lines).encode())
    assert "line 40001, column 34" in _refusal(path)
