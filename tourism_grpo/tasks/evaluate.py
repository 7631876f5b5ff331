"""Evaluate: the base and the tuned model on the held-out split, scored with the rewards' own metrics."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from tourism_grpo.evaluation.params import EvalParams
from tourism_grpo.evaluation.report import EvalReport, side_by_side
from tourism_grpo.storage import ArtifactRef, ArtifactStore, artifact_id
from tourism_grpo.tasks.common import artifact_cache_key
from tourism_grpo.training.params import BaseModelRef, PromptParams

STEP_VERSION = "2"  # 2: chrf, markup_share, non_german_share


def output_id(
    eval_table: ArtifactRef,
    base: BaseModelRef,
    adapter: ArtifactRef,
    params: EvalParams,
    max_new_tokens: int,
    sentiment_model: str,
    prompt: PromptParams,
    system_prompt: str | None,
) -> str:
    """Id of the per-row evaluation table: the framing decides what both models are asked and which answer is read."""
    settings = {
        **params.model_dump(),
        "max_new_tokens": max_new_tokens,
        "sentiment_model": sentiment_model,
        "prompt": prompt.model_dump(),
        "system_prompt": system_prompt,
    }
    return artifact_id("evaluate", STEP_VERSION, [eval_table.id, base.id, adapter.id], settings)


@task(
    name="evaluate", retries=2, retry_delay_seconds=10, cache_key_fn=artifact_cache_key(output_id), persist_result=True
)
def evaluate(
    eval_table: ArtifactRef,
    base: BaseModelRef,
    adapter: ArtifactRef,
    params: EvalParams,
    max_new_tokens: int,
    sentiment_model: str,
    prompt: PromptParams,
    system_prompt: str | None,
    store: str,
) -> EvalReport:
    """Generate with base and tuned model, score both, report differences with bootstrap intervals."""
    import pyarrow as pa
    import torch

    from tourism_grpo.evaluation.generate import generate
    from tourism_grpo.evaluation.metrics import compare, score
    from tourism_grpo.rewards.registry import RewardContext
    from tourism_grpo.training.grpo import load_base
    from tourism_grpo.training.prompts import Framing

    artifacts = ArtifactStore(store)
    artifact = output_id(eval_table, base, adapter, params, max_new_tokens, sentiment_model, prompt, system_prompt)
    rows = artifacts.read_table(eval_table).to_pylist()
    framing = Framing(prompt, system_prompt)
    prompts = [framing.prompt(row["question"]) for row in rows]
    model, tokenizer = load_base(base.uri, base.revision, bf16=torch.cuda.is_available())
    framing.check(tokenizer, base.uri)
    if torch.cuda.is_available():
        model = model.to("cuda")
    decoding = {"max_new_tokens": max_new_tokens, "batch_size": params.batch_size, "temperature": params.temperature}
    torch.manual_seed(params.seed)
    base_out = generate(model, tokenizer, prompts, **decoding)
    from peft import PeftModel

    tuned_model = PeftModel.from_pretrained(model, str(artifacts.local_folder(adapter)))
    torch.manual_seed(params.seed)
    tuned_out = generate(tuned_model, tokenizer, prompts, **decoding)

    # the corpus IDF of the eval metric is fitted on the eval references, the same for both models
    context = RewardContext(
        train_answers=[row["answer"] for row in rows],
        eos_token_id=tokenizer.eos_token_id,
        max_completion_length=max_new_tokens,
        sentiment_model=sentiment_model,
        answer_format=framing.answer_format,
    )
    base_scores, tuned_scores = score(rows, base_out, context), score(rows, tuned_out, context)
    metrics = compare(base_scores, tuned_scores, params.bootstrap_samples, params.seed)
    per_row = {
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
    ref = artifacts.write_table(
        table,
        name="eval-rows",
        artifact=artifact,
        lineage={
            "step": "evaluate",
            "step_version": STEP_VERSION,
            "parents": [eval_table.id, base.id, adapter.id],
            "parameters": {**params.model_dump(), "prompt": prompt.model_dump(), "system_prompt": system_prompt},
        },
    )
    report = EvalReport(rows=metrics, examples=len(rows), per_row=ref, adapter_id=adapter.id)
    create_table_artifact(
        key="evaluation",
        table=[
            {**row.model_dump(exclude={"higher_is_better"}), "better": "higher" if row.higher_is_better else "lower"}
            for row in metrics
        ],
        description=f"Base vs tuned on {len(rows)} held-out rows ({'greedy' if not params.temperature else 'sampled'})",
    )
    examples = [
        f"### {row['question']}\n\n**Reference:** {row['answer']}\n\n**Base:** {b.text}\n\n**Tuned:** {t.text}\n"
        for row, b, t in list(zip(rows, base_out, tuned_out, strict=True))[: params.examples]
    ]
    create_markdown_artifact(
        key="evaluation-examples",
        markdown="\n".join(["# Side by side", "", *examples]),
        description="Held-out questions answered by the base and the tuned model",
    )
    logger = get_run_logger()
    logger.info("Evaluation on %d rows:\n%s", len(rows), report.markdown())
    if shown := table.slice(0, params.examples).to_pylist():
        # logged here, not printed by the CLI: a run the gate refuses ends before the CLI could show them
        answers = side_by_side(shown, framing.answer, len(shown))
        logger.info("The first %d of them, answered by base and tuned:\n\n%s", len(shown), answers)
    return report
