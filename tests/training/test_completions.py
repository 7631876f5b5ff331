"""The completions TRL logs per logging step, gathered into one table: text of chat and plain prompts, each reward,
the weighted total as TRL adds it up, the advantage; and the rows a Prefect artifact shows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tourism_grpo.training.completions import completions_table, latest


def _logged(folder: Path, step: int, prompts: list, completions: list, rewards: dict, advantages: list) -> None:
    # the file TRL's GRPOTrainer.log writes for a logging step
    table = {"step": [step] * len(prompts), "prompt": prompts, "completion": completions, **rewards}
    pd.DataFrame({**table, "advantage": advantages}).to_parquet(folder / f"completions_{step:05d}.parquet")


def test_logged_steps_become_one_table_in_step_order_with_the_weighted_total(tmp_path: Path) -> None:
    chat = [{"role": "user", "content": "Wann öffnet das Museum?"}]
    answer = [{"role": "assistant", "content": "Um 9 Uhr."}]
    _logged(tmp_path, 10, ["Frage: Wo?\nAntwort:"], [" Am Bahnhof."], {"tfidf": [0.5], "sentiment": [None]}, [0.3])
    _logged(tmp_path, 2, [chat, chat], [answer, answer], {"tfidf": [0.2, 0.4], "sentiment": [1.0, 0.0]}, [-1.0, 1.0])

    table = completions_table(tmp_path, [2.0, 0.5])
    assert table is not None
    rows = table.to_pylist()
    assert [row["step"] for row in rows] == [2, 2, 10]
    assert rows[0]["prompt"] == "Wann öffnet das Museum?" and rows[0]["completion"] == "Um 9 Uhr."
    assert rows[2]["prompt"] == "Frage: Wo?\nAntwort:" and rows[2]["completion"] == " Am Bahnhof."
    assert [row["reward"] for row in rows] == pytest.approx([0.9, 0.8, 1.0])  # None adds nothing
    assert rows[2]["sentiment"] is None and [row["advantage"] for row in rows] == [-1.0, 1.0, 0.3]
    assert table.column_names == ["step", "prompt", "completion", "tfidf", "sentiment", "reward", "advantage"]


def test_no_logged_step_is_no_table_and_a_reward_without_its_weight_is_an_error(tmp_path: Path) -> None:
    assert completions_table(tmp_path, [1.0]) is None
    _logged(tmp_path, 1, ["p"], ["c"], {"tfidf": [0.5], "sentiment": [0.0]}, [0.0])
    with pytest.raises(ValueError, match=r"2 reward columns .* but 1 weights"):
        completions_table(tmp_path, [1.0])


def test_the_artifact_shows_the_latest_rows_with_long_texts_cut(tmp_path: Path) -> None:
    _logged(tmp_path, 1, ["p"] * 12, [f"{i} " + "x" * 300 for i in range(12)], {"r": [0.0] * 12}, [0.0] * 12)
    table = completions_table(tmp_path, [1.0])
    assert table is not None
    shown = latest(table, 10, width=20)
    assert len(shown) == 10 and shown[0]["completion"].startswith("2 ")
    assert all(len(row["completion"]) == 20 and row["completion"].endswith("…") for row in shown)
