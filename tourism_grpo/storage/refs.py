"""The small reference that tasks pass between each other instead of data, and how its id is derived."""

from __future__ import annotations

import hashlib
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict


def artifact_id(step: str, version: str, parents: list[str], parameters: dict[str, Any]) -> str:
    """Id of what a step produces: a hash of the step, its version, its inputs' ids and its parameters."""
    payload = json.dumps(
        {"step": step, "version": version, "parents": parents, "parameters": parameters},
        sort_keys=True,
        default=str,
        ensure_ascii=False,
    )
    return f"{step}-{hashlib.sha256(payload.encode()).hexdigest()[:16]}"


class Reference(BaseModel):
    """What a step takes as an input rather than a setting: something with an id (an artifact, a base model)."""

    id: str


class ArtifactRef(Reference):
    """Where an artifact lives and what it must contain; checked against the store on every read."""

    model_config = ConfigDict(frozen=True)

    name: str
    kind: Literal["table", "folder"]
    uri: str
    sha256: str
    rows: int | None = None
    # column name -> Arrow type, so a reader can see the shape without opening the file
    columns: dict[str, str] = {}
