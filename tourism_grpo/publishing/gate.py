"""The publish gate: is the tuned model not worse than its base and than the production version, and has it not
degenerated?"""

from __future__ import annotations

from pydantic import BaseModel

from tourism_grpo.evaluation.report import METRICS, ChampionComparison, EvalReport, MetricRow
from tourism_grpo.publishing.params import PublishParams

# degeneration metric -> the PublishParams field bounding how much worse its mean may get
DEGENERATION_BOUNDS = {
    "repeated_ngram_share": "max_repetition_increase",
    "eos_rate": "max_eos_rate_drop",
    "distinct_2": "max_distinct_2_drop",
    # a model that stops answering (empty or unclosed answers) has no repetition to catch
    "format_compliance": "max_format_drop",
    # hacks no reward pays against: markup (<h2> headings repeating the asked place) and drift out of German
    "markup_share": "max_markup_increase",
    "non_german_share": "max_non_german_increase",
}
# the metric whose non-inferiority margin PublishParams.min_chrf_change sets (None: not checked)
CHRF = "chrf"


class PublishRefused(ValueError):
    """The gate refused the tuned model; the message names each failed check and how to override."""

    @classmethod
    def from_decision(cls, experiment: str, decision: GateDecision, kept: str | None = None) -> PublishRefused:
        """The refusal of `experiment`, one line per failed check; `kept`: the version it was kept as."""
        failed = "\n".join(f"  - {check.name}: {check.detail}" for check in decision.failures)
        where = (
            f" It is kept in the registry as {kept}, not production (`tourism-grpo models list {experiment}`)."
            if kept
            else ""
        )
        return cls(
            f"Publishing {experiment} refused: the tuned model did not pass the publish gate.{where}\n{failed}\n"
            "The checks are in this run's 'publish-gate' artifact. To publish anyway, rerun with "
            "--set publish.force=true (the model card then records these failures), or change the bounds under "
            "publish: in the preset."
        )


class GateCheck(BaseModel):
    """One condition of the gate and what the evaluation says about it."""

    name: str
    passed: bool
    detail: str


class GateDecision(BaseModel):
    """Every check, and whether the run forced publishing past failed ones."""

    checks: list[GateCheck]
    forced: bool = False

    @property
    def passed(self) -> bool:
        """Every check passed."""
        return all(check.passed for check in self.checks)

    @property
    def publish(self) -> bool:
        """Whether to publish: the gate passed, or the run forced it."""
        return self.passed or self.forced

    @property
    def failures(self) -> list[GateCheck]:
        """The checks that did not pass."""
        return [check for check in self.checks if not check.passed]

    def markdown(self) -> str:
        """The decision and its checks as markdown (model card, Prefect artifact)."""
        if self.passed:
            verdict = "**Passed**: every check holds."
        elif self.forced:
            verdict = f"**Refused, published anyway (force)**: {len(self.failures)} check(s) failed."
        else:
            verdict = f"**Refused**: {len(self.failures)} check(s) failed."
        lines = [verdict, "", "| check | result | detail |", "|---|---|---|"]
        lines += [f"| {c.name} | {'pass' if c.passed else 'FAIL'} | {c.detail} |" for c in self.checks]
        return "\n".join(lines)


def _worse_by(row: MetricRow, change: float) -> float:
    # a change of tuned - base, turned into "how much worse" whatever the metric's direction
    return -change if row.higher_is_better else change


def _primary(report: EvalReport | ChampionComparison, params: PublishParams, name: str, compared: str) -> GateCheck:
    try:
        row = report.metric(params.primary_metric)
    except KeyError:
        return GateCheck(name=name, passed=False, detail="the evaluation has no such metric")
    # the interval end on the losing side: its lower bound for higher-is-better metrics, its upper bound otherwise
    worst = _worse_by(row, row.ci_low if row.higher_is_better else row.ci_high)
    passed = worst <= params.primary_margin
    bound = f"its {'lower' if row.higher_is_better else 'upper'} bound"
    verdict = (
        f"{bound} excludes any loss"
        if worst <= 0
        else f"{bound} allows a loss of {worst:.3f}, {'within' if passed else 'beyond'} the margin "
        f"{params.primary_margin:.3f}"
    )
    return GateCheck(
        name=name,
        passed=passed,
        detail=f"{compared} {row.diff:+.3f}, 95% interval [{row.ci_low:+.3f}, {row.ci_high:+.3f}]: {verdict}",
    )


