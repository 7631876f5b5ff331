"""The GPU settings: 4-bit QLoRA (the config, and a real 4-bit run on bitsandbytes' CPU backend), vLLM's mode and
what a run does when the preset asks for vLLM where it cannot have it."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from tourism_grpo.experiments import load_preset
from tourism_grpo.rewards.registry import RewardSpec
from tourism_grpo.training.configs import (
    Runtime,
    TrainSettingsError,
    check_settings,
    detect_runtime,
    quantization_config,
    trl_configs,
)
from tourism_grpo.training.grpo import TrainJob, run_grpo
from tourism_grpo.training.params import BaseModelRef, LoraParams, ModelParams, TrainParams, TrainSpec

CPU = Runtime(device="cpu", gpus=0, bf16=False, use_vllm=False)
GPU = Runtime(device="cuda", gpus=1, bf16=True, use_vllm=True)


@pytest.fixture
def bf16_gpu(monkeypatch: pytest.MonkeyPatch) -> None:
    """What TRL checks of a GPU config: a bf16-capable device."""
    monkeypatch.setattr("transformers.training_args.is_torch_bf16_gpu_available", lambda: True)


@pytest.fixture
def one_gpu(monkeypatch: pytest.MonkeyPatch) -> None:
    """What detecting the runtime reads: torch seeing one bf16-capable CUDA device."""
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 1)
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *args, **kwargs: True)


def _without(package: str, monkeypatch: pytest.MonkeyPatch) -> None:
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == package else find_spec(name, *a))


def test_4bit_is_nf4_with_double_quantisation_computing_in_the_runs_dtype() -> None:
    import torch

    model = load_preset("tfidf-sentiment-10k-24gb").model
    assert model.quantization == "4bit"
    config = quantization_config(model, GPU)
    assert (config.load_in_4bit, config.load_in_8bit) == (True, False)
    assert (config.bnb_4bit_quant_type, config.bnb_4bit_use_double_quant) == ("nf4", True)
    assert config.bnb_4bit_compute_dtype == torch.bfloat16
    assert quantization_config(model, CPU).bnb_4bit_compute_dtype == torch.float32
    # transformers' own check of the config, as from_pretrained runs it
    config.post_init()
    assert quantization_config(ModelParams(), GPU) is None


@pytest.mark.usefixtures("bf16_gpu")
def test_the_24gb_preset_is_the_80gb_run_on_a_4bit_base(tmp_path: Path) -> None:
    big, small = load_preset("tfidf-sentiment-10k"), load_preset("tfidf-sentiment-10k-24gb")
    check_settings(small.training(), GPU)
    config, _ = trl_configs(small.training(), GPU.model_copy(update={"use_vllm": small.train.use_vllm}), str(tmp_path))
    reference, _ = trl_configs(big.training(), GPU, str(tmp_path))
    # the same prompts and completions per optimizer step, in smaller micro-batches
    assert config.generation_batch_size == reference.generation_batch_size
    batch = config.per_device_train_batch_size * config.gradient_accumulation_steps
    assert batch == reference.per_device_train_batch_size * reference.gradient_accumulation_steps
    assert (config.use_vllm, config.gradient_checkpointing, reference.use_vllm) == (False, True, True)
    assert small.rewards == big.rewards and small.data == big.data
    assert (small.model.base, small.model.lora) == (big.model.base, big.model.lora)


def test_the_4bit_setting_names_bitsandbytes_when_it_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = load_preset("demo", ["model.quantization=4bit"]).training()
    check_settings(spec, CPU)
    _without("bitsandbytes", monkeypatch)
    with pytest.raises(TrainSettingsError, match=r"quantization=4bit needs bitsandbytes: pip install '\.\[gpu\]'"):
        check_settings(spec, CPU)


def test_4bit_is_refused_with_vllm_and_with_zero3_naming_why() -> None:
    with pytest.raises(
        TrainSettingsError, match=r"cannot sync a 4-bit model's weights into vLLM \(huggingface/trl#4973"
    ):
        check_settings(load_preset("tfidf-sentiment-10k-24gb", ["train.use_vllm=true"]).training(), CPU)
    with pytest.raises(TrainSettingsError, match=r"deepspeed-zero3: ZeRO-3 cannot shard .* use ddp or deepspeed-zero2"):
        check_settings(
            load_preset("demo", ["model.quantization=4bit", "train.accelerate_config=deepspeed-zero3"]).training(), CPU
        )


def test_vllm_mode_is_a_typed_setting(tmp_path: Path) -> None:
    spec = load_preset("tfidf-sentiment-10k", ["train.vllm_mode=server"]).training()
    config, _ = trl_configs(spec, GPU.model_copy(update={"bf16": False}), str(tmp_path))
    assert (config.use_vllm, config.vllm_mode) == (True, "server")
    with pytest.raises(TrainSettingsError, match=r"train.trl.vllm_mode: set by train.vllm_mode"):
        check_settings(load_preset("demo", ["train.trl={vllm_mode: server}"]).training(), CPU)


@pytest.mark.usefixtures("one_gpu")
def test_vllm_asked_for_on_a_gpu_without_vllm_stops_the_run_unless_the_fallback_is_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _without("vllm", monkeypatch)
    asked = TrainParams(use_vllm=True)
    with pytest.raises(
        TrainSettingsError, match=r"vllm is not installed here: make gpu, which installs the vllm extra"
    ):
        detect_runtime(asked)
    runtime = detect_runtime(asked.model_copy(update={"vllm_fallback": True}))
    assert (runtime.device, runtime.bf16, runtime.use_vllm) == ("cuda", True, False)
    assert "generates with transformers (train.vllm_fallback=true)" in (runtime.vllm_fallback or "")
    assert detect_runtime(TrainParams(use_vllm=False)).vllm_fallback is None


def test_vllm_on_a_cpu_is_said_not_silently_dropped() -> None:
    runtime = detect_runtime(TrainParams(use_vllm=True))
    assert (runtime.device, runtime.use_vllm) == ("cpu", False)
    assert runtime.vllm_fallback == "train.use_vllm is for CUDA: this run generates with transformers on the CPU"


@pytest.mark.slow
def test_a_4bit_base_trains_a_qlora_adapter(
    tmp_path: Path, tiny_model_dir: Path, qa_rows: list[dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    import bitsandbytes as bnb
    import torch
    from safetensors.torch import load_file
    from trl import GRPOTrainer

    loaded: list[Any] = []
    original = GRPOTrainer.__init__

    def keep_model(self: Any, *args: Any, **kwargs: Any) -> None:
        loaded.append(kwargs["model"])
        original(self, *args, **kwargs)

    monkeypatch.setattr(GRPOTrainer, "__init__", keep_model)
    train = TrainParams(
        max_steps=2,
        learning_rate=5e-3,
        per_device_train_batch_size=8,
        num_generations=4,
        max_completion_length=24,
        save_steps=2,
        device="cpu",
        temperature=1.0,
    )
    spec = TrainSpec(
        experiment="qlora-test",
        model=ModelParams(base="tiny", lora=LoraParams(r=4, alpha=8, dropout=0.0), quantization="4bit"),
        train=train,
        # termination_penalty varies even for a barely trained model: the groups carry a learning signal
        rewards=[RewardSpec(name="tfidf_similarity"), RewardSpec(name="termination_penalty")],
        sentiment_model="lexicon",
    )
    job = TrainJob(
        spec=spec, base=BaseModelRef(uri=str(tiny_model_dir), id="tiny"), runtime=CPU, output_dir=str(tmp_path)
    )
    outcome = run_grpo(job, pa.Table.from_pylist(qa_rows[:16]))
    assert outcome.global_step == 2
    # the base really was 4-bit while it trained, and what was saved is a plain LoRA adapter
    assert loaded[0].is_loaded_in_4bit
    assert any(isinstance(module, bnb.nn.Linear4bit) for module in loaded[0].modules())
    weights = load_file(Path(outcome.adapter_dir) / "adapter_model.safetensors")
    assert weights and all("lora_" in name for name in weights)
    assert any(tensor.abs().sum() > 0 for name, tensor in weights.items() if "lora_B" in name)
    assert all(tensor.dtype in (torch.float32, torch.bfloat16) for tensor in weights.values())
