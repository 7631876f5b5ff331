"""The synthetic generator's exact output, pinned: rows, and the ids and splits the data layer derives from them.

These hashes were taken from the generator before its templates moved into data files; any change to a template,
a slot or a draw changes them. A deliberate change to the generated text must update them (and the bundled samples).
"""

from __future__ import annotations

import hashlib
import json

import pytest

from tourism_grpo.data.normalize import normalise
from tourism_grpo.data.source_spec import SourceSpec
from tourism_grpo.data.sources import read_raw, select_columns
from tourism_grpo.data.subset import split_subsets
from tourism_grpo.data.synthetic import generate_cot, generate_qa

# 12,000 QA rows (and, apart, 4,000 CoT rows) draw every question, answer core and detail of all 33 intents.
ROWS = {
    ("qa", 12_000, 0): "94ec39bc86c816da1f9fccdba7905c5801c34ccf1101debc7afe019046856ade",
    ("qa", 2_000, 7): "962cbe87c0a9e6b1d483fb60ea9577abd44b614af93824677270d563231bb80b",
    ("cot", 4_000, 1): "bfd72c5f6f198dafabc92a4bd2b20b4888b24d9c5c5620fc6a686afd23a58ef5",
    ("cot", 1_000, 23): "c6c90ffaf95a605070973e726fb3d60006e92958d8e9bcb4b1f5ff7743298d4f",
}
# Through the sources layer: the normalised table (ids included) and the ids of each split drawn from it.
SOURCES = {
    "synthetic:qa?rows=3000&seed=3": (
        "068ae3bc635949ca448c04ed3710b7d2dc2c0acaaee91ea58160fbf06885bfec",
        "eb0e4ae8b14878a69d1a0581fbecccd2c0a2824e626ab82c0fa0a2d403d79688",
    ),
    "synthetic:cot?rows=1500&seed=5": (
        "345ede9fdc38d0f4ecbd146b0575ff942923f755c7a94218219557a600a2e3b6",
        "1caa01118fec2b9b91a7609c73277537add4237203e1dba6b777e6df8eb0047b",
    ),
}


def _sha256(value: object) -> str:
    """The sha256 of a value as JSON: key order kept, non-ASCII as is, so any change to a row shows."""
    return hashlib.sha256(json.dumps(value, ensure_ascii=False).encode("utf-8")).hexdigest()


@pytest.mark.parametrize(("kind", "rows", "seed"), list(ROWS))
def test_generated_rows_are_pinned(kind: str, rows: int, seed: int) -> None:
    generate = generate_qa if kind == "qa" else generate_cot
    assert _sha256(generate(rows, seed)) == ROWS[kind, rows, seed]


@pytest.mark.parametrize("uri", list(SOURCES))
def test_ids_and_splits_of_a_synthetic_source_are_pinned(uri: str) -> None:
    spec = SourceSpec(uri=uri, kind="cot" if ":cot" in uri else "qa")
    table, _ = normalise(select_columns(read_raw(spec), spec), spec.kind, spec.label())
    splits = split_subsets(table, 800, 200, seed=42, where=uri, validation_size=100)
    ids = {name: split.column("id").to_pylist() for name, split in splits._asdict().items()}
    assert (_sha256(table.to_pylist()), _sha256(ids)) == SOURCES[uri]
