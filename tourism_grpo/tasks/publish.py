"""Publish: gate the tuned model on its evaluation, write the model card, copy to the registry or upload to the Hub."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from prefect import get_run_logger, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from pydantic import BaseModel

from tourism_grpo.evaluation.report import EvalReport
from tourism_grpo.publishing.card import Lineage, code_version, contract_verdicts, render_card
from tourism_grpo.publishing.gate import GateDecision, PublishRefused, decide
from tourism_grpo.publishing.params import PublishParams
from tourism_grpo.publishing.upload import PublishAuthError, PublishError, upload_to_hub
from tourism_grpo.rewards.registry import RewardSpec
from tourism_grpo.storage import ArtifactRef, ArtifactStore, artifact_id
from tourism_grpo.tasks.common import retry_unless
from tourism_grpo.tasks.train import TrainResult
from tourism_grpo.training.prompts import Framing

STEP_VERSION = "1"


class PublishResult(BaseModel):
    """What was published where (a returned result means it was: a refusal raises PublishRefused)."""

    target: str
    url: str
    folder: ArtifactRef
    card: str
    commit: str | None = None
    gate: GateDecision


def output_id(
    experiment: str,
    training: TrainResult,
    evaluation: EvalReport,
    params: PublishParams,
    lineage: Lineage,
    hyperparameters: dict[str, Any],
    rewards: list[RewardSpec],
    version: str,
) -> str:
    """Id of the published folder: everything its card and files are made of."""
    parents = [training.adapter.id, evaluation.per_row.id, *(ref.id for ref in lineage.artifacts.values())]
    settings = {
        "experiment": experiment,
        "publish": params.model_dump(exclude={"token_secret", "private"}),
        "hyperparameters": hyperparameters,
        "rewards": [spec.model_dump() for spec in rewards],
        "source": lineage.source_uri,
        "code": version,
    }
    return artifact_id("publish", STEP_VERSION, parents, settings)


def _hub_token(secret: str) -> str:
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


@task(
    name="publish",
    retries=3,
    retry_delay_seconds=[10, 60, 180],
    # a refused gate, a rejected token or a bad setting fail the same way every time: retries are for the network
    retry_condition_fn=retry_unless(PublishError, ValueError),
    cache_policy=NO_CACHE,
    persist_result=True,
)
def publish(
    experiment: str,
    training: TrainResult,
    evaluation: EvalReport,
    params: PublishParams,
    lineage: Lineage,
    hyperparameters: dict[str, Any],
    rewards: list[RewardSpec],
    store: str,
) -> PublishResult:
    """Publish the adapter (and optionally the merged model) with its card if the gate passes or the run forces it."""
    from tourism_grpo.publishing.merge import merge_adapter

    logger = get_run_logger()
    artifacts = ArtifactStore(store)
    decision = decide(evaluation, params)
    create_markdown_artifact(
        key="publish-gate",
        markdown=f"# Publish gate: {experiment}\n\n{decision.markdown()}",
        description=f"{experiment}: {'passed' if decision.passed else 'refused'}"
        + (", published with force" if decision.forced else ""),
    )
    if not decision.publish:
        raise PublishRefused.from_decision(experiment, decision)
    if decision.forced:
        logger.warning("Publishing %s with force despite: %s", experiment, "; ".join(c.name for c in decision.failures))

    repo_id = params.hub_repo
    # before any staging: a missing token should not cost a merge first
    token = _hub_token(params.token_secret) if repo_id is not None else None
    version = code_version()
    artifact = output_id(experiment, training, evaluation, params, lineage, hyperparameters, rewards, version)
    adapter_dir = artifacts.local_folder(training.adapter)
    card = render_card(
        experiment=experiment,
        repo_id=repo_id,
        base=training.base,
        adapter=training.adapter,
        global_step=training.global_step,
        evaluation=evaluation,
        decision=decision,
        rewards=rewards,
        hyperparameters=hyperparameters,
        lineage=lineage,
        verdicts=contract_verdicts(artifacts, lineage),
        params=params,
        version=version,
        framing=Framing.load(adapter_dir),
    )
    record = {
        "step": "publish",
        "step_version": STEP_VERSION,
        "experiment": experiment,
        "target": params.target,
        "parents": [training.adapter.id, evaluation.per_row.id, *(r.id for r in lineage.artifacts.values())],
        "gate": decision.model_dump(),
        "code": version,
    }

    def build(folder: Path) -> None:
        shutil.copytree(adapter_dir, folder, dirs_exist_ok=True)
        (folder / "README.md").write_text(card, encoding="utf-8")  # replaces PEFT's template card
        if training.base.notice:  # e.g. Gemma's terms: every distribution of a derivative carries the NOTICE
            shutil.copyfile(training.base.notice, folder / "NOTICE")
        if params.merged:
            merge_adapter(training.base, adapter_dir, folder / "merged")

    # A Hub upload stages under another name, so that "published" holds only what got through; a retry or rerun
    # finds its staged folder and does not merge again.
    name = "published" if repo_id is None else "publish-staging"
    staged = artifacts.find("folder", name, artifact) or artifacts.write_folder(
        build, name=name, artifact=artifact, lineage=record
    )
    if repo_id is None:
        folder, commit = staged, None
        url = Path(staged.uri).as_uri() if artifacts.is_local else staged.uri
    else:
        assert token is not None  # resolved above for every Hub target
        upload = upload_to_hub(
            artifacts.local_folder(staged),
            repo_id,
            token,
            private=params.private,
            commit_message=f"Publish {experiment} ({training.adapter.id})",
        )

        def note(out: Path) -> None:
            (out / "README.md").write_text(card, encoding="utf-8")
            (out / "hub-upload.json").write_text(upload.model_dump_json(indent=2), encoding="utf-8")

        folder = artifacts.write_folder(
            note, name="published", artifact=artifact, lineage={**record, "hub": upload.model_dump()}
        )
        url, commit = upload.repo_url, upload.commit_oid
    create_link_artifact(
        key="published-model",
        link=url,
        link_text=repo_id or f"{experiment} in the local registry",
        description=f"{experiment}: adapter {training.adapter.id}" + (" and merged model" if params.merged else ""),
    )
    logger.info("Published %s to %s", experiment, url)
    return PublishResult(
        target=params.target, url=url, folder=folder, card=f"{folder.uri}/README.md", commit=commit, gate=decision
    )
