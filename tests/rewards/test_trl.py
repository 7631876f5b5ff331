"""The registry's rewards inside a real TRL GRPOTrainer step: columns per row, distinct logged names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tourism_grpo.rewards.registry import RewardContext, available_rewards, build_rewards
from tourism_grpo.rewards.sentiment import LEXICON, LexiconScorer
from tourism_grpo.rewards.text import GENERATION_PREFILL

from .samples import QA, TRAIN_ANSWERS, conversation

# Prefills the reasoning like DeepSeek-R1-Distill's template does.
CHAT_TEMPLATE = (
    "{% for m in messages %}{% if m['role'] == 'user' %}<|user|>{{ m['content'] }}"
    "{% elif m['role'] == 'assistant' %}<|assistant|>{{ m['content'] }}</s>{% endif %}{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|><think>\n{% endif %}"
)


def tiny_llama(path: Path) -> tuple[Any, Any]:
    """A one-layer Llama and a byte-level BPE tokenizer trained on the sample answers."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    from tourism_grpo.training.params import TinyModelParams
    from tourism_grpo.training.tiny_model import init_tiny_llama

    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    specials = ["<pad>", "<s>", "</s>", "<|user|>", "<|assistant|>"]
    corpus = [text for q, ref, texts in QA for text in (q, ref, *texts)] + TRAIN_ANSWERS
    trainer = trainers.BpeTrainer(
        vocab_size=400, special_tokens=specials, initial_alphabet=pre_tokenizers.ByteLevel.alphabet()
    )
    bpe.train_from_iterator(corpus, trainer)
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=bpe, bos_token="<s>", eos_token="</s>", pad_token="<pad>", chat_template=CHAT_TEMPLATE
    )
    shape = TinyModelParams(hidden_size=32, intermediate_size=64, num_layers=1, num_heads=2)
    return init_tiny_llama(shape, tokenizer), tokenizer


@pytest.mark.slow
def test_rewards_in_a_grpo_step(tmp_path: Path) -> None:
    from datasets import Dataset
    from trl import GRPOConfig, GRPOTrainer

    model, tokenizer = tiny_llama(tmp_path / "model")
    rows = [
        {
            "prompt": conversation(q),
            "question": q,
            "answer": ref,
            "answer_sentiment": None if i == 0 else LexiconScorer.label(ref),
        }
        for i, (q, ref, _) in enumerate(QA)
    ]
    reference_of = {r["question"]: r["answer"] for r in rows}
    rendered = tokenizer.apply_chat_template(rows[0]["prompt"], add_generation_prompt=True, tokenize=False)
    assert rendered.endswith(GENERATION_PREFILL)
    context = RewardContext(
        train_answers=TRAIN_ANSWERS,
        eos_token_id=tokenizer.eos_token_id,
        max_completion_length=12,
        sentiment_model=LEXICON,
    )
    funcs, weights = build_rewards([{"name": n} for n in available_rewards()], context)
    calls: list[dict[str, Any]] = []

    def spy(func: Any) -> Any:
        """Wrap a reward so each TRL call is recorded and checked row by row."""

        def wrapped(prompts: list, completions: list, completion_ids: list, **columns: Any) -> list[float | None]:
            """Score, check each row alone, record."""
            scores = func(prompts, completions, completion_ids, **columns)
            calls.append({"name": func.__name__, "prompts": prompts, "columns": columns, "scores": scores})
            # Row by row, the same function on that row alone gives the same score.
            for i in range(len(prompts)):
                row = {k: [v[i]] for k, v in columns.items() if isinstance(v, list)}
                assert func([prompts[i]], [completions[i]], [completion_ids[i]], **row) == [scores[i]]
            return scores

        wrapped.__name__ = func.__name__
        return wrapped

    args = GRPOConfig(
        output_dir=str(tmp_path / "out"),
        per_device_train_batch_size=4,
        num_generations=2,
        steps_per_generation=2,  # one reward call holds 4 prompt groups
        max_completion_length=12,
        max_steps=1,
        logging_steps=1,
        use_cpu=True,
        bf16=False,
        activation_checkpointing=False,
        report_to=[],
        save_strategy="no",
        reward_weights=weights,
    )
    trainer = GRPOTrainer(
        model=model,
        processing_class=tokenizer,
        reward_funcs=[spy(f) for f in funcs],
        args=args,
        train_dataset=Dataset.from_list(rows),
    )
    trainer.train()

    assert {c["name"] for c in calls} == set(available_rewards())
    for call in calls:
        questions = [p[-1]["content"] for p in call["prompts"]]
        assert len(set(questions)) == len(QA)  # several prompt groups in one call
        assert call["columns"]["answer"] == [reference_of[q] for q in questions]
    logged = {key for entry in trainer.state.log_history for key in entry}
    assert {f"rewards/{name}/mean" for name in available_rewards()} <= logged
