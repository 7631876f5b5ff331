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
    table: pa.Table, train_size: int, eval_size: int, seed: int, where: str, validation_size: int = 0
) -> Splits:
    """Draw `eval_size`, then `validation_size`, then `train_size` rows; no split repeats another's question.

    Rows are sorted by id first, so the draw depends on the rows and the seed, not on the source's order. Eval is
    drawn first and validation before train, so adding a validation split leaves the eval rows as they were.
    """
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
    for name, size in (("eval", eval_size), ("validation", validation_size), ("train", train_size)):
        if len(rest) < size:
            raise SubsetSizeError(
                f"Asked for {size:,} {name} rows, but only {len(rest):,} rows of {where} remain once rows whose "
                "question is in an earlier split are set aside. Lower the sizes or use a larger source."
            )
        drawn.append(rest[:size])
        asks_drawn_question = pc.is_in(questions, pc.take(questions, rest[:size])).to_numpy(zero_copy_only=False)
        rest = rest[size:][~asks_drawn_question[rest[size:]]]
    held_out, validation, train = (table.take(pa.array(rows)) for rows in drawn)
    return Splits(train=train, validation=validation, eval=held_out)


def split_report(splits: Splits, rows_in: int | None, where: str, seed: int) -> list[dict[str, object]]:
    """Where the rows went, as the subset table artifact shows it."""
    drawn = splits.train.num_rows + splits.validation.num_rows + splits.eval.num_rows
    return [
        {"what": "rows in", "rows": rows_in, "why": where},
        {"what": "eval rows", "rows": splits.eval.num_rows, "why": f"held out, seed {seed}"},
        {"what": "validation rows", "rows": splits.validation.num_rows, "why": "no question shared with eval"},
        {"what": "train rows", "rows": splits.train.num_rows, "why": "no question shared with the others"},
        {
            "what": "rows not drawn",
            "rows": rows_in - drawn if rows_in is not None else None,
            "why": "outside the requested sizes",
        },
    ]
