"""A stop-word test of whether a text is German: cheap, offline, and good enough to catch English rows."""

from __future__ import annotations

from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

_PUNCTUATION = ".,;:!?\"'()[]{}…–—-/«»„“”‚‘’"


@cache
def _stop_words(letters_only: bool = False) -> tuple[pa.Array, pa.Array]:
    from stop_words import get_stop_words

    german, english = set(get_stop_words("german")), set(get_stop_words("english"))
    # words in both lists ("in", "was", "will", ...) say nothing about the language
    shared = german & english
    german, english = german - shared, english - shared
    if letters_only:  # the English list holds "10" and "39": a time of day is no English
        german, english = ({w for w in words if any(c.isalpha() for c in w)} for words in (german, english))
    return pa.array(sorted(german)), pa.array(sorted(english))


def looks_german(texts: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """Per text: more German than English stop words; a null text, or one with neither, is not German."""
    german_hits, english_hits = stop_word_hits(texts)
    return german_hits > english_hits


def not_german(texts: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """Per text: more English than German stop words, or most letters outside the Latin script.

    The stricter test of the two, for model answers: a text with neither kind of stop word ("Ab 10 Uhr.", a list of
    names) is not called foreign, and numbers are no English words here. A null text, or one without letters, is not
    German-or-not at all and counts as False: emptiness is a format failure, measured elsewhere.
    """
    german_hits, english_hits = stop_word_hits(texts, letters_only=True)
    letters = pc.fill_null(pc.count_substring_regex(texts, r"\pL"), 0).to_numpy(zero_copy_only=False)
    latin = pc.fill_null(pc.count_substring_regex(texts, r"\p{Latin}"), 0).to_numpy(zero_copy_only=False)
    return (english_hits > german_hits) | (latin * 2 < letters)


def stop_word_hits(texts: pa.ChunkedArray | pa.Array, letters_only: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Per text, the number of German and of English stop words (words in both lists left out)."""
    german, english = _stop_words(letters_only)
    # splitting on whitespace and trimming punctuation is ~2x faster than splitting on a regex of non-letters
    words = pc.utf8_split_whitespace(pc.utf8_lower(texts))
    if isinstance(words, pa.ChunkedArray):
        words = words.combine_chunks()
    flat = pc.utf8_trim(pc.list_flatten(words), characters=_PUNCTUATION)
    rows = pc.list_parent_indices(words).to_numpy()
    size = len(texts)
    german_hits = np.bincount(rows, weights=pc.is_in(flat, german).to_numpy(zero_copy_only=False), minlength=size)
    english_hits = np.bincount(rows, weights=pc.is_in(flat, english).to_numpy(zero_copy_only=False), minlength=size)
    return german_hits, english_hits
