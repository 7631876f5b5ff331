"""Conversational prompts built from table rows, the way GRPOTrainer and the chat template expect them."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

Message = dict[str, str]


def prompt_messages(question: str, system_prompt: str | None = None) -> list[Message]:
    """The chat turns that ask one question."""
    turns = [{"role": "system", "content": system_prompt}] if system_prompt else []
    return [*turns, {"role": "user", "content": question}]


def grpo_rows(table: pa.Table, system_prompt: str | None = None) -> list[dict[str, Any]]:
    """One row per question with its `prompt`; the other columns reach the reward functions as keywords."""
    rows = table.to_pylist()
    return [{**row, "prompt": prompt_messages(row["question"], system_prompt)} for row in rows]
