"""A policy that games its training rewards with markup, English and keywords is caught by what no reward optimised.

The hack a CPU GRPO run on gemma-3-270m showed (TF-IDF + relevance rewards): `<h2>` headings repeating the asked
place, the reference's keywords, English around them. TF-IDF rose, chrF fell. Here the real rewards, the real
evaluation metrics, the real report and the real gate see such answers; nothing is hard-coded.
"""

from __future__ import annotations

import pytest

from tourism_grpo.evaluation.generate import Generation
from tourism_grpo.evaluation.metrics import compare, score
from tourism_grpo.evaluation.report import EvalReport
from tourism_grpo.publishing.gate import PublishRefused, decide
from tourism_grpo.publishing.params import PublishParams
from tourism_grpo.rewards.registry import RewardContext, RewardSpec, build_rewards
from tourism_grpo.rewards.text import format_completion
from tourism_grpo.storage import ArtifactRef

# place, venue, opening hour, price in euros
CASES = [
    ("Bamberg", "Museum", "10", "zwölf"),
    ("Regensburg", "Dom", "9", "fünf"),
    ("Passau", "Zoo", "8", "zwanzig"),
    ("Weimar", "Schloss", "11", "neun"),
    ("Goslar", "Therme", "7", "achtzehn"),
    ("Erfurt", "Theater", "18", "dreißig"),
    ("Lübeck", "Kloster", "12", "sechs"),
    ("Jena", "Galerie", "14", "sieben"),
]
ROWS = [
    {
        "question": f"Wann öffnet das {venue} in {place}?",
        "answer": f"Das {venue} in {place} ist täglich ab {hour} Uhr geöffnet, der Eintritt kostet {price} Euro.",
        "answer_sentiment": "neutral",
    }
    for place, venue, hour, price in CASES
]
# the base model: fluent German that forgets the place and the price
BASE = [f"Das {venue} ist täglich ab {hour} Uhr geöffnet, der Eintritt ist günstig." for _, venue, hour, _ in CASES]
# the tuned model: a heading repeating the place, the reference's keywords, English; every fourth answer still plain
TUNED = [
    base
    if i % 4 == 3
    else f"<h2>{place} {venue}</h2> {venue} {place} {hour} Uhr. The {venue} {place} opens täglich, Eintritt {price} "
    f"Euro, visit {venue} {place}!"
    for i, (base, (place, venue, hour, price)) in enumerate(zip(BASE, CASES, strict=True))
]
# the tiny model's similarity, relevance and format rewards with the smoke preset's weights, and the repetition guard
TRAINING_REWARDS = [
    RewardSpec(name="tfidf_similarity", params={"mode": "corpus", "binary": True}),
    RewardSpec(name="relevance", weight=0.5),
    RewardSpec(name="strict_format", weight=0.25),
    RewardSpec(name="repetition_penalty"),
]
CONTEXT = RewardContext(
    train_answers=[row["answer"] for row in ROWS], eos_token_id=2, max_completion_length=96, sentiment_model="lexicon"
)
PER_ROW = ArtifactRef(id="evaluate-0001", name="eval-rows", kind="table", uri="/nowhere", sha256="0" * 64)


def _completions(answers: list[str]) -> list[str]:
    return [format_completion("Die Frage nennt einen Ort.", answer) for answer in answers]


def _rewards(answers: list[str]) -> dict[str, list[float]]:
    funcs, weights = build_rewards(TRAINING_REWARDS, CONTEXT)
    prompts = [[{"role": "user", "content": row["question"]}] for row in ROWS]
    columns = {key: [row[key] for row in ROWS] for key in ("question", "answer")}
    per_reward = {
        func.__name__: [float(v) for v in func(prompts, _completions(answers), None, **columns)] for func in funcs
    }
    per_reward["total"] = [
        sum(weight * values[i] for weight, values in zip(weights, per_reward.values(), strict=True))
        for i in range(len(answers))
    ]
    return per_reward


def _report() -> EvalReport:
    generations = {
        name: [Generation(text, [5, 6, 2], True) for text in _completions(answers)]
        for name, answers in (("base", BASE), ("tuned", TUNED))
    }
    base, tuned = score(ROWS, generations["base"], CONTEXT), score(ROWS, generations["tuned"], CONTEXT)
    return EvalReport(
        rows=compare(base, tuned, samples=1000, seed=0), examples=len(ROWS), per_row=PER_ROW, adapter_id="train-0001"
    )


def test_stuffed_answers_win_on_the_training_rewards() -> None:
    base, tuned = _rewards(BASE), _rewards(TUNED)
    stuffed = [i for i, answer in enumerate(TUNED) if answer != BASE[i]]
    for i in stuffed:
        assert tuned["total"][i] > base["total"][i]
        assert tuned["tfidf_similarity"][i] > base["tfidf_similarity"][i]
        assert tuned["relevance"][i] > base["relevance"][i]
        # the repetition guard and the format reward see nothing wrong
        assert tuned["repetition_penalty"][i] == base["repetition_penalty"][i] == 0.0
        assert tuned["strict_format"][i] == base["strict_format"][i] == 1.0
    assert sum(tuned["total"]) > sum(base["total"])


def test_stuffed_answers_fail_the_gate_on_chrf_markup_and_language() -> None:
    report = _report()
    # the evaluation's own TF-IDF and relevance agree with training: the tuned model looks better there
    assert report.metric("tfidf_similarity").ci_low > 0 and report.metric("relevance").ci_low > 0
    chrf, markup, foreign = (report.metric(m) for m in ("chrf", "markup_share", "non_german_share"))
    assert chrf.ci_high < -1.0  # chrF fell for certain
    assert markup.base == foreign.base == 0.0 and markup.tuned == foreign.tuned == 0.75
    table = report.markdown()
    for row in (chrf, markup, foreign):
        assert f"| {row.metric}" in table and f"[{row.ci_low:+.3f}, {row.ci_high:+.3f}]" in table

    decision = decide(report, PublishParams(min_chrf_change=-1.0))
    assert not decision.publish
    assert decision.checks[0].passed  # the primary metric, TF-IDF, improved
    assert [check.name for check in decision.failures] == [
        "not worse on chrf beyond its margin",
        "no degeneration in markup_share",
        "no degeneration in non_german_share",
    ]
    chrf_detail, markup_detail, foreign_detail = (check.detail for check in decision.failures)
    assert f"[{chrf.ci_low:+.3f}, {chrf.ci_high:+.3f}]" in chrf_detail and "publish.min_chrf_change" in chrf_detail
    assert "rose by 0.750, beyond the bound 0.050 (publish.max_markup_increase)" in markup_detail
    assert f"[{markup.ci_low:+.3f}, {markup.ci_high:+.3f}]" in markup_detail
    assert "rose by 0.750, beyond the bound 0.050 (publish.max_non_german_increase)" in foreign_detail
    message = str(PublishRefused.from_decision("demo", decision))
    assert "markup_share" in message and "non_german_share" in message and "chrf" in message


@pytest.mark.parametrize("min_chrf_change", [None, -1.0])
def test_without_a_chrf_margin_markup_and_language_still_refuse_it(min_chrf_change: float | None) -> None:
    decision = decide(_report(), PublishParams(min_chrf_change=min_chrf_change))
    names = [check.name for check in decision.failures]
    assert {"no degeneration in markup_share", "no degeneration in non_german_share"} <= set(names)
    assert ("not worse on chrf beyond its margin" in names) is (min_chrf_change is not None)
