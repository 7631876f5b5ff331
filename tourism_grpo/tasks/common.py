"""What every step's task shares: caching on the id of the artifact it will produce, and store binding."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from prefect import Task
from prefect.client.schemas.objects import TaskRun
from prefect.context import TaskRunContext
from prefect.states import State

from tourism_grpo.storage import ArtifactStore

T = TypeVar("T", bound=Task)


def artifact_cache_key(
    output_id: Callable[..., str],
) -> Callable[[TaskRunContext, dict[str, Any]], str | None]:
    """A cache key function: the id the task's output will have, derived from its inputs (never its data)."""

    def key(context: TaskRunContext, inputs: dict[str, Any]) -> str | None:
        arguments = {name: value for name, value in inputs.items() if name != "store"}
        try:
            artifact = output_id(**arguments)
        except ValueError:
            # bad input: no key, so the task runs and raises its own error that names the problem
            return None
        store_tag = hashlib.sha256(str(inputs.get("store")).encode()).hexdigest()[:8]
        return f"{artifact}-{store_tag}"

    return key


def bind(task: T, store: ArtifactStore, refresh: bool = False) -> T:
    """The task with its results and cache records kept under the store root."""
    if store.is_local:
        storage: Any = Path(store.path("prefect"))
    else:
        from prefect.filesystems import RemoteFileSystem

        storage = RemoteFileSystem(basepath=store.url(store.path("prefect")))
    return task.with_options(result_storage=storage, refresh_cache=refresh)


def retry_unless(*errors: type[BaseException]) -> Callable[[Task, TaskRun, State], bool]:
    """A retry condition: retry transient failures, not `errors`, which fail the same way every time."""

    def condition(task: Task, task_run: TaskRun, state: State) -> bool:
        return not isinstance(state.result(raise_on_failure=False), errors)

    return condition
