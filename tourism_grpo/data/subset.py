"""Seeded train subsets and a disjoint held-out eval split."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


class SubsetSizeError(ValueError):
    """The source holds fewer rows than the subsets ask for."""


def question_key(questions: pa.ChunkedArray) -> pa.ChunkedArray:
    """Questions as compared for overlap: lower-cased normalised text."""
    return pc.utf8_lower(questions)


def split_subsets(table: pa.Table, train_size: int, eval_size: int, seed: int, where: str) -> tuple[pa.Table, pa.Table]:
    """Draw `eval_size` then `train_size` rows; train never repeats a question of eval.

    Rows are sorted by id first, so the draw depends on the rows and the seed, not on the source's order.
    """
    available = table.num_rows
    if train_size + eval_size > available:
        raise SubsetSizeError(
            f"Asked for {train_size:,} train + {eval_size:,} eval rows, but {where} has {available:,} rows after "
            "normalisation and de-duplication. Lower train_size/eval_size or use a larger source."
        )
    # positions in id order: only the drawn rows are taken, the table is never reordered whole
    by_id = pc.sort_indices(table.column("id")).to_numpy()
    order = by_id[np.random.default_rng(seed).permutation(available)]
    eval_rows = order[:eval_size]
    questions = question_key(table.column("question"))
    asks_eval_question = pc.is_in(questions, pc.take(questions, eval_rows)).to_numpy(zero_copy_only=False)
    rest = order[eval_size:]
    candidates = rest[~asks_eval_question[rest]]
    if len(candidates) < train_size:
        raise SubsetSizeError(
            f"Asked for {train_size:,} train rows, but only {len(candidates):,} rows of {where} remain once rows "
            "whose question is in the eval split are set aside. Lower train_size/eval_size or use a larger source."
        )
    return table.take(pa.array(candidates[:train_size])), table.take(pa.array(eval_rows))
