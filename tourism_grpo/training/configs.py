"""The one place a run's settings become TRL's GRPOConfig and PEFT's LoraConfig, and the check of the settings a
preset passes through to them by TRL's and PEFT's own names."""

from __future__ import annotations

import dataclasses
import difflib
import importlib.util
import tempfile
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel

from tourism_grpo.training.params import TRACKERS, ModelParams, TrainParams, TrainSpec

GPU_EXTRA = "pip install '.[gpu]' (README: On a GPU)"
VLLM_INSTALL = "make gpu, which installs the vllm extra with uv (README: On a GPU)"
# GRPOConfig fields the run sets itself: from a typed field of `train` (named where it differs) or from the machine
_NOT_TRL = ("trl", "device", "accelerate_config", "vllm_fallback")
TYPED_TRL_FIELDS = {
    **{name: f"train.{name}" for name in TrainParams.model_fields if name not in _NOT_TRL},
    "activation_checkpointing": "train.gradient_checkpointing",
    "output_dir": "the store (checkpoints are named by the adapter's id)",
    "reward_weights": "the weights in rewards",
    "save_strategy": "train.save_steps",
    "report_to": "tracking.report_to",
    "disable_tqdm": "the run (progress is the run log's lines)",
    "bf16": "the machine (CUDA with bf16 support)",
    "use_cpu": "the machine",
}
TYPED_LORA_FIELDS = {
    "r": "model.lora.r",
    "lora_alpha": "model.lora.alpha",
    "lora_dropout": "model.lora.dropout",
    "target_modules": "model.lora.target_modules",
    "task_type": "the run (CAUSAL_LM)",
}


class TrainSettingsError(ValueError):
    """A setting passed through to TRL or PEFT that they do not have, that the run sets itself, or that they refuse."""


class Runtime(BaseModel):
    """Where training runs, detected once per run (training/run.py) and handed to every process."""

    device: Literal["cpu", "cuda"]
    gpus: int
    bf16: bool
    use_vllm: bool
    # why the preset's vLLM generation is not used (on a CPU; not installed, with train.vllm_fallback): said at start
    # and kept in the train report
    vllm_fallback: str | None = None


def detect_runtime(params: TrainParams) -> Runtime:
    """CUDA with bf16 where present, CPU fp32 otherwise; vLLM generation where the preset asks for it on a GPU.
    TrainSettingsError when vLLM is asked for on a GPU and not installed, unless train.vllm_fallback allows it."""

    import torch

    cuda = torch.cuda.is_available() and params.device != "cpu"
    if params.device == "cuda" and not cuda:
        raise RuntimeError("The preset asks for device=cuda, but torch sees no CUDA device on this machine.")
    gpus = torch.cuda.device_count() if cuda else 0
    bf16 = cuda and torch.cuda.is_bf16_supported()
    installed = importlib.util.find_spec("vllm") is not None
    fallback = None
    if params.use_vllm and not cuda:
        fallback = "train.use_vllm is for CUDA: this run generates with transformers on the CPU"
    elif params.use_vllm and not installed:
        if not params.vllm_fallback:
            raise TrainSettingsError(
                f"train.use_vllm asks for vLLM generation, but vllm is not installed here: {VLLM_INSTALL}; or set "
                "train.use_vllm=false, or train.vllm_fallback=true to generate with transformers (several times "
                "slower)."
            )
        fallback = "vllm is not installed: this run generates with transformers (train.vllm_fallback=true)"
    return Runtime(
        device="cuda" if cuda else "cpu",
        gpus=gpus,
        bf16=bf16,
        use_vllm=params.use_vllm and cuda and installed,
        vllm_fallback=fallback,
    )


def quantization_config(model: ModelParams, runtime: Runtime) -> Any:
    """bitsandbytes' 4-bit NF4 with double quantisation (QLoRA's recipe, as TRL's scripts build it), computing in
    the run's dtype; None for an unquantised base."""
    if model.quantization is None:
        return None
    import torch
    from transformers import BitsAndBytesConfig

    return BitsAndBytesConfig(
        load_in_4bit=True,
        bnb_4bit_quant_type="nf4",
        bnb_4bit_use_double_quant=True,
        bnb_4bit_compute_dtype=torch.bfloat16 if runtime.bf16 else torch.float32,
    )


