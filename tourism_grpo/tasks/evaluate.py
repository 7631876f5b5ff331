"""Evaluate: the base and the tuned model (and the production version) on the held-out split, scored with the
rewards' own metrics."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from prefect import get_run_logger
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from tourism_grpo.evaluation.champion import Champion
from tourism_grpo.evaluation.params import EvalParams
from tourism_grpo.evaluation.report import EvalReport, examples_markdown, side_by_side
from tourism_grpo.evaluation.run import evaluate_and_store, evaluation_settings
from tourism_grpo.storage import ArtifactRef
from tourism_grpo.storage.steps import Step
from tourism_grpo.tasks.step import step_output, step_task
from tourism_grpo.training.params import BaseModelRef, TrainSpec
from tourism_grpo.training.prompts import Framing


def _settings(arguments: Mapping[str, Any]) -> dict[str, Any]:
    champion: Champion | None = arguments.get("champion")
    compared = {"champion": champion.identity()} if champion is not None else {}
    return evaluation_settings(arguments["params"], arguments["spec"]) | compared


# 2: chrf, markup_share, non_german_share
EVALUATE = Step("evaluate", "2", parameters=_settings)


@step_task(EVALUATE, retries=2, retry_delay_seconds=10)
def evaluate(
    split: ArtifactRef,
    base: BaseModelRef,
    adapter: ArtifactRef,
    params: EvalParams,
    spec: TrainSpec,
    store: str,
    champion: Champion | None = None,
) -> EvalReport:
    """Generate with base and tuned model (and the champion), score them, report differences with bootstrap
    intervals."""
    report, table = evaluate_and_store(step_output(EVALUATE), split, base, adapter, params, spec, champion)
    decoding = "greedy" if not params.temperature else "sampled"
    create_table_artifact(
        key="evaluation",
        table=report.table(),
        description=f"Base vs tuned on {report.examples} held-out rows ({decoding})",
    )
    if report.champion is not None:
        create_table_artifact(
            key="evaluation-vs-production",
            table=[
                {
                    "metric": row.metric,
                    "production": row.base,
                    "tuned": row.tuned,
                    "tuned - production": row.diff,
                    "ci_low": row.ci_low,
                    "ci_high": row.ci_high,
                    "better": "higher" if row.higher_is_better else "lower",
                }
                for row in report.champion.rows
            ],
            description=f"Tuned (challenger) vs production v{report.champion.version} on the same rows",
        )
    shown = table.slice(0, params.examples).to_pylist()
    create_markdown_artifact(
        key="evaluation-examples",
        markdown=examples_markdown(shown, params.examples),
        description="Held-out questions answered by the base and the tuned model",
    )
    logger = get_run_logger()
    logger.info("Evaluation on %d rows:\n%s", report.examples, report.markdown())
    if shown:
        # logged here, not printed by the CLI: a run the gate refuses ends before the CLI could show them
        answer = Framing(spec.model.prompt, spec.model.system_prompt).answer
        logger.info(
            "The first %d of them, answered by base and tuned:\n\n%s",
            len(shown),
            side_by_side(shown, answer, len(shown)),
        )
    return report
