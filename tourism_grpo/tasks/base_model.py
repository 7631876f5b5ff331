"""Base model: resolve what GRPO starts from (a Hub id, a path, the tiny model, a GGUF converted once into the
store, an earlier run's adapter)."""

from __future__ import annotations

from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from tourism_grpo.storage import ArtifactRef, ArtifactStore
from tourism_grpo.storage.steps import Step
from tourism_grpo.tasks.step import retry_unless, step_output, step_task
from tourism_grpo.training.base_model import CONVERTED, resolve_base
from tourism_grpo.training.gguf import DTYPE, locate_gguf
from tourism_grpo.training.params import BaseModelRef, ModelParams

# Keyed on the GGUF's sha256, not on where it was found: the same bytes (a file or a package, any path) convert once
# per store.
CONVERT = Step(
    CONVERTED,
    "1",
    parents=lambda arguments: [],
    parameters=lambda arguments: {"gguf_sha256": locate_gguf(arguments["base"]).sha256, "dtype": DTYPE},
)


# A missing file or package (ValueError) fails the same way every time: no retry.
@step_task(CONVERT, name="convert-base-model", retries=1, retry_condition_fn=retry_unless(ValueError))
def convert_base_model(base: str, store: str) -> ArtifactRef:
    """Convert the GGUF that `base` names (a .gguf path or package:<name>) into a transformers folder, once."""
    from tourism_grpo.training.gguf import convert_gguf

    out = step_output(CONVERT)
    if existing := out.existing("folder", CONVERTED):
        return existing
    source = locate_gguf(base)
    logger = get_run_logger()

    def build(folder: Path) -> dict[str, object]:
        summary = convert_gguf(source, folder, log=logger.info)
        return {"licence": summary["licence"], "notice": summary["notice"], "summary": summary}

    ref = out.folder(
        build, CONVERTED, source=base, package=source.package, version=source.version, gguf_sha256=source.sha256
    )
    logger.info("Converted %s into %s: %s", base, ref.id, out.store.manifest(ref)["summary"])
    return ref


# Never cached: the newest adapter of a preset changes whenever that preset trains again.
@task(name="resolve-base-model", cache_policy=NO_CACHE)
def resolve_base_model(model: ModelParams, built: ArtifactRef | None, store: str) -> BaseModelRef:
    """The base model's local path or Hub id, and the id its lineage records."""
    return resolve_base(model, built, ArtifactStore(store))
