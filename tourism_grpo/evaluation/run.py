"""The evaluation step without Prefect: base and tuned model, and the production version (champion) when there is
one, answer the held-out split; all are scored, the per-row table is stored."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from tourism_grpo.evaluation.champion import Champion, settings_digest, stored_answers
from tourism_grpo.evaluation.generate import Generation
from tourism_grpo.evaluation.params import EvalParams
from tourism_grpo.evaluation.report import ChampionComparison, EvalReport
from tourism_grpo.storage import ArtifactRef
from tourism_grpo.storage.steps import Output
from tourism_grpo.training.params import BaseModelRef, TrainSpec
from tourism_grpo.training.prompts import Framing


def answer_all(
    rows: list[dict[str, Any]],
    base: BaseModelRef,
    adapter_dir: str,
    params: EvalParams,
    spec: TrainSpec,
    champion: Champion | None = None,
) -> tuple[list[Generation], list[Generation], list[Generation] | None, int | None]:
    """The completions of every row's prompt by the base model, the tuned model and the champion's adapter (same
    prompts, decoding and seed), and the tokenizer's EOS id."""
    import torch
    from peft import PeftModel

    # looked up at call time, so that a benchmark or a fault-injection test can wrap them
    from tourism_grpo.evaluation.generate import generate
    from tourism_grpo.training.grpo import load_base

    framing = Framing(spec.model.prompt, spec.model.system_prompt)
    prompts = [framing.prompt(row["question"]) for row in rows]
    gpu = torch.cuda.is_available()
    decoding = {"max_new_tokens": max_new_tokens(params, spec), "batch_size": params.batch_size}

    def load(ref: BaseModelRef) -> tuple[Any, Any]:
        model, tokenizer = load_base(ref.uri, ref.revision, bf16=gpu)
        framing.check(tokenizer, ref.uri)
        return (model.to("cuda") if gpu else model), tokenizer

    def answers(answering: Any, tokenizer: Any) -> list[Generation]:
        torch.manual_seed(params.seed)
        return generate(answering, tokenizer, prompts, temperature=params.temperature, **decoding)

    model, tokenizer = load(base)
    base_out = answers(model, tokenizer)
    tuned = PeftModel.from_pretrained(model, adapter_dir)
    tuned_out = answers(tuned, tokenizer)
    if champion is None:
        return base_out, tuned_out, None, tokenizer.eos_token_id
    if (champion.base.uri, champion.base.revision) == (base.uri, base.revision):
        tuned.load_adapter(champion.files, adapter_name="champion")
        tuned.set_adapter("champion")
        return base_out, tuned_out, answers(tuned, tokenizer), tokenizer.eos_token_id
    # the preset changed its base since the champion's: it answers on its own base, with its own tokenizer; the two
    # bases need not fit in memory together
    eos_token_id = tokenizer.eos_token_id
    del model, tuned
    other, other_tokenizer = load(champion.base)
    champion_out = answers(PeftModel.from_pretrained(other, champion.files), other_tokenizer)
    return base_out, tuned_out, champion_out, eos_token_id


def max_new_tokens(params: EvalParams, spec: TrainSpec) -> int:
    """Tokens each answer may take: as many as training allowed, unless the evaluation says otherwise."""
    return params.max_new_tokens or spec.train.max_completion_length


def answer_settings(params: EvalParams, spec: TrainSpec) -> dict[str, Any]:
    """What decides a model's answers to the same rows: decoding and framing (scoring settings do not: stored answers
    are scored again)."""
    return {
        "max_new_tokens": max_new_tokens(params, spec),
        "temperature": params.temperature,
        "seed": params.seed,
        "batch_size": params.batch_size,  # padding a batch can tip a greedy choice
        "prompt": spec.model.prompt.model_dump(),
        "system_prompt": spec.model.system_prompt,
    }


def evaluation_settings(params: EvalParams, spec: TrainSpec) -> dict[str, Any]:
    """What decides the per-row table besides its inputs: decoding, scorer, and the framing, which says what both
    models are asked and which part of a completion is the answer (the rest of the spec is in the adapter's id)."""
    return {**params.model_dump(), **answer_settings(params, spec), "sentiment_model": spec.sentiment_model}


def _champion_answers(out: Output, champion: Champion | None, rows: list[dict[str, Any]], settings: str) -> Any:
    """The champion's stored answers when it answered exactly these rows with these settings, else None."""
    if champion is None or champion.answers is None or champion.settings != settings:
        return None
    if out.store.find("table", champion.answers.name, champion.answers.id) is None:
        # another store published it: its answers are generated again
        return None
    return stored_answers(out.store.read_table(champion.answers), [row["id"] for row in rows])


def _per_row_table(
    rows: list[dict[str, Any]], answers: dict[str, list[Generation]], scores: dict[str, dict[str, list[Any]]]
) -> pa.Table:
    """A row per question: its reference, and each model's completion and scores."""
    per_row: dict[str, list[Any]] = {
        "id": [row["id"] for row in rows],
        "question": [row["question"] for row in rows],
        "reference": [row["answer"] for row in rows],
    }
    per_row |= {f"{name}_completion": [g.text for g in generations] for name, generations in answers.items()}
    for name, values in scores.items():
        for metric, column in values.items():
            if metric != "distinct_2":  # a corpus statistic: its per-row bigrams are not a score
                per_row[f"{name}_{metric}"] = column
    return pa.table(per_row)


def evaluate_and_store(
    out: Output,
    split: ArtifactRef,
    base: BaseModelRef,
    adapter: ArtifactRef,
    params: EvalParams,
    spec: TrainSpec,
    champion: Champion | None = None,
) -> tuple[EvalReport, pa.Table]:
    """Score base and tuned (and the champion) on `split` with paired bootstrap intervals; store and return the
    per-row table too."""
    from tourism_grpo.evaluation.metrics import compare, score
    from tourism_grpo.rewards.registry import RewardContext

    rows = out.store.read_table(split).to_pylist()
    settings = settings_digest(answer_settings(params, spec))
    stored = _champion_answers(out, champion, rows, settings)
    adapter_dir = str(out.store.local_folder(adapter))
    base_out, tuned_out, champion_out, eos_token_id = answer_all(
        rows, base, adapter_dir, params, spec, champion if stored is None else None
    )
    answers = {"base": base_out, "tuned": tuned_out}
    if champion is not None:
        answers["champion"] = stored if stored is not None else champion_out  # one of them is there
    # the corpus IDF of the eval metric is fitted on the eval references, the same for every model
    context = RewardContext(
        train_answers=[row["answer"] for row in rows],
        eos_token_id=eos_token_id,
        max_completion_length=max_new_tokens(params, spec),
        sentiment_model=spec.sentiment_model,
        answer_format=Framing(spec.model.prompt, spec.model.system_prompt).answer_format,
    )
    scores = {name: score(rows, generations, context) for name, generations in answers.items()}
    table = _per_row_table(rows, answers, scores)
    compared = (
        ChampionComparison(
            version=champion.version,
            rows=compare(scores["champion"], scores["tuned"], params.bootstrap_samples, params.seed),
            reused_answers=stored is not None,
        )
        if champion is not None
        else None
    )
    report = EvalReport(
        rows=compare(scores["base"], scores["tuned"], params.bootstrap_samples, params.seed),
        examples=len(rows),
        per_row=out.table(table, "eval-rows"),
        adapter_id=adapter.id,
        split=split,
        settings=settings,
        champion=compared,
    )
    return report, table
