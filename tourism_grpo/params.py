"""The base of every stage's parameter models (each stage keeps its own in its `params` module)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Params(BaseModel):
    """Base of every parameter model: unknown fields are errors, so a typo in a preset never goes unseen."""

    model_config = ConfigDict(extra="forbid")
