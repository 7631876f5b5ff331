"""The gsm8k family of generic rewards (tag count, soft/strict format, correctness, int), in our output format.

The gsm8k originals pay 0.5 (2.0 for correctness); these pay 1.0 and a preset's weights set the scale.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from tourism_grpo.rewards.text import (
    ANSWER_SEPARATOR,
    R1_FORMAT,
    THINK_CLOSE,
    THINK_OPEN,
    AnswerFormat,
    Completion,
    answers_of,
    completion_text,
    extract_answer,
    is_well_formed,
)

_INTEGER = re.compile(r"[+-]?\d+")
_TRAILING_PUNCTUATION = ".!?;:"


def tag_count(
    prompts: Sequence[Any],
    completions: Sequence[Completion],
    completion_ids: Sequence[Sequence[int]] | None = None,
    **kwargs: Any,
) -> list[float]:
    """gsm8k's xmlcount: a quarter for each piece of the format in place, so partial formats earn partial credit."""
    scores = []
    for completion in completions:
        text = completion_text(completion)
        pieces = (
            THINK_OPEN not in text,  # the template prefilled it; writing it again means the model lost its place
            text.count(THINK_CLOSE) == 1,
            text.count(ANSWER_SEPARATOR) == 1,
            bool(extract_answer(text)),
        )
        scores.append(sum(pieces) / len(pieces))
    return scores


def soft_format(
    prompts: Sequence[Any],
    completions: Sequence[Completion],
    completion_ids: Sequence[Sequence[int]] | None = None,
    **kwargs: Any,
) -> list[float]:
    """1.0 when the reasoning is closed and an answer follows, however they are spaced."""
    return [float(bool(answer)) for answer in answers_of(completions)]


def strict_format(
    prompts: Sequence[Any],
    completions: Sequence[Completion],
    completion_ids: Sequence[Sequence[int]] | None = None,
    **kwargs: Any,
) -> list[float]:
    """1.0 for exactly `{reasoning}\\n</think>\\n\\n{answer}` with both parts non-empty."""
    return [float(is_well_formed(completion_text(c))) for c in completions]


def _normalise(text: str) -> str:
    """Case, inner whitespace and closing punctuation do not decide correctness."""
    return " ".join(text.casefold().split()).rstrip(_TRAILING_PUNCTUATION).strip()


def _against_references(
    completions: Sequence[Completion],
    references: Sequence[str | None],
    answer_format: AnswerFormat,
    score: Callable[[str, str], float | None],
) -> list[float | None]:
    """`score(answer, reference)` of each completion's answer; None for a row without a reference."""
    return [
        None if reference is None else score(text, reference)
        for text, reference in zip(answers_of(completions, answer_format), references, strict=True)
    ]


def correctness(
    prompts: Sequence[Any],
    completions: Sequence[Completion],
    completion_ids: Sequence[Sequence[int]] | None = None,
    *,
    answer: Sequence[str | None],
    answer_format: AnswerFormat = R1_FORMAT,
    **kwargs: Any,
) -> list[float | None]:
    """gsm8k's exact match: 1.0 when the normalised answer equals the normalised reference."""
    return _against_references(
        completions, answer, answer_format, lambda text, reference: float(_normalise(text) == _normalise(reference))
    )


def int_answer(
    prompts: Sequence[Any],
    completions: Sequence[Completion],
    completion_ids: Sequence[Sequence[int]] | None = None,
    *,
    answer: Sequence[str | None],
    answer_format: AnswerFormat = R1_FORMAT,
    **kwargs: Any,
) -> list[float | None]:
    """gsm8k's int reward: 1.0 when the answer is a whole number; None unless the reference is one too."""

    def whole_number(text: str, reference: str) -> float | None:
        # On gsm8k every reference is a number; on tourism QA paying for bare numbers everywhere would teach the
        # model to drop its sentences, so rows with a worded reference are skipped.
        if not _INTEGER.fullmatch(_normalise(reference)):
            return None
        return float(bool(_INTEGER.fullmatch(_normalise(text))))

    return _against_references(completions, answer, answer_format, whole_number)
