"""One store root (local path or any fsspec URL) holding tables, folders and their manifests."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq

from tourism_grpo.storage.refs import ArtifactRef

ROOT_ENV = "TOURISM_GRPO_HOME"
# Where a worker's flow runs work (relative store and source paths resolve there): read on the worker at run time.
WORKDIR_ENV = "TOURISM_GRPO_WORKDIR"
# filesystems whose pipe_file(mode="create") is the server's own create-if-absent
_CONDITIONAL_WRITES = {"s3", "s3a"}
_LOCAL = fsspec.filesystem("file")


class ArtifactMissingError(FileNotFoundError):
    """A reference points at an artifact the store no longer holds."""


class ArtifactCorruptError(RuntimeError):
    """An artifact's bytes do not match the sha256 its manifest and reference promise."""


def default_root() -> str:
    """The store root: `$TOURISM_GRPO_HOME`, else `./.tourism-grpo` made absolute."""
    return run_root(None, deployed=False)


def run_root(store: str | None, deployed: bool, environ: Mapping[str, str] = os.environ) -> str:
    """The store root of a flow run; a ValueError where a deployed run would put its store in a folder that Prefect
    deletes when the run ends.

    A deployment's pull step moves the run into `$TOURISM_GRPO_WORKDIR`; where the worker's environment lacks it, the
    run stays in the temporary folder the process worker made for it, and a relative store would vanish with it:
    a Completed run whose published model and cache records are gone, and a retraining that never finds them.
    """
    root = store or environ.get(ROOT_ENV) or ".tourism-grpo"
    relative = "://" not in root and not Path(root).expanduser().is_absolute()
    if deployed and relative and not environ.get(WORKDIR_ENV):
        raise ValueError(
            f"This run comes from a deployment, and the worker that started it has no {WORKDIR_ENV}: it works in a "
            f"temporary folder that Prefect deletes when the run ends, so its store {root!r} would be lost. Start the "
            f"worker with {WORKDIR_ENV}=<a lasting folder> (relative store and source paths resolve there), or set "
            f"{ROOT_ENV} to an absolute path or URL in the worker's environment."
        )
    return root if "://" in root else str(Path(root).expanduser().resolve())


def _protocols(fs: fsspec.AbstractFileSystem) -> tuple[str, ...]:
    return fs.protocol if isinstance(fs.protocol, tuple) else (fs.protocol,)


def _check_folder(fs: fsspec.AbstractFileSystem, path: str, ref: ArtifactRef, where: str) -> None:
    actual = _sha256_folder(fs, path)
    if actual != ref.sha256:
        raise ArtifactCorruptError(
            f"Folder {where} is corrupt: its content hash is {actual[:12]}…, its manifest says "
            f"{ref.sha256[:12]}…. Delete it and its manifest, then rerun with refresh (CLI: --refresh)."
        )


def _sha256_folder(fs: fsspec.AbstractFileSystem, path: str) -> str:
    digest = hashlib.sha256()
    for file in sorted(fs.find(path)):
        digest.update(file[len(path) :].encode())
        digest.update(hashlib.sha256(fs.cat_file(file)).digest())
    return digest.hexdigest()


