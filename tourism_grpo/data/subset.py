"""Seeded train subsets, a validation split for choosing settings and a disjoint held-out eval split."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tourism_grpo.data_contracts.schemas import question_key


class SubsetSizeError(ValueError):
    """The source holds fewer rows than the subsets ask for."""


class Splits(NamedTuple):
    """Three pairwise disjoint draws from one table: no id and no question in two of them."""

    train: pa.Table
    validation: pa.Table
    eval: pa.Table


def split_subsets(
    table: pa.Table,
    train_size: int,
    eval_size: int,
    seed: int,
    where: str,
    validation_size: int = 0,
    held_out: pa.Table | None = None,
) -> Splits:
    """Draw `eval_size`, then `validation_size`, then `train_size` rows; no split repeats another's question.

    Rows are sorted by id first, so the draw depends on the rows and the seed, not on the source's order. Eval is
    drawn first and validation before train, so adding a validation split leaves the eval rows as they were.

    `held_out`, the preset's fixed eval set (its first published version's), is the eval split as it is, whatever
    the source holds now: validation and train are drawn from the rows whose question it does not ask, so new rows
    only ever reach those two, and no version's training question is ever in eval.
    """
    if held_out is not None:
        eval_size = 0
        missing = [name for name in table.schema.names if name not in held_out.schema.names]
        if missing:
            raise ValueError(
                f"The preset's fixed held-out set has no column {', '.join(missing)}, which {where} has: it was drawn "
                "from a dataset of another kind. Use a new preset name for a new held-out set."
            )
    available = table.num_rows
    if train_size + validation_size + eval_size > available:
        validation = f"{validation_size:,} validation + " if validation_size else ""
        raise SubsetSizeError(
            f"Asked for {train_size:,} train + {validation}{eval_size:,} eval rows, but {where} has {available:,} rows "
            "after normalisation and de-duplication. Lower the sizes or use a larger source."
        )
    # positions in id order: only the drawn rows are taken, the table is never reordered whole
    by_id = pc.sort_indices(table.column("id")).to_numpy()
    order = by_id[np.random.default_rng(seed).permutation(available)]
    questions = question_key(table.column("question"))
    drawn: list[np.ndarray] = []
    rest = order
    if held_out is not None:
        fixed = pc.is_in(questions, question_key(held_out.column("question"))).to_numpy(zero_copy_only=False)
        rest = rest[~fixed[rest]]
    for name, size in (("eval", eval_size), ("validation", validation_size), ("train", train_size)):
        if len(rest) < size:
            raise SubsetSizeError(
                f"Asked for {size:,} {name} rows, but only {len(rest):,} rows of {where} remain once rows whose "
                "question is in an earlier split are set aside. Lower the sizes or use a larger source."
            )
        drawn.append(rest[:size])
        asks_drawn_question = pc.is_in(questions, pc.take(questions, rest[:size])).to_numpy(zero_copy_only=False)
        rest = rest[size:][~asks_drawn_question[rest[size:]]]
    drawn_eval, validation, train = (table.take(pa.array(rows, pa.int64())) for rows in drawn)
    # the fixed set as the subset step first wrote it: enrichment's columns dropped, rows in their order
    kept = drawn_eval if held_out is None else held_out.select(table.schema.names)
    return Splits(train=train, validation=validation, eval=kept)


def split_report(
    splits: Splits, rows_in: int | None, where: str, seed: int, held_out: str | None = None
) -> list[dict[str, object]]:
    """Where the rows went, as the subset table artifact shows it; `held_out`: the fixed eval set's id, if any."""
    # a fixed held-out set is not drawn from this source, which may no longer hold all of its rows
    drawn = splits.train.num_rows + splits.validation.num_rows + (0 if held_out else splits.eval.num_rows)
    fixed = f"the preset's fixed held-out set {held_out}" if held_out else f"held out, seed {seed}"
    return [
        {"what": "rows in", "rows": rows_in, "why": where},
        {"what": "eval rows", "rows": splits.eval.num_rows, "why": fixed},
        {"what": "validation rows", "rows": splits.validation.num_rows, "why": "no question shared with eval"},
        {"what": "train rows", "rows": splits.train.num_rows, "why": "no question shared with the others"},
        {
            "what": "rows not drawn",
            "rows": rows_in - drawn if rows_in is not None else None,
            "why": "asking a question of another split, or outside the requested sizes",
        },
    ]
