"""Batched generation for the eval split: the same prompts and decoding for the base and the tuned model."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tourism_grpo.training.prompts import Message


@dataclass(frozen=True)
class Generation:
    """One completion: its text (special tokens dropped, as TRL decodes) and whether it emitted EOS."""

    text: str
    token_ids: list[int]
    terminated: bool


def generate(
    model: Any,
    tokenizer: Any,
    prompts: Sequence[list[Message]],
    max_new_tokens: int,
    batch_size: int = 16,
    temperature: float = 0.0,
) -> list[Generation]:
    """Complete each chat prompt; temperature 0 is greedy decoding."""
    import torch

    eos_ids = model.generation_config.eos_token_id
    eos_ids = {eos_ids} if isinstance(eos_ids, int) else set(eos_ids or [tokenizer.eos_token_id])
    tokenizer.padding_side = "left"  # decoder-only models continue from the right edge
    rendered = [tokenizer.apply_chat_template(p, add_generation_prompt=True, tokenize=False) for p in prompts]
    sampling = {"do_sample": True, "temperature": temperature} if temperature > 0 else {"do_sample": False}
    results: list[Generation] = []
    model.eval()
    for start in range(0, len(rendered), batch_size):
        batch = tokenizer(
            rendered[start : start + batch_size], return_tensors="pt", padding=True, add_special_tokens=False
        ).to(model.device)
        with torch.no_grad():
            output = model.generate(
                **batch, max_new_tokens=max_new_tokens, pad_token_id=tokenizer.pad_token_id, **sampling
            )
        for row in output[:, batch["input_ids"].shape[1] :].tolist():
            ends = [i for i, token in enumerate(row) if token in eos_ids]
            ids = row[: ends[0] + 1] if ends else row
            results.append(Generation(tokenizer.decode(ids, skip_special_tokens=True), ids, bool(ends)))
    return results
