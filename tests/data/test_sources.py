"""Reading every kind of source, mapping columns, and the errors bad input gets."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tourism_grpo.data.normalize import normalise, normalise_text, row_id
from tourism_grpo.data.source_fingerprint import fingerprint
from tourism_grpo.data.source_spec import SourceError, SourceSpec
from tourism_grpo.data.sources import read_raw, select_columns
from tourism_grpo.data.synthetic import generate_qa

ROWS = [
    {
        "Frage": "Wann hat das Museum Ludwig in Köln geöffnet?",
        "Antwort": "Dienstag bis Sonntag von 10 bis 18 Uhr.",
        "Begruendung": "Die Frage betrifft die Öffnungszeiten.",
    },
    {
        "Frage": "Gibt es Parkplätze am Hotel Seeblick?",
        "Antwort": "Ja, 20 Stellplätze direkt am Haus.",
        "Begruendung": "Das Hotel hat einen eigenen Parkplatz.",
    },
]
MAPPING = "question=Frage,answer=Antwort,reasoning=Begruendung"


def _write(path: Path, fmt: str, rows: list[dict[str, str]] = ROWS) -> Path:
    if fmt == "csv":
        import csv

        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    elif fmt == "json":
        path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    elif fmt == "jsonl":
        path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    elif fmt == "parquet":
        pq.write_table(pa.Table.from_pylist(rows), path)
    return path


def _file(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def _canonical(spec: SourceSpec) -> pa.Table:
    table, _ = normalise(select_columns(read_raw(spec), spec), spec.kind, spec.label())
    return table


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "parquet"])
def test_every_file_format_reads_to_the_same_table(tmp_path: Path, fmt: str) -> None:
    path = _write(tmp_path / f"faq.{fmt}", fmt)
    table = _canonical(SourceSpec(uri=str(path), kind="cot", columns=MAPPING))
    assert table.column_names == ["id", "question", "answer", "source", "reasoning"]
    assert table.column("question").to_pylist() == [r["Frage"] for r in ROWS]
    assert table.column("source").to_pylist() == [f"faq.{fmt}"] * 2


def test_datasets_folder_and_hub_loader_read_offline(tmp_path: Path) -> None:
    import datasets

    dataset = datasets.Dataset.from_list(ROWS)
    dataset.save_to_disk(str(tmp_path / "saved"))
    # a folder laid out like a Hub dataset repo goes through load_dataset, the Hub code path
    (tmp_path / "repo" / "data").mkdir(parents=True)
    dataset.to_parquet(str(tmp_path / "repo" / "data" / "train-00000-of-00001.parquet"))
    expected = _canonical(SourceSpec(uri=str(_write(tmp_path / "f.jsonl", "jsonl")), columns=MAPPING))
    for spec in (
        SourceSpec(uri=str(tmp_path / "saved"), columns=MAPPING),
        SourceSpec(uri=f"hub:{tmp_path / 'repo'}", columns=MAPPING, split="train"),
    ):
        table = _canonical(spec)
        assert table.column("id").to_pylist() == expected.column("id").to_pylist()
    datasets.DatasetDict({"train": dataset}).save_to_disk(str(tmp_path / "saved_dict"))
    with pytest.raises(SourceError, match=r"no split 'test'.*splits are \['train'\]"):
        read_raw(SourceSpec(uri=str(tmp_path / "saved_dict"), split="test"))


def test_normalisation_nfc_whitespace_ids_and_duplicates(tmp_path: Path) -> None:
    rows = [
        {"question": "Wo parke ich in Mu\u0308nchen?", "answer": "  Im\u00a0Parkhaus   am Stachus. "},
        {"question": "Wo parke ich in München?", "answer": "Im Parkhaus am Stachus."},
        {"question": "Wo parke ich in Füssen?", "answer": "Am Festspielhaus."},
    ]
    table = _canonical(SourceSpec(uri=str(_write(tmp_path / "f.jsonl", "jsonl", rows))))
    assert table.column("question").to_pylist() == ["Wo parke ich in München?", "Wo parke ich in Füssen?"]
    assert table.column("answer").to_pylist()[0] == "Im Parkhaus am Stachus."
    _, report = normalise(select_columns(read_raw(SourceSpec(uri=str(tmp_path / "f.jsonl"))), SourceSpec()), "qa", "x")
    assert (report.rows_in, report.rows_out, report.duplicates_dropped) == (3, 2, 1)
    # ids are stable: the same rows in another file and order get the same ids
    again = _canonical(SourceSpec(uri=str(_write(tmp_path / "g.csv", "csv", rows[::-1]))))
    assert sorted(again.column("id").to_pylist()) == sorted(table.column("id").to_pylist())


def test_column_ids_are_row_ids_and_duplicates_keep_their_first_row() -> None:
    """The vectorised ids equal `row_id` row by row; each repeated pair keeps its first position, order intact."""
    rows = generate_qa(200, seed=5)
    # repeats of rows 3 and 7 placed later, plus a null answer twice (hashed as "")
    extra = [rows[7], rows[3], rows[7], {"question": "Gibt es WLAN?", "answer": None}]
    extra.append(dict(extra[-1]))
    questions = [r["question"] for r in rows + extra]
    answers = [r["answer"] for r in rows + extra]
    table, report = normalise(pa.table({"question": questions, "answer": answers}), "qa", "x")
    expected_ids = list(dict.fromkeys(row_id(q, a) for q, a in zip(questions, answers, strict=True)))
    assert table.column("id").to_pylist() == expected_ids
    assert (report.rows_in, report.rows_out, report.duplicates_dropped) == (205, 201, 4)
    assert table.column("question").to_pylist()[:200] == questions[:200]


def test_rewriting_only_untidy_rows_equals_normalising_every_row() -> None:
    """Clean rows are passed through untouched; the result is what NFC + collapse + trim of every row gives."""
    import unicodedata

    clean = [r["answer"] for r in generate_qa(300, seed=3)]
    dirty = [
        "Mu\u0308nchen im Ma\u0308rz",  # decomposed umlauts
        "  zwei  Leerzeichen ",
        "Tab\tund\nZeile",
        "No-break\u00a0space\u202fund\u3000ideographic",
        "\u2003",
        "Vertical\x0btab",
        "\x1cInfo-Separator und NEL\x85",  # stripped at the ends by utf8_trim_whitespace
        # what NFC changes beyond Latin marks: Hangul jamo compose, singletons (Ohm sign, a CJK compatibility
        # ideograph) are replaced, marks are reordered by combining class, a trailing non-mark part composes (Kannada)
        "\u1100\u1161\u11a8 Seoul",
        "100 \u2126 und \uf900",
        "q\u0307\u0323",
        "\u0cbf\u0cd5",
        # control characters go; the separators among them (\x1c-\x1f, NEL) are whitespace, as Python has them
        "Frage\x00",
        "Klingel\x07 und Escape\x1b[0m, DEL\x7f, C1\x80\x9b\x9f",
        "Info\x1dSeparator und NEL\x85mitten \x00 im Text",
        "Mu\x00\u0308nchen",  # composes once the NUL between letter and mark is gone
        None,
    ]
    column = pa.chunked_array([pa.array(clean[:150] + dirty + clean[150:], pa.string())])
    spaces = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
    controls = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")  # Cc less what Python calls whitespace

    def one_by_one(text: str | None) -> str | None:
        if text is None:
            return None
        return spaces.sub(" ", unicodedata.normalize("NFC", controls.sub("", text))).strip()

    expected = [one_by_one(text) for text in column.to_pylist()]
    assert normalise_text(column).to_pylist() == expected
    assert normalise_text(pa.chunked_array([pa.array(clean)])).to_pylist() == clean


def test_control_characters_are_removed_at_ingest_and_counted(tmp_path: Path) -> None:
    """NUL and other C0/C1 controls never reach the table; the report counts the rows and characters removed."""
    path = _file(
        tmp_path / "null_bytes.csv",
        "question,answer\nWann öffnet der Zoo?\x00,Um 9 Uhr.\n"
        "Gibt es WLAN?\x00\x00,Ja\x07 im Foyer.\nWo parke ich?,Am Bahnhof.\n".encode(),
    )
    spec = SourceSpec(uri=str(path))
    table, report = normalise(select_columns(read_raw(spec), spec), "qa", "null_bytes.csv")
    assert table.column("question").to_pylist() == ["Wann öffnet der Zoo?", "Gibt es WLAN?", "Wo parke ich?"]
    assert table.column("answer").to_pylist() == ["Um 9 Uhr.", "Ja im Foyer.", "Am Bahnhof."]
    assert (report.control_rows, report.control_characters) == (2, 4)
    # the same row without the controls is the same row: one id, so a duplicate
    clean = pa.table({"question": ["Wann öffnet der Zoo?"], "answer": ["Um 9 Uhr."]})
    assert normalise(clean, "qa", "x")[0].column("id")[0] == table.column("id")[0]


def test_json_lines_with_a_byte_order_mark_read_like_without(tmp_path: Path) -> None:
    plain = _write(tmp_path / "plain.jsonl", "jsonl")
    marked = _file(tmp_path / "marked.jsonl", b"\xef\xbb\xbf" + plain.read_bytes())
    assert read_raw(SourceSpec(uri=str(marked))).equals(read_raw(SourceSpec(uri=str(plain))))


def test_fingerprint_is_hashed_once_while_the_file_is_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from tourism_grpo.data import source_fingerprint

    monkeypatch.setattr(source_fingerprint, "_SETTLED_SECONDS", 0.0)  # no waiting for the file to count as settled
    path = _write(tmp_path / "f.jsonl", "jsonl")
    spec = SourceSpec(uri=str(path))
    before = fingerprint(spec)
    hits = source_fingerprint._sha256_of.cache_info().hits
    assert fingerprint(spec) == before
    assert source_fingerprint._sha256_of.cache_info().hits == hits + 1
    # same size, modification time put back (as `rsync -t` or `touch -r` would): the change time still moved
    stat = path.stat()
    path.write_bytes(path.read_bytes().replace(b"Museum", b"Muzeum"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    assert fingerprint(spec) != before


def test_fingerprint_follows_content(tmp_path: Path) -> None:
    path = _write(tmp_path / "f.jsonl", "jsonl")
    before = fingerprint(SourceSpec(uri=str(path)))
    assert fingerprint(SourceSpec(uri=str(path))) == before
    _write(path, "jsonl", ROWS[:1])
    assert fingerprint(SourceSpec(uri=str(path))) != before


def test_a_synthetic_source_is_another_when_a_template_of_the_generator_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from tourism_grpo.data import synthetic

    copy = tmp_path / "synthetic"
    shutil.copytree(Path(synthetic.__file__).parent, copy)
    monkeypatch.setattr(synthetic, "__file__", str(copy / "__init__.py"))
    spec = SourceSpec(uri="synthetic:qa?rows=50&seed=1")
    before = fingerprint(spec)
    assert fingerprint(SourceSpec(uri="synthetic:qa?rows=50&seed=2")) != before
    template = next((copy / "templates").glob("*.yaml"))
    template.write_text(template.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert fingerprint(spec) != before


@pytest.mark.parametrize(
    ("make", "mapping", "message"),
    [
        (lambda d: d / "missing.jsonl", "", r"missing\.jsonl does not exist"),
        (
            lambda d: _write(d / "f.jsonl", "jsonl"),
            "question=Question,answer=Antwort",
            r"Column 'Question' \(mapped to 'question'\) is not in .*f\.jsonl.*Fix the mapping",
        ),
        (lambda d: _write(d / "f.jsonl", "jsonl"), "", r"has no column 'question'.*Map one"),
        (lambda d: _write(d / "fake.parquet", "csv"), "", r"fake\.parquet is not a Parquet file"),
        (lambda d: _file(d / "empty.csv", b""), "", r"empty\.csv is empty"),
        (
            lambda d: _file(d / "latin1.csv", "question,answer\nMüll?,Ja\n".encode("latin-1")),
            "",
            r"latin1\.csv is not UTF-8 text: byte 0xfc on line 2.*--set data\.source\.encoding=cp1252",
        ),
        (
            lambda d: _file(d / "broken.json", b'[{"question": "a",'),
            "",
            r"broken\.json is not valid JSON \(line 1",
        ),
        (
            lambda d: _file(d / "latin1.jsonl", b'{"question": "Gr\xfc\xdfe?", "answer": "Ja"}\n'),
            "",
            r"latin1\.jsonl is not UTF-8 text: byte 0xfc on line 1.*--set data\.source\.encoding=cp1252",
        ),
        (
            lambda d: _file(d / "key.jsonl", b'{"question": "a", "answer": "b", "meta": {"k\xe9y": "v"}}\n'),
            "",
            r"key\.jsonl is not UTF-8 text: byte 0xe9 on line 1",
        ),
        (lambda d: _file(d / "blank.jsonl", b"\n  \n"), "", r"blank\.jsonl is empty"),
        (
            lambda d: _file(d / "broken.jsonl", b'{"question": "a", "answer": "b"}\n{"question": \n'),
            "",
            r"broken\.jsonl is not valid JSON lines",
        ),
        (lambda d: _file(d / "notes.txt", b"x"), "", r"Cannot tell the format of .*notes\.txt"),
        (
            lambda d: _write(d / "typed.parquet", "parquet", [{"question": "Preis?", "answer": 12}]),
            "",
            r"Column 'answer' of .*typed\.parquet holds int64 values",
        ),
    ],
    ids=[
        "missing-file",
        "unknown-mapped-column",
        "missing-column",
        "not-parquet",
        "empty",
        "not-utf8",
        "broken-json",
        "not-utf8-jsonl",
        "not-utf8-nested-key",
        "blank-jsonl",
        "broken-jsonl",
        "unknown-extension",
        "wrong-type",
    ],
)
def test_bad_sources_name_the_file_and_the_fix(tmp_path: Path, make, mapping: str, message: str) -> None:
    path = make(tmp_path)
    with pytest.raises(SourceError, match=message):
        spec = SourceSpec(uri=str(path), columns=mapping)
        select_columns(read_raw(spec), spec)


def test_mapping_string_is_validated() -> None:
    assert SourceSpec(columns="question=Frage, answer=Antwort").columns == {
        "question": "Frage",
        "answer": "Antwort",
    }
    with pytest.raises(ValueError, match="not canonical=source_column"):
        SourceSpec(columns="question")
    with pytest.raises(ValueError, match="canonical columns are"):
        SourceSpec(columns="frage=Frage")
