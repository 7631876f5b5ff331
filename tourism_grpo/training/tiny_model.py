"""A tiny Llama for the smoke preset and the tests: tokenizer trained on the run's data, SFT warm start with TRL."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any

from tourism_grpo.rewards.text import format_completion
from tourism_grpo.training.params import TinyModelParams
from tourism_grpo.training.prompts import prompt_messages

BOS, EOS, PAD = "<s>", "<|end|>", "<|pad|>"
USER, ASSISTANT = "<|user|>", "<|assistant|>"
# Same shape as DeepSeek-R1-Distill's template: the generation prompt prefills "<think>\n", so completions
# start inside the reasoning and the rewards' format applies unchanged.
CHAT_TEMPLATE = (
    "{{ bos_token }}{% for m in messages %}"
    "{% if m['role'] == 'system' %}{{ m['content'] }}"
    f"{{% elif m['role'] == 'user' %}}{USER}{{{{ m['content'] }}}}"
    f"{{% elif m['role'] == 'assistant' %}}{ASSISTANT}{{{{ m['content'] }}}}{{{{ eos_token }}}}{{% endif %}}"
    "{% endfor %}"
    f"{{% if add_generation_prompt %}}{ASSISTANT}<think>\n{{% endif %}}"
)
# QA rows carry no reasoning; the warm start still has to teach the format, so they get this one.
DEFAULT_REASONING = "Ich suche die passende Auskunft zur Frage heraus."


def sft_example(row: dict[str, Any], tokenizer: Any, system_prompt: str | None) -> dict[str, str]:
    """Prompt (rendered with the generation prefill) and completion in the rewards' output format."""
    prompt = tokenizer.apply_chat_template(
        prompt_messages(row["question"], system_prompt), tokenize=False, add_generation_prompt=True
    )
    reasoning = row.get("reasoning") or DEFAULT_REASONING
    return {"prompt": prompt, "completion": format_completion(reasoning, row["answer"])}


def warm_start_rows(
    train_rows: Sequence[dict[str, Any]], eval_questions: Collection[str], params: TinyModelParams
) -> list[dict[str, Any]]:
    """The train rows plus `pretrain_rows` generated ones, none of them asking a question of the eval split."""
    from tourism_grpo.data.synthetic import generate_qa

    held_out = {question.lower() for question in eval_questions}  # as data_contracts.schemas.question_key compares them
    generated = generate_qa(params.pretrain_rows, seed=params.pretrain_seed) if params.pretrain_rows else []
    return [row for row in [*train_rows, *generated] if row["question"].lower() not in held_out]


def train_tokenizer(texts: Sequence[str], vocab_size: int) -> Any:
    """A byte-level BPE over the corpus, with the chat template and the think tags as plain added tokens."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    backend = Tokenizer(models.BPE())
    backend.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    backend.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=[PAD, BOS, EOS, USER, ASSISTANT],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    backend.train_from_iterator(texts, trainer)
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=backend, bos_token=BOS, eos_token=EOS, pad_token=PAD, chat_template=CHAT_TEMPLATE
    )
    # not special: TRL decodes completions with skip_special_tokens, and the rewards must see </think>
    tokenizer.add_tokens(["<think>", "</think>"])
    return tokenizer


def init_tiny_llama(params: TinyModelParams, tokenizer: Any) -> Any:
    """A randomly initialised Llama of the preset's shape, sized to the tokenizer (seeded)."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(params.seed)
    return LlamaForCausalLM(
        LlamaConfig(
            vocab_size=len(tokenizer),
            hidden_size=params.hidden_size,
            intermediate_size=params.intermediate_size,
            num_hidden_layers=params.num_layers,
            num_attention_heads=params.num_heads,
            num_key_value_heads=params.num_heads,
            max_position_embeddings=1024,
            tie_word_embeddings=True,
            bos_token_id=tokenizer.bos_token_id,
            eos_token_id=tokenizer.eos_token_id,
            pad_token_id=tokenizer.pad_token_id,
        )
    )


def _log_progress(log: Callable[[str], None]) -> Any:
    from transformers import TrainerCallback

    class LogProgress(TrainerCallback):
        """One line per logging step of the warm start, in place of the Trainer's dict printout."""

        def on_log(self, args: Any, state: Any, control: Any, logs: dict[str, Any] | None = None, **kwargs: Any):
            if logs and "loss" in logs:
                log(f"warm start step {state.global_step}/{state.max_steps} loss={float(logs['loss']):.3f}")

    return LogProgress()


def build_tiny_model(
    rows: Sequence[dict[str, Any]],
    params: TinyModelParams,
    out_dir: Path,
    system_prompt: str | None = None,
    log: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Train the tokenizer, initialise the Llama, warm-start it with SFT on `rows`, save both to `out_dir`; `log`
    gets a line per SFT logging step."""
    import torch
    from datasets import Dataset
    from transformers import PrinterCallback
    from trl import SFTConfig, SFTTrainer

    corpus = [text for row in rows for text in (row["question"], row["answer"], row.get("reasoning")) if text]
    tokenizer = train_tokenizer([*corpus, DEFAULT_REASONING], params.vocab_size)
    model = init_tiny_llama(params, tokenizer)
    summary: dict[str, Any] = {"parameters": sum(p.numel() for p in model.parameters()), "vocab": len(tokenizer)}
    if params.sft_epochs:
        dataset = Dataset.from_list([sft_example(row, tokenizer, system_prompt) for row in rows])
        trainer = SFTTrainer(
            model=model,
            args=SFTConfig(
                output_dir=str(out_dir / "_sft"),
                num_train_epochs=params.sft_epochs,
                learning_rate=params.sft_learning_rate,
                lr_scheduler_type="cosine",
                per_device_train_batch_size=params.sft_batch_size,
                max_length=512,
                completion_only_loss=True,
                use_cpu=not torch.cuda.is_available(),
                bf16=False,
                # transformers 5's name; SFTConfig's default sets the old one, which warns every run
                activation_checkpointing=False,
                save_strategy="no",
                report_to="none",
                logging_steps=10,
                disable_tqdm=True,
                seed=params.seed,
            ),
            train_dataset=dataset,
            processing_class=tokenizer,
        )
        if log is not None:
            trainer.remove_callback(PrinterCallback)
            trainer.add_callback(_log_progress(log))
        result = trainer.train()
        summary["sft_loss"] = result.training_loss
        model = trainer.model
    model.generation_config.eos_token_id = tokenizer.eos_token_id
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    model.save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)
    import shutil

    shutil.rmtree(out_dir / "_sft", ignore_errors=True)
    return summary
