"""GPU memory a preset's GRPO run needs, estimated from the model's shape and the preset's settings (no GPU needed).

Run: .venv/bin/python bench/gpu_memory.py [--preset NAME ...] [--gpu-gb 24] [--set KEY=VALUE]

Prints a table per preset, the one the README quotes. The model's shape is read from its config.json when the base
is a local folder, else taken from SHAPES (DeepSeek-R1-Distill-Llama-8B: the Llama-3.1-8B shape of its Hub
config.json). What is counted, in bytes (B: batch, L: tokens per sequence, V: vocabulary, h: hidden size):

- base weights: bf16, 2 per parameter; 4-bit NF4, 0.5 per parameter of the layers' linear projections plus their
  quantisation constants (double quantisation: 8 bits per block of 64, fp32 per 256 blocks: 0.127 bits a parameter),
  the embeddings, lm_head and norms staying bf16 (bitsandbytes leaves them unquantised);
- LoRA: weights, gradients and AdamW's two fp32 moments; 4 + 4 + 8 a parameter over a bf16 base (PEFT keeps the
  adapter in fp32), 2 + 2 + 8 over a 4-bit one (TRL casts a QLoRA adapter to bf16);
- training activations of one micro-batch (per_device_train_batch_size sequences of prompt + completion tokens): with
  gradient checkpointing each layer's input (B·L·h·2) plus one layer's recomputed activations; without, every
  layer's; the completion logits in bf16 and their gradient (2 · B·L_completion·V·2);
- generation: vLLM colocated takes vllm_gpu_memory_utilization of the card (its bf16 weights, its KV cache, and its
  own activations and CUDA graphs, not counted apart: the KV cache shown is what its share leaves after the weights,
  an upper bound); transformers' generate keeps the KV cache of the whole generation batch (2 · layers · kv heads ·
  head size · 2 a token) in the training process;
- CUDA context and allocator slack: a fixed 1.5 GiB.

The training peak is weights + LoRA + the larger of the training and the generation working sets + the fixed
part; with vLLM colocated its share comes on top. An estimate, not a measurement: `bench/gpu_check.py` prints the
measured peak beside this estimate for its small model on a GPU.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _options import add_run_options

GIB = 1024**3
FIXED = 1.5 * GIB
# Llama-3.1-8B's shape, as DeepSeek-R1-Distill-Llama-8B's config.json on the Hub gives it
SHAPES = {
    "deepseek-ai/DeepSeek-R1-Distill-Llama-8B": {
        "vocab_size": 128256,
        "hidden_size": 4096,
        "intermediate_size": 14336,
        "num_hidden_layers": 32,
        "num_attention_heads": 32,
        "num_key_value_heads": 8,
        "tie_word_embeddings": False,
    }
}
PROJECTIONS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


@dataclass(frozen=True)
class Shape:
    """A Llama-architecture model's shape."""

    vocab: int
    hidden: int
    intermediate: int
    layers: int
    heads: int
    kv_heads: int
    tied: bool

    @classmethod
    def of(cls, config: dict[str, Any]) -> Shape:
        """From a transformers config.json."""
        return cls(
            vocab=config["vocab_size"],
            hidden=config["hidden_size"],
            intermediate=config["intermediate_size"],
            layers=config["num_hidden_layers"],
            heads=config["num_attention_heads"],
            kv_heads=config.get("num_key_value_heads", config["num_attention_heads"]),
            tied=config.get("tie_word_embeddings", False),
        )

    @property
    def kv_dim(self) -> int:
        return self.kv_heads * self.hidden // self.heads

    def projections(self) -> dict[str, tuple[int, int]]:
        """(in, out) features of each linear projection of a layer."""
        h, kv, i = self.hidden, self.kv_dim, self.intermediate
        return {
            "q_proj": (h, h),
            "k_proj": (h, kv),
            "v_proj": (h, kv),
            "o_proj": (h, h),
            "gate_proj": (h, i),
            "up_proj": (h, i),
            "down_proj": (i, h),
        }

    def linear_parameters(self) -> int:
        return self.layers * sum(a * b for a, b in self.projections().values())

    def other_parameters(self) -> int:
        """Embeddings, lm_head and norms: what 4-bit loading leaves in bf16."""
        embeddings = self.vocab * self.hidden * (1 if self.tied else 2)
        return embeddings + (2 * self.layers + 1) * self.hidden


