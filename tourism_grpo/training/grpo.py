"""A GRPO run with TRL and a PEFT LoRA adapter: configs from the preset, checkpoints, resume, outcome."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa
from pydantic import BaseModel

from tourism_grpo.rewards.registry import RewardContext, build_rewards
from tourism_grpo.training.checkpoint_store import TRAINER_STATE
from tourism_grpo.training.completions import COMPLETIONS_DIR
from tourism_grpo.training.configs import Runtime, quantization_config, trl_configs
from tourism_grpo.training.params import BaseModelRef, TrainSpec
from tourism_grpo.training.prompts import Framing, grpo_rows, prompt_ids

ADAPTER_DIR = "adapter"
MERGED_BASE_DIR = "merged-base"
GRPO_CONFIG_FILE = "grpo_config.json"
# PEFT 0.21 and TRL 1.16 read a property transformers 5 renamed, on every model they wrap (training and evaluation
# both load through here): nothing a user can act on, and it would be the demo's only warning
warnings.filterwarnings("ignore", "`is_gradient_checkpointing` is deprecated", FutureWarning)
# bitsandbytes (installed for QLoRA) looks for a Hub kernel on CPUs with AVX512-BF16 whenever TRL imports it, and
# warns when it is absent; its own CPU code runs instead: nothing to act on
logging.getLogger("bitsandbytes.backends.cpu.ops").setLevel(logging.ERROR)
_CHECKPOINT = re.compile(r"^checkpoint-(\d+)$")
# Where transformers' TensorBoard callback writes (output_dir/runs/<time>_<host>), and its name in the report.
TENSORBOARD_DIR = "runs"
# what the run logs beside its checkpoints, kept with them in a store that is not a local path
_LOG_FOLDERS = (TENSORBOARD_DIR, COMPLETIONS_DIR)
_ADAPTER_WEIGHTS = ("adapter_model.safetensors", "adapter_model.bin")
# what Trainer.save_model writes for a PEFT model besides the tokenizer: the adapter's weights, config and card, the
# TrainingArguments
_SAVED_BY_SAVE_MODEL = (*_ADAPTER_WEIGHTS, "adapter_config.json", "README.md", "training_args.bin")


class TrainJob(BaseModel):
    """Everything one GRPO run needs but its rows, serialisable so `accelerate launch` can run it in other processes
    (which read the rows from `dataset`)."""

    spec: TrainSpec
    base: BaseModelRef
    runtime: Runtime
    output_dir: str
    dataset: str | None = None
    # where in the store the checkpoints are kept when the store is not a local path (None: output_dir is the store's)
    checkpoints: str | None = None


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


def latest_checkpoint(output_dir: str | Path) -> Path | None:
    """The newest complete checkpoint (the Trainer writes its state last), or None."""
    folder = Path(output_dir)
    if not folder.is_dir():
        return None
    complete = [
        (int(match.group(1)), path)
        for path in folder.iterdir()
        if (match := _CHECKPOINT.match(path.name)) and (path / TRAINER_STATE).exists()
    ]
    return max(complete)[1] if complete else None


def load_base(
    name: str, revision: str | None, bf16: bool, quantization: Any = None, merged_dir: Path | None = None
) -> tuple[Any, Any]:
    """Model and tokenizer to train, quantised while loading when `quantization` (a BitsAndBytesConfig) is given; an
    adapter folder (round 2) is merged into its own base first (through `merged_dir` when quantised)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    dtype = torch.bfloat16 if bf16 else torch.float32
    tokenizer = AutoTokenizer.from_pretrained(name, revision=revision)
    if (Path(name) / "adapter_config.json").exists():
        from peft import AutoPeftModelForCausalLM

        model = AutoPeftModelForCausalLM.from_pretrained(name, dtype=dtype).merge_and_unload()
        if quantization is not None:
            # bitsandbytes quantises as it loads, so the merged model is loaded again from a folder
            if merged_dir is None:
                raise ValueError("A quantised round-2 base needs a folder to merge into (merged_dir).")
            # with its tokenizer: vLLM or a reader of the folder loads both from there
            model.save_pretrained(merged_dir)
            tokenizer.save_pretrained(merged_dir)
            model = AutoModelForCausalLM.from_pretrained(merged_dir, dtype=dtype, quantization_config=quantization)
    else:
        model = AutoModelForCausalLM.from_pretrained(
            name, revision=revision, dtype=dtype, quantization_config=quantization
        )
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return model, tokenizer


def _filter_prompts(rows: list[dict[str, Any]], tokenizer: Any, limit: int) -> list[dict[str, Any]]:
    # counted as GRPOTrainer tokenises them, special tokens included
    return [row for row in rows if len(prompt_ids(tokenizer, row["prompt"])) <= limit]


@contextmanager
def _no_completion_tables() -> Iterator[None]:
    """TRL prints each logged step's completions as a table on the console whenever rich is installed (Prefect
    installs it), with no setting to stop it; the run keeps them as a table in the store instead."""
    from trl.trainer import grpo_trainer

    printer = grpo_trainer.print_prompt_completions_sample
    grpo_trainer.print_prompt_completions_sample = lambda *args, **kwargs: None
    try:
        yield
    finally:
        grpo_trainer.print_prompt_completions_sample = printer


