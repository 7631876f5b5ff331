"""The evaluation report: per metric base, tuned, difference and its bootstrap 95% interval."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from tourism_grpo.storage import ArtifactRef

# metric name -> whether higher is better; the publish gate and the report read direction from here
METRICS: dict[str, bool] = {
    "tfidf_similarity": True,
    "sentiment_agreement": True,
    "format_compliance": True,
    "relevance": True,
    "answer_words": True,
    "distinct_2": True,
    "repeated_ngram_share": False,
    "eos_rate": True,
    # not optimised by any reward: chrF of the answer against the reference (0-100), and two hacks seen in GRPO runs
    "chrf": True,
    "markup_share": False,  # share of answers with HTML tags or Markdown
    "non_german_share": False,  # share of answers whose text is not German
}


class MetricRow(BaseModel):
    """One metric over the eval split: means of base and tuned, their paired difference and its interval."""

    metric: str
    base: float
    tuned: float
    diff: float
    ci_low: float
    ci_high: float
    higher_is_better: bool


class EvalReport(BaseModel):
    """What evaluation hands to publishing: the metric table and the per-row scores table."""

    rows: list[MetricRow]
    examples: int
    per_row: ArtifactRef
    adapter_id: str

    def metric(self, name: str) -> MetricRow:
        """The row of one metric; KeyError names the metrics there are."""
        for row in self.rows:
            if row.metric == name:
                return row
        raise KeyError(f"No metric {name!r} in the evaluation; it has {[row.metric for row in self.rows]}")

    def markdown(self) -> str:
        """The metric table as markdown (model card, Prefect artifact, CLI)."""
        lines = ["| metric | base | tuned | tuned - base | 95% interval |", "|---|---:|---:|---:|---|"]
        lines += [
            f"| {row.metric}{'' if row.higher_is_better else ' (lower is better)'} | {row.base:.3f} | "
            f"{row.tuned:.3f} | {row.diff:+.3f} | [{row.ci_low:+.3f}, {row.ci_high:+.3f}] |"
            for row in self.rows
        ]
        return "\n".join(lines)

    def table(self) -> list[dict[str, Any]]:
        """The metric rows as the Prefect table artifact shows them."""
        return [
            {**row.model_dump(exclude={"higher_is_better"}), "better": "higher" if row.higher_is_better else "lower"}
            for row in self.rows
        ]


def examples_markdown(rows: Sequence[Mapping[str, Any]], count: int) -> str:
    """The first `count` rows of the per-row table as markdown: question, reference and both models' completions."""
    examples = [
        f"### {row['question']}\n\n**Reference:** {row['reference']}\n\n**Base:** {row['base_completion']}\n\n"
        f"**Tuned:** {row['tuned_completion']}\n"
        for row in rows[:count]
    ]
    return "\n".join(["# Side by side", "", *examples])


def side_by_side(rows: Sequence[Mapping[str, Any]], answer: Callable[[str], str], count: int) -> str:
    """The first `count` rows of the per-row table as text: question, reference, and each model's answer (as the
    metrics read it), marked where the model did not end it."""
    blocks = []
    for row in rows[:count]:
        lines = [f"Q: {row['question']}", f"  reference: {row['reference']}"]
        for model in ("base", "tuned"):
            ended = row.get(f"{model}_eos_rate", 1.0) >= 1.0
            text = answer(row[f"{model}_completion"]).strip()
            lines.append(f"  {model + ':':<10} {text}{'' if ended else '  [did not end]'}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
