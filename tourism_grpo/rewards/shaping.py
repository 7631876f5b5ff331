"""Shaping against reward hacking: repetition, termination and length penalties, and question relevance."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any

from tourism_grpo.rewards.text import R1_FORMAT, AnswerFormat, Completion, answers_of, prompt_text, words

# "Frankfurt am Main" is mostly said "Frankfurt": a place name's short form ends before such a word.
_SHORT_FORM = re.compile(r"\s+(?:am|an|im|in|ob)\s+")
# A venue: a VENUE_KINDS word, then up to three capitalised words ("Gasthof Zur Linde").
_VENUE_NAME = r"[A-ZÄÖÜ][\w'’-]*(?:\s+[A-ZÄÖÜ][\w'’-]*){0,2}"


def repetition_penalty(
    prompts: Sequence[Any],
    completions: Sequence[Completion],
    completion_ids: Sequence[Sequence[int]] | None = None,
    *,
    ngram_size: int = 3,
    max_penalty: float = -1.0,
    answer_format: AnswerFormat = R1_FORMAT,
    **kwargs: Any,
) -> list[float]:
    """Share of repeated word n-grams in the answer times `max_penalty` (open-r1's repetition penalty)."""
    penalties = []
    for answer in answers_of(completions, answer_format):
        tokens = words(answer)
        ngrams = list(zip(*(tokens[i:] for i in range(ngram_size)), strict=False))
        penalties.append((1 - len(set(ngrams)) / len(ngrams)) * max_penalty if ngrams else 0.0)
    return penalties


def termination_penalty(
    prompts: Sequence[Any],
    completions: Sequence[Completion],
    completion_ids: Sequence[Sequence[int]] | None = None,
    *,
    eos_token_ids: Sequence[int] = (),
    max_completion_length: int | None = None,
    **kwargs: Any,
) -> list[float | None]:
    """-1.0 for a completion that never emitted end of sequence, 0.0 otherwise; None without token ids."""
    if not eos_token_ids and max_completion_length is None:
        raise ValueError("termination_penalty needs eos_token_ids or max_completion_length")
    if completion_ids is None:
        return [None] * len(completions)
    # TRL cuts each completion after its first EOS and keeps that token, so a finished one ends with it;
    # without EOS ids, only a completion that used up the budget counts as unfinished.
    penalties: list[float | None] = []
    for ids in completion_ids:
        finished = (bool(ids) and ids[-1] in eos_token_ids) if eos_token_ids else len(ids) < max_completion_length
        penalties.append(0.0 if finished else -1.0)
    return penalties


def length_penalty(
    prompts: Sequence[Any],
    completions: Sequence[Completion],
    completion_ids: Sequence[Sequence[int]] | None = None,
    *,
    answer: Sequence[str | None],
    max_ratio: float = 2.0,
    min_ratio: float = 0.0,
    answer_format: AnswerFormat = R1_FORMAT,
    **kwargs: Any,
) -> list[float | None]:
    """0.0 from `min_ratio` to `max_ratio` times the reference's words, falling linearly to -1.0 at no words and at
    twice `max_ratio`."""
    penalties: list[float | None] = []
    for text, reference in zip(answers_of(completions, answer_format), answer, strict=True):
        if reference is None:
            penalties.append(None)
            continue
        ratio = len(words(text)) / max(1, len(words(reference)))
        # a model rewarded for ending learns to end early: a floor keeps its answers as informative as a reference
        too_short = 1 - ratio / min_ratio if ratio < min_ratio else 0.0
        penalties.append(-min(1.0, max(too_short, ratio / max_ratio - 1, 0.0)))
    return penalties


def _short_form(place: str) -> str:
    """The everyday name of a place ("Frankfurt" for "Frankfurt am Main")."""
    return _SHORT_FORM.split(place, maxsplit=1)[0]


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Place and venue patterns over the gazetteer, longest names first so none shadows a longer one."""
    from tourism_grpo.data.gazetteer import PLACES, VENUE_KINDS

    names = sorted({*PLACES, *map(_short_form, PLACES)}, key=len, reverse=True)
    places = re.compile(rf"(?<!\w)({'|'.join(map(re.escape, names))})s?(?!\w)")
    venues = re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, VENUE_KINDS))})\s+({_VENUE_NAME})")
    return places, venues


@lru_cache(maxsize=65536)
def named_in(question: str) -> frozenset[str]:
    """Places (short form) and venue names (without their kind) a question names."""
    places, venues = _patterns()
    return frozenset({_short_form(m) for m in places.findall(question)} | set(venues.findall(question)))


def _names(answer: str, name: str) -> bool:
    """Whether an answer names a place or venue, in any case, genitive included."""
    return re.search(rf"(?<!\w){re.escape(name)}s?(?!\w)", answer, re.IGNORECASE) is not None


def relevance(
    prompts: Sequence[Any],
    completions: Sequence[Completion],
    completion_ids: Sequence[Sequence[int]] | None = None,
    *,
    question: Sequence[str | None] | None = None,
    answer_format: AnswerFormat = R1_FORMAT,
    **kwargs: Any,
) -> list[float | None]:
    """Share of the places and venues named in the question that the answer names too; None if it names none."""
    questions = question if question is not None else [None] * len(prompts)
    scores: list[float | None] = []
    for prompt, asked, answer in zip(prompts, questions, answers_of(completions, answer_format), strict=True):
        names = named_in(asked if asked is not None else prompt_text(prompt))
        scores.append(sum(_names(answer, n) for n in names) / len(names) if names else None)
    return scores
