"""Merge a LoRA adapter into its base model: a standalone model beside the adapter."""

from __future__ import annotations

import shutil
from pathlib import Path

from tourism_grpo.training.params import BaseModelRef
from tourism_grpo.training.prompts import FRAMING_FILE


def merge_adapter(base: BaseModelRef, adapter_dir: Path, out_dir: Path) -> None:
    """Load the base, apply the adapter, fold it into the weights and save model and tokenizer to `out_dir`."""
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(base.uri, revision=base.revision, dtype="auto")
    merged = PeftModel.from_pretrained(model, str(adapter_dir)).merge_and_unload()
    merged.save_pretrained(out_dir)
    # training saves the tokenizer it used with the adapter; prefer it, it may carry added tokens
    has_own = (adapter_dir / "tokenizer_config.json").exists()
    tokenizer = AutoTokenizer.from_pretrained(
        str(adapter_dir) if has_own else base.uri, revision=None if has_own else base.revision
    )
    tokenizer.save_pretrained(out_dir)
    # the merged model is asked the way it was trained: `tourism-grpo generate` reads the framing from its folder
    if (adapter_dir / FRAMING_FILE).exists():
        shutil.copyfile(adapter_dir / FRAMING_FILE, Path(out_dir) / FRAMING_FILE)
