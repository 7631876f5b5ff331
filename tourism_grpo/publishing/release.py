"""The publish step without Prefect: a folder with the adapter, its card and the base's NOTICE, added as a version to
the local registry or the Hub repo, and made production when the gate lets it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from tourism_grpo.evaluation.report import EvalReport
from tourism_grpo.publishing.card import Lineage, code_version, contract_verdicts, render_card
from tourism_grpo.publishing.gate import GateDecision
from tourism_grpo.publishing.params import PublishParams
from tourism_grpo.publishing.registry import MERGED, LocalRegistry, Registry, Version, promotes_on_publish
from tourism_grpo.storage import ArtifactRef, ArtifactStore
from tourism_grpo.storage.steps import Output
from tourism_grpo.training.params import BaseModelRef, TrainSpec
from tourism_grpo.training.prompts import Framing
from tourism_grpo.training.run import TrainResult


class PublishResult(BaseModel):
    """The version a publish added to the registry, and whether it is production now."""

    target: str
    url: str
    folder: ArtifactRef
    card: str
    version: int
    production: bool
    commit: str | None = None
    gate: GateDecision


def open_registry(params: PublishParams, store: ArtifactStore, experiment: str, token: str | None) -> Registry:
    """The registry a preset publishes to: the store's local registry, or its Hub repo."""
    if params.hub_repo is None:
        return LocalRegistry(store, experiment)
    from tourism_grpo.publishing.hub_registry import HubRegistry

    return HubRegistry(params.hub_repo, token, private=params.private)


def publish_parents(training: TrainResult, evaluation: EvalReport, lineage: Lineage) -> list[str]:
    """What a published folder is made of: the adapter, its evaluation and the data artifacts behind them."""
    return [training.adapter.id, evaluation.per_row.id, *(ref.id for ref in lineage.artifacts.values())]


def hyperparameters(spec: TrainSpec) -> dict[str, Any]:
    """The settings the model card lists: the model's and the run's."""
    # what names the adapter: where it trained (device, vLLM) would give a rerun elsewhere another publish id
    identity = spec.identity()
    return {"model": identity["model"], "train": identity["train"]}


def publish_settings(spec: TrainSpec, params: PublishParams, lineage: Lineage) -> dict[str, Any]:
    """What the card and the files are made of besides the parents (the token's source and the repo's visibility
    are not); `code` is the version the card names."""
    return {
        "experiment": spec.experiment,
        "publish": params.model_dump(exclude={"token_secret", "private"}),
        "hyperparameters": hyperparameters(spec),
        "rewards": [reward.model_dump() for reward in spec.rewards],
        "source": lineage.source_uri,
        "code": code_version(),
    }


def _fill(folder: Path, adapter_dir: Path, card: str, base: BaseModelRef, merged: bool) -> None:
    """The published folder: the adapter, its card, the base's NOTICE where its terms ask for one, the merged model."""
    from tourism_grpo.publishing.merge import merge_adapter

    shutil.copytree(adapter_dir, folder, dirs_exist_ok=True)
    (folder / "README.md").write_text(card, encoding="utf-8")  # replaces PEFT's template card
    if base.notice:  # e.g. Gemma's terms: every distribution of a derivative carries the NOTICE
        shutil.copyfile(base.notice, folder / "NOTICE")
    if merged:
        merge_adapter(base, adapter_dir, folder / MERGED)


def _version(
    out: Output,
    spec: TrainSpec,
    training: TrainResult,
    evaluation: EvalReport,
    params: PublishParams,
    decision: GateDecision,
    folder: ArtifactRef,
) -> Version:
    """The registry's record of this publish, before the registry numbers it."""
    try:
        row = evaluation.metric(params.primary_metric)
        summary = f"{row.metric}: tuned - base {row.diff:+.3f} [{row.ci_low:+.3f}, {row.ci_high:+.3f}]"
    except KeyError:
        summary = ""
    return Version(
        experiment=spec.experiment,
        publish_id=out.id,
        adapter=training.adapter.id,
        base=training.base,
        accepted=decision.publish,
        reasons=[] if decision.publish else [check.name for check in decision.failures],
        summary=summary,
        folder=folder,
        held_out=evaluation.split,
        evaluation=evaluation.per_row,
        eval_settings=evaluation.settings,
        judged_against=evaluation.champion.version if evaluation.champion is not None else None,
    )


def release(
    out: Output,
    spec: TrainSpec,
    training: TrainResult,
    evaluation: EvalReport,
    params: PublishParams,
    lineage: Lineage,
    decision: GateDecision,
    registry: Registry,
) -> PublishResult:
    """Stage the folder (adapter, card, NOTICE, merged model if asked) once, add it to the registry as a version
    (once: a retry finds it), and make it production when the gate lets it."""
    adapter_dir = out.store.local_folder(training.adapter)
    history = registry.versions()
    aliases = registry.aliases()
    logged = {"train completions": training.completions} if training.completions is not None else {}
    card = render_card(
        experiment=spec.experiment,
        repo_id=params.hub_repo,
        base=training.base,
        adapter=training.adapter,
        global_step=training.global_step,
        evaluation=evaluation,
        decision=decision,
        rewards=spec.rewards,
        hyperparameters=hyperparameters(spec),
        # the card also names the completions training logged; the parents stay the data
        lineage=lineage.model_copy(update={"artifacts": {**lineage.artifacts, **logged}}),
        verdicts=contract_verdicts(out.store, lineage),
        params=params,
        version=out.lineage["parameters"]["code"],
        framing=Framing.load(adapter_dir),
        history=[version for version in history if version.publish_id != out.id],
        production=aliases.production,
    )
    record = {"experiment": spec.experiment, "target": params.target, "gate": decision.model_dump()}
    staged = out.existing("folder", "published") or out.folder(
        lambda folder: _fill(folder, adapter_dir, card, training.base, params.merged), "published", **record
    )
    version = next((known for known in history if known.publish_id == out.id), None) or registry.add(
        _version(out, spec, training, evaluation, params, decision, staged), out.store.local_folder(staged)
    )
    promoted = promotes_on_publish(aliases, version)
    if promoted:
        registry.set_production(version.version)
    return PublishResult(
        target=params.target,
        url=registry.url(version),
        folder=staged,
        card=f"{staged.uri}/README.md",
        version=version.version,
        production=promoted or aliases.production == version.version,
        commit=version.commit,
        gate=decision,
    )
