"""A pipeline step declared once (name, version, how its inputs become parents and parameters): the id of what it
makes, its lineage record and its reuse of what an earlier run already made all follow from that declaration."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
from pydantic_core import to_jsonable_python

from tourism_grpo.storage.refs import ArtifactRef, Reference, artifact_id
from tourism_grpo.storage.store import ArtifactStore

Arguments = Mapping[str, Any]


def input_ids(arguments: Arguments) -> list[str]:
    """The ids of the references among a step's arguments (in order; a mapping of references adds each)."""
    ids: list[str] = []
    for value in arguments.values():
        if isinstance(value, Reference):
            ids.append(value.id)
        elif isinstance(value, Mapping) and value and all(isinstance(item, Reference) for item in value.values()):
            ids.extend(item.id for item in value.values())
    return ids


def settings_of(arguments: Arguments) -> dict[str, Any]:
    """Every argument that is not a reference, as JSON-ready data: what the step was asked to do. An argument that
    is None (an optional input not given) is left out."""
    return {
        name: to_jsonable_python(value)
        for name, value in arguments.items()
        if value is not None and not isinstance(value, Reference) and not input_ids({name: value})
    }


@dataclass(frozen=True)
class Step:
    """A step of the pipeline. By default its parents are the ids of the references among its arguments and its
    parameters everything else; a step whose output depends on something else (a file's fingerprint) or not on an
    argument (where it runs) says so with `parents` / `parameters`."""

    name: str
    version: str
    parents: Callable[[Arguments], list[str]] = input_ids
    parameters: Callable[[Arguments], dict[str, Any]] = settings_of

    def id(self, arguments: Arguments) -> str:
        """The id of what the step makes from these arguments."""
        return artifact_id(self.name, self.version, self.parents(arguments), self.parameters(arguments))

    def output(self, arguments: Arguments, store: ArtifactStore) -> Output:
        """Where the step's artifacts go for these arguments, and the lineage they carry."""
        parents, parameters = self.parents(arguments), self.parameters(arguments)
        return Output(
            id=artifact_id(self.name, self.version, parents, parameters),
            store=store,
            lineage={"step": self.name, "step_version": self.version, "parents": parents, "parameters": parameters},
        )


@dataclass(frozen=True)
class Output:
    """The artifacts of one step run: each written under the step's id (a part adds a suffix) with its lineage."""

    id: str
    store: ArtifactStore
    lineage: dict[str, Any]

    def _id(self, part: str) -> str:
        return f"{self.id}-{part}" if part else self.id

    def existing(self, kind: str, name: str, part: str = "") -> ArtifactRef | None:
        """The artifact an earlier run of the step made, or None."""
        return self.store.find(kind, name, self._id(part))

    def table(self, table: pa.Table, name: str, part: str = "", **record: Any) -> ArtifactRef:
        """Write a table; `record` adds fields to its manifest (beside the lineage)."""
        return self.store.write_table(table, name=name, artifact=self._id(part), lineage={**self.lineage, **record})

    def folder(
        self, build: Callable[[Path], object], name: str, part: str = "", **record: Any
    ) -> ArtifactRef:
        """Write the folder that `build` fills (the fields it returns join the manifest); `record` adds others."""
        return self.store.write_folder(build, name=name, artifact=self._id(part), lineage={**self.lineage, **record})