def trl_configs(spec: TrainSpec, runtime: Runtime, output_dir: str) -> tuple[Any, Any]:
    """The TRL GRPOConfig (only fields TRL 1.x accepts, device settings from the runtime) and the PEFT LoraConfig of
    the adapter: the one place a run's settings become TRL's and PEFT's."""
    from peft import LoraConfig
    from trl import GRPOConfig

    params, lora = spec.train, spec.model.lora
    settings: dict[str, Any] = {
        # kept as the train-completions table (training/completions.py) unless the preset says otherwise
        "log_completions": True,
        # TRL's own names next: the typed fields and the runtime below decide what they set
        **params.trl,
        "output_dir": output_dir,
        "max_steps": params.max_steps,
        "learning_rate": params.learning_rate,
        "per_device_train_batch_size": params.per_device_train_batch_size,
        "gradient_accumulation_steps": params.gradient_accumulation_steps,
        "num_generations": params.num_generations,
        "max_completion_length": params.max_completion_length,
        "temperature": params.temperature,
        "beta": params.beta,
        "num_iterations": params.num_iterations,
        "loss_type": params.loss_type,
        "scale_rewards": params.scale_rewards,
        "multi_objective_aggregation": params.multi_objective_aggregation,
        "warmup_steps": params.warmup_steps,
        "reward_weights": [reward.weight for reward in spec.rewards],
        "save_strategy": "steps",
        "save_steps": params.save_steps,
        "logging_steps": params.logging_steps,
        "seed": params.seed,
        "report_to": spec.tracking.report_to or "none",
        "disable_tqdm": True,
        # bf16 defaults to True in TRL even on a CPU
        "bf16": runtime.bf16,
        "use_cpu": runtime.device == "cpu",
        # transformers 5 names it activation_checkpointing (the old name still works, with a FutureWarning per run)
        "activation_checkpointing": params.gradient_checkpointing and runtime.device == "cuda",
    }
    if runtime.use_vllm:
        settings |= {
            "use_vllm": True,
            "vllm_mode": params.vllm_mode,
            "vllm_gpu_memory_utilization": params.vllm_gpu_memory_utilization,
        }
    adapter = LoraConfig(
        **lora.peft,
        r=lora.r,
        lora_alpha=lora.alpha,
        lora_dropout=lora.dropout,
        target_modules=lora.target_modules,
        task_type="CAUSAL_LM",
    )
    return GRPOConfig(**settings), adapter


def _pass_through_problems(
    given: Mapping[str, Any], fields: set[str], owned: Mapping[str, str], where: str, config: str
) -> list[str]:
    problems = []
    for name in given:
        if name in owned:
            problems.append(f"{where}.{name}: set by {owned[name]}, not here")
        elif name not in fields:
            close = difflib.get_close_matches(name, sorted(fields), n=3)
            hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
            problems.append(f"{where}.{name}: {config} has no such field{hint}")
    return problems


def _quantization_problems(spec: TrainSpec) -> list[str]:
    """What a 4-bit base cannot be combined with here."""
    quantization = spec.model.quantization
    if quantization is None:
        return []
    problems = []
    if importlib.util.find_spec("bitsandbytes") is None:
        problems.append(f"model.quantization={quantization} needs bitsandbytes: {GPU_EXTRA}")
    if spec.train.use_vllm:
        # TRL merges the adapter into the 4-bit layers and pushes them to vLLM, whose loader refuses their shape
        problems.append(
            f"model.quantization={quantization} with train.use_vllm: TRL 1.16 cannot sync a 4-bit model's weights "
            "into vLLM (huggingface/trl#4973; the fix, #6922, is not released); set train.use_vllm=false"
        )
    if spec.train.accelerate_config == "deepspeed-zero3":
        problems.append(
            f"model.quantization={quantization} with train.accelerate_config=deepspeed-zero3: ZeRO-3 cannot shard "
            "bitsandbytes' packed 4-bit weights as the run loads them; use ddp or deepspeed-zero2"
        )
    return problems


def check_settings(spec: TrainSpec, runtime: Runtime) -> None:
    """Build the configs this run would train with; TrainSettingsError names every pass-through field TRL or PEFT
    lack (with the closest names) or that the run sets itself, or quotes what TRL or PEFT refused."""
    from peft import LoraConfig
    from trl import GRPOConfig

    problems = _pass_through_problems(
        spec.train.trl, {f.name for f in dataclasses.fields(GRPOConfig)}, TYPED_TRL_FIELDS, "train.trl", "GRPOConfig"
    ) + _pass_through_problems(
        spec.model.lora.peft,
        {f.name for f in dataclasses.fields(LoraConfig)},
        TYPED_LORA_FIELDS,
        "model.lora.peft",
        "LoraConfig",
    )
    problems += [
        f"tracking.report_to names {tracker}, which is not installed here: pip install {TRACKERS[tracker]}"
        for tracker in spec.tracking.report_to
        if importlib.util.find_spec(TRACKERS[tracker]) is None
    ]
    problems += _quantization_problems(spec)
    if problems:
        raise TrainSettingsError("; ".join(problems))
    with tempfile.TemporaryDirectory(prefix="tourism-grpo-check-") as scratch:
        try:
            trl_configs(spec, runtime, scratch)
            quantization_config(spec.model, runtime)
        except (TypeError, ValueError) as error:
            raise TrainSettingsError(f"TRL or PEFT refused the train settings: {error}") from None
