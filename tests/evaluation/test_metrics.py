"""Evaluation metrics and the paired bootstrap, on small hand-made completions."""

from __future__ import annotations

import math

import pytest

from tourism_grpo.evaluation.generate import Generation
from tourism_grpo.evaluation.metrics import compare, distinct_2, score
from tourism_grpo.evaluation.report import METRICS
from tourism_grpo.rewards.registry import RewardContext
from tourism_grpo.rewards.text import format_completion

ROWS = [
    {"question": "Wann hat das Museum in Bamberg geöffnet?", "answer": "Das Museum in Bamberg ist ab 10 Uhr offen.",
     "answer_sentiment": "neutral"},
    {"question": "Lohnt sich die Therme in Bad Tölz?", "answer": "Ja, die Therme in Bad Tölz ist wunderbar.",
     "answer_sentiment": "positive"},
]
CONTEXT = RewardContext(train_answers=[row["answer"] for row in ROWS], eos_token_id=2, max_completion_length=32,
                        sentiment_model="lexicon")


def _gen(answer: str, terminated: bool = True) -> Generation:
    return Generation(format_completion("Ich überlege.", answer), [5, 6, 2] if terminated else [5, 6], terminated)


def test_a_fluent_answer_beats_a_stuffed_one_on_every_degeneration_metric() -> None:
    fluent = score(ROWS, [_gen(row["answer"]) for row in ROWS], CONTEXT)
    stuffed = score(ROWS, [_gen("Museum Museum Museum Museum Museum Uhr Uhr Uhr", False)] * 2, CONTEXT)
    assert fluent["eos_rate"] == [1.0, 1.0] and stuffed["eos_rate"] == [0.0, 0.0]
    assert max(fluent["repeated_ngram_share"]) == 0.0 < min(stuffed["repeated_ngram_share"])
    assert distinct_2(fluent["distinct_2"]) == 1.0 > distinct_2(stuffed["distinct_2"])
    assert fluent["tfidf_similarity"][0] == pytest.approx(1.0)
    assert fluent["format_compliance"] == [1.0, 1.0]
    assert fluent["answer_words"] == [9.0, 8.0]


def test_distinct_2_is_a_corpus_statistic() -> None:
    assert distinct_2([[("a", "b")], [("a", "b")]]) == 0.5
    assert distinct_2([]) == 1.0


def test_paired_bootstrap_interval_brackets_the_difference_and_excludes_zero_for_a_clear_gain() -> None:
    count = 40
    base = {metric: [0.0] * count for metric in METRICS}
    tuned = {metric: [0.0] * count for metric in METRICS}
    base["distinct_2"] = tuned["distinct_2"] = [[("a", str(i))] for i in range(count)]
    tuned["tfidf_similarity"] = [0.1 + 0.2 * (i % 2) for i in range(count)]  # mean 0.2, varies by row
    rows = {row.metric: row for row in compare(base, tuned, samples=500, seed=1)}
    gain = rows["tfidf_similarity"]
    assert gain.diff == pytest.approx(0.2)
    assert 0 < gain.ci_low <= gain.diff <= gain.ci_high
    assert rows["eos_rate"].ci_low == rows["eos_rate"].ci_high == 0.0
    assert rows["repeated_ngram_share"].higher_is_better is False
    assert all(not math.isnan(row.base) for row in rows.values())
