"""Sentiment match: 1.0 when a completion's answer has the sentiment of its row's reference answer."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any, Protocol

from tourism_grpo.rewards import lexicon_de
from tourism_grpo.rewards.text import R1_FORMAT, AnswerFormat, Completion, answers_of, words

# german-sentiment-bert's labels; every scorer speaks these.
LABELS: tuple[str, ...] = ("positive", "negative", "neutral")
DEFAULT_SENTIMENT_MODEL = "oliverguhr/german-sentiment-bert"
LEXICON = "lexicon"
# Words a negator reaches forward ("nicht besonders schön").
_NEGATION_WINDOW = 3


class SentimentScorer(Protocol):
    """Labels texts with one of LABELS each."""

    def __call__(self, texts: Sequence[str]) -> list[str]:
        """One label per text, in order."""
        ...


# Words repeat across texts far more than they vary: trying each suffix once per distinct word, not per token,
# makes the scorer several times faster. Bounded, since generated completions can invent words without end.
@lru_cache(maxsize=1 << 16)
def _polarity(word: str) -> int:
    """+1, -1 or 0 for a lower-case word, trying its uninflected forms."""
    candidates = [word, *(word[: -len(s)] for s in lexicon_de.SUFFIXES if word.endswith(s) and len(word) > len(s) + 2)]
    for candidate in candidates:
        if candidate in lexicon_de.POSITIVE:
            return 1
        if candidate in lexicon_de.NEGATIVE:
            return -1
    return 0


class LexiconScorer:
    """Offline German scorer: polarity words with negation, the stand-in for the BERT model in the demo and CI."""

    def __call__(self, texts: Sequence[str]) -> list[str]:
        """Label each text by the sign of its summed word polarities."""
        return [self.label(text) for text in texts]

    @staticmethod
    def label(text: str) -> str:
        """The label of one text."""
        tokens = words(text)
        score = 0
        for i, token in enumerate(tokens):
            polarity = _polarity(token)
            if polarity and lexicon_de.NEGATORS.intersection(tokens[max(0, i - _NEGATION_WINDOW) : i]):
                polarity = -polarity
            score += polarity
        return "positive" if score > 0 else "negative" if score < 0 else "neutral"


class PipelineScorer:
    """A transformers text-classification model (Hub id or local path), batched, truncating at 512 tokens."""

    def __init__(self, model: str, batch_size: int = 32) -> None:
        """Load the pipeline and check its labels are german-sentiment-bert's."""
        import torch
        from transformers import pipeline

        device = torch.cuda.current_device() if torch.cuda.is_available() else -1
        self._pipe = pipeline("text-classification", model=model, truncation=True, max_length=512, device=device)
        self.batch_size = batch_size
        labels = {str(label).lower() for label in self._pipe.model.config.id2label.values()}
        if not labels <= set(LABELS):
            raise ValueError(f"sentiment model {model!r} has labels {sorted(labels)}, expected a subset of {LABELS}")

    def __call__(self, texts: Sequence[str]) -> list[str]:
        """Label texts; shortest first so each batch pads little."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        labels: list[str] = [""] * len(texts)
        if order:
            outputs = self._pipe([texts[i] for i in order], batch_size=self.batch_size)
            for i, output in zip(order, outputs, strict=True):
                labels[i] = output["label"].lower()
        return labels


@cache
def load_scorer(spec: str) -> SentimentScorer:
    """The offline lexicon scorer for "lexicon", else a transformers model id or path; loaded once per spec."""
    return LexiconScorer() if spec == LEXICON else PipelineScorer(spec)


def sentiment_match(
    prompts: Sequence[Any],
    completions: Sequence[Completion],
    completion_ids: Sequence[Sequence[int]] | None = None,
    *,
    answer: Sequence[str | None],
    answer_sentiment: Sequence[str | None] | None = None,
    model: str = DEFAULT_SENTIMENT_MODEL,
    answer_format: AnswerFormat = R1_FORMAT,
    **kwargs: Any,
) -> list[float | None]:
    """1.0 when the answer's sentiment equals the reference's (column `answer_sentiment`, else scored here)."""
    scorer = load_scorer(model)
    answers = answers_of(completions, answer_format)
    references = list(answer_sentiment) if answer_sentiment is not None else [None] * len(answers)
    for label in references:
        if label is not None and label not in LABELS:
            raise ValueError(f"answer_sentiment {label!r} is not one of {LABELS}")
    # One scorer call for the missing reference labels and one for the answers: batching is what makes it cheap.
    missing = sorted({ref for ref, label in zip(answer, references, strict=True) if label is None and ref is not None})
    scored = dict(zip(missing, scorer(missing), strict=True)) if missing else {}
    references = [
        label if label is not None else scored.get(ref) for ref, label in zip(answer, references, strict=True)
    ]
    to_score = [i for i, text in enumerate(answers) if text and references[i] is not None]
    predicted = dict(zip(to_score, scorer([answers[i] for i in to_score]), strict=True)) if to_score else {}
    return [
        None if reference is None else float(predicted.get(i) == reference) for i, reference in enumerate(references)
    ]
