"""Ingest: read a source and store it as one canonical Parquet table."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.artifacts import create_table_artifact

from tourism_grpo.data.normalize import normalise
from tourism_grpo.data.sources import SourceError, SourceSpec, fingerprint, read_raw, select_columns
from tourism_grpo.storage import ArtifactRef, ArtifactStore, artifact_id
from tourism_grpo.tasks.common import artifact_cache_key, retry_unless

# 3: row ids are XXH3-64, no longer a sha256 prefix; 4: control characters removed, separators are whitespace
STEP_VERSION = "4"


def _id(source: SourceSpec, source_fingerprint: str) -> str:
    return artifact_id("ingest", STEP_VERSION, [source_fingerprint], source.model_dump(mode="json"))


def output_id(source: SourceSpec) -> str:
    """Id of the canonical table a source yields."""
    return _id(source, fingerprint(source))


@task(
    name="ingest",
    retry_condition_fn=retry_unless(SourceError),
    retries=2,
    retry_delay_seconds=2,
    cache_key_fn=artifact_cache_key(output_id),
    persist_result=True,
)
def ingest(source: SourceSpec, store: str) -> ArtifactRef:
    """Read a source and store it in the canonical schema."""
    artifacts = ArtifactStore(store)
    source_fingerprint = fingerprint(source)
    artifact = _id(source, source_fingerprint)
    name = f"source-{source.kind}"
    existing = artifacts.find("table", name, artifact)
    if existing is not None:
        return existing
    raw = read_raw(source)
    table, report = normalise(select_columns(raw, source), source.kind, source.label())
    ref = artifacts.write_table(
        table,
        name=name,
        artifact=artifact,
        lineage={
            "step": "ingest",
            "step_version": STEP_VERSION,
            "parents": [],
            "source": {"uri": source.uri, "fingerprint": source_fingerprint},
            "parameters": source.model_dump(mode="json"),
        },
    )
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
        table=[
            {"what": "rows read", "rows": report.rows_in, "why": source.uri},
            {
                "what": "control characters removed",
                "rows": report.control_rows,
                "why": f"{report.control_characters:,} characters such as NUL, BEL or ESC (not tab or line break), "
                "which carry no text",
            },
            {
                "what": "duplicates dropped",
                "rows": report.duplicates_dropped,
                "why": "same question and answer after NFC and whitespace normalisation",
            },
            {"what": "rows stored", "rows": report.rows_out, "why": ref.uri},
        ],
        description=f"Ingest of {source.uri} ({source.kind}) into table {ref.id}",
    )
    return ref
