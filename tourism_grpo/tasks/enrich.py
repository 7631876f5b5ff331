"""Enrich: reference features for the rows a run uses, computed once and stored as columns."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.artifacts import create_table_artifact

from tourism_grpo.data.enrich import add_answer_sentiment
from tourism_grpo.data.params import EnrichParams
from tourism_grpo.storage import ArtifactRef, ArtifactStore, artifact_id
from tourism_grpo.tasks.common import artifact_cache_key

STEP_VERSION = "1"


def output_id(table: ArtifactRef, params: EnrichParams) -> str:
    """Id of the enriched copy of `table`."""
    return artifact_id("enrich", STEP_VERSION, [table.id], params.model_dump())


@task(
    name="enrich",
    retries=2,
    retry_delay_seconds=5,
    cache_key_fn=artifact_cache_key(output_id),
    persist_result=True,
)
def enrich(table: ArtifactRef, params: EnrichParams, store: str) -> ArtifactRef:
    """Add the reference answers' sentiment to a subset table."""
    from tourism_grpo.rewards.sentiment import load_scorer

    artifacts = ArtifactStore(store)
    artifact = output_id(table, params)
    name = f"{table.name}-enriched"
    existing = artifacts.find("table", name, artifact)
    if existing is not None:
        return existing
    enriched = add_answer_sentiment(artifacts.read_table(table), load_scorer(params.sentiment_model))
    ref = artifacts.write_table(
        enriched,
        name=name,
        artifact=artifact,
        lineage={
            "step": "enrich",
            "step_version": STEP_VERSION,
            "parents": [table.id],
            "parameters": params.model_dump(),
        },
    )
    counts = enriched.column("answer_sentiment").value_counts().to_pylist()
    get_run_logger().info("Enriched %s with %s sentiment: %s", table.name, params.sentiment_model, counts)
    create_table_artifact(
        key=f"enrich-{table.name}",
        table=[{"answer_sentiment": c["values"], "rows": c["counts"]} for c in counts],
        description=f"Reference sentiment of {table.name} ({table.rows} rows) by {params.sentiment_model}; "
        "no rows dropped",
    )
    return ref
