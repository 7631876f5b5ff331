"""A stop-word test of whether a text is German: cheap, offline, and good enough to catch English rows."""

from __future__ import annotations

from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

_PUNCTUATION = ".,;:!?\"'()[]{}…–—-/«»„“”‚‘’"


@cache
def _stop_words() -> tuple[pa.Array, pa.Array]:
    from stop_words import get_stop_words

    german, english = set(get_stop_words("german")), set(get_stop_words("english"))
    # words in both lists ("in", "was", "will", ...) say nothing about the language
    shared = german & english
    return pa.array(sorted(german - shared)), pa.array(sorted(english - shared))


def looks_german(texts: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """Per text: more German than English stop words; a null text, or one with neither, is not German."""
    german, english = _stop_words()
    # splitting on whitespace and trimming punctuation is ~2x faster than splitting on a regex of non-letters
    words = pc.utf8_split_whitespace(pc.utf8_lower(texts))
    if isinstance(words, pa.ChunkedArray):
        words = words.combine_chunks()
    flat = pc.utf8_trim(pc.list_flatten(words), characters=_PUNCTUATION)
    rows = pc.list_parent_indices(words).to_numpy()
    size = len(texts)
    german_hits = np.bincount(rows, weights=pc.is_in(flat, german).to_numpy(zero_copy_only=False), minlength=size)
    english_hits = np.bincount(rows, weights=pc.is_in(flat, english).to_numpy(zero_copy_only=False), minlength=size)
    return german_hits > english_hits
