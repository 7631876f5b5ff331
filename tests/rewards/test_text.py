"""Answer extraction, completion text and agreement with DeepSeek-R1-Distill's chat template."""

from __future__ import annotations

from pathlib import Path

import pytest

from tourism_grpo.rewards.format import soft_format, strict_format, tag_count
from tourism_grpo.rewards.text import (
    ANSWER_SEPARATOR,
    GENERATION_PREFILL,
    completion_text,
    extract_answer,
    format_completion,
    is_well_formed,
    prompt_text,
)


def test_extract_answer_strips_reasoning() -> None:
    text = format_completion("Hallstatt liegt am See, im Juli ist es warm.", "Etwa 28 Grad.")
    assert extract_answer(text) == "Etwa 28 Grad."
    assert extract_answer("<think>\nerst denken\n</think>\n\nDann antworten.") == "Dann antworten."


@pytest.mark.parametrize("text", ["", "   ", "Ich überlege noch, wie warm es wird", "Denken\n</think>\n\n"])
def test_no_answer_is_empty(text: str) -> None:
    assert extract_answer(text) == ""


def test_last_closing_tag_wins() -> None:
    assert extract_answer("a\n</think>\n\nb\n</think>\n\nc") == "c"


def test_completion_text_plain_and_conversational() -> None:
    text = format_completion("r", "a")
    assert completion_text(text) == text
    assert completion_text([{"role": "assistant", "content": text}]) == text
    assert completion_text([{"role": "assistant", "content": None}]) == ""


def test_completion_text_rebuilds_a_parsed_reasoning_part() -> None:
    # transformers' response parsers split `reasoning_content` off the content.
    parsed = [{"role": "assistant", "reasoning_content": "Ich denke nach.", "content": "Die Antwort."}]
    assert completion_text(parsed) == format_completion("Ich denke nach.", "Die Antwort.")
    assert extract_answer(completion_text(parsed)) == "Die Antwort."


def test_prompt_text_takes_the_last_user_message() -> None:
    prompt = [
        {"role": "system", "content": "Sei hilfreich."},
        {"role": "user", "content": "Erste Frage?"},
        {"role": "assistant", "content": "Antwort."},
        {"role": "user", "content": "Zweite Frage?"},
    ]
    assert prompt_text(prompt) == "Zweite Frage?"
    assert prompt_text("Nur Text?") == "Nur Text?"


def test_well_formed_needs_both_parts_and_one_tag() -> None:
    assert is_well_formed(format_completion("r", "a"))
    assert not is_well_formed(format_completion("", "a"))
    assert not is_well_formed(format_completion("r", ""))
    assert not is_well_formed("<think>\n" + format_completion("r", "a"))
    assert not is_well_formed("r</think>a")


def _deepseek_template() -> str:
    """DeepSeek-R1-Distill's chat template as TRL ships it."""
    import trl

    return (Path(trl.__file__).parent / "chat_templates" / "deepseek_r1_distill.jinja").read_text(encoding="utf-8")


def test_deepseek_template_and_format_rewards_agree(tiny_bert: str) -> None:
    """A completion written after DeepSeek-R1-Distill's generation prompt, as TRL decodes it, gets full marks."""
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_bert)
    tokenizer.chat_template = _deepseek_template()
    tokenizer.bos_token = "<bos>"
    messages = [{"role": "user", "content": "Wie warm wird es im Juli in Hallstatt?"}]
    prompt = tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)
    assert prompt.endswith(GENERATION_PREFILL)  # the template opens the reasoning, so the model never writes it

    completion = format_completion("Juli ist Hochsommer am Hallstätter See.", "Tagsüber etwa 28 Grad.")
    conversational = [[{"role": "assistant", "content": completion}]]
    for reward in (tag_count, soft_format, strict_format):
        assert reward([messages], conversational) == [1.0]

    # The template re-renders an assistant turn as what follows `</think>`: its answer is ours.
    rendered = tokenizer.apply_chat_template([*messages, {"role": "assistant", "content": completion}], tokenize=False)
    assistant_turn = rendered.split("<｜Assistant｜>")[-1].removesuffix("<｜end▁of▁sentence｜>")
    assert assistant_turn == ANSWER_SEPARATOR.split("</think>")[-1] + extract_answer(completion)
