"""Enrich: reference features for the rows a run uses, computed once and stored as columns."""

from __future__ import annotations

from prefect import get_run_logger
from prefect.artifacts import create_table_artifact

from tourism_grpo.data.enrich import add_answer_sentiment
from tourism_grpo.data.params import EnrichParams
from tourism_grpo.storage import ArtifactRef
from tourism_grpo.storage.steps import Step
from tourism_grpo.tasks.step import step_output, step_task

ENRICH = Step("enrich", "1", parameters=lambda arguments: arguments["params"].model_dump())


@step_task(ENRICH, retries=2, retry_delay_seconds=5)
def enrich(table: ArtifactRef, params: EnrichParams, store: str) -> ArtifactRef:
    """Add the reference answers' sentiment to a subset table."""
    from tourism_grpo.rewards.sentiment import load_scorer

    out = step_output(ENRICH)
    name = f"{table.name}-enriched"
    if existing := out.existing("table", name):
        return existing
    enriched = add_answer_sentiment(out.store.read_table(table), load_scorer(params.sentiment_model))
    ref = out.table(enriched, name)
    counts = enriched.column("answer_sentiment").value_counts().to_pylist()
    get_run_logger().info("Enriched %s with %s sentiment: %s", table.name, params.sentiment_model, counts)
    create_table_artifact(
        key=f"enrich-{table.name}",
        table=[{"answer_sentiment": c["values"], "rows": c["counts"]} for c in counts],
        description=f"Reference sentiment of {table.name} ({table.rows} rows) by {params.sentiment_model}; "
        "no rows dropped",
    )
    return ref
