"""The publish gate decides on the evaluation alone: not worse on the primary metric, and not degenerated."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from tests.publish.fakes import HACKED, HEALTHY, report
from tourism_grpo.publishing.gate import PublishRefused, decide
from tourism_grpo.publishing.params import PublishParams
from tourism_grpo.storage import ArtifactRef

PER_ROW = ArtifactRef(id="evaluate-0001", name="eval-rows", kind="table", uri="/nowhere", sha256="0" * 64)


def _report(**changes: tuple[float, float, float, float]):
    return report(PER_ROW, "train-0001", **changes)


def test_a_real_gain_without_degeneration_passes() -> None:
    decision = decide(_report(**HEALTHY), PublishParams())
    assert decision.passed and decision.publish and not decision.forced
    assert [check.name for check in decision.checks] == [
        "not worse on tfidf_similarity",
        "no degeneration in repeated_ngram_share",
        "no degeneration in eos_rate",
        "no degeneration in distinct_2",
        "no degeneration in format_compliance",
        "no degeneration in markup_share",
        "no degeneration in non_german_share",
    ]


def test_a_gain_bought_with_repetition_is_refused_and_the_refusal_says_how_to_override() -> None:
    decision = decide(_report(**HACKED), PublishParams())
    assert not decision.publish
    # the primary metric did improve: what refuses the model is how
    assert decision.checks[0].passed
    assert [check.name for check in decision.failures] == [
        "no degeneration in repeated_ngram_share",
        "no degeneration in eos_rate",
    ]
    assert "rose by 0.290, beyond the bound 0.050" in decision.failures[0].detail
    assert "fell by 0.540, beyond the bound 0.050" in decision.failures[1].detail
    message = str(PublishRefused.from_decision("demo", decision))
    assert "repeated_ngram_share" in message and "eos_rate" in message and "--set publish.force=true" in message


def test_a_model_that_stopped_answering_is_refused() -> None:
    # seen on a demo run: GRPO taught the tiny model to emit nothing, which no repetition check can see
    silent = {"tfidf_similarity": (0.008, 0.0, -0.014, -0.003), "format_compliance": (1.0, 0.0, -1.0, -1.0),
              "repeated_ngram_share": (0.72, 0.0, -0.78, -0.64), "eos_rate": (0.54, 1.0, 0.36, 0.56)}
    decision = decide(_report(**silent), PublishParams())
    assert [check.name for check in decision.failures] == ["no degeneration in format_compliance"]
    assert "1.000 -> 0.000: fell by 1.000" in decision.failures[0].detail


def test_force_publishes_a_refused_model_and_keeps_the_failures() -> None:
    decision = decide(_report(**HACKED), PublishParams(force=True))
    assert decision.publish and decision.forced and not decision.passed
    assert len(decision.failures) == 2
    assert "published anyway (force)" in decision.markdown()
    # force on a model that passes changes nothing
    assert not decide(_report(**HEALTHY), PublishParams(force=True)).forced


@pytest.mark.parametrize(
    ("interval", "margin", "passed"),
    [
        ((-0.01, 0.05), 0.02, True),  # a loss of 0.01 cannot be ruled out, but it is within the margin
        ((-0.05, 0.05), 0.02, False),  # a loss of 0.05 cannot be ruled out
        ((-0.001, 0.05), 0.0, False),  # margin 0: the interval must exclude any loss
        ((0.0, 0.05), 0.0, True),
    ],
)
def test_the_primary_metric_is_judged_on_the_losing_end_of_its_interval(
    interval: tuple[float, float], margin: float, passed: bool
) -> None:
    changes = {**HEALTHY, "tfidf_similarity": (0.20, 0.22, *interval)}
    assert decide(_report(**changes), PublishParams(primary_margin=margin)).checks[0].passed is passed


def test_a_lower_is_better_primary_metric_is_judged_on_its_upper_bound() -> None:
    params = PublishParams(primary_metric="repeated_ngram_share", max_repetition_increase=1.0)
    # tuned repeats more: the upper end of tuned - base is a loss
    assert not decide(_report(repeated_ngram_share=(0.05, 0.10, 0.01, 0.09)), params).checks[0].passed
    assert decide(_report(repeated_ngram_share=(0.10, 0.05, -0.09, -0.01)), params).checks[0].passed


def test_a_metric_the_evaluation_lacks_fails_its_check() -> None:
    full = _report(**HEALTHY)
    partial = full.model_copy(update={"rows": [row for row in full.rows if row.metric != "eos_rate"]})
    decision = decide(partial, PublishParams())
    assert [check.name for check in decision.failures] == ["no degeneration in eos_rate"]
    assert "cannot be checked" in decision.failures[0].detail


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"target": "hub:just-a-name"}, "needs the namespace"),
        ({"target": "s3://bucket/models"}, "expected 'local' or 'hub:<org>/<name>'"),
        ({"target": "hub:org/bad--name"}, "names no valid Hub repo"),
        ({"primary_metric": "bleu"}, "the metrics are"),
    ],
)
def test_bad_settings_are_refused_with_the_valid_choices(settings: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        PublishParams(**settings)
    assert PublishParams(target="hub:tourism-lab/r1-tfidf").hub_repo == "tourism-lab/r1-tfidf"


@pytest.mark.parametrize(
    ("metric", "field", "changes"),
    [
        ("markup_share", "max_markup_increase", (0.02, 0.10, 0.03, 0.13)),
        ("non_german_share", "max_non_german_increase", (0.00, 0.08, 0.03, 0.14)),
    ],
)
def test_a_rise_of_markup_or_english_is_refused_and_the_detail_names_the_bound_to_change(
    metric: str, field: str, changes: tuple[float, float, float, float]
) -> None:
    decision = decide(_report(**{**HEALTHY, metric: changes}), PublishParams())
    assert [check.name for check in decision.failures] == [f"no degeneration in {metric}"]
    detail = decision.failures[0].detail
    assert f"rose by 0.080, beyond the bound 0.050 (publish.{field})" in detail
    assert f"tuned - base +0.080, 95% interval [{changes[2]:+.3f}, {changes[3]:+.3f}]" in detail
    # the bound is the mean change, as for the other degeneration checks: a looser bound lets the same rise pass
    assert decide(_report(**{**HEALTHY, metric: changes}), PublishParams(**{field: 0.1})).passed


@pytest.mark.parametrize(
    ("interval", "margin", "passed"),
    [
        ((-0.8, 1.5), -1.0, True),  # a loss of up to 0.8 chrF points cannot be ruled out: within the margin
        ((-1.2, 1.5), -1.0, False),
        ((-1.0, 0.5), -1.0, True),  # the bound itself passes
        ((-0.1, 0.5), 0.0, False),  # margin 0: the interval must exclude any loss
    ],
)
def test_chrf_is_judged_on_the_lower_end_of_its_interval_when_a_margin_is_set(
    interval: tuple[float, float], margin: float, passed: bool
) -> None:
    report = _report(**{**HEALTHY, "chrf": (50.0, 50.3, *interval)})
    checks = {check.name: check for check in decide(report, PublishParams(min_chrf_change=margin)).checks}
    check = checks["not worse on chrf beyond its margin"]
    assert check.passed is passed
    assert f"95% interval [{interval[0]:+.3f}, {interval[1]:+.3f}]" in check.detail
    assert "publish.min_chrf_change" in check.detail and f"{margin:+.3f}" in check.detail


def test_chrf_is_not_checked_without_a_margin() -> None:
    # the default: a preset fixes its margin before it sees results
    assert PublishParams().min_chrf_change is None
    decision = decide(_report(**{**HEALTHY, "chrf": (50.0, 40.0, -12.0, -8.0)}), PublishParams())
    assert decision.passed and not any("chrf" in check.name for check in decision.checks)
    with pytest.raises(ValidationError):
        PublishParams(min_chrf_change=float("nan"))


def test_a_challenger_better_than_its_base_but_worse_than_production_is_refused() -> None:
    from tests.publish.fakes import metric_rows
    from tourism_grpo.evaluation.report import ChampionComparison

    # better than its base, but production (v1) answers better still: the base alone would let it through
    worse_than_v1 = {"tfidf_similarity": (0.31, 0.26, -0.08, -0.02)}
    challenger = _report(**HEALTHY).model_copy(
        update={"champion": ChampionComparison(version=1, rows=metric_rows(**worse_than_v1))}
    )
    decision = decide(challenger, PublishParams())
    assert decision.checks[0].passed  # not worse than its base
    [failed] = decision.failures
    assert failed.name == "not worse than production v1 on tfidf_similarity"
    assert "tuned - v1 -0.050, 95% interval [-0.080, -0.020]" in failed.detail and "beyond the margin" in failed.detail

    as_good = {"tfidf_similarity": (0.26, 0.26, -0.01, 0.01)}
    tie = challenger.model_copy(update={"champion": ChampionComparison(version=1, rows=metric_rows(**as_good))})
    assert decide(tie, PublishParams()).passed  # not worse, within the margin: a tie replaces production
