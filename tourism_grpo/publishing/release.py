"""The publish step without Prefect: a folder with the adapter, its card and the base's NOTICE, kept in the local
registry or uploaded to the Hub."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from tourism_grpo.evaluation.report import EvalReport
from tourism_grpo.publishing.card import Lineage, code_version, contract_verdicts, render_card
from tourism_grpo.publishing.gate import GateDecision
from tourism_grpo.publishing.params import PublishParams
from tourism_grpo.publishing.upload import upload_to_hub
from tourism_grpo.storage import ArtifactRef
from tourism_grpo.storage.steps import Output
from tourism_grpo.training.params import BaseModelRef, TrainSpec
from tourism_grpo.training.prompts import Framing
from tourism_grpo.training.run import TrainResult


class PublishResult(BaseModel):
    """What was published where (a returned result means it was: a refusal raises PublishRefused)."""

    target: str
    url: str
    folder: ArtifactRef
    card: str
    commit: str | None = None
    gate: GateDecision


def publish_parents(training: TrainResult, evaluation: EvalReport, lineage: Lineage) -> list[str]:
    """What a published folder is made of: the adapter, its evaluation and the data artifacts behind them."""
    return [training.adapter.id, evaluation.per_row.id, *(ref.id for ref in lineage.artifacts.values())]


def hyperparameters(spec: TrainSpec) -> dict[str, Any]:
    """The settings the model card lists: the model's and the run's."""
    return {"model": spec.model.model_dump(), "train": spec.train.model_dump()}


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
        merge_adapter(base, adapter_dir, folder / "merged")


def release(
    out: Output,
    spec: TrainSpec,
    training: TrainResult,
    evaluation: EvalReport,
    params: PublishParams,
    lineage: Lineage,
    decision: GateDecision,
    token: str | None,
) -> PublishResult:
    """Stage the folder (adapter, card, NOTICE, merged model if asked) once, then keep it or upload it."""
    adapter_dir = out.store.local_folder(training.adapter)
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
    )
    record = {"experiment": spec.experiment, "target": params.target, "gate": decision.model_dump()}
    # A Hub upload stages under another name, so that "published" holds only what got through; a retry or rerun
    # finds its staged folder and does not merge again.
    name = "published" if params.hub_repo is None else "publish-staging"
    staged = out.existing("folder", name) or out.folder(
        lambda folder: _fill(folder, adapter_dir, card, training.base, params.merged), name, **record
    )
    if params.hub_repo is None:
        url = Path(staged.uri).as_uri() if out.store.is_local else staged.uri
        return PublishResult(
            target=params.target, url=url, folder=staged, card=f"{staged.uri}/README.md", gate=decision
        )
    assert token is not None  # the task resolves it for every Hub target
    message = f"Publish {spec.experiment} ({training.adapter.id})"
    upload = upload_to_hub(
        out.store.local_folder(staged), params.hub_repo, token, private=params.private, commit_message=message
    )

    def note(folder: Path) -> None:
        (folder / "README.md").write_text(card, encoding="utf-8")
        (folder / "hub-upload.json").write_text(upload.model_dump_json(indent=2), encoding="utf-8")

    folder = out.folder(note, "published", **record, hub=upload.model_dump())
    url, commit = upload.repo_url, upload.commit_oid
    return PublishResult(
        target=params.target, url=url, folder=folder, card=f"{folder.uri}/README.md", commit=commit, gate=decision
    )
