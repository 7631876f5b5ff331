"""The evaluation step without Prefect: base and tuned model answer the held-out split, both are scored, the per-row
table is stored."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from tourism_grpo.evaluation.generate import Generation
from tourism_grpo.evaluation.params import EvalParams
from tourism_grpo.evaluation.report import EvalReport
from tourism_grpo.storage import ArtifactRef
from tourism_grpo.storage.steps import Output
from tourism_grpo.training.params import BaseModelRef, TrainSpec
from tourism_grpo.training.prompts import Framing


def answer_both(
    rows: list[dict[str, Any]], base: BaseModelRef, adapter_dir: str, params: EvalParams, spec: TrainSpec
) -> tuple[list[Generation], list[Generation], int | None]:
    """The base model's and the tuned model's completions of every row's prompt (same decoding, same seed), and the
    tokenizer's EOS id."""
    import torch
    from peft import PeftModel

    # looked up at call time, so that a benchmark or a fault-injection test can wrap them
    from tourism_grpo.evaluation.generate import generate
    from tourism_grpo.training.grpo import load_base

    framing = Framing(spec.model.prompt, spec.model.system_prompt)
    prompts = [framing.prompt(row["question"]) for row in rows]
    model, tokenizer = load_base(base.uri, base.revision, bf16=torch.cuda.is_available())
    framing.check(tokenizer, base.uri)
    if torch.cuda.is_available():
        model = model.to("cuda")
    decoding = {"max_new_tokens": max_new_tokens(params, spec), "batch_size": params.batch_size}
    torch.manual_seed(params.seed)
    base_out = generate(model, tokenizer, prompts, temperature=params.temperature, **decoding)
    tuned_model = PeftModel.from_pretrained(model, adapter_dir)
    torch.manual_seed(params.seed)
    tuned_out = generate(tuned_model, tokenizer, prompts, temperature=params.temperature, **decoding)
    return base_out, tuned_out, tokenizer.eos_token_id


def max_new_tokens(params: EvalParams, spec: TrainSpec) -> int:
    """Tokens each answer may take: as many as training allowed, unless the evaluation says otherwise."""
    return params.max_new_tokens or spec.train.max_completion_length


def evaluation_settings(params: EvalParams, spec: TrainSpec) -> dict[str, Any]:
    """What decides the per-row table besides its inputs: decoding, scorer, and the framing, which says what both
    models are asked and which part of a completion is the answer (the rest of the spec is in the adapter's id)."""
    return {
        **params.model_dump(),
        "max_new_tokens": max_new_tokens(params, spec),
        "sentiment_model": spec.sentiment_model,
        "prompt": spec.model.prompt.model_dump(),
        "system_prompt": spec.model.system_prompt,
    }


def evaluate_and_store(
    out: Output, split: ArtifactRef, base: BaseModelRef, adapter: ArtifactRef, params: EvalParams, spec: TrainSpec
) -> tuple[EvalReport, pa.Table]:
    """Score base and tuned on `split` with paired bootstrap intervals; store and return the per-row table too."""
    from tourism_grpo.evaluation.metrics import compare, score
    from tourism_grpo.rewards.registry import RewardContext

    rows = out.store.read_table(split).to_pylist()
    base_out, tuned_out, eos_token_id = answer_both(rows, base, str(out.store.local_folder(adapter)), params, spec)
    # the corpus IDF of the eval metric is fitted on the eval references, the same for both models
    context = RewardContext(
        train_answers=[row["answer"] for row in rows],
        eos_token_id=eos_token_id,
        max_completion_length=max_new_tokens(params, spec),
        sentiment_model=spec.sentiment_model,
        answer_format=Framing(spec.model.prompt, spec.model.system_prompt).answer_format,
    )
    base_scores, tuned_scores = score(rows, base_out, context), score(rows, tuned_out, context)
    per_row: dict[str, list[Any]] = {
        "id": [row["id"] for row in rows],
        "question": [row["question"] for row in rows],
        "reference": [row["answer"] for row in rows],
        "base_completion": [g.text for g in base_out],
        "tuned_completion": [g.text for g in tuned_out],
    }
    for name, values in (("base", base_scores), ("tuned", tuned_scores)):
        for metric, column in values.items():
            if metric != "distinct_2":  # a corpus statistic: its per-row bigrams are not a score
                per_row[f"{name}_{metric}"] = column
    table = pa.table(per_row)
    report = EvalReport(
        rows=compare(base_scores, tuned_scores, params.bootstrap_samples, params.seed),
        examples=len(rows),
        per_row=out.table(table, "eval-rows"),
        adapter_id=adapter.id,
    )
    return report, table