def _interval(row: MetricRow) -> str:
    return f"tuned - base {row.diff:+.3f}, 95% interval [{row.ci_low:+.3f}, {row.ci_high:+.3f}]"


def _degeneration(report: EvalReport, metric: str, field: str, bound: float) -> GateCheck:
    name = f"no degeneration in {metric}"
    try:
        row = report.metric(metric)
    except KeyError:
        return GateCheck(name=name, passed=False, detail="the evaluation has no such metric, so it cannot be checked")
    worse = _worse_by(row, row.diff)
    passed = worse <= bound
    direction = "rose" if METRICS[metric] is False else "fell"
    return GateCheck(
        name=name,
        passed=passed,
        detail=f"{row.base:.3f} -> {row.tuned:.3f}: "
        + (
            f"{direction} by {worse:.3f}, {'within' if passed else 'beyond'} the bound {bound:.3f}"
            if worse > 0
            else f"did not get worse, bound {bound:.3f}"
        )
        + f" (publish.{field}); {_interval(row)}",
    )


def _chrf_margin(report: EvalReport, margin: float) -> GateCheck:
    name = f"not worse on {CHRF} beyond its margin"
    try:
        row = report.metric(CHRF)
    except KeyError:
        return GateCheck(name=name, passed=False, detail="the evaluation has no such metric, so it cannot be checked")
    passed = row.ci_low >= margin
    return GateCheck(
        name=name,
        passed=passed,
        detail=f"{_interval(row)}: its lower bound is {'at least' if passed else 'below'} the margin {margin:+.3f} "
        "(publish.min_chrf_change)",
    )


def decide(report: EvalReport, params: PublishParams) -> GateDecision:
    """Check the tuned model against its base and the production version; pure, so the same report and params
    always decide the same.

    Rule:
    - Primary metric, non-inferiority: the 95% bootstrap interval of tuned - base must not reach a loss larger than
      `primary_margin` (in the metric's units). For a higher-is-better metric that is `ci_low >= -primary_margin`,
      for a lower-is-better one `ci_high <= primary_margin`. The interval, not the mean, so that a loss the eval
      split cannot rule out is not published; the margin, so that an unchanged model is not refused for noise.
    - The production version (champion), when the preset has one: the same rule on tuned - champion, so that
      retraining never replaces production with a model worse than it, however it compares with the base. The
      degeneration checks stay against the base: they bound what training did to it.
    - Degeneration (repeated_ngram_share, eos_rate, distinct_2, format_compliance): the mean change in the harmful
      direction must not exceed its bound. The mean, not the interval: a small eval split gives wide intervals, and a
      guard against reward hacking should not let a large average degradation through because it is uncertain.
    - chrF, when `min_chrf_change` is set: non-inferiority as for the primary metric, in chrF points (0-100): the
      lower bound of the interval of tuned - base must be at least `min_chrf_change` (e.g. -1.0). No reward pays for
      chrF, so a policy that games its rewards (keyword stuffing, markup, English) shows here as a loss.
    - markup_share and non_german_share are degeneration checks (mean rise at most `max_markup_increase`,
      `max_non_german_increase`): hacks seen in GRPO runs that the rewards do not see.
    - A metric the report lacks fails its check: what cannot be checked is not passed.
    - `force` publishes anyway; the failed checks stay in the decision (and so in the model card).
    """
    metric = params.primary_metric
    checks = [_primary(report, params, f"not worse on {metric}", "tuned - base")]
    if report.champion is not None:
        production = f"v{report.champion.version}"
        name = f"not worse than production {production} on {metric}"
        checks.append(_primary(report.champion, params, name, f"tuned - {production}"))
    if params.min_chrf_change is not None:
        checks.append(_chrf_margin(report, params.min_chrf_change))
    checks += [
        _degeneration(report, metric, field, getattr(params, field)) for metric, field in DEGENERATION_BOUNDS.items()
    ]
    return GateDecision(checks=checks, forced=params.force and not all(check.passed for check in checks))
