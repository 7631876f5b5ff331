from tourism_grpo.evaluation.report import side_by_side
from tourism_grpo.rewards.text import AnswerFormat

PLAIN = AnswerFormat(r1=False, stop="\nFrage:")
ROW = {
    "question": "Hat das Museum Kornhaus in Görlitz montags geöffnet?",
    "reference": "Montags ist das Museum Kornhaus geschlossen.",
    "base_completion": " Ja, täglich.\nFrage: Und dienstags?",
    "tuned_completion": " Montags ist das Museum Kornhaus in Görlitz geschlossen.",
    "base_eos_rate": 0.0,
    "tuned_eos_rate": 1.0,
}


def test_side_by_side_shows_each_answer_as_the_metrics_read_it_and_marks_those_that_did_not_end() -> None:
    text = side_by_side([ROW, {**ROW, "question": "second"}, {**ROW, "question": "third"}], PLAIN.answer, 2)
    first, second = text.split("\n\n")
    assert first.splitlines() == [
        f"Q: {ROW['question']}",
        f"  reference: {ROW['reference']}",
        "  base:      Ja, täglich.  [did not end]",
        "  tuned:     Montags ist das Museum Kornhaus in Görlitz geschlossen.",
    ]
    assert second.startswith("Q: second") and "third" not in text
