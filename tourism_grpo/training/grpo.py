"""A GRPO run with TRL and a PEFT LoRA adapter: configs from the preset, checkpoints, resume, outcome."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path
from typing import Any, Literal, Protocol

import pyarrow as pa
from pydantic import BaseModel

from tourism_grpo.rewards.registry import RewardContext, build_rewards
from tourism_grpo.training.params import BaseModelRef, TrainParams, TrainSpec
from tourism_grpo.training.prompts import Framing, grpo_rows, prompt_ids

ADAPTER_DIR = "adapter"
# PEFT 0.21 and TRL 1.16 read a property transformers 5 renamed, on every model they wrap (training and evaluation
# both load through here): nothing a user can act on, and it would be the demo's only warning
warnings.filterwarnings("ignore", "`is_gradient_checkpointing` is deprecated", FutureWarning)
_CHECKPOINT = re.compile(r"^checkpoint-(\d+)$")


class Runtime(BaseModel):
    """Where training runs, detected once per run (training/run.py) and handed to every process."""

    device: Literal["cpu", "cuda"]
    gpus: int
    bf16: bool
    use_vllm: bool


class TrainJob(BaseModel):
    """Everything one GRPO run needs but its rows, serialisable so `accelerate launch` can run it in other processes
    (which read the rows from `dataset`)."""

    spec: TrainSpec
    base: BaseModelRef
    runtime: Runtime
    output_dir: str
    dataset: str | None = None


class TrainOutcome(BaseModel):
    """What a finished run reports back."""

    global_step: int
    resumed_from: int | None
    prompts_used: int
    prompts_dropped: int
    log_history: list[dict[str, Any]]
    adapter_dir: str


class Reporter(Protocol):
    """Receives progress while training runs (the Prefect task turns it into artifacts and log lines)."""

    def started(self, total_steps: int, resumed_from: int | None) -> None: ...

    def logged(self, step: int, metrics: dict[str, float]) -> None: ...


def detect_runtime(params: TrainParams) -> Runtime:
    """CUDA with bf16 (and vLLM if asked and installed) where present, CPU fp32 otherwise."""
    import importlib.util

    import torch

    cuda = torch.cuda.is_available() and params.device != "cpu"
    if params.device == "cuda" and not cuda:
        raise RuntimeError("The preset asks for device=cuda, but torch sees no CUDA device on this machine.")
    gpus = torch.cuda.device_count() if cuda else 0
    bf16 = cuda and torch.cuda.is_bf16_supported()
    use_vllm = cuda and params.use_vllm and importlib.util.find_spec("vllm") is not None
    return Runtime(device="cuda" if cuda else "cpu", gpus=gpus, bf16=bf16, use_vllm=use_vllm)


def trl_configs(spec: TrainSpec, runtime: Runtime, output_dir: str) -> tuple[Any, Any]:
    """The TRL GRPOConfig (only fields TRL 1.x accepts, device settings from the runtime) and the PEFT LoraConfig of
    the adapter: the one place a run's settings become TRL's and PEFT's."""
    from peft import LoraConfig
    from trl import GRPOConfig

    params, lora = spec.train, spec.model.lora
    settings: dict[str, Any] = {
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
        "report_to": "none",
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
            "vllm_mode": "colocate",
            "vllm_gpu_memory_utilization": params.vllm_gpu_memory_utilization,
        }
    adapter = LoraConfig(
        r=lora.r,
        lora_alpha=lora.alpha,
        lora_dropout=lora.dropout,
        target_modules=lora.target_modules,
        task_type="CAUSAL_LM",
    )
    return GRPOConfig(**settings), adapter


def latest_checkpoint(output_dir: str | Path) -> Path | None:
    """The newest complete checkpoint (Trainer writes trainer_state.json last), or None."""
    folder = Path(output_dir)
    if not folder.is_dir():
        return None
    complete = [
        (int(match.group(1)), path)
        for path in folder.iterdir()
        if (match := _CHECKPOINT.match(path.name)) and (path / "trainer_state.json").exists()
    ]
    return max(complete)[1] if complete else None


