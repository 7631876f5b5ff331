"""Compare source: is the preset's newest published model trained on the source as it is now?"""

from __future__ import annotations

from prefect import task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from tourism_grpo.data.source_fingerprint import fingerprint
from tourism_grpo.data.source_spec import SourceError
from tourism_grpo.experiments import Experiment
from tourism_grpo.publishing.freshness import RetrainDecision, last_published, should_retrain
from tourism_grpo.storage import ArtifactStore
from tourism_grpo.tasks.step import retry_unless


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
    last = last_published(ArtifactStore(store), experiment.name, experiment.data.source.kind)
    decision = should_retrain(experiment.name, fingerprint(experiment.data.source), last)
    verdict = "Retraining" if decision.retrain else "No retraining"
    create_markdown_artifact(
        key="retraining-decision",
        markdown=f"# {verdict}: {experiment.name}\n\n{decision.reason}\n\n"
        f"Source: `{experiment.data.source.uri}`. Store: `{store}`.",
        description=f"{experiment.name}: {verdict.lower()}",
    )
    return decision
