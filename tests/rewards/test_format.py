"""The gsm8k family in the `{reasoning}\\n</think>\\n\\n{answer}` format."""

from __future__ import annotations

import pytest

from tourism_grpo.rewards.format import correctness, int_answer, soft_format, strict_format, tag_count
from tourism_grpo.rewards.text import ANSWER_SEPARATOR, THINK_CLOSE, THINK_OPEN, format_completion

from .samples import make_batch

WELL_FORMED = format_completion("Hallstatt liegt im Salzkammergut.", "Etwa 28 Grad.")
CASES = {
    "well formed": WELL_FORMED,
    "reopened think": THINK_OPEN + "\n" + WELL_FORMED,
    "tight spacing": f"Hallstatt liegt im Salzkammergut.{THINK_CLOSE}Etwa 28 Grad.",
    "two closings": WELL_FORMED + ANSWER_SEPARATOR + "Noch eine Antwort.",
    "no reasoning": ANSWER_SEPARATOR.lstrip("\n") + "Etwa 28 Grad.",
    "no answer": "Hallstatt liegt im Salzkammergut." + ANSWER_SEPARATOR,
    "never closed": "Hallstatt liegt im Salzkammergut und",
    "empty": "",
}


def by_hand_tag_count(text: str) -> float:
    """The four pieces of the format, counted directly."""
    answer = text.rpartition(THINK_CLOSE)[2].strip() if THINK_CLOSE in text else ""
    pieces = [
        THINK_OPEN not in text,
        text.count(THINK_CLOSE) == 1,
        text.count(ANSWER_SEPARATOR) == 1,
        bool(answer),
    ]
    return sum(pieces) / 4


@pytest.mark.parametrize("name", CASES)
def test_format_rewards_by_hand(name: str) -> None:
    text = CASES[name]
    conversational = [[{"role": "assistant", "content": text}]]
    answer = text.rpartition(THINK_CLOSE)[2].strip() if THINK_CLOSE in text else ""
    for completions in ([text], conversational):
        assert tag_count([""], completions) == [by_hand_tag_count(text)]
        assert soft_format([""], completions) == [float(bool(answer))]
    strict = name == "well formed"
    assert strict_format([""], [text]) == [float(strict)]


def test_well_formed_gets_full_marks_and_others_less() -> None:
    assert tag_count([""], [WELL_FORMED]) == [1.0]
    assert all(tag_count([""], [CASES[n]])[0] < 1.0 for n in CASES if n != "well formed")


@pytest.mark.parametrize("seed", [0, 1])
def test_correctness_per_row(seed: int) -> None:
    batch = make_batch(seed)
    # Give one row of every group its reference, reworded only in case and spacing.
    seen: set[str] = set()
    completions = []
    for reference, completion in zip(batch.columns["answer"], batch.completions, strict=True):
        if reference not in seen:
            seen.add(reference)
            completion = [{"role": "assistant", "content": format_completion("r", "  " + reference.upper() + "  ")}]
        completions.append(completion)
    scores = correctness(batch.prompts, completions, **batch.columns)
    assert sum(scores) == len(seen)
    assert correctness([""], [""], answer=[None]) == [None]


def test_int_answer_only_where_the_reference_is_a_number() -> None:
    completions = [format_completion("r", a) for a in ("2962", "2962 Meter", "42", "Sehr hoch.")]
    references = ["2962", "2962", "Die Zugspitze ist 2962 Meter hoch.", None]
    assert int_answer([""] * 4, completions, answer=references) == [1.0, 0.0, None, None]