def load_base(name: str, revision: str | None, bf16: bool) -> tuple[Any, Any]:
    """Model and tokenizer to train; an adapter folder (round 2) is merged into its own base first."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    dtype = torch.bfloat16 if bf16 else torch.float32
    tokenizer = AutoTokenizer.from_pretrained(name, revision=revision)
    if (Path(name) / "adapter_config.json").exists():
        from peft import AutoPeftModelForCausalLM

        model = AutoPeftModelForCausalLM.from_pretrained(name, dtype=dtype).merge_and_unload()
    else:
        model = AutoModelForCausalLM.from_pretrained(name, revision=revision, dtype=dtype)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return model, tokenizer


def _filter_prompts(rows: list[dict[str, Any]], tokenizer: Any, limit: int) -> list[dict[str, Any]]:
    # counted as GRPOTrainer tokenises them, special tokens included
    return [row for row in rows if len(prompt_ids(tokenizer, row["prompt"])) <= limit]


def _callback(reporter: Reporter, resumed_from: int | None) -> Any:
    from transformers import TrainerCallback

    class ReportProgress(TrainerCallback):
        """Forwards the Trainer's start and log events to the reporter."""

        def on_train_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            reporter.started(state.max_steps, resumed_from)

        def on_log(self, args: Any, state: Any, control: Any, logs: dict[str, Any] | None = None, **kwargs: Any):
            numbers = {k: float(v) for k, v in (logs or {}).items() if isinstance(v, int | float)}
            reporter.logged(state.global_step, numbers)

    return ReportProgress()


def run_grpo(job: TrainJob, table: pa.Table, reporter: Reporter | None = None) -> TrainOutcome:
    """Train the LoRA adapter on `table` with GRPOTrainer, resuming from the newest checkpoint in the output folder."""
    from datasets import Dataset
    from trl import GRPOTrainer

    spec = job.spec
    framing = Framing(spec.model.prompt, spec.model.system_prompt)
    model, tokenizer = load_base(job.base.uri, job.base.revision, job.runtime.bf16)
    framing.check(tokenizer, job.base.uri)
    # plain framing hands GRPOTrainer text prompts (TRL's standard format: BOS added by the tokenizer, completions
    # decoded as text); chat framing hands it conversations for the template
    rows = grpo_rows(table, framing)
    kept = _filter_prompts(rows, tokenizer, spec.train.max_prompt_tokens)
    if not kept:
        raise ValueError(
            f"Every prompt of the train split is longer than max_prompt_tokens={spec.train.max_prompt_tokens}; "
            "raise train.max_prompt_tokens."
        )
    context = RewardContext(
        train_answers=[row["answer"] for row in kept],
        eos_token_id=tokenizer.eos_token_id,
        max_completion_length=spec.train.max_completion_length,
        sentiment_model=spec.sentiment_model,
        answer_format=framing.answer_format,
    )
    funcs, _ = build_rewards(spec.rewards, context)
    config, adapter_config = trl_configs(spec, job.runtime, job.output_dir)
    checkpoint = latest_checkpoint(job.output_dir)
    resumed_from = int(checkpoint.name.split("-")[1]) if checkpoint else None
    trainer = GRPOTrainer(
        model=model,
        reward_funcs=funcs,
        args=config,
        train_dataset=Dataset.from_list(kept),
        processing_class=tokenizer,
        peft_config=adapter_config,
        callbacks=[_callback(reporter, resumed_from)] if reporter is not None else [],
    )
    if reporter is not None:
        from transformers import PrinterCallback

        # the reporter's progress lines replace the Trainer's printout of every metric (logs stay in log_history)
        trainer.remove_callback(PrinterCallback)
    trainer.train(resume_from_checkpoint=str(checkpoint) if checkpoint else None)
    adapter_dir = Path(job.output_dir) / ADAPTER_DIR
    trainer.save_model(str(adapter_dir))
    tokenizer.save_pretrained(str(adapter_dir))
    framing.save(adapter_dir)
    outcome = TrainOutcome(
        global_step=trainer.state.global_step,
        resumed_from=resumed_from,
        prompts_used=len(kept),
        prompts_dropped=len(rows) - len(kept),
        log_history=trainer.state.log_history,
        adapter_dir=str(adapter_dir),
    )
    (Path(job.output_dir) / "outcome.json").write_text(outcome.model_dump_json(), encoding="utf-8")
    return outcome


def read_outcome(output_dir: str | Path) -> TrainOutcome:
    """The outcome a finished run (in this or another process) wrote into its output folder."""
    return TrainOutcome.model_validate(json.loads((Path(output_dir) / "outcome.json").read_text(encoding="utf-8")))
