"""Base model: resolve what GRPO starts from (a Hub id, a path, the tiny model, a GGUF converted once into the
store, an earlier run's adapter)."""

from __future__ import annotations

from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from tourism_grpo.storage import ArtifactRef, ArtifactStore, artifact_id
from tourism_grpo.tasks.common import artifact_cache_key, retry_unless
from tourism_grpo.training.gguf import NOTICE_FILE, GgufSource, locate_gguf
from tourism_grpo.training.params import BaseModelRef, ModelParams

RUN_PREFIX = "run:"
CONVERTED = "base-model"
STEP_VERSION = "1"


def converted_id(source: GgufSource) -> str:
    """Id of the folder converted from a GGUF: its content (sha256), not where it was found."""
    return artifact_id(CONVERTED, STEP_VERSION, [], {"gguf_sha256": source.sha256, "dtype": "float32"})


def output_id(base: str) -> str:
    """Id of the folder that `model.base` converts to (ValueError when the file or package is not there)."""
    return converted_id(locate_gguf(base))


# Keyed on the GGUF's sha256: the same bytes (from a file or a package, any path) convert once per store. A missing
# file or package (ValueError) fails the same way every time: no retry.
@task(
    name="convert-base-model",
    retries=1,
    retry_condition_fn=retry_unless(ValueError),
    cache_key_fn=artifact_cache_key(output_id),
    persist_result=True,
)
def convert_base_model(base: str, store: str) -> ArtifactRef:
    """Convert the GGUF that `base` names (a .gguf path or package:<name>) into a transformers folder, once."""
    from tourism_grpo.training.gguf import convert_gguf

    artifacts = ArtifactStore(store)
    source = locate_gguf(base)
    artifact = converted_id(source)
    existing = artifacts.find("folder", CONVERTED, artifact)
    if existing is not None:
        return existing
    logger = get_run_logger()
    lineage: dict[str, object] = {
        "step": CONVERTED,
        "step_version": STEP_VERSION,
        "parents": [],
        "parameters": {"source": base, "dtype": "float32"},
        "package": source.package,
        "version": source.version,
        "gguf_sha256": source.sha256,
    }

    def build(folder: Path) -> None:
        summary = convert_gguf(source, folder, log=logger.info)
        # write_folder writes the manifest from this dict after build returns
        lineage.update(licence=summary["licence"], notice=summary["notice"], summary=summary)

    ref = artifacts.write_folder(build, name=CONVERTED, artifact=artifact, lineage=lineage)
    logger.info("Converted %s into %s: %s", base, ref.id, lineage["summary"])
    return ref


# Never cached: the newest adapter of a preset changes whenever that preset trains again.
@task(name="resolve-base-model", cache_policy=NO_CACHE)
def resolve_base(model: ModelParams, built: ArtifactRef | None, store: str) -> BaseModelRef:
    """The base model's local path or Hub id, and the id its lineage records. `built` is a model folder an earlier
    task made in the store: the tiny model, or a GGUF's conversion (whose licence and NOTICE go along)."""
    artifacts = ArtifactStore(store)
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
