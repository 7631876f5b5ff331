"""The per-step log of a GRPO run as a table, its reward curves as a PNG, and what they say about learning."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa

REWARD_PREFIX = "rewards/"


def step_table(log_history: list[dict[str, Any]]) -> pa.Table:
    """One row per logged step that generated and scored completions (with num_iterations > 1, one step in
    num_iterations); the end-of-training summary row is left out."""
    rows = [
        {key: float(value) for key, value in entry.items() if isinstance(value, int | float)}
        for entry in log_history
        if "reward" in entry
    ]
    import pandas as pd

    frame = pd.DataFrame(rows).sort_values("step").drop_duplicates("step", keep="last")
    return pa.Table.from_pandas(frame.reset_index(drop=True), preserve_index=False)


def reward_columns(table: pa.Table) -> list[str]:
    """Columns holding each reward function's mean, e.g. rewards/tfidf_similarity/mean."""
    return [name for name in table.column_names if name.startswith(REWARD_PREFIX) and name.endswith("/mean")]


def tenth_means(table: pa.Table, column: str = "reward") -> tuple[float, float]:
    """Mean of a metric over the first and the last tenth of the steps (at least one step each)."""
    values = table.column(column).to_pylist()
    tenth = max(1, len(values) // 10)
    return sum(values[:tenth]) / tenth, sum(values[-tenth:]) / tenth


def zero_std_share(table: pa.Table) -> float:
    """Average frac_reward_zero_std: the share of prompt groups whose completions all scored the same."""
    values = table.column("frac_reward_zero_std").to_pylist() if "frac_reward_zero_std" in table.column_names else []
    return sum(values) / len(values) if values else 0.0


def plot_curves(table: pa.Table, path: Path, title: str) -> None:
    """Reward per function, total reward and frac_reward_zero_std over the steps, as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    steps = table.column("step").to_pylist()
    figure, (rewards_axis, zero_axis) = plt.subplots(2, 1, figsize=(11, 6.5), sharex=True, height_ratios=[3, 1])
    for column in [*reward_columns(table), "reward"]:
        label = column.removeprefix(REWARD_PREFIX).removesuffix("/mean") if column != "reward" else "total (weighted)"
        rewards_axis.plot(
            steps, table.column(column).to_pylist(), label=label, linewidth=2 if column == "reward" else 1
        )
    rewards_axis.set_ylabel("mean reward")
    rewards_axis.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    rewards_axis.set_title(title)
    if "frac_reward_zero_std" in table.column_names:
        zero_axis.plot(steps, table.column("frac_reward_zero_std").to_pylist(), color="tab:red")
    zero_axis.set_ylabel("frac_reward\n_zero_std")
    zero_axis.set_xlabel("step")
    zero_axis.set_ylim(-0.05, 1.05)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def zero_std_warning(share: float, threshold: float) -> str:
    """Why a run whose groups mostly scored alike learned little, and what to change (markdown)."""
    return (
        f"# No learning signal in {share:.0%} of prompt groups\n\n"
        f"`frac_reward_zero_std` averaged {share:.2f} (warning above {threshold}): in those "
        "groups every completion scored the same, so GRPO's advantages were zero and nothing was learned. "
        "Likely causes: rewards that are all 0 or all 1 for this model (a format it never hits, a sentiment "
        "it always matches), too few generations per prompt (raise `num_generations`), or a temperature too "
        "low for the completions to differ."
    )
