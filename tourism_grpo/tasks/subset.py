"""Subset: seeded train rows, a validation split and a disjoint held-out eval split."""

from __future__ import annotations

from prefect import get_run_logger
from prefect.artifacts import create_table_artifact
from pydantic import BaseModel

from tourism_grpo.data.params import SubsetParams
from tourism_grpo.data.subset import split_report, split_subsets
from tourism_grpo.storage import ArtifactRef
from tourism_grpo.storage.steps import Step
from tourism_grpo.tasks.step import retry_unless, step_output, step_task

SUBSET = Step("subset", "1", parameters=lambda arguments: arguments["params"].model_dump())


class Subsets(BaseModel):
    """The train subset, the validation split (None when its size is 0) and the eval split drawn from one table."""

    train: ArtifactRef
    validation: ArtifactRef | None = None
    eval: ArtifactRef


@step_task(SUBSET, retry_condition_fn=retry_unless(ValueError), retries=2, retry_delay_seconds=2)
def subset(table: ArtifactRef, params: SubsetParams, store: str) -> Subsets:
    """Draw the seeded train subset, the validation split and the eval split."""
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
        table=split_report(splits, table.rows, table.id, params.seed),
        description=f"Seeded subsets of {table.id}",
    )
    return refs
