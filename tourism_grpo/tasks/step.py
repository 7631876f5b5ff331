"""A declared step as a Prefect task: cached on the id of what it will make, its results kept under the store."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from prefect import Task, task
from prefect.client.schemas.objects import TaskRun
from prefect.context import TaskRunContext
from prefect.states import State

from tourism_grpo.storage import ArtifactStore
from tourism_grpo.storage.steps import Output, Step

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T", bound=Task)
STORE = "store"  # every step task takes the store root under this name


def cache_key(step: Step) -> Callable[[TaskRunContext, dict[str, Any]], str | None]:
    """A cache key function: the id the task's output will have, derived from its inputs (never its data)."""

    def key(context: TaskRunContext, inputs: dict[str, Any]) -> str | None:
        arguments = {name: value for name, value in inputs.items() if name != STORE}
        try:
            artifact = step.id(arguments)
        except ValueError:
            # bad input: no key, so the task runs and raises its own error that names the problem
            return None
        store_tag = hashlib.sha256(str(inputs.get(STORE)).encode()).hexdigest()[:8]
        return f"{artifact}-{store_tag}"

    return key


def step_task(step: Step, **options: Any) -> Callable[[Callable[P, R]], Task[P, R]]:
    """The Prefect task of a step: named after it (unless `name` says otherwise) and cached on its output's id (unless
    it brings a `cache_policy` of its own)."""
    caching = {} if "cache_policy" in options else {"cache_key_fn": cache_key(step)}
    return task(**({"name": step.name, "persist_result": True} | caching | options))


def step_output(step: Step) -> Output:
    """The output of the running task's step, for the arguments this task run was called with."""
    context = TaskRunContext.get()
    if context is None:
        raise RuntimeError(f"step_output({step.name!r}) reads the running task's arguments: call it inside a task run")
    arguments = dict(context.parameters)
    return step.output(arguments, ArtifactStore(arguments.pop(STORE)))


def kept_in(task: T, store: ArtifactStore, refresh: bool = False) -> T:
    """The task with its results and cache records kept under the store root (`refresh` ignores earlier ones)."""
    storage: Any = Path(store.path("prefect")) if store.is_local else _remote_storage(store.url(store.path("prefect")))
    return task.with_options(result_storage=storage, refresh_cache=refresh)


def _remote_storage(basepath: str) -> str:
    """A RemoteFileSystem block at `basepath`, saved to the Prefect API the run talks to (Prefect keeps a remote
    result storage's settings there, so that any worker reads the results back), named after the path."""
    from prefect.filesystems import RemoteFileSystem

    name = f"tourism-grpo-results-{hashlib.sha256(basepath.encode()).hexdigest()[:16]}"
    try:
        RemoteFileSystem.load(name)  # one read: a run keeps a dozen tasks here, the block named by what it holds
    except ValueError:
        RemoteFileSystem(basepath=basepath).save(name, overwrite=True)
    return f"remote-file-system/{name}"


def retry_unless(*errors: type[BaseException]) -> Callable[[Task, TaskRun, State], bool]:
    """A retry condition: retry transient failures, not `errors`, which fail the same way every time."""

    def condition(task: Task, task_run: TaskRun, state: State) -> bool:
        return not isinstance(state.result(raise_on_failure=False), errors)

    return condition
