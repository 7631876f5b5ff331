"""Base model: resolve what GRPO starts from (a Hub id, a path, the tiny model, an earlier run's adapter)."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from tourism_grpo.storage import ArtifactRef, ArtifactStore
from tourism_grpo.training.params import BaseModelRef, ModelParams

RUN_PREFIX = "run:"


# Never cached: the newest adapter of a preset changes whenever that preset trains again.
@task(name="resolve-base-model", cache_policy=NO_CACHE)
def resolve_base(model: ModelParams, tiny: ArtifactRef | None, store: str) -> BaseModelRef:
    """The base model's local path or Hub id, and the id its lineage records."""
    artifacts = ArtifactStore(store)
    if tiny is not None:
        return BaseModelRef(uri=str(artifacts.local_folder(tiny)), id=tiny.id)
    if model.base.startswith(RUN_PREFIX):
        preset = model.base.removeprefix(RUN_PREFIX)
        adapter = artifacts.newest("folder", "adapter", experiment=preset)
        if adapter is None:
            raise ValueError(
                f"model.base is {model.base!r}, but the store {artifacts.root} holds no adapter trained by preset "
                f"{preset!r}. Run that preset first (tourism-grpo run {preset}), or set model.base to a Hub id."
            )
        return BaseModelRef(uri=str(artifacts.local_folder(adapter)), id=adapter.id)
    return BaseModelRef(uri=model.base, id=f"{model.base}@{model.revision or 'main'}", revision=model.revision)
