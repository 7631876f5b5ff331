"""Content hashes: a file's sha256 (once per process while the file is unchanged) and a source's fingerprint."""

from __future__ import annotations

import hashlib
import time
from functools import lru_cache
from pathlib import Path

from tourism_grpo.data.source_spec import SourceSpec, local_path
from tourism_grpo.data.sources import load_datasets

# A file whose modification time is this recent may still be changing within one timestamp tick ("racy git").
_SETTLED_SECONDS = 2.0


@lru_cache(maxsize=256)
def _sha256_of(path: str, stat: tuple[int, ...]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_file(path: Path) -> str:
    """The file's sha256, hashed once per process while its stat stays the same (the cache key and the task both ask).

    The stat includes the change time, which every write updates and no tool can set back, as git's index relies on.
    """
    stat = path.stat()
    key = (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
    if time.time() - max(stat.st_mtime, stat.st_ctime) < _SETTLED_SECONDS:
        return _sha256_of.__wrapped__(str(path), key)
    return _sha256_of(str(path.resolve()), key)


def fingerprint(spec: SourceSpec) -> str:
    """A hash that changes exactly when the source's content (or the code generating it) changes."""
    fmt = spec.resolved_format()
    if fmt == "synthetic":
        from tourism_grpo.data import synthetic

        # the generator's code and its templates: an edited template is another source
        code = _sha256_tree(Path(synthetic.__file__).parent, ("*.py", "*.yaml"))
        return hashlib.sha256(f"{spec.uri}|{code}".encode()).hexdigest()
    if fmt == "hub":
        # datasets fingerprints what it downloaded (or found in its cache), so a new revision changes it
        return load_datasets(spec)._fingerprint
    path = local_path(spec)
    return _sha256_tree(path) if path.is_dir() else sha256_file(path)


def _sha256_tree(folder: Path, patterns: tuple[str, ...] = ("*",)) -> str:
    """A hash of the files under `folder` that match `patterns`: their paths and their contents."""
    digest = hashlib.sha256()
    files = {file for pattern in patterns for file in folder.rglob(pattern) if file.is_file()}
    for file in sorted(files):
        digest.update(str(file.relative_to(folder)).encode())
        digest.update(sha256_file(file).encode())
    return digest.hexdigest()
