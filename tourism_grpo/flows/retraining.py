"""Scheduled retraining: rerun a preset only when its source changed since the preset's last published model."""

from __future__ import annotations

from prefect import flow
from prefect.runtime import deployment
from pydantic import BaseModel

from tourism_grpo.experiments import Experiment
from tourism_grpo.flows.experiment import ExperimentResult, run_experiment
from tourism_grpo.publishing.freshness import RetrainDecision
from tourism_grpo.storage import ArtifactStore, run_root
from tourism_grpo.tasks.freshness import compare_source


class RetrainOutcome(BaseModel):
    """The decision and, when it was to retrain, what the experiment produced."""

    decision: RetrainDecision
    result: ExperimentResult | None = None


@flow(name="retraining", log_prints=True)
def retrain_if_changed(experiment: Experiment, store: str | None = None) -> RetrainOutcome:
    """Rerun the experiment when its source's fingerprint differs from its last published model's; else skip."""
    artifacts = ArtifactStore(run_root(store, deployed=deployment.id is not None))
    decision = compare_source(experiment, artifacts.root)
    print(decision.reason)
    if not decision.retrain:
        return RetrainOutcome(decision=decision)
    return RetrainOutcome(decision=decision, result=run_experiment(experiment, store=artifacts.root))
