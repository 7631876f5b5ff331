"""The demo's tiny model: what its warm start reads, and that eval questions stay out of it."""

from __future__ import annotations

from tourism_grpo.data.synthetic import generate_qa
from tourism_grpo.training.params import TinyModelParams
from tourism_grpo.training.tiny_model import warm_start_rows


def test_warm_start_adds_generated_rows_but_never_an_eval_question() -> None:
    """Generated rows join the train split; any row asking an eval question (any case) is left out."""
    params = TinyModelParams(pretrain_rows=400, pretrain_seed=5)
    generated = generate_qa(400, seed=5)
    train = [{"question": "Gibt es Parkplätze am Hotel?", "answer": "Ja, zwanzig."}]
    # eval asks two questions the generator also produced, one in other case, and one nobody asked
    eval_questions = [generated[3]["question"].upper(), generated[10]["question"], "Wie weit ist der Strand?"]
    rows = warm_start_rows(train, eval_questions, params)
    questions = {row["question"].lower() for row in rows}
    assert rows[0] == train[0]
    assert not questions & {q.lower() for q in eval_questions}
    repeats = sum(row["question"].lower() in {q.lower() for q in eval_questions[:2]} for row in generated)
    assert len(rows) == 1 + 400 - repeats


def test_without_pretrain_rows_the_warm_start_is_the_train_split() -> None:
    """The default reads only the train split."""
    train = [{"question": f"Frage {i}?", "answer": "Antwort."} for i in range(5)]
    assert warm_start_rows(train, ["Frage 9?"], TinyModelParams()) == train
