"""Ingest: read a source and store it as one canonical Parquet table."""

from __future__ import annotations

from prefect import get_run_logger
from prefect.artifacts import create_table_artifact

from tourism_grpo.data.normalize import normalise
from tourism_grpo.data.source_fingerprint import fingerprint
from tourism_grpo.data.source_spec import SourceError, SourceSpec
from tourism_grpo.data.sources import read_raw, select_columns
from tourism_grpo.storage import ArtifactRef
from tourism_grpo.storage.steps import Step
from tourism_grpo.tasks.step import retry_unless, step_output, step_task

# 3: row ids are XXH3-64, no longer a sha256 prefix; 4: control characters removed, separators are whitespace
INGEST = Step(
    "ingest",
    "4",
    parents=lambda arguments: [fingerprint(arguments["source"])],
    parameters=lambda arguments: arguments["source"].model_dump(mode="json"),
)


@step_task(INGEST, retry_condition_fn=retry_unless(SourceError), retries=2, retry_delay_seconds=2)
def ingest(source: SourceSpec, store: str) -> ArtifactRef:
    """Read a source and store it in the canonical schema."""
    out = step_output(INGEST)
    name = f"source-{source.kind}"
    if existing := out.existing("table", name):
        return existing
    table, report = normalise(select_columns(read_raw(source), source), source.kind, source.label())
    ref = out.table(table, name, source={"uri": source.uri, "fingerprint": out.lineage["parents"][0]})
    get_run_logger().info(
        "Ingested %s: %d rows in, %d out, %d duplicates dropped, %d control characters removed from %d rows -> %s",
        source.uri,
        report.rows_in,
        report.rows_out,
        report.duplicates_dropped,
        report.control_characters,
        report.control_rows,
        ref.uri,
    )
    create_table_artifact(
        key=f"ingest-{source.kind}",
        table=report.rows(source.uri, ref.uri),
        description=f"Ingest of {source.uri} ({source.kind}) into table {ref.id}",
    )
    return ref
