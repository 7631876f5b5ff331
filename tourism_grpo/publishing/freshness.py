"""Whether a preset's published model is out of date: its lineage's source fingerprint against the source's now."""

from __future__ import annotations

from pydantic import BaseModel

from tourism_grpo.storage import ArtifactStore


class PublishedSource(BaseModel):
    """The newest published model of a preset and the source fingerprint its lineage records (None: none)."""

    published_id: str
    created_at: str
    fingerprint: str | None


class RetrainDecision(BaseModel):
    """Whether to retrain, and why, in one sentence."""

    retrain: bool
    reason: str


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


def last_published(store: ArtifactStore, preset: str, source_kind: str) -> PublishedSource | None:
    """Follow the newest published folder of the preset to its source table's manifest (published -> parents)."""
    published = store.newest("folder", "published", experiment=preset)
    if published is None:
        return None
    manifest = store.manifest(published)
    source_table = f"source-{source_kind}"
    recorded = None
    for parent in manifest.get("parents", []):
        source = store.find("table", source_table, parent)
        if source is not None:
            recorded = store.manifest(source).get("source", {}).get("fingerprint")
            break
    return PublishedSource(published_id=published.id, created_at=manifest["created_at"], fingerprint=recorded)
