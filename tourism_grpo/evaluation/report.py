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


class ChampionComparison(BaseModel):
    """The challenger (tuned) against the production version: per metric, `base` holds the champion's mean."""

    version: int
    rows: list[MetricRow]
    reused_answers: bool = False  # the champion's stored answers, not generated again

    def metric(self, name: str) -> MetricRow:
        """The row of one metric; KeyError when there is none."""
        return _metric(self.rows, name)


def _metric(rows: list[MetricRow], name: str) -> MetricRow:
    for row in rows:
        if row.metric == name:
            return row
    raise KeyError(f"No metric {name!r} in the evaluation; it has {[row.metric for row in rows]}")


def _table(rows: list[MetricRow], before: str, after: str) -> list[str]:
    lines = [f"| metric | {before} | {after} | {after} - {before} | 95% interval |", "|---|---:|---:|---:|---|"]
    lines += [
        f"| {row.metric}{'' if row.higher_is_better else ' (lower is better)'} | {row.base:.3f} | "
        f"{row.tuned:.3f} | {row.diff:+.3f} | [{row.ci_low:+.3f}, {row.ci_high:+.3f}] |"
        for row in rows
    ]
    return lines


class EvalReport(BaseModel):
    """What evaluation hands to publishing: the metric table and the per-row scores table."""

    rows: list[MetricRow]
    examples: int
    per_row: ArtifactRef
    adapter_id: str
    split: ArtifactRef | None = None  # the rows answered: a first version's become its preset's fixed held-out set
    settings: str = ""  # digest of the decoding and framing, so that a later run knows whether answers compare
    champion: ChampionComparison | None = None

    def metric(self, name: str) -> MetricRow:
        """The row of one metric; KeyError names the metrics there are."""
        return _metric(self.rows, name)

    def markdown(self) -> str:
        """The metric tables as markdown (model card, Prefect artifact, CLI): against the base, and against the
        production version when there is one."""
        lines = _table(self.rows, "base", "tuned")
        if self.champion is not None:
            champion = f"v{self.champion.version}"
            how = "its stored answers" if self.champion.reused_answers else "answers generated in this run"
            lines += ["", f"Against the production version {champion} ({how}):", ""]
            lines += _table(self.champion.rows, champion, "tuned")
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
