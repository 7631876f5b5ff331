"""The data flow: ingest -> validate -> subset -> validate -> enrich, each step cached on the ids of its inputs."""

from __future__ import annotations

from prefect import flow
from pydantic import BaseModel

from tourism_grpo.config import DataParams
from tourism_grpo.storage import ArtifactRef, ArtifactStore
from tourism_grpo.tasks.common import bind
from tourism_grpo.tasks.enrich import enrich
from tourism_grpo.tasks.ingest import ingest
from tourism_grpo.tasks.subset import subset
from tourism_grpo.tasks.validate import validate


class PreparedData(BaseModel):
    """References to the tables a training run reads, and to the contract results that let them through."""

    source: ArtifactRef
    train: ArtifactRef
    eval: ArtifactRef
    # one row per expectation; their manifests name the validated tables, so lineage reaches the model card
    source_contract: ArtifactRef
    subset_contract: ArtifactRef


@flow(name="prepare-data", log_prints=True)
def prepare_data(
    data: DataParams = DataParams(),  # noqa: B008 - Prefect renders the default model as the UI form
    store: str | None = None,
    refresh: bool = False,
) -> PreparedData:
    """Ingest a source, check its contract, draw the subsets, check theirs and enrich them; reruns reuse every step.

    A broken contract raises DataContractError and fails the run before the next step writes anything.
    """
    artifacts = ArtifactStore(store)
    kind = data.source.kind
    check = bind(validate, artifacts, refresh)
    source = bind(ingest, artifacts, refresh)(data.source, artifacts.root)
    source_contract = check({"source": source}, kind, data.contract, data.subset, artifacts.root)
    subsets = bind(subset, artifacts, refresh)(source, data.subset, artifacts.root)
    subset_contract = check(
        {"train": subsets.train, "eval": subsets.eval}, kind, data.contract, data.subset, artifacts.root
    )
    enrich_bound = bind(enrich, artifacts, refresh)
    return PreparedData(
        source=source,
        train=enrich_bound(subsets.train, data.enrich, artifacts.root),
        eval=enrich_bound(subsets.eval, data.enrich, artifacts.root),
        source_contract=source_contract.table,
        subset_contract=subset_contract.table,
    )