class ArtifactStore:
    """Tables are `tables/<name>/<id>.parquet`, folders `folders/<name>/<id>/`; the manifest beside each is
    written last, so an artifact exists exactly when its manifest does."""

    def __init__(self, root: str | None = None) -> None:
        self.root = (root or default_root()).rstrip("/")
        # other processes write here too (a concurrent run, another worker): a listing cached by this one would hide
        # their artifacts (s3fs keeps listings until this process writes under them)
        self.fs, self._base = fsspec.core.url_to_fs(self.root, use_listings_cache=False)
        self.fs.makedirs(self._base, exist_ok=True)

    @property
    def is_local(self) -> bool:
        """Whether the root is a local directory (Prefect then gets a plain Path for its results)."""
        return "file" in _protocols(self.fs)

    def path(self, *parts: str) -> str:
        """A path under the root, in the store's own filesystem."""
        return "/".join([self._base, *parts])

    def url(self, path: str) -> str:
        """The URL a reader outside this process can open."""
        return path if self.is_local else self.fs.unstrip_protocol(path)

    def _locate(self, kind: str, name: str, artifact: str) -> tuple[str, str]:
        folder = self.path(f"{kind}s", name)
        data = f"{folder}/{artifact}.parquet" if kind == "table" else f"{folder}/{artifact}"
        return data, f"{folder}/{artifact}.manifest.json"

    def _commit(self, tmp: str, final: str, manifest_path: str, ours: str) -> str:
        """Move the folder `tmp` (content hash `ours`) to `final` unless another is in place; the hash of the one in
        place."""
        if self.is_local:
            # A rename is whole: a folder in place is a concurrent writer's of the same id (same inputs), and the
            # first rename wins instead of tearing a directory mid-read.
            if self.fs.isdir(final):
                self.fs.rm(tmp, recursive=True)
                return _sha256_folder(self.fs, final)
            self.fs.mv(tmp, final, recursive=True)
            return ours
        manifest = self.read_text(manifest_path)
        described = json.loads(manifest).get("sha256") if manifest is not None else None
        if described is not None and described == _sha256_folder(self.fs, final):
            self.fs.rm(tmp, recursive=True)  # a concurrent writer of the same id was first: its folder stays
            return described
        # An object store has no folders to rename, only keys: each file moves on its own (a recursive move also
        # tries the folder's own key, which S3 does not have). Keys in place that no manifest describes are a move
        # cut off half-way, or what a deletion left: ours go over them, and what ours lacks goes, so that the
        # manifest written next describes one writer's folder.
        names = [source[len(tmp) :] for source in self.fs.find(tmp)]
        stray = [key for key in self.fs.find(final) if key[len(final) :] not in names]
        if stray:
            self.fs.rm(stray)
        for name in names:
            self.fs.mv(tmp + name, final + name)
        with contextlib.suppress(FileNotFoundError):  # on S3 the last key moved took the folder with it
            self.fs.rm(tmp, recursive=True)
        return ours

    def _create(self, path: str, payload: bytes) -> bool:
        """Write `payload` at `path`, whole, unless a file is already there: True when ours is the one in place."""
        self.fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
        if not self.is_local:
            # An object store's write is whole by itself. S3's conditional write (PutObject with If-None-Match: *)
            # lets only the first writer in; other filesystems' pipe_file may ignore mode="create" (adlfs, gcsfs),
            # so there the store checks, then writes, which leaves a narrow window. A conflicting concurrent write
            # that AWS answers with 409 comes back as an OSError, and the step's Prefect retry writes again.
            if not _CONDITIONAL_WRITES & set(_protocols(self.fs)):
                if self.fs.exists(path):
                    return False
                self.fs.pipe_file(path, payload)
                return True
            try:
                self.fs.pipe_file(path, payload, mode="create")
            except FileExistsError:
                return False
            return True
        return self._link(self._temporary(path, payload), path)

    def _link(self, tmp: str, final: str) -> bool:
        """Move the local file `tmp` to `final` unless a file is already there: True when ours is in place."""
        try:
            # a hard link fails when the name exists: an atomic first-writer-wins that a check-then-rename is not
            os.link(tmp, final)
        except FileExistsError:
            os.remove(tmp)
            return False
        except OSError:
            # a filesystem without hard links (FAT, some network mounts): check, then move
            if self.fs.exists(final):
                os.remove(tmp)
                return False
            self.fs.mv(tmp, final)
            return True
        os.remove(tmp)
        return True

    def _replace(self, path: str, payload: bytes) -> None:
        """Write `payload` at `path`, whole: a reader sees the old content or the new, never a part."""
        self.fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
        if not self.is_local:
            self.fs.pipe_file(path, payload)  # an object appears whole
            return
        self.fs.mv(self._temporary(path, payload), path)

    def _temporary(self, path: str, payload: bytes) -> str:
        """`payload` written beside `path` under a temporary name (a reader never takes it), that name."""
        tmp = f"{path}.tmp-{uuid.uuid4().hex}"
        with self.fs.open(tmp, "wb") as handle:
            handle.write(payload)
        return tmp

    def create_text(self, path: str, text: str) -> bool:
        """Write a small file at `path` (from `path()`) unless one is there: True when ours is the one in place."""
        return self._create(path, text.encode("utf-8"))

    def replace_text(self, path: str, text: str) -> None:
        """Write a small file at `path` whole: a reader sees the old content or the new, never a part."""
        self._replace(path, text.encode("utf-8"))

    def read_text(self, path: str) -> str | None:
        """A small file's text, or None when there is none."""
        try:
            return self.fs.cat_file(path).decode("utf-8")
        except FileNotFoundError:
            return None

    def _write_manifest(self, manifest_path: str, own: dict[str, Any], lineage: Mapping[str, Any]) -> None:
        # the store's own fields describe the bytes: a lineage field of the same name would make the manifest lie
        clash = sorted(own.keys() & lineage.keys())
        if clash:
            raise ValueError(f"lineage fields {clash} are the store's own; name them otherwise")
        text = json.dumps({**own, **lineage}, indent=2, ensure_ascii=False, default=str)
        self._replace(manifest_path, text.encode("utf-8"))

    def manifest(self, ref: ArtifactRef) -> dict[str, Any]:
        """The manifest of a referenced artifact; ArtifactMissingError if it is not (or no longer) there."""
        _, manifest_path = self._locate(ref.kind, ref.name, ref.id)
        try:
            with self.fs.open(manifest_path, "r", encoding="utf-8") as handle:
                return json.load(handle)
        except FileNotFoundError:
            raise ArtifactMissingError(
                f"The {ref.kind} '{ref.name}' ({ref.id}) is not in the store at {self.root}: it was deleted "
                "after a step produced it. Rerun with refresh (CLI: --refresh) so the step builds it again."
            ) from None

    def find(self, kind: str, name: str, artifact: str) -> ArtifactRef | None:
        """The reference of a committed artifact, or None when it has not been written."""
        data_path, manifest_path = self._locate(kind, name, artifact)
        if not self.fs.exists(manifest_path):
            return None
        with self.fs.open(manifest_path, "r", encoding="utf-8") as handle:
            manifest = json.load(handle)
        return ArtifactRef(
            id=artifact,
            name=name,
            kind=kind,  # type: ignore[arg-type]
            uri=self.url(data_path),
            sha256=manifest["sha256"],
            rows=manifest.get("rows"),
            columns=manifest.get("columns", {}),
        )

    def newest(self, kind: str, name: str, **match: Any) -> ArtifactRef | None:
        """The most recently written artifact of a name whose manifest has every `match` field, or None."""
        found: list[tuple[str, str]] = []
        for manifest_path in self.fs.glob(self.path(f"{kind}s", name, "*.manifest.json")):
            with self.fs.open(manifest_path, "r", encoding="utf-8") as handle:
                manifest = json.load(handle)
            if all(manifest.get(key) == value for key, value in match.items()):
                found.append((manifest["created_at"], manifest["id"]))
        return self.find(kind, name, max(found)[1]) if found else None

    def write_table(
        self,
        table: pa.Table,
        *,
        name: str,
        artifact: str,
        lineage: dict[str, Any],
    ) -> ArtifactRef:
        """Write a table atomically under its id and return its reference."""
        buffer = pa.BufferOutputStream()
        pq.write_table(table, buffer, compression="zstd")
        payload = buffer.getvalue().to_pybytes()
        data_path, manifest_path = self._locate("table", name, artifact)
        if not self._create(data_path, payload):
            # Another writer of this id committed first (a concurrent run; a training log's timings differ between
            # runs): describe the bytes that are in place, so every manifest of this id matches the one data file.
            try:
                committed = self.fs.cat_file(data_path)
                table, payload = pq.read_table(io.BytesIO(committed)), committed
            except (pa.ArrowInvalid, OSError):
                # data without a manifest that does not even parse (cut off by a crash, or deleted only in part
                # after a corruption error) is no one's table: ours replaces it
                self._replace(data_path, payload)
        sha = hashlib.sha256(payload).hexdigest()
        columns = {field.name: str(field.type) for field in table.schema}
        self._write_manifest(
            manifest_path,
            {
                "id": artifact,
                "name": name,
                "kind": "table",
                "sha256": sha,
                "rows": table.num_rows,
                "columns": columns,
                "created_at": datetime.now(UTC).isoformat(),
            },
            lineage,
        )
        return ArtifactRef(
            id=artifact,
            name=name,
            kind="table",
            uri=self.url(data_path),
            sha256=sha,
            rows=table.num_rows,
            columns=columns,
        )

    def read_table(self, ref: ArtifactRef) -> pa.Table:
        """Read a table after checking its bytes against the reference's sha256."""
        self.manifest(ref)
        data_path, _ = self._locate("table", ref.name, ref.id)
        payload = self.fs.cat_file(data_path)
        actual = hashlib.sha256(payload).hexdigest()
        if actual != ref.sha256:
            raise ArtifactCorruptError(
                f"Table {data_path} is corrupt: its sha256 is {actual[:12]}…, its manifest says "
                f"{ref.sha256[:12]}…. Delete the file and its manifest, then rerun with refresh (CLI: "
                "--refresh) so the step writes it again."
            )
        return pq.read_table(io.BytesIO(payload))

    def write_folder(
        self,
        build: Callable[[Path], object],
        *,
        name: str,
        artifact: str,
        lineage: dict[str, Any],
    ) -> ArtifactRef:
        """Let `build` fill a local scratch folder, then move it whole into the store under its id; fields `build`
        returns (what it learned while building, e.g. a licence) join the lineage in the manifest."""
        import tempfile

        data_path, manifest_path = self._locate("folder", name, artifact)
        parent = data_path.rsplit("/", 1)[0]
        self.fs.makedirs(parent, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="tourism-grpo-") as scratch:
            built = build(Path(scratch))
            # only a mapping is news: a one-line build returns whatever its last call did (a byte count, a path)
            learned = built if isinstance(built, Mapping) else {}
            # hashed here, not read back from the store: on an object store that would download every file again
            ours = _sha256_folder(_LOCAL, scratch)
            tmp = f"{parent}/.tmp-{artifact}-{uuid.uuid4().hex}"
            self.fs.put(scratch, tmp, recursive=True)
        sha = self._commit(tmp, data_path, manifest_path, ours)
        self._write_manifest(
            manifest_path,
            {
                "id": artifact,
                "name": name,
                "kind": "folder",
                "sha256": sha,
                "created_at": datetime.now(UTC).isoformat(),
            },
            {**lineage, **learned},
        )
        return ArtifactRef(id=artifact, name=name, kind="folder", uri=self.url(data_path), sha256=sha)

    def local_folder(self, ref: ArtifactRef) -> Path:
        """A local path to a folder artifact, checked against its sha256; remote folders are fetched once."""
        import tempfile

        self.manifest(ref)
        data_path, _ = self._locate("folder", ref.name, ref.id)
        if self.is_local:
            _check_folder(self.fs, data_path, ref, data_path)
            return Path(data_path)
        # named by the content it is checked against: a step's folders share its id (adapter and train-report), and
        # another store may hold other bytes under the same name and id
        local = Path(tempfile.gettempdir()) / "tourism-grpo-fetched" / ref.sha256
        if not local.exists():
            scratch = local.with_name(f".{ref.sha256}-{uuid.uuid4().hex}")
            try:
                with contextlib.suppress(FileNotFoundError):  # the data gone: nothing fetched, which the check names
                    self.fs.get(data_path, str(scratch), recursive=True)
                scratch.mkdir(parents=True, exist_ok=True)
                # checked on the copy fetched, so that each file is read from the store once
                _check_folder(_LOCAL, str(scratch), ref, data_path)
                scratch.rename(local)
            except OSError:
                if not local.is_dir():
                    raise
                # another process fetched the same bytes first
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
        return local
