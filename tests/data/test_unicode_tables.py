"""The stored class of code points that NFC can change is the one this interpreter's Unicode tables give."""

from __future__ import annotations

import unicodedata

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from tourism_grpo.data.unicode_tables import NFC_UNSAFE, UNIDATA_VERSION, as_class, nfc_unsafe, nfc_unsafe_code_points


@pytest.mark.skipif(unicodedata.unidata_version != UNIDATA_VERSION, reason="nfc_unsafe() computes the class here")
def test_stored_class_is_the_generated_one() -> None:
    assert as_class(nfc_unsafe_code_points()) == NFC_UNSAFE, "regenerate: python -m tourism_grpo.data.unicode_tables"


def test_text_without_an_unsafe_code_point_is_nfc() -> None:
    """Every code point outside the class, between two letters, is NFC as it stands, for Python and for Arrow."""
    unsafe = set(nfc_unsafe_code_points())
    safe = [chr(p) for p in range(0x30000) if p not in unsafe and not 0xD800 <= p <= 0xDFFF]
    assert all(unicodedata.is_normalized("NFC", "a" + char + "b") for char in safe)
    # ingest rewrites with Arrow's normaliser, whose Unicode may be newer than Python's: it too leaves them alone
    texts = pa.array(["a" + char + "b" for char in safe])
    assert pc.all(pc.equal(pc.utf8_normalize(texts, form="NFC"), texts)).as_py()
    # and Arrow's RE2 reads the class as Python wrote it: it matches each unsafe code point and no safe one
    matches = pc.match_substring_regex(pa.array([chr(p) for p in sorted(unsafe)] + safe), nfc_unsafe())
    assert matches.to_pylist() == [True] * len(unsafe) + [False] * len(safe)
