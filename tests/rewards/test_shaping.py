"""Repetition, termination and length penalties, relevance, and the stack against keyword stuffing."""

from __future__ import annotations

import pytest

from tourism_grpo.rewards.registry import RewardContext, build_rewards
from tourism_grpo.rewards.shaping import (
    length_penalty,
    named_in,
    relevance,
    repetition_penalty,
    termination_penalty,
)
from tourism_grpo.rewards.text import answers_of, format_completion, words

from .samples import QA, TRAIN_ANSWERS, conversation, make_batch


def repeated_share(text: str, n: int) -> float:
    """Share of repeated n-grams, counted directly."""
    tokens = words(text)
    grams = [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    return 1 - len(set(grams)) / len(grams) if grams else 0.0


@pytest.mark.parametrize("ngram_size", [1, 2, 3])
def test_repetition_penalty_by_hand(ngram_size: int) -> None:
    batch = make_batch(0)
    scores = repetition_penalty(batch.prompts, batch.completions, ngram_size=ngram_size, max_penalty=-0.5)
    expected = [-0.5 * repeated_share(a, ngram_size) for a in answers_of(batch.completions)]
    assert scores == pytest.approx(expected)
    assert any(s < 0 for s in scores)


def test_repetition_penalty_edge_cases() -> None:
    completions = ["", "nur Reasoning", format_completion("r", "Grad. " * 5000), format_completion("r", "kurz")]
    scores = repetition_penalty([""] * 4, completions)
    assert scores[:2] == [0.0, 0.0]
    assert scores[2] == pytest.approx(-(1 - 1 / 4998))
    assert scores[3] == 0.0


def trl_completion_ids(generated: list[list[int]], eos: int) -> list[list[int]]:
    """TRL 1.16 keeps each sequence up to and including its first EOS (`_generate_single_turn`)."""
    return [ids[: ids.index(eos) + 1] if eos in ids else ids for ids in generated]


def test_termination_penalty_follows_trl_trimming() -> None:
    eos, pad = 2, 0
    generated = [[5, 6, 2, pad, pad], [5, 6, 7, 8, 9], [2, pad, pad, pad, pad], [5, 2, 6, 2, pad]]
    ids = trl_completion_ids(generated, eos)
    scores = termination_penalty([""] * 4, [""] * 4, ids, eos_token_ids=(eos,))
    assert scores == [0.0 if eos in g else -1.0 for g in generated]
    by_length = termination_penalty([""] * 4, [""] * 4, ids, max_completion_length=5)
    assert by_length == [-1.0 if len(i) >= 5 else 0.0 for i in ids]
    assert termination_penalty([""], [""], None, eos_token_ids=(eos,)) == [None]
    with pytest.raises(ValueError, match="eos_token_ids"):
        termination_penalty([""], [""], ids[:1])


def test_length_penalty_by_hand() -> None:
    reference = "Im Juli wird es in Hallstatt etwa 28 Grad warm."  # 10 words
    answers = ["Warm.", reference, " ".join([reference] * 2), " ".join([reference] * 3), " ".join([reference] * 9)]
    scores = length_penalty([""] * 5, [format_completion("r", a) for a in answers], answer=[reference] * 5)
    assert scores == pytest.approx([0.0, 0.0, 0.0, -0.5, -1.0])
    assert length_penalty([""], [""], answer=[None]) == [None]


def test_length_penalty_floor_pays_against_answers_shorter_than_a_share_of_the_reference() -> None:
    reference = "Im Juli wird es in Hallstatt etwa 28 Grad warm."  # 10 words
    answers = ["", "Warm.", "Im Juli warm.", "Im Juli wird es warm und schön.", reference]  # 0, 1, 3, 7, 10 words
    completions = [format_completion("r", a) for a in answers]
    scores = length_penalty([""] * 5, completions, answer=[reference] * 5, min_ratio=0.6, max_ratio=1.5)
    assert scores == pytest.approx([-1.0, -(1 - 0.1 / 0.6), -0.5, 0.0, 0.0])


def test_named_in_finds_places_and_venues() -> None:
    assert named_in("Ist der Gasthof Zur Linde in Meran zu empfehlen?") == {"Zur Linde", "Meran"}
    assert named_in("Was kostet ein Hotel in Frankfurt am Main?") == {"Frankfurt"}
    assert named_in("Wie schön sind Münchens Biergärten?") == {"München"}
    assert named_in("Wie ist das Wetter morgen?") == frozenset()


@pytest.mark.parametrize("use_column", [True, False])
def test_relevance_per_row(use_column: bool) -> None:
    batch = make_batch(1)
    columns = batch.columns if use_column else {}
    scores = relevance(batch.prompts, batch.completions, **columns)
    for question, answer, score in zip(batch.columns["question"], answers_of(batch.completions), scores, strict=True):
        names = named_in(question)
        assert score == sum(n.casefold() in answer.casefold() for n in names) / len(names)
    assert min(scores) == 0.0 and max(scores) == 1.0  # type: ignore[type-var]


def test_relevance_edge_cases() -> None:
    question = "Wie komme ich von Innsbruck auf die Zugspitze?"
    completions = ["", format_completion("r", "innsbrucks Bahnhof"), format_completion("r", "Via Zugspitzbahn")]
    assert relevance([conversation(question)] * 3, completions) == [0.0, 0.5, 0.0]
    assert relevance([conversation("Wie spät ist es?")], [format_completion("r", "Acht.")]) == [None]
    assert relevance([conversation(question)], [""], question=[None]) == [0.0]  # None falls back to the prompt


# What a preset pairs with the seed's TF-IDF reward (weights as in tfidf-sentiment presets).
STACK = [
    {"name": "tfidf_similarity", "weight": 1.0},
    {"name": "repetition_penalty", "weight": 1.0},
    {"name": "length_penalty", "weight": 0.5},
    {"name": "relevance", "weight": 0.5},
]


def total(completion: str, question: str, reference: str) -> float:
    """Weighted sum of the stack for one completion, None counted as 0."""
    funcs, weights = build_rewards(STACK, RewardContext(train_answers=TRAIN_ANSWERS))
    columns = {"answer": [reference], "question": [question]}
    prompts = [conversation(question)]
    return sum(w * (f(prompts, [completion], None, **columns)[0] or 0.0) for f, w in zip(funcs, weights, strict=True))


def test_stuffed_completion_scores_below_fluent_one_with_the_same_words() -> None:
    question, reference, _ = QA[0]
    fluent = "Im Juli wird es in Hallstatt etwa 28 Grad warm."
    stuffed = "Grad Grad Grad Im Juli Grad wird Grad es Grad in Hallstatt Grad etwa 28 Grad warm Grad."
    assert set(words(fluent)) == set(words(stuffed))
    assert total(format_completion("r", stuffed), question, reference) < total(
        format_completion("r", fluent), question, reference
    )


def test_a_length_floor_above_its_ceiling_is_refused_with_both_values() -> None:
    from tourism_grpo.rewards.registry import validate_specs

    with pytest.raises(ValueError, match=r"min_ratio \(2\.0\) must not exceed max_ratio \(1\.5\)"):
        validate_specs([{"name": "length_penalty", "params": {"min_ratio": 2.0, "max_ratio": 1.5}}], r1_format=False)
