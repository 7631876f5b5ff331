"""The production model a challenger is judged against (the champion), and its stored answers where they still
apply: the same held-out rows answered with the same settings need not be generated again."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

import pyarrow as pa
from pydantic import BaseModel, Field

from tourism_grpo.evaluation.generate import Generation
from tourism_grpo.storage import ArtifactRef
from tourism_grpo.training.params import BaseModelRef


class Champion(BaseModel):
    """A preset's production version, as evaluation needs it."""

    version: int
    adapter: str = Field(description="Its adapter's artifact id.")
    base: BaseModelRef = Field(description="The base its adapter loads on.")
    files: str = Field(description="A local folder holding its adapter, as the registry keeps it.")
    answers: ArtifactRef | None = Field(None, description="Its per-row evaluation table, where the store has it.")
    settings: str = Field("", description="Digest of the evaluation settings its answers were made with.")

    def identity(self) -> dict[str, Any]:
        """What decides its answers: the version and its adapter (not where its files lie)."""
        return {"version": self.version, "adapter": self.adapter}


def settings_digest(settings: dict[str, Any]) -> str:
    """A short, stable digest of evaluation settings (decoding, framing, scorer)."""
    return hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode()).hexdigest()[:16]


def stored_answers(answers: pa.Table, ids: Sequence[str]) -> list[Generation] | None:
    """The champion's completions of these rows, in this order, from its per-row evaluation table (where it was the
    tuned model); None unless it answered exactly these rows."""
    if answers.column("id").to_pylist() != list(ids):
        return None
    texts = answers.column("tuned_completion").to_pylist()
    ended = answers.column("tuned_eos_rate").to_pylist()
    # the token ids are not kept: no metric reads them, termination is the stored EOS flag
    return [Generation(text, [], bool(flag)) for text, flag in zip(texts, ended, strict=True)]
