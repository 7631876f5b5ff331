"""What the CSV and JSON readers share: a file checked to be text (not another format) and decoded, Arrow's blocks."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa

from tourism_grpo.data.source_spec import SourceError

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


def refuse_other_format(path: Path, head: bytes, noun: str, wanted: str) -> None:
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


def decoded_text(path: Path, encoding: str, noun: str) -> bytes:
    """The file's text as UTF-8 bytes without a byte-order mark, decoded from the encoding its mark or the source names.

    `noun` is what the format calls its text ("CSV", "JSON lines") for the messages.
    """
    raw = path.read_bytes()
    refuse_other_format(path, raw, noun, f"{noun} text")
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


def read_in_blocks(read: Callable[[int], pa.Table], longest_row: Callable[[], int]) -> pa.Table:
    """`read(block_size)`, once more with blocks that hold the longest row if a row is longer than a block."""
    try:
        return read(_BLOCK_SIZE)
    except pa.ArrowInvalid as error:
        if "straddl" not in str(error):
            raise
    # Arrow holds the block size in an int32
    return read(min(max(_BLOCK_SIZE, longest_row() + 1), 2**31 - 1))
