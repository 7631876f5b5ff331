"""Tiny model: the smoke preset's small Llama, built from the train split once and kept in the store."""

from __future__ import annotations

import json
from pathlib import Path

from prefect import get_run_logger

from tourism_grpo.storage import ArtifactRef
from tourism_grpo.storage.steps import Step
from tourism_grpo.tasks.step import step_output, step_task
from tourism_grpo.training.params import TinyModelParams

TINY_MODEL = Step(
    "tiny-model",
    "2",
    parameters=lambda arguments: {**arguments["params"].model_dump(), "system": arguments["system_prompt"]},
)


# log_prints off: the flow's print capture breaks how `datasets` (dill) fingerprints the SFT data, flooding the log
# with bytecode listings
@step_task(TINY_MODEL, retries=1, log_prints=False)
def tiny_model(
    train: ArtifactRef, eval_split: ArtifactRef, params: TinyModelParams, system_prompt: str | None, store: str
) -> ArtifactRef:
    """Train a tokenizer and a small Llama on the train split, warm-started with SFT; eval questions stay unseen."""
    from tourism_grpo.training.tiny_model import build_tiny_model, warm_start_rows

    out = step_output(TINY_MODEL)
    if existing := out.existing("folder", "tiny-model"):
        return existing
    eval_questions = out.store.read_table(eval_split).column("question").to_pylist()
    rows = warm_start_rows(out.store.read_table(train).to_pylist(), eval_questions, params)
    logger = get_run_logger()

    def build(folder: Path) -> dict[str, object]:
        summary = build_tiny_model(rows, params, folder, system_prompt, log=logger.info)
        (folder / "build.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
        return {"summary": summary}

    ref = out.folder(build, "tiny-model")
    logger.info("Built the tiny model %s: %s", ref.id, out.store.manifest(ref)["summary"])
    return ref
