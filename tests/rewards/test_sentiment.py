"""Sentiment match: per-row reference labels, the transformers path on a tiny local BERT, the offline lexicon."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from tourism_grpo.rewards import sentiment
from tourism_grpo.rewards.sentiment import LABELS, LEXICON, LexiconScorer, load_scorer, sentiment_match
from tourism_grpo.rewards.text import answers_of, format_completion

from .samples import build_tiny_bert, make_batch


class RecordingScorer:
    """Wraps a scorer and records every batch it is asked to label."""

    def __init__(self, inner: sentiment.SentimentScorer) -> None:
        """Record calls to `inner`."""
        self.inner = inner
        self.calls: list[list[str]] = []

    def __call__(self, texts: Sequence[str]) -> list[str]:
        """Record and delegate."""
        self.calls.append(list(texts))
        return self.inner(texts)


@pytest.fixture
def recording(monkeypatch: pytest.MonkeyPatch) -> RecordingScorer:
    """A recording lexicon scorer in place of every loaded scorer."""
    scorer = RecordingScorer(LexiconScorer())
    monkeypatch.setattr(sentiment, "load_scorer", lambda spec: scorer)
    return scorer


def expected_by_hand(batch_answers: list[str], references: list[str], label: sentiment.SentimentScorer) -> list[float]:
    """Row by row: label the answer and the row's own reference, one text at a time."""
    return [
        float(bool(text) and label([text])[0] == label([reference])[0])
        for text, reference in zip(batch_answers, references, strict=True)
    ]


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("spec", [LEXICON, "tiny"])
def test_each_row_against_its_own_reference(seed: int, spec: str, tiny_bert: str) -> None:
    model = tiny_bert if spec == "tiny" else spec
    batch = make_batch(seed)
    scores = sentiment_match(batch.prompts, batch.completions, model=model, **batch.columns)
    scorer = load_scorer(model)
    assert scores == expected_by_hand(answers_of(batch.completions), batch.columns["answer"], scorer)


def test_precomputed_reference_labels_are_used(recording: RecordingScorer) -> None:
    batch = make_batch(0)
    labels = [LexiconScorer.label(a) for a in batch.columns["answer"]]
    flipped = ["negative" if label == "positive" else "positive" for label in labels]
    scores = sentiment_match(batch.prompts, batch.completions, answer_sentiment=flipped, **batch.columns)
    assert recording.calls == [[a for a in answers_of(batch.completions) if a]]  # references were not scored
    answers = answers_of(batch.completions)
    assert scores == [float(LexiconScorer.label(a) == f) for a, f in zip(answers, flipped, strict=True)]


def test_missing_labels_fall_back_to_scoring_each_reference_once(recording: RecordingScorer) -> None:
    batch = make_batch(1)
    labels: list[str | None] = [LexiconScorer.label(a) for a in batch.columns["answer"]]
    labels[0] = None
    missing_reference = batch.columns["answer"][0]
    with_none = sentiment_match(batch.prompts, batch.completions, answer_sentiment=labels, **batch.columns)
    assert recording.calls[0] == [missing_reference]
    absent = sentiment_match(batch.prompts, batch.completions, **batch.columns)
    assert sorted(recording.calls[2]) == sorted(set(batch.columns["answer"]))
    assert with_none == absent


def test_batches_are_scored_in_two_calls(recording: RecordingScorer) -> None:
    batch = make_batch(2)
    sentiment_match(batch.prompts, batch.completions, **batch.columns)
    assert len(recording.calls) == 2


def test_edge_cases() -> None:
    reference = "Das Hotel ist ruhig und sauber."
    completions = [
        "",  # empty
        "Ich überlege noch",  # only reasoning
        format_completion("r", "The hotel is quiet and clean."),  # not German
        format_completion("r", "Das Hotel ist ruhig. " * 3000),  # very long
    ]
    scores = sentiment_match([""] * 4, completions, answer=[reference] * 4, model=LEXICON)
    assert scores[:2] == [0.0, 0.0]
    assert scores[2] == float(LexiconScorer.label("The hotel is quiet and clean.") == "positive")
    assert scores[3] == 1.0
    assert sentiment_match([""], [completions[3]], answer=[None], model=LEXICON) == [None]


def test_invalid_reference_label_raises() -> None:
    with pytest.raises(ValueError, match="answer_sentiment"):
        sentiment_match([""], [""], answer=["x"], answer_sentiment=["POSITIV"], model=LEXICON)


def test_transformers_scorer_is_batched_truncated_and_cached(tiny_bert: str) -> None:
    from transformers import pipeline

    scorer = load_scorer(tiny_bert)
    assert load_scorer(tiny_bert) is scorer
    texts = ["Das Hotel ist schön.", "Leider geschlossen.", "Wien " * 3000, "", "Die Bergbahn fährt stündlich."]
    direct = pipeline("text-classification", model=tiny_bert, truncation=True, max_length=512)
    assert scorer(texts) == [direct(t)[0]["label"] for t in texts]
    assert set(scorer(texts)) <= set(LABELS)
    assert scorer([]) == []


def test_model_with_other_labels_is_refused(tmp_path: Path) -> None:
    path = build_tiny_bert(tmp_path / "stars", labels=("1 star", "3 stars", "5 stars"))
    with pytest.raises(ValueError, match="labels"):
        sentiment.PipelineScorer(str(path))


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Das Hotel ist wunderschön und sehr ruhig.", "positive"),
        ("Leider ist die Seilbahn im Winter gesperrt.", "negative"),
        ("Das Museum öffnet um 10 Uhr.", "neutral"),
        ("Das Frühstück war nicht besonders gut.", "negative"),
        ("Die Anreise klappt ohne Probleme.", "positive"),
        ("Die schönsten Strände liegen auf Sylt.", "positive"),
    ],
)
def test_lexicon_labels(text: str, label: str) -> None:
    assert LexiconScorer.label(text) == label
