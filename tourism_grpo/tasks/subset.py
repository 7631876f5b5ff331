"""Subset: seeded train rows, a validation split and a disjoint held-out eval split."""

from __future__ import annotations

from prefect import get_run_logger
from prefect.artifacts import create_table_artifact
from pydantic import BaseModel

from tourism_grpo.data.params import SubsetParams
from tourism_grpo.data.subset import split_report, split_subsets
from tourism_grpo.storage import ArtifactRef, ArtifactStore
from tourism_grpo.storage.steps import Step
from tourism_grpo.tasks.step import retry_unless, step_output, step_task

SUBSET = Step("subset", "1", parameters=lambda arguments: arguments["params"].model_dump())


class Subsets(BaseModel):
    """The train subset, the validation split (None when its size is 0) and the eval split drawn from one table."""

    train: ArtifactRef
    validation: ArtifactRef | None = None
    eval: ArtifactRef


def pinned_held_out(
    source: ArtifactRef, params: SubsetParams, held_out: ArtifactRef | None, store: ArtifactStore
) -> ArtifactRef | None:
    """The fixed held-out set to give the subset step, or None where drawing from this source gives exactly it (the
    data of the preset's first version): the step then keeps its id, and a rerun reuses every step after it."""
    if held_out is None:
        return None
    drawn = f"{SUBSET.id({'table': source, 'params': params})}-eval"
    return None if store.manifest(held_out).get("parents") == [drawn] else held_out


@step_task(SUBSET, retry_condition_fn=retry_unless(ValueError), retries=2, retry_delay_seconds=2)
def subset(table: ArtifactRef, params: SubsetParams, store: str, held_out: ArtifactRef | None = None) -> Subsets:
    """Draw the seeded train subset and validation split, and the eval split unless the preset's is fixed."""
    out = step_output(SUBSET)
    parts = ["train", "eval"] + (["validation"] if params.validation_size else [])
    existing = {part: out.existing("table", f"subset-{part}", part) for part in parts}
    if all(existing.values()):
        return Subsets(**existing)
    where = f"table {table.id}"
    splits = split_subsets(
        out.store.read_table(table),
        params.train_size,
        params.eval_size,
        params.seed,
        where=where,
        validation_size=params.validation_size,
        held_out=out.store.read_table(held_out) if held_out is not None else None,
    )
    refs = Subsets(**{part: out.table(getattr(splits, part), f"subset-{part}", part) for part in parts})
    get_run_logger().info(
        "Subset of %s: %d train, %d validation, %d eval rows (seed %d)",
        table.id,
        splits.train.num_rows,
        splits.validation.num_rows,
        splits.eval.num_rows,
        params.seed,
    )
    create_table_artifact(
        key="subset",
        table=split_report(splits, table.rows, table.id, params.seed, held_out.id if held_out else None),
        description=f"Seeded subsets of {table.id}",
    )
    return refs
