"""Subset: seeded train rows and a disjoint held-out eval split."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.artifacts import create_table_artifact
from pydantic import BaseModel

from tourism_grpo.config import SubsetParams
from tourism_grpo.data.subset import split_subsets
from tourism_grpo.storage import ArtifactRef, ArtifactStore, artifact_id
from tourism_grpo.tasks.common import artifact_cache_key, retry_unless

STEP_VERSION = "1"


class Subsets(BaseModel):
    """The train subset and the eval split drawn from one table."""

    train: ArtifactRef
    eval: ArtifactRef


def output_id(table: ArtifactRef, params: SubsetParams) -> str:
    """Id of a draw from `table` with `params`; its train and eval tables add -train and -eval."""
    return artifact_id("subset", STEP_VERSION, [table.id], params.model_dump())


@task(
    name="subset",
    retry_condition_fn=retry_unless(ValueError),
    retries=2,
    retry_delay_seconds=2,
    cache_key_fn=artifact_cache_key(output_id),
    persist_result=True,
)
def subset(table: ArtifactRef, params: SubsetParams, store: str) -> Subsets:
    """Draw the seeded train subset and the eval split."""
    artifacts = ArtifactStore(store)
    artifact = output_id(table, params)
    existing = [artifacts.find("table", f"subset-{part}", f"{artifact}-{part}") for part in ("train", "eval")]
    if all(existing):
        return Subsets(train=existing[0], eval=existing[1])
    train, held_out = split_subsets(
        artifacts.read_table(table),
        params.train_size,
        params.eval_size,
        params.seed,
        where=f"table {table.id}",
    )
    lineage = {
        "step": "subset",
        "step_version": STEP_VERSION,
        "parents": [table.id],
        "parameters": params.model_dump(),
    }
    refs = Subsets(
        train=artifacts.write_table(train, name="subset-train", artifact=f"{artifact}-train", lineage=lineage),
        eval=artifacts.write_table(held_out, name="subset-eval", artifact=f"{artifact}-eval", lineage=lineage),
    )
    set_aside = table.rows - params.eval_size - params.train_size if table.rows is not None else None
    get_run_logger().info(
        "Subset of %s: %d train, %d eval rows (seed %d)",
        table.id,
        train.num_rows,
        held_out.num_rows,
        params.seed,
    )
    create_table_artifact(
        key="subset",
        table=[
            {"what": "rows in", "rows": table.rows, "why": table.id},
            {"what": "eval rows", "rows": held_out.num_rows, "why": f"held out, seed {params.seed}"},
            {"what": "train rows", "rows": train.num_rows, "why": "no question shared with eval"},
            {"what": "rows not drawn", "rows": set_aside, "why": "outside the requested sizes"},
        ],
        description=f"Seeded subsets of {table.id}",
    )
    return refs
