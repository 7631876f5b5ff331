"""Prompt framing: chat turns or plain text, worked examples, the answer cut at the stop string, tokens as TRL counts
them, the record a model folder keeps, and a chat framing the tokenizer cannot render."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pyarrow as pa
import pytest
from pydantic import ValidationError

from tourism_grpo.rewards.text import format_completion
from tourism_grpo.training.params import PromptParams, WorkedExample
from tourism_grpo.training.prompts import FRAMING_FILE, Framing, FramingError, grpo_rows, prompt_ids

QUESTION = "Wann öffnet das Museum in Bamberg?"
EXAMPLE = WorkedExample(question="Wo parke ich in Passau?", answer="Im Parkhaus am Bahnhof.")
PLAIN = Framing(PromptParams(style="plain"))


@pytest.fixture(scope="module")
def gemma() -> tuple[Any, Any]:
    """A tiny random Gemma 3 and its Gemma-shaped tokenizer (BOS added, no chat template)."""
    from tests.training.gguf_models import gemma_tokenizer, tiny_gemma3

    tokenizer = gemma_tokenizer()
    return tiny_gemma3(tokenizer), tokenizer


def test_chat_framing_asks_in_chat_turns_and_reads_the_answer_after_the_reasoning() -> None:
    framing = Framing(PromptParams(), system_prompt="Antworte kurz.")
    assert framing.prompt(QUESTION) == [
        {"role": "system", "content": "Antworte kurz."},
        {"role": "user", "content": QUESTION},
    ]
    assert framing.answer(format_completion("Ich überlege.", "Ab 10 Uhr.")) == "Ab 10 Uhr."
    assert framing.answer("Ich überlege noch, Frage: und so weiter") == ""  # reasoning never closed


def test_plain_framing_asks_in_text_and_the_completion_is_the_answer() -> None:
    assert PLAIN.prompt(QUESTION) == f"Frage: {QUESTION}\nAntwort:"
    assert PLAIN.answer(" Ab 10 Uhr.") == "Ab 10 Uhr."
    custom = Framing(PromptParams(style="plain", template="F: {question}\nA: ", stop=None), system_prompt="Kurz.")
    assert custom.prompt(QUESTION) == f"Kurz.\n\nF: {QUESTION}\nA: "
    assert custom.answer("Ab 10 Uhr.\nFrage: Wo?") == "Ab 10 Uhr.\nFrage: Wo?"  # no stop string: nothing cut


def test_worked_examples_come_first_each_with_its_answer_and_a_blank_line() -> None:
    framing = Framing(PromptParams(style="plain", examples=[EXAMPLE, EXAMPLE]))
    one = f"Frage: {EXAMPLE.question}\nAntwort: {EXAMPLE.answer}\n\n"
    assert framing.prompt(QUESTION) == f"{one}{one}Frage: {QUESTION}\nAntwort:"


def test_the_answer_is_cut_before_the_stop_string_where_the_base_model_asks_on() -> None:
    assert PLAIN.answer(" Ab 10 Uhr.\nFrage: Wo parke ich?\nAntwort: Am Bahnhof.") == "Ab 10 Uhr."
    assert PLAIN.answer("\nFrage: Wo parke ich?") == ""
    assert not PLAIN.answer_format.well_formed("\nFrage: Wo parke ich?")
    assert PLAIN.answer_format.well_formed(" Ab 10 Uhr.\nFrage: Wo?")


@pytest.mark.parametrize(
    ("settings", "fragment"),
    [
        ({"style": "plain", "template": "Frage: ?"}, "{question}"),
        ({"style": "chat", "examples": [EXAMPLE.model_dump()]}, "model.prompt.style=plain"),
        ({"style": "plain", "stop": ""}, "stop"),
    ],
)
def test_settings_that_cannot_frame_a_question_are_refused(settings: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment.replace("{", r"\{").replace("}", r"\}")):
        PromptParams.model_validate(settings)


def test_chat_framing_for_a_tokenizer_without_a_chat_template_is_one_line_naming_plain_framing() -> None:
    base = SimpleNamespace(chat_template=None)
    with pytest.raises(FramingError) as error:
        Framing(PromptParams()).check(base, "gemma-3-270m")
    assert "model.prompt.style=plain" in str(error.value) and "\n" not in str(error.value)
    PLAIN.check(base, "gemma-3-270m")
    Framing(PromptParams()).check(SimpleNamespace(chat_template="{{ messages }}"), "instruct")


def test_the_framing_a_folder_records_reads_back(tmp_path: Path) -> None:
    framing = Framing(PromptParams(style="plain", examples=[EXAMPLE], stop="\n\n"), system_prompt="Kurz.")
    framing.save(tmp_path)
    assert (tmp_path / FRAMING_FILE).exists()
    assert Framing.load(tmp_path) == framing
    assert Framing.load(tmp_path / "missing") is None


def test_grpo_rows_carry_the_framed_prompt_and_every_column() -> None:
    table = pa.Table.from_pylist([{"question": QUESTION, "answer": "Ab 10 Uhr."}])
    [row] = grpo_rows(table, PLAIN)
    assert row == {"question": QUESTION, "answer": "Ab 10 Uhr.", "prompt": f"Frage: {QUESTION}\nAntwort:"}


def test_a_plain_prompt_gets_bos_once_and_is_counted_as_trl_tokenises_it(gemma: tuple[Any, Any]) -> None:
    from tourism_grpo.training.grpo import _filter_prompts

    _, tokenizer = gemma
    prompt = PLAIN.prompt(QUESTION)
    ids = prompt_ids(tokenizer, prompt)
    assert ids[0] == tokenizer.bos_token_id and ids.count(tokenizer.bos_token_id) == 1
    assert ids == tokenizer(text=[prompt])["input_ids"][0]  # GRPOTrainer._tokenize_prompts on a text prompt
    rows = [{"prompt": prompt}, {"prompt": PLAIN.prompt(QUESTION * 20)}]
    assert _filter_prompts(rows, tokenizer, limit=len(ids)) == rows[:1]


def test_generation_asks_a_plain_prompt_as_training_does(gemma: tuple[Any, Any]) -> None:
    import torch

    from tourism_grpo.evaluation.generate import generate

    model, tokenizer = gemma
    # the longer prompt first, batched with a shorter one: it is the row that needs no padding
    prompts = [PLAIN.prompt(QUESTION), PLAIN.prompt("Wo?")]
    output, _ = generate(model, tokenizer, prompts, max_new_tokens=6)
    ids = torch.tensor([prompt_ids(tokenizer, prompts[0])])
    alone = model.generate(ids, max_new_tokens=6, do_sample=False, pad_token_id=tokenizer.pad_token_id)
    expected = alone[0, ids.shape[1] :].tolist()
    ends = [i for i, token in enumerate(expected) if token == tokenizer.eos_token_id]
    assert output.token_ids == (expected[: ends[0] + 1] if ends else expected)
    assert output.terminated == bool(ends)
