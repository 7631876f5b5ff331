"""Completion text and where its answer is: the R1 format `{reasoning}\\n</think>\\n\\n{answer}` of chat framing, or
the whole completion, cut at a stop string, of plain framing."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

THINK_OPEN = "<think>"
THINK_CLOSE = "</think>"
# DeepSeek-R1-Distill's template ends the generation prompt with this, so completions start inside the
# reasoning and never contain THINK_OPEN; the tiny model's template prefills the same way.
GENERATION_PREFILL = f"{THINK_OPEN}\n"
ANSWER_SEPARATOR = f"\n{THINK_CLOSE}\n\n"
# Keys under which transformers' response parsers put a split-off reasoning part.
_REASONING_KEYS = ("reasoning_content", "thinking")

_WORD = re.compile(r"\w+")

Completion = str | Sequence[Mapping[str, Any]]


def format_completion(reasoning: str, answer: str) -> str:
    """Render reasoning and answer the way the model is meant to write them after the prefill."""
    return f"{reasoning.strip()}{ANSWER_SEPARATOR}{answer.strip()}"


def is_well_formed(text: str) -> bool:
    """Non-empty reasoning, the separator once, a non-empty answer after it, and no other think tag."""
    reasoning, sep, answer = text.partition(ANSWER_SEPARATOR)
    return (
        bool(sep and reasoning.strip() and answer.strip()) and THINK_OPEN not in text and text.count(THINK_CLOSE) == 1
    )


def completion_text(completion: Completion) -> str:
    """Text of a plain-text completion or of the assistant messages of a conversational one."""
    if isinstance(completion, str):
        return completion
    parts = []
    for message in completion:
        if message.get("role", "assistant") != "assistant":
            continue
        content = message.get("content") or ""
        reasoning = next((message[k] for k in _REASONING_KEYS if message.get(k) is not None), None)
        # A parser that split the reasoning off must not make the completion look unformatted.
        parts.append(content if reasoning is None else format_completion(reasoning, content))
    return "\n".join(parts)


def extract_answer(text: str) -> str:
    """The answer part of a completion: what follows the last `</think>`, or "" while reasoning never closed."""
    # With `<think>` prefilled, text without a closing tag is unfinished reasoning, not an answer (TRL's
    # response parser would call it content; scoring it would pay for rambling that never concludes).
    _, sep, answer = text.rpartition(THINK_CLOSE)
    return answer.strip() if sep else ""


@dataclass(frozen=True)
class AnswerFormat:
    """Where a completion's answer is, the one thing every reward and metric that reads answers needs to know.

    `r1`: after `</think>` (the chat template prefilled `<think>`). Otherwise the completion is the answer, cut before
    `stop`: a base model that does not end goes on with a new question, which is no part of its answer. Reaching
    `stop` does not end a completion; only an EOS id does (rewards and metrics read that from the token ids).
    """

    r1: bool = True
    stop: str | None = None

    def answer(self, text: str) -> str:
        """The answer part of a completion's text."""
        if self.r1:
            return extract_answer(text)
        return (text.split(self.stop, 1)[0] if self.stop else text).strip()

    def well_formed(self, text: str) -> bool:
        """Format compliance: the R1 format exactly (strict_format's test), or a non-empty answer."""
        return is_well_formed(text) if self.r1 else bool(self.answer(text))


R1_FORMAT = AnswerFormat()


def prompt_text(prompt: str | Sequence[Mapping[str, Any]]) -> str:
    """The question a prompt asks: the plain prompt, or the content of its last user message."""
    if isinstance(prompt, str):
        return prompt
    users = [m.get("content") or "" for m in prompt if m.get("role") == "user"]
    return users[-1] if users else ""


def answers_of(completions: Sequence[Completion], answer_format: AnswerFormat = R1_FORMAT) -> list[str]:
    """The answer part of every completion of a call."""
    return [answer_format.answer(completion_text(c)) for c in completions]


def words(text: str) -> list[str]:
    """Lower-cased word tokens, punctuation dropped, the unit of the length and repetition rewards."""
    return _WORD.findall(text.lower())