def _resume_point(job: TrainJob, config: Any) -> Path | None:
    """The newest complete checkpoint, on this machine or, fetched here first, in the store."""
    from tourism_grpo.training.checkpoint_store import pull_logs, pull_newest

    if job.checkpoints is not None:
        # one process per machine fetches; the others find its copy in place, so all resume from the same step
        with config.main_process_first(desc="fetching the newest checkpoint from the store"):
            local = latest_checkpoint(job.output_dir)
            output_dir = Path(job.output_dir)
            pull_newest(job.checkpoints, output_dir, int(local.name.split("-")[1]) if local else None)
            pull_logs(job.checkpoints, output_dir)  # what is missing here, also beside a checkpoint fetched before
    return latest_checkpoint(job.output_dir)


def _callbacks(job: TrainJob, reporter: Reporter | None, resumed_from: int | None) -> list[Any]:
    """The progress reporter's, and the copy of each checkpoint into the store where it is not a local path."""
    from accelerate import PartialState
    from transformers import TrainerCallback

    from tourism_grpo.training.checkpoint_store import push, push_logs

    class KeepCheckpoints(TrainerCallback):
        """Copies the logs so far and each saved checkpoint into the store (the main process only: it holds the
        whole state)."""

        def __init__(self) -> None:
            self.sent: dict[str, int] = {}  # each log file's modification time when it was last copied

        def on_save(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            # every process writes its own RNG state into the checkpoint: the copy waits until all have
            PartialState().wait_for_everyone()
            if state.is_world_process_zero:
                # the logs go first: a checkpoint marked complete has the logs of its steps in the store
                push_logs(Path(args.output_dir), str(job.checkpoints), _LOG_FOLDERS, self.sent)
                saved = Path(args.output_dir) / f"checkpoint-{state.global_step}"
                push(saved, str(job.checkpoints), args.save_total_limit)

    kept = [KeepCheckpoints()] if job.checkpoints is not None else []
    return [*kept, _callback(reporter, resumed_from)] if reporter is not None else kept


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
    merged = Path(job.output_dir) / f"{MERGED_BASE_DIR}-{os.environ.get('LOCAL_RANK', '0')}"  # one per process
    model, tokenizer = load_base(
        job.base.uri, job.base.revision, job.runtime.bf16, quantization_config(spec.model, job.runtime), merged
    )
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
    checkpoint = _resume_point(job, config)
    resumed_from = int(checkpoint.name.split("-")[1]) if checkpoint else None
    trainer = GRPOTrainer(
        model=model,
        reward_funcs=funcs,
        args=config,
        train_dataset=Dataset.from_list(kept),
        processing_class=tokenizer,
        peft_config=adapter_config,
        callbacks=_callbacks(job, reporter, resumed_from),
    )
    if reporter is not None:
        from transformers import PrinterCallback

        # the reporter's progress lines replace the Trainer's printout of every metric (logs stay in log_history)
        trainer.remove_callback(PrinterCallback)
    finished = _train(trainer, checkpoint, reporter)
    shutil.rmtree(merged, ignore_errors=True)
    adapter_dir = _save_adapter(trainer, tokenizer, framing, Path(job.output_dir) / ADAPTER_DIR, finished)
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


def _train(trainer: Any, checkpoint: Path | None, reporter: Reporter | None) -> Path | None:
    """Train from `checkpoint` (or step 0); a checkpoint at max_steps is the finished run, taken as it is and
    returned."""
    if checkpoint is None or int(checkpoint.name.split("-")[1]) < trainer.args.max_steps:
        with _no_completion_tables():
            trainer.train(resume_from_checkpoint=str(checkpoint) if checkpoint else None)
        return None
    # a retry after training ended (storing its results failed): the Trainer, resumed at max_steps, would run one
    # step more before it checks the limit
    from transformers import TrainerState

    trainer.state = TrainerState.load_from_json(str(checkpoint / TRAINER_STATE))
    if reporter is not None:
        reporter.started(trainer.state.max_steps, trainer.state.global_step)
    return checkpoint


def _save_adapter(trainer: Any, tokenizer: Any, framing: Framing, adapter_dir: Path, finished: Path | None) -> Path:
    """The adapter with its tokenizer, its framing and the effective GRPOConfig (TRL's defaults included, beside
    PEFT's adapter_config.json, readable without TRL); from the `finished` checkpoint when training was not run."""
    if finished is None:
        trainer.save_model(str(adapter_dir))
    elif trainer.is_world_process_zero():
        # what save_model wrote into the checkpoint; saving the model again would need the Trainer's DeepSpeed
        # engine, which only train() builds
        adapter_dir.mkdir(parents=True, exist_ok=True)
        copied = [name for name in _SAVED_BY_SAVE_MODEL if (finished / name).is_file()]
        if "adapter_config.json" not in copied or not set(_ADAPTER_WEIGHTS) & set(copied):
            raise FileNotFoundError(
                f"{finished} has no LoRA adapter to take as the finished run (DeepSpeed ZeRO-3 saves one only with "
                f"stage3_gather_16bit_weights_on_model_save); delete {finished.parent} to train again from step 0."
            )
        for name in copied:
            shutil.copy2(finished / name, adapter_dir / name)
    tokenizer.save_pretrained(str(adapter_dir))
    framing.save(adapter_dir)
    (adapter_dir / GRPO_CONFIG_FILE).write_text(trainer.args.to_json_string(), encoding="utf-8")
    return adapter_dir


def read_outcome(output_dir: str | Path) -> TrainOutcome:
    """The outcome a finished run (in this or another process) wrote into its output folder."""
    return TrainOutcome.model_validate(json.loads((Path(output_dir) / "outcome.json").read_text(encoding="utf-8")))
