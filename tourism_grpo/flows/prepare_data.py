"""The data flow: ingest -> validate -> subset (train, validation, eval) -> validate -> enrich, each step cached on the
ids of its inputs."""

from __future__ import annotations

from prefect import flow
from pydantic import BaseModel

from tourism_grpo.data.params import DataParams
from tourism_grpo.storage import ArtifactRef, ArtifactStore
from tourism_grpo.tasks.enrich import enrich
from tourism_grpo.tasks.ingest import ingest
from tourism_grpo.tasks.step import kept_in
from tourism_grpo.tasks.subset import pinned_held_out, subset
from tourism_grpo.tasks.validate import validate


class PreparedData(BaseModel):
    """References to the tables a training run reads, and to the contract results that let them through."""

    source: ArtifactRef
    train: ArtifactRef
    # for choosing settings; None when the preset draws none
    validation: ArtifactRef | None = None
    eval: ArtifactRef
    # one row per expectation; their manifests name the validated tables, so lineage reaches the model card
    source_contract: ArtifactRef
    subset_contract: ArtifactRef

    def refs(self) -> dict[str, ArtifactRef]:
        """Every table there is, by name."""
        return {name: ref for name, ref in self if ref is not None}


@flow(name="prepare-data", log_prints=True)
def prepare_data(
    data: DataParams = DataParams(),  # noqa: B008 - Prefect renders the default model as the UI form
    store: str | None = None,
    refresh: bool = False,
    held_out: ArtifactRef | None = None,
) -> PreparedData:
    """Ingest a source, check its contract, draw the subsets, check theirs and enrich them; reruns reuse every step.

    `held_out`: the preset's fixed eval set (its registry's), taken as the eval split instead of a fresh draw.
    A broken contract raises DataContractError and fails the run before the next step writes anything.
    """
    artifacts = ArtifactStore(store)
    kind = data.source.kind
    check = kept_in(validate, artifacts, refresh)
    source = kept_in(ingest, artifacts, refresh)(data.source, artifacts.root)
    source_contract = check({"source": source}, kind, data.contract, data.subset, artifacts.root)
    fixed = pinned_held_out(source, data.subset, held_out, artifacts)
    subsets = kept_in(subset, artifacts, refresh)(source, data.subset, artifacts.root, fixed)
    splits = {part: ref for part, ref in subsets if ref is not None}
    subset_contract = check(splits, kind, data.contract, data.subset, artifacts.root)
    enriching = kept_in(enrich, artifacts, refresh)
    return PreparedData(
        source=source,
        **{part: enriching(ref, data.enrich, artifacts.root) for part, ref in splits.items()},
        source_contract=source_contract.table,
        subset_contract=subset_contract.table,
    )
