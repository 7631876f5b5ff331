"""The demo's tiny model: what its warm start reads, that eval questions stay out of it, how it reports progress."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

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


def test_the_warm_start_reports_its_progress_as_lines_and_prints_no_metric_dicts(
    tmp_path: Path, qa_rows: list[dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    from tourism_grpo.training.tiny_model import build_tiny_model

    params = TinyModelParams(vocab_size=400, hidden_size=32, num_layers=1, num_heads=2, intermediate_size=64)
    params = params.model_copy(update={"sft_epochs": 1, "sft_batch_size": 16})
    lines: list[str] = []
    build_tiny_model(qa_rows[:200], params, tmp_path, log=lines.append)
    # 200 rows in batches of 16 are 13 steps, logged every 10: a run that goes quiet for its whole warm start no more
    assert lines == [lines[0]] and re.fullmatch(r"warm start step 10/13 loss=\d+\.\d{3}", lines[0])
    assert "{'loss'" not in capsys.readouterr().out
