"""Tiny model: the smoke preset's small Llama, built from the train split once and kept in the store."""

from __future__ import annotations

import json
from pathlib import Path

from prefect import get_run_logger, task

from tourism_grpo.storage import ArtifactRef, ArtifactStore, artifact_id
from tourism_grpo.tasks.common import artifact_cache_key
from tourism_grpo.training.params import TinyModelParams

STEP_VERSION = "2"


def output_id(train: ArtifactRef, eval_split: ArtifactRef, params: TinyModelParams, system_prompt: str | None) -> str:
    """Id of the tiny model built from a train table (kept apart from an eval table) with these settings."""
    return artifact_id(
        "tiny-model", STEP_VERSION, [train.id, eval_split.id], {**params.model_dump(), "system": system_prompt}
    )


# log_prints off: the flow's print capture breaks how `datasets` (dill) fingerprints the SFT data, flooding the log
# with bytecode listings
@task(name="tiny-model", retries=1, cache_key_fn=artifact_cache_key(output_id), persist_result=True, log_prints=False)
def tiny_model(
    train: ArtifactRef, eval_split: ArtifactRef, params: TinyModelParams, system_prompt: str | None, store: str
) -> ArtifactRef:
    """Train a tokenizer and a small Llama on the train split, warm-started with SFT; eval questions stay unseen."""
    from tourism_grpo.training.tiny_model import build_tiny_model, warm_start_rows

    artifacts = ArtifactStore(store)
    artifact = output_id(train, eval_split, params, system_prompt)
    existing = artifacts.find("folder", "tiny-model", artifact)
    if existing is not None:
        return existing
    eval_questions = artifacts.read_table(eval_split).column("question").to_pylist()
    rows = warm_start_rows(artifacts.read_table(train).to_pylist(), eval_questions, params)
    summary: dict[str, object] = {}
    logger = get_run_logger()

    def build(folder: Path) -> None:
        summary.update(build_tiny_model(rows, params, folder, system_prompt, log=logger.info))
        (folder / "build.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")

    ref = artifacts.write_folder(
        build,
        name="tiny-model",
        artifact=artifact,
        lineage={
            "step": "tiny-model",
            "step_version": STEP_VERSION,
            "parents": [train.id, eval_split.id],
            "parameters": params.model_dump(),
            "summary": summary,
        },  # filled by build before the manifest
    )
    logger.info("Built the tiny model %s: %s", ref.id, summary)
    return ref
