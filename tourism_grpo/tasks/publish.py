"""Publish: gate the tuned model on its evaluation, write the model card, copy to the registry or upload to the Hub;
and read back what a run takes from the registry (the fixed held-out set, the production version)."""

from __future__ import annotations

import os
from typing import Any

from prefect import get_run_logger, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from tourism_grpo.evaluation.champion import Champion
from tourism_grpo.evaluation.report import EvalReport
from tourism_grpo.publishing.card import Lineage
from tourism_grpo.publishing.gate import PublishRefused, decide
from tourism_grpo.publishing.params import PublishParams
from tourism_grpo.publishing.registry import (
    Registry,
    RegistryError,
    RegistryState,
    champion_for,
    registry_state,
    version_table,
)
from tourism_grpo.publishing.release import (
    PublishResult,
    open_registry,
    publish_parents,
    publish_settings,
    release,
)
from tourism_grpo.publishing.upload import PublishAuthError, PublishError
from tourism_grpo.publishing.verdict import Verdict, judge
from tourism_grpo.storage import ArtifactCorruptError, ArtifactRef, ArtifactStore
from tourism_grpo.storage.steps import Step
from tourism_grpo.tasks.step import retry_unless, step_output, step_task
from tourism_grpo.training.params import TrainSpec
from tourism_grpo.training.run import TrainResult

PUBLISH = Step(
    "publish",
    "1",
    parents=lambda arguments: publish_parents(arguments["training"], arguments["evaluation"], arguments["lineage"]),
    parameters=lambda arguments: publish_settings(arguments["spec"], arguments["params"], arguments["lineage"]),
)


def hub_token(secret: str) -> str:
    """The Hub token: the Prefect Secret block of that name, else HF_TOKEN; PublishAuthError when neither is there."""
    from prefect.blocks.system import Secret

    try:
        return Secret.load(secret).get()
    except ValueError:
        token = os.environ.get("HF_TOKEN")  # no such block
    if not token:
        raise PublishAuthError(
            f"No Hub token: there is no Prefect Secret block named {secret!r} and HF_TOKEN is not set. Save one with "
            f"`Secret(value=...).save({secret!r})` (prefect.blocks.system) or export HF_TOKEN; it needs write access."
        )
    return token


def _registry(experiment: str, params: PublishParams, store: ArtifactStore) -> Registry:
    """The registry the preset publishes to, with the Hub token where it is a Hub repo."""
    token = hub_token(params.token_secret) if params.hub_repo is not None else None
    return open_registry(params, store, experiment, token)


# Reading the registry: a dropped connection is retried; a registry that cannot be read as it is (a missing held-out
# table, a refused token, a corrupt record) fails the same way every time.
READS_REGISTRY: dict[str, Any] = {
    "cache_policy": NO_CACHE,
    "retries": 2,
    "retry_delay_seconds": 10,
    "retry_condition_fn": retry_unless(PublishError, RegistryError, ArtifactCorruptError),
}


@task(name="registry-state", **READS_REGISTRY)
def read_registry(experiment: str, params: PublishParams, store: str) -> RegistryState:
    """The preset's fixed held-out set, and its production and newest versions, from the registry it publishes to."""
    artifacts = ArtifactStore(store)
    return registry_state(_registry(experiment, params, artifacts), artifacts)


@task(name="find-champion", **READS_REGISTRY)
def find_champion(experiment: str, params: PublishParams, store: str, adapter: ArtifactRef) -> Champion | None:
    """The version the adapter is judged against (production, or for a rerun the one it was judged against), with
    its files at hand."""
    champion = champion_for(_registry(experiment, params, ArtifactStore(store)), adapter.id)
    if champion is not None:
        get_run_logger().info("%s: %s is judged against v%d", experiment, adapter.id, champion.version)
    return champion


@task(name="champion-challenger", **READS_REGISTRY)
def record_verdict(experiment: str, params: PublishParams, store: str, before: RegistryState) -> Verdict:
    """Say whether the version this run added replaced the production version it started with, and why."""
    registry = _registry(experiment, params, ArtifactStore(store))
    versions = registry.versions()
    verdict = judge(before.production, before.newest, versions, registry.production())
    create_markdown_artifact(
        key="champion-challenger",
        markdown=verdict.markdown(experiment, versions),
        description=f"{experiment}: {verdict.line}",
    )
    return verdict


@step_task(
    PUBLISH,
    retries=3,
    retry_delay_seconds=[10, 60, 180],
    # a refused gate, a rejected token or a bad setting fail the same way every time: retries are for the network
    retry_condition_fn=retry_unless(PublishError, ValueError),
    cache_policy=NO_CACHE,
)
def publish(
    spec: TrainSpec,
    training: TrainResult,
    evaluation: EvalReport,
    params: PublishParams,
    lineage: Lineage,
    store: str,
) -> PublishResult:
    """Add the adapter (and optionally the merged model) with its card to the registry as a version; it becomes
    production if the gate passes or the run forces it, and is kept as a refused version otherwise."""
    logger = get_run_logger()
    decision = decide(evaluation, params)
    create_markdown_artifact(
        key="publish-gate",
        markdown=f"# Publish gate: {spec.experiment}\n\n{decision.markdown()}",
        description=f"{spec.experiment}: {'passed' if decision.passed else 'refused'}"
        + (", published with force" if decision.forced else ""),
    )
    if decision.forced:
        failures = "; ".join(check.name for check in decision.failures)
        logger.warning("Publishing %s with force despite: %s", spec.experiment, failures)
    out = step_output(PUBLISH)
    # before any staging: a missing token should not cost a merge first
    registry = _registry(spec.experiment, params, out.store)
    result = release(out, spec, training, evaluation, params, lineage, decision, registry)
    create_markdown_artifact(
        key="model-versions",
        markdown=f"# {spec.experiment}: versions in {registry.where}\n\n"
        + version_table(registry.versions(), registry.production()),
        description=f"{spec.experiment}: v{result.version}"
        + (", production" if result.production else ", not production"),
    )
    if not decision.publish:
        raise PublishRefused.from_decision(spec.experiment, decision, kept=f"v{result.version}")
    create_link_artifact(
        key="published-model",
        link=result.url,
        link_text=f"{params.hub_repo or spec.experiment} v{result.version}",
        description=f"{spec.experiment}: adapter {training.adapter.id}"
        + (" and merged model" if params.merged else "")
        + f", v{result.version}"
        + (", production" if result.production else ""),
    )
    where = "production" if result.production else f"not production: production stays v{registry.production()}"
    logger.info("Published %s v%d to %s (%s)", spec.experiment, result.version, result.url, where)
    return result
