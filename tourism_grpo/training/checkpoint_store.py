"""Checkpoints kept in a store that is not a local path (s3://, gs://, ...), so that a training retried on another
worker resumes: each checkpoint the Trainer saves on this machine is copied in, file by file, and marked complete
only once every file is there (write-then-mark, as tables are); a run anywhere takes the newest complete one."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

# written last: a checkpoint whose copy was cut off has no mark, and no run takes it
MARK = "checkpoint-complete.json"
PREFIX = "checkpoint-"
LOGS = "logs"  # beside the checkpoints: the run's log files (TensorBoard events, TRL's completions)
TRAINER_STATE = "trainer_state.json"  # the Trainer writes it last: a local checkpoint without it is cut off


def _fs(url: str) -> tuple[Any, str]:
    from fsspec.core import url_to_fs

    fs, root = url_to_fs(url, use_listings_cache=False)  # another worker's checkpoints must not be hidden
    return fs, root.rstrip("/")


def complete_steps(url: str) -> list[int]:
    """The steps of the store's complete checkpoints under `url`, oldest first."""
    fs, root = _fs(url)
    marks = fs.glob(f"{root}/{PREFIX}*/{MARK}")
    return sorted(int(mark.rstrip("/").split("/")[-2].removeprefix(PREFIX)) for mark in marks)


def push(checkpoint: Path, url: str, keep: int | None) -> None:
    """Copy a saved checkpoint folder under `url`, then mark it complete; then drop the oldest complete ones beyond
    `keep` (TRL's save_total_limit), their mark first, so that none is ever half there and marked."""
    fs, root = _fs(url)
    target = f"{root}/{checkpoint.name}"
    files = sorted(path.relative_to(checkpoint).as_posix() for path in checkpoint.rglob("*") if path.is_file())
    if fs.exists(f"{target}/{MARK}"):
        fs.rm_file(f"{target}/{MARK}")  # copied again (a rerun of the step): unmarked until every file is the new one
    for name in files:
        fs.put_file(str(checkpoint / name), f"{target}/{name}")
    fs.pipe_file(f"{target}/{MARK}", json.dumps({"files": files}).encode())
    if keep is not None and keep > 0:  # the Trainer's rule: a limit of 0 or below prunes nothing
        for step in complete_steps(url)[:-keep]:
            fs.rm_file(f"{root}/{PREFIX}{step}/{MARK}")
            fs.rm(f"{root}/{PREFIX}{step}", recursive=True)


def pull_newest(url: str, local_dir: Path, local_newest: int | None) -> int | None:
    """Fetch the store's newest complete checkpoint into `local_dir` when this machine has none as new; its step, or
    None when the store has none newer."""
    steps = complete_steps(url)
    if not steps or (local_newest is not None and local_newest >= steps[-1]):
        return None
    fs, root = _fs(url)
    source = f"{root}/{PREFIX}{steps[-1]}"
    files = json.loads(fs.cat_file(f"{source}/{MARK}"))["files"]
    local_dir.mkdir(parents=True, exist_ok=True)
    # fetched beside its place and renamed in: a cut-off download leaves no checkpoint folder for the Trainer to take
    staging = Path(tempfile.mkdtemp(prefix=".pull-", dir=local_dir))
    try:
        for name in files:
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            fs.get_file(f"{source}/{name}", str(staging / name))
        target = local_dir / f"{PREFIX}{steps[-1]}"
        if target.is_dir() and not (target / TRAINER_STATE).exists():
            shutil.rmtree(target, ignore_errors=True)  # this machine's own save of that step, cut off
        try:
            staging.rename(target)
        except OSError:
            # another process of the same run (one per GPU) put the same checkpoint in place first
            if not (target / TRAINER_STATE).exists():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return steps[-1]


def push_logs(output_dir: Path, url: str, folders: tuple[str, ...], sent: dict[str, int]) -> None:
    """Copy the files of `folders` under `output_dir` that changed since they were last `sent` into `url`'s logs, so
    that a run resumed on another machine reports the steps before it too."""
    fs, root = _fs(url)
    for folder in folders:
        for path in sorted(file for file in (output_dir / folder).rglob("*") if file.is_file()):
            name, changed = path.relative_to(output_dir).as_posix(), path.stat().st_mtime_ns
            if sent.get(name) != changed:
                fs.put_file(str(path), f"{root}/{LOGS}/{name}")
                sent[name] = changed


def pull_logs(url: str, output_dir: Path) -> None:
    """Fetch the log files kept under `url` that this machine lacks, each whole: fetched beside the log folders (where
    nothing reads or copies a cut-off file) and renamed into place."""
    fs, root = _fs(url)
    missing = [
        (remote, output_dir / remote[len(f"{root}/{LOGS}/") :])
        for remote in fs.find(f"{root}/{LOGS}")
        if not (output_dir / remote[len(f"{root}/{LOGS}/") :]).exists()
    ]
    if not missing:
        return
    output_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".pull-logs-", dir=output_dir))
    try:
        for index, (remote, local) in enumerate(missing):
            fs.get_file(remote, str(staging / str(index)))
            local.parent.mkdir(parents=True, exist_ok=True)
            (staging / str(index)).rename(local)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
