"""Evaluation metrics and the paired bootstrap, on small hand-made completions."""

from __future__ import annotations

import math

import pytest

from tourism_grpo.evaluation.generate import Generation
from tourism_grpo.evaluation.metrics import chrf, compare, distinct_2, has_markup, non_german, score
from tourism_grpo.evaluation.report import METRICS
from tourism_grpo.rewards.registry import RewardContext
from tourism_grpo.rewards.text import AnswerFormat, format_completion

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


def test_chrf_is_sacrebleus_sentence_chrf_on_the_0_to_100_scale_and_sees_umlauts() -> None:
    reference = "Das Museum in Bamberg ist ab 10 Uhr offen."
    assert chrf(reference, reference) == pytest.approx(100.0)
    assert chrf("Der Hund bellt laut im Garten.", reference) < 20
    assert chrf("", reference) == 0.0
    assert chrf("Öffnungszeiten", "Öffnungszeiten") == pytest.approx(100.0)
    assert chrf("Offnungszeiten", "Öffnungszeiten") < 95  # Ö and O are different characters


def test_chrf_is_scored_on_the_answer_not_the_reasoning() -> None:
    rows = [{**ROWS[0], "answer": "Das Museum in Bamberg ist ab 10 Uhr offen."}]
    scores = score(rows, [_gen("Das Museum in Bamberg ist ab 10 Uhr offen.")], CONTEXT)
    assert scores["chrf"] == [pytest.approx(100.0)]
    unfinished = Generation("Das Museum in Bamberg ist ab 10 Uhr offen.", [5], False)  # reasoning never closed
    assert score(rows, [unfinished], CONTEXT)["chrf"] == [0.0]


@pytest.mark.parametrize(
    "answer",
    [
        "<h2>Bamberg</h2>",
        "Das Museum <br> in Bamberg",
        'Der <p class="x">Dom</p>',
        "## Bamberg",
        "**Bamberg** ist schön",
        "- Punkt\n- noch ein Punkt",
        "Ein Satz.\n* Punkt",
        "1. Dom\n2. Museum",
        "| Ort | Zeit |\n|---|---|\n| Dom | 9 Uhr |",
        "```\nDom\n```",
    ],
)
def test_markup_is_detected(answer: str) -> None:
    assert has_markup(answer)


@pytest.mark.parametrize(
    "answer",
    [
        "Das Museum in Bamberg ist täglich ab 10 Uhr geöffnet, der Eintritt kostet zwölf Euro.",
        "Wenn 3 < 5 ist, dann ist 7 > 2.",
        "<think>Ich überlege.</think>",
        "<answer>Das Museum öffnet um 10 Uhr.</answer>",
        "Am 3. Oktober ist der Eintritt frei.",
        "Preis: 5 € - 8 € pro Person, Kinder * frei",
        "",
    ],
)
def test_prose_numbers_and_the_format_tags_are_no_markup(answer: str) -> None:
    assert not has_markup(answer)


def test_the_format_tags_of_a_well_formed_completion_never_count_as_markup() -> None:
    rows = [{**ROWS[0]}]
    plain = score(rows, [_gen("Das Museum in Bamberg ist ab 10 Uhr offen.")], CONTEXT)
    marked = score(rows, [_gen("<h2>Bamberg</h2> Das Museum ist ab 10 Uhr offen.")], CONTEXT)
    assert plain["markup_share"] == [0.0] and marked["markup_share"] == [1.0]


def test_non_german_answers_are_detected() -> None:
    german = "Das Museum in Bamberg ist täglich ab 10 Uhr geöffnet, der Eintritt kostet zwölf Euro."
    english = "The museum in Bamberg is open every day from 10 am and the entrance fee is twelve euros."
    mostly_english = "The museum is open from 10 am every day, das ist schön."
    assert non_german([german, english, mostly_english]) == [False, True, True]
    # markup does not hide the English words it wraps
    assert non_german(["<h2>The Museum</h2> is open <b>from</b> 10 Uhr."]) == [True]
    # mostly non-Latin script
    assert non_german(["博物馆每天上午十点开门 Bamberg"]) == [True]
    # no stop words of either language (a time, a name): nothing says it is foreign
    assert non_german(["Ab 10 Uhr.", "Bamberg"]) == [False, False]
    # an empty answer has no language: format_compliance counts it, this metric does not
    assert non_german([""]) == [False]


def test_the_new_metrics_are_scored_per_row_and_compared_with_intervals() -> None:
    fluent = score(ROWS, [_gen(row["answer"]) for row in ROWS], CONTEXT)
    hacked = score(ROWS, [_gen("<h2>Bamberg</h2> The museum is open from 10 am.")] * 2, CONTEXT)
    assert fluent["markup_share"] == [0.0, 0.0] and hacked["markup_share"] == [1.0, 1.0]
    assert fluent["non_german_share"] == [0.0, 0.0] and hacked["non_german_share"] == [1.0, 1.0]
    assert fluent["chrf"] == [pytest.approx(100.0)] * 2 and max(hacked["chrf"]) < 50
    rows = {row.metric: row for row in compare(fluent, hacked, samples=200)}
    assert {"chrf", "markup_share", "non_german_share"} <= set(rows)
    assert rows["chrf"].higher_is_better and rows["chrf"].ci_high < 0
    assert not rows["markup_share"].higher_is_better and rows["markup_share"].diff == 1.0
    assert not rows["non_german_share"].higher_is_better and rows["non_german_share"].ci_low == 1.0


def test_plain_framing_scores_the_answer_before_the_stop_string_and_only_eos_ends_a_completion() -> None:
    plain = RewardContext(
        train_answers=CONTEXT.train_answers,
        eos_token_id=2,
        sentiment_model="lexicon",
        answer_format=AnswerFormat(r1=False, stop="\nFrage:"),
    )
    reference = ROWS[0]["answer"]
    asks_on = Generation(f" {reference}\nFrage: Wo parke ich in Passau?", [5, 6, 7], False)
    ended = Generation(f" {reference}", [5, 6, 2], True)
    scores = score([ROWS[0], ROWS[0]], [asks_on, ended], plain)
    assert scores["eos_rate"] == [0.0, 1.0]  # reaching "\nFrage:" is not ending
    assert scores["tfidf_similarity"] == [pytest.approx(1.0)] * 2
    assert scores["chrf"] == [pytest.approx(100.0)] * 2 and scores["answer_words"] == [9.0, 9.0]
    assert scores["format_compliance"] == [1.0, 1.0] and scores["relevance"] == [1.0, 1.0]
    empty = score([ROWS[0]], [Generation("\nFrage: Wo parke ich?", [5], False)], plain)
    assert empty["format_compliance"] == [0.0] and empty["answer_words"] == [0.0]
