"""Scheduled retraining: rerun a preset only when its source changed since the preset's last published model, and
make the new model production only when it is not worse than the production one."""

from __future__ import annotations

from prefect import flow
from prefect.runtime import deployment
from pydantic import BaseModel

from tourism_grpo.experiments import Experiment
from tourism_grpo.flows.experiment import ExperimentResult, run_experiment
from tourism_grpo.publishing.freshness import RetrainDecision
from tourism_grpo.publishing.gate import PublishRefused
from tourism_grpo.publishing.verdict import Verdict
from tourism_grpo.storage import ArtifactStore, run_root
from tourism_grpo.tasks.freshness import compare_source
from tourism_grpo.tasks.publish import read_registry, record_verdict


class RetrainOutcome(BaseModel):
    """The decision and, when it was to retrain, what the experiment produced (None when the gate refused it) and
    whether it replaced the production version."""

    decision: RetrainDecision
    result: ExperimentResult | None = None
    verdict: Verdict | None = None


@flow(name="retraining", log_prints=True)
def retrain_if_changed(experiment: Experiment, store: str | None = None) -> RetrainOutcome:
    """Rerun the experiment when its source's fingerprint differs from its last published model's; else skip."""
    artifacts = ArtifactStore(run_root(store, deployed=deployment.id is not None))
    decision = compare_source(experiment, artifacts.root)
    print(decision.reason)
    if not decision.retrain:
        return RetrainOutcome(decision=decision)
    before = read_registry(experiment.name, experiment.publish, artifacts.root)
    try:
        result = run_experiment(experiment, store=artifacts.root)
    except PublishRefused as refused:
        # the challenger lost: it is kept as a refused version and production stays; the verdict says so
        print(refused)
        result = None
    verdict = record_verdict(experiment.name, experiment.publish, artifacts.root, before)
    print(verdict.line)
    return RetrainOutcome(decision=decision, result=result, verdict=verdict)
