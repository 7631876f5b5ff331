"""Helpers shared by tests: what a store holds, what Prefect recorded."""

from __future__ import annotations

from pathlib import Path


def stored_tables(root: str) -> list[Path]:
    """Every committed table (one with a manifest) under a store root."""
    return sorted(Path(root).glob("tables/*/*.manifest.json"))


def task_states(state) -> dict[str, str]:
    """Task name -> state name of every task run in the flow run that ended in `state`."""
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[state.state_details.flow_run_id]))
        )
    return {run.name: run.state.name for run in runs}
