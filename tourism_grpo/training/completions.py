"""The completions TRL logged while training (`log_completions`: the last generation batch of each logging step), as
one table: prompt, completion, each reward, their weighted total and the advantage GRPO gave the completion."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from tourism_grpo.rewards.text import completion_text, prompt_text

COMPLETIONS_DIR = "completions"  # where TRL writes completions_<step>.parquet, under its output_dir
_NOT_REWARDS = ("step", "prompt", "completion", "advantage")


def completions_table(folder: Path, weights: Sequence[float]) -> pa.Table | None:
    """Every logged step's completions from TRL's files in `folder`, in step order; None when there are none.
    `weights` are the rewards' weights in the order TRL scored them (the order of the preset's rewards)."""
    import pandas as pd

    files = sorted(folder.glob("completions_*.parquet"))
    if not files:
        return None
    frame = pd.concat([pd.read_parquet(file) for file in files], ignore_index=True)
    rewards = [column for column in frame.columns if column not in _NOT_REWARDS]
    if len(rewards) != len(weights):
        raise ValueError(f"{len(rewards)} reward columns in {folder} ({rewards}), but {len(weights)} weights")
    columns: dict[str, Any] = {
        "step": frame["step"].astype("int64"),
        "prompt": [prompt_text(_messages(prompt)) for prompt in frame["prompt"]],
        "completion": [completion_text(_messages(completion)) for completion in frame["completion"]],
        # a reward with nothing to say of a row (None; NaN once TRL gathered it) is null
        **{name: pa.array(frame[name].astype("float64"), from_pandas=True) for name in rewards},
        # as TRL adds them up: such a reward adds nothing
        "reward": sum(
            frame[name].astype("float64").fillna(0.0) * weight for name, weight in zip(rewards, weights, strict=True)
        ),
        "advantage": frame["advantage"].astype("float64"),
    }
    return pa.table(columns)


def _messages(value: Any) -> Any:
    # Parquet gives a conversation back as an array of message mappings; a plain prompt stays a string
    return value if isinstance(value, str) else [dict(message) for message in value]


def latest(table: pa.Table, count: int, width: int = 160) -> list[dict[str, Any]]:
    """The last `count` rows with texts cut to `width` characters, as a Prefect table artifact shows them."""
    rows = table.slice(max(0, table.num_rows - count)).to_pylist()
    return [
        {
            key: (value if len(value) <= width else value[: width - 1] + "…") if isinstance(value, str) else value
            for key, value in row.items()
        }
        for row in rows
    ]