def estimate(shape: Shape, settings: dict[str, Any], gpu_bytes: float) -> dict[str, float]:
    """Bytes per component of a run on one GPU of `gpu_bytes`; `settings` are the preset's model and train sections
    as dumped (model.lora, model.quantization, train.*)."""
    model, train = settings["model"], settings["train"]
    lora, quantised = model["lora"], model.get("quantization") == "4bit"
    linear, other = shape.linear_parameters(), shape.other_parameters()
    weights = (linear * (0.5 + 0.127 / 8) if quantised else 2 * linear) + 2 * other
    adapter = shape.layers * sum(
        lora["r"] * (a + b) for name, (a, b) in shape.projections().items() if name in lora["target_modules"]
    )
    micro = train["per_device_train_batch_size"]
    completion = train["max_completion_length"]
    tokens = train["max_prompt_tokens"] + completion
    layer_working = micro * tokens * (4 * shape.hidden + 2 * shape.kv_dim + 4 * shape.intermediate) * 2
    stored = micro * tokens * shape.hidden * 2 * shape.layers
    activations = stored + layer_working if train["gradient_checkpointing"] else layer_working * shape.layers
    logits = 2 * micro * completion * shape.vocab * 2
    generation_batch = micro * train["gradient_accumulation_steps"]
    kv_per_token = 2 * shape.layers * shape.kv_dim * 2
    vllm = train["use_vllm"]
    optimizer = adapter * (12 if quantised else 16)
    cache = 0.0 if vllm else generation_batch * tokens * kv_per_token
    parts = {
        "base weights": weights,
        "LoRA weights, gradients, AdamW": optimizer,
        "training activations + logits (one micro-batch)": activations + logits,
        "generation KV cache in the training process": cache,
        "CUDA context, allocator slack": FIXED,
    }
    peak = weights + optimizer + max(activations + logits, cache) + FIXED
    share = train["vllm_gpu_memory_utilization"] * gpu_bytes if vllm else 0.0
    return parts | {
        "training process peak": peak,
        "vLLM colocated (its share of the card)": share,
        "vLLM KV cache left after its weights": max(share - weights, 0.0) if vllm else 0.0,
        "vLLM KV cache the generation batch needs": generation_batch * tokens * kv_per_token if vllm else 0.0,
        "total": peak + share,
        "adapter parameters": float(adapter),
    }


def shape_of(base: str) -> Shape:
    """The base's shape: its config.json when it is a local folder, else the known shapes."""
    config = Path(base) / "config.json"
    if config.exists():
        return Shape.of(json.loads(config.read_text(encoding="utf-8")))
    if base not in SHAPES:
        raise SystemExit(f"No shape known for {base}: pass a local model folder or add its config to SHAPES.")
    return Shape.of(SHAPES[base])


def table(preset: str, overrides: list[str], gpu_gb: float) -> str:
    """The markdown table of one preset's estimate."""
    from tourism_grpo.experiments import load_preset

    experiment = load_preset(preset, overrides)
    settings = experiment.model_dump(mode="json")
    figures = estimate(shape_of(experiment.model.base), settings, gpu_gb * GIB)
    rows = [f"| {name} | {value / GIB:.1f} |" for name, value in figures.items() if name != "adapter parameters"]
    quantised = "4-bit NF4" if experiment.model.quantization else "bf16"
    return "\n".join(
        [
            f"`{preset}` on one {gpu_gb:g} GB GPU ({experiment.model.base}, {quantised}, "
            f"{figures['adapter parameters'] / 1e6:.1f}M LoRA parameters):",
            "",
            "| component | GiB |",
            "|---|---:|",
            *rows,
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", action="append", help="preset name (repeatable)")
    parser.add_argument("--gpu-gb", type=float, default=None, help="the card's memory (default: 80, or 24 for -24gb)")
    add_run_options(parser, "override a preset field, as `tourism-grpo run --set` does (repeatable)")
    args = parser.parse_args()
    for preset in args.preset or ["tfidf-sentiment-10k", "tfidf-sentiment-10k-24gb"]:
        gpu_gb = args.gpu_gb or (24 if preset.endswith("-24gb") else 80)
        print(table(preset, args.overrides, gpu_gb), end="\n\n")


if __name__ == "__main__":
    main()
