"""Prompt framing: how a question becomes a prompt (chat turns or plain text) and where a completion's answer is.

Training, rewards, evaluation and `tourism-grpo generate` all go through `Framing`, so they cannot disagree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from tourism_grpo.rewards.text import R1_FORMAT, AnswerFormat
from tourism_grpo.training.params import QUESTION, PromptParams

Message = dict[str, str]
Prompt = str | list[Message]
# Written beside a trained adapter and into the published folders, so `generate` frames questions as training did.
FRAMING_FILE = "framing.json"


class FramingError(ValueError):
    """A framing the model cannot take: chat framing for a tokenizer without a chat template."""


def prompt_messages(question: str, system_prompt: str | None = None) -> list[Message]:
    """The chat turns that ask one question."""
    turns = [{"role": "system", "content": system_prompt}] if system_prompt else []
    return [*turns, {"role": "user", "content": question}]


@dataclass(frozen=True)
class Framing:
    """A preset's prompt settings and system prompt, as prompts to render and answers to read."""

    params: PromptParams
    system_prompt: str | None = None

    @property
    def answer_format(self) -> AnswerFormat:
        """Where the rewards and metrics find the answer: after `</think>` (chat), or before the stop string (plain)."""
        return R1_FORMAT if self.params.style == "chat" else AnswerFormat(r1=False, stop=self.params.stop)

    def prompt(self, question: str) -> Prompt:
        """Chat turns for the tokenizer's template, or the text of a plain prompt (the tokenizer adds BOS)."""
        if self.params.style == "chat":
            return prompt_messages(question, self.system_prompt)
        parts = [self.system_prompt] if self.system_prompt else []
        parts += [self._asked(example.question, example.answer) for example in self.params.examples]
        parts.append(self._asked(question))
        return "\n\n".join(parts)

    def _asked(self, question: str, answer: str | None = None) -> str:
        # replace, not str.format: a template may hold other braces
        text = self.params.template.replace(QUESTION, question)
        if answer is None:
            return text
        space = "" if text[-1:].isspace() else " "
        return f"{text}{space}{answer}"

    def answer(self, text: str) -> str:
        """The answer part of a completion's text."""
        return self.answer_format.answer(text)

    def check(self, tokenizer: Any, model: str) -> None:
        """Raise FramingError when the model's tokenizer cannot render this framing's prompts."""
        if self.params.style == "chat" and not getattr(tokenizer, "chat_template", None):
            raise FramingError(
                f"Model {model} has no chat template, so chat framing cannot render its prompts: use plain framing "
                "for a base model (--set model.prompt.style=plain; for generate: --prompt-style plain)."
            )

    def describe(self) -> str:
        """One Markdown sentence naming the framing, for the model card."""
        if self.params.style == "chat":
            return "Prompts use the tokenizer's chat template; the answer follows `</think>`."
        examples = len(self.params.examples)
        return (
            f"Plain-text prompts `{json.dumps(self.params.template, ensure_ascii=False)}`"
            + (f" after {examples} worked example{'s' if examples > 1 else ''}" if examples else "")
            + (
                f"; the answer ends before `{json.dumps(self.params.stop, ensure_ascii=False)}` or at end of sequence"
                if self.params.stop
                else ""
            )
            + "."
        )

    def save(self, folder: str | Path) -> None:
        """Record the framing in a model folder, as `FRAMING_FILE`."""
        record = {"prompt": self.params.model_dump(), "system_prompt": self.system_prompt}
        (Path(folder) / FRAMING_FILE).write_text(json.dumps(record, indent=2, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: str | Path) -> Framing | None:
        """The framing a model folder records, or None where it records none (a Hub id, an older folder)."""
        path = Path(folder) / FRAMING_FILE
        if not path.is_file():
            return None
        record = json.loads(path.read_text(encoding="utf-8"))
        return cls(PromptParams.model_validate(record["prompt"]), record.get("system_prompt"))


def prompt_ids(tokenizer: Any, prompt: Prompt) -> list[int]:
    """A prompt's token ids as GRPOTrainer makes them: the chat template with its generation prompt (which writes
    BOS itself), or the text with the tokenizer's own special tokens (BOS once)."""
    if isinstance(prompt, str):
        return list(tokenizer(prompt)["input_ids"])
    # return_dict=False: transformers 5 returns a BatchEncoding otherwise, whose len() counts its keys
    return list(tokenizer.apply_chat_template(prompt, add_generation_prompt=True, tokenize=True, return_dict=False))


def grpo_rows(table: pa.Table, framing: Framing) -> list[dict[str, Any]]:
    """One row per question with its `prompt`; the other columns reach the reward functions as keywords."""
    return [{**row, "prompt": framing.prompt(row["question"])} for row in table.to_pylist()]
