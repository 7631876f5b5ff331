"""Scheduled retraining: rerun a preset only when its source changed since the preset's last published model."""

from __future__ import annotations

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import deployment
from pydantic import BaseModel

from tourism_grpo.data.sources import SourceError, fingerprint
from tourism_grpo.experiments import Experiment
from tourism_grpo.flows.experiment import ExperimentResult, run_experiment
from tourism_grpo.storage import ArtifactStore, run_root
from tourism_grpo.tasks.common import retry_unless


class PublishedSource(BaseModel):
    """The newest published model of a preset and the source fingerprint its lineage records (None: none)."""

    published_id: str
    created_at: str
    fingerprint: str | None


class RetrainDecision(BaseModel):
    """Whether to retrain, and why, in one sentence."""

    retrain: bool
    reason: str


class RetrainOutcome(BaseModel):
    """The decision and, when it was to retrain, what the experiment produced."""

    decision: RetrainDecision
    result: ExperimentResult | None = None


def should_retrain(preset: str, current: str, last: PublishedSource | None) -> RetrainDecision:
    """Retrain unless the preset's newest published model was trained on a source with the current fingerprint."""
    if last is None:
        return RetrainDecision(retrain=True, reason=f"No model of preset {preset} has been published in this store.")
    if last.fingerprint is None:
        return RetrainDecision(
            retrain=True,
            reason=f"The lineage of {last.published_id}, the newest published model of {preset}, records no source "
            "fingerprint, so it cannot show the data is unchanged.",
        )
    if last.fingerprint == current:
        return RetrainDecision(
            retrain=False,
            reason=f"The source of {preset} is unchanged (fingerprint {current[:12]}…) since {last.published_id} was "
            f"published at {last.created_at}.",
        )
    return RetrainDecision(
        retrain=True,
        reason=f"The source of {preset} changed: fingerprint {current[:12]}… now, {last.fingerprint[:12]}… when "
        f"{last.published_id} was published at {last.created_at}.",
    )


def last_published(store: ArtifactStore, experiment: Experiment) -> PublishedSource | None:
    """Follow the newest published folder of the preset to its source table's manifest (published -> parents)."""
    published = store.newest("folder", "published", experiment=experiment.name)
    if published is None:
        return None
    manifest = store.manifest(published)
    source_table = f"source-{experiment.data.source.kind}"
    recorded = None
    for parent in manifest.get("parents", []):
        source = store.find("table", source_table, parent)
        if source is not None:
            recorded = store.manifest(source).get("source", {}).get("fingerprint")
            break
    return PublishedSource(published_id=published.id, created_at=manifest["created_at"], fingerprint=recorded)


# Fingerprinting a Hub source downloads it: a dropped connection is retried, a source that cannot be read is not.
@task(
    name="compare-source",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=10,
    retry_condition_fn=retry_unless(SourceError),
)
def compare_source(experiment: Experiment, store: str) -> RetrainDecision:
    """Fingerprint the preset's source now and compare it with the last published model's lineage."""
    decision = should_retrain(
        experiment.name, fingerprint(experiment.data.source), last_published(ArtifactStore(store), experiment)
    )
    verdict = "Retraining" if decision.retrain else "No retraining"
    create_markdown_artifact(
        key="retraining-decision",
        markdown=f"# {verdict}: {experiment.name}\n\n{decision.reason}\n\n"
        f"Source: `{experiment.data.source.uri}`. Store: `{store}`.",
        description=f"{experiment.name}: {verdict.lower()}",
    )
    return decision


@flow(name="retraining", log_prints=True)
def retrain_if_changed(experiment: Experiment, store: str | None = None) -> RetrainOutcome:
    """Rerun the experiment when its source's fingerprint differs from its last published model's; else skip."""
    artifacts = ArtifactStore(run_root(store, deployed=deployment.id is not None))
    decision = compare_source(experiment, artifacts.root)
    print(decision.reason)
    if not decision.retrain:
        return RetrainOutcome(decision=decision)
    return RetrainOutcome(decision=decision, result=run_experiment(experiment, store=artifacts.root))
