"""Artifact store: content-checked Parquet tables and folders with manifests, written atomically."""

from tourism_grpo.storage.refs import ArtifactRef, Reference, artifact_id
from tourism_grpo.storage.store import (
    ArtifactCorruptError,
    ArtifactMissingError,
    ArtifactStore,
    default_root,
    run_root,
)

__all__ = [
    "ArtifactCorruptError",
    "ArtifactMissingError",
    "ArtifactRef",
    "ArtifactStore",
    "Reference",
    "artifact_id",
    "default_root",
    "run_root",
]
