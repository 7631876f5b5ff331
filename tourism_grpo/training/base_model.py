"""What GRPO starts from: a Hub id, a local path, a model folder an earlier step made, or a preset's newest adapter."""

from __future__ import annotations

from tourism_grpo.storage import ArtifactRef, ArtifactStore
from tourism_grpo.training.gguf import NOTICE_FILE
from tourism_grpo.training.params import BaseModelRef, ModelParams

RUN_PREFIX = "run:"
CONVERTED = "base-model"  # the name of a GGUF's conversion in the store


def resolve_base(model: ModelParams, built: ArtifactRef | None, artifacts: ArtifactStore) -> BaseModelRef:
    """The base model's local path or Hub id, and the id its lineage records. `built` is a model folder an earlier
    step made in the store: the tiny model, or a GGUF's conversion (whose licence and NOTICE go along)."""
    if built is not None:
        folder = artifacts.local_folder(built)
        if built.name != CONVERTED:
            return BaseModelRef(uri=str(folder), id=built.id)
        notice = folder / NOTICE_FILE
        return BaseModelRef(
            uri=str(folder),
            id=built.id,
            license=artifacts.manifest(built).get("licence"),
            notice=str(notice) if notice.is_file() else None,
        )
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
