"""Batched generation for the eval split: the same prompts and decoding for the base and the tuned model."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tourism_grpo.training.prompts import Prompt, prompt_ids


@dataclass(frozen=True)
class Generation:
    """One completion: its text (special tokens dropped, as TRL decodes) and whether it emitted EOS."""

    text: str
    token_ids: list[int]
    terminated: bool


def generate(
    model: Any,
    tokenizer: Any,
    prompts: Sequence[Prompt],
    max_new_tokens: int,
    batch_size: int = 16,
    temperature: float = 0.0,
) -> list[Generation]:
    """Complete each prompt (chat turns or plain text, tokenised as training does); temperature 0 is greedy."""
    import torch

    eos_ids = model.generation_config.eos_token_id
    eos_ids = {eos_ids} if isinstance(eos_ids, int) else set(eos_ids or [tokenizer.eos_token_id])
    encoded = [prompt_ids(tokenizer, p) for p in prompts]
    sampling = {"do_sample": True, "temperature": temperature} if temperature > 0 else {"do_sample": False}
    results: list[Generation] = []
    model.eval()
    for start in range(0, len(encoded), batch_size):
        chunk = encoded[start : start + batch_size]
        width = max(map(len, chunk))
        # padded on the left: decoder-only models continue from the right edge
        batch = {
            "input_ids": torch.tensor([[tokenizer.pad_token_id] * (width - len(ids)) + ids for ids in chunk]),
            "attention_mask": torch.tensor([[0] * (width - len(ids)) + [1] * len(ids) for ids in chunk]),
        }
        batch = {key: value.to(model.device) for key, value in batch.items()}
        with torch.no_grad():
            output = model.generate(
                **batch, max_new_tokens=max_new_tokens, pad_token_id=tokenizer.pad_token_id, **sampling
            )
        for row in output[:, batch["input_ids"].shape[1] :].tolist():
            ends = [i for i, token in enumerate(row) if token in eos_ids]
            ids = row[: ends[0] + 1] if ends else row
            results.append(Generation(tokenizer.decode(ids, skip_special_tokens=True), ids, bool(ends)))
    return results
