"""Subset: seeded train rows, a validation split and a disjoint held-out eval split."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.artifacts import create_table_artifact
from pydantic import BaseModel

from tourism_grpo.data.params import SubsetParams
from tourism_grpo.data.subset import split_subsets
from tourism_grpo.storage import ArtifactRef, ArtifactStore, artifact_id
from tourism_grpo.tasks.common import artifact_cache_key, retry_unless

STEP_VERSION = "1"


class Subsets(BaseModel):
    """The train subset, the validation split (None when its size is 0) and the eval split drawn from one table."""

    train: ArtifactRef
    validation: ArtifactRef | None = None
    eval: ArtifactRef


def output_id(table: ArtifactRef, params: SubsetParams) -> str:
    """Id of a draw from `table` with `params`; its tables add -train, -validation and -eval."""
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
    """Draw the seeded train subset, the validation split and the eval split."""
    artifacts = ArtifactStore(store)
    artifact = output_id(table, params)
    parts = ["train", "eval"] + (["validation"] if params.validation_size else [])
    existing = {part: artifacts.find("table", f"subset-{part}", f"{artifact}-{part}") for part in parts}
    if all(existing.values()):
        return Subsets(**existing)
    splits = split_subsets(
        artifacts.read_table(table),
        params.train_size,
        params.eval_size,
        params.seed,
        where=f"table {table.id}",
        validation_size=params.validation_size,
    )
    lineage = {
        "step": "subset",
        "step_version": STEP_VERSION,
        "parents": [table.id],
        "parameters": params.model_dump(),
    }
    refs = Subsets(
        **{
            part: artifacts.write_table(
                getattr(splits, part), name=f"subset-{part}", artifact=f"{artifact}-{part}", lineage=lineage
            )
            for part in parts
        }
    )
    drawn = params.train_size + params.validation_size + params.eval_size
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
        table=[
            {"what": "rows in", "rows": table.rows, "why": table.id},
            {"what": "eval rows", "rows": splits.eval.num_rows, "why": f"held out, seed {params.seed}"},
            {"what": "validation rows", "rows": splits.validation.num_rows, "why": "no question shared with eval"},
            {"what": "train rows", "rows": splits.train.num_rows, "why": "no question shared with the others"},
            {
                "what": "rows not drawn",
                "rows": table.rows - drawn if table.rows is not None else None,
                "why": "outside the requested sizes",
            },
        ],
        description=f"Seeded subsets of {table.id}",
    )
    return refs
