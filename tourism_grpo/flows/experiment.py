"""One experiment end to end: prepare the data, resolve the base model, train, evaluate, publish."""

from __future__ import annotations

from prefect import flow
from prefect.artifacts import create_markdown_artifact
from prefect.runtime import deployment
from pydantic import BaseModel

from tourism_grpo.evaluation.report import EvalReport
from tourism_grpo.experiments import Experiment
from tourism_grpo.flows.prepare_data import PreparedData, prepare_data
from tourism_grpo.publishing.card import Lineage
from tourism_grpo.storage import ArtifactStore, run_root
from tourism_grpo.tasks.base_model import resolve_base
from tourism_grpo.tasks.common import bind
from tourism_grpo.tasks.evaluate import evaluate
from tourism_grpo.tasks.publish import PublishResult, publish
from tourism_grpo.tasks.tiny_model import tiny_model
from tourism_grpo.tasks.train import TrainResult, train

TINY = "tiny"


class ExperimentResult(BaseModel):
    """What a run of an experiment produced."""

    data: PreparedData
    training: TrainResult
    evaluation: EvalReport
    published: PublishResult


@flow(name="run-experiment", log_prints=True)
def run_experiment(experiment: Experiment, store: str | None = None, refresh: bool = False) -> ExperimentResult:
    """Run a preset's whole chain."""
    artifacts = ArtifactStore(run_root(store, deployed=deployment.id is not None))
    data = prepare_data(experiment.data, store=artifacts.root, refresh=refresh)
    model = experiment.model
    tiny = (
        bind(tiny_model, artifacts, refresh)(
            data.train, data.eval, model.tiny, model.system_prompt, artifacts.root
        )
        if model.base == TINY
        else None
    )
    base = resolve_base(model, tiny, artifacts.root)
    training = bind(train, artifacts, refresh)(
        experiment.name,
        data.train,
        base,
        model,
        experiment.train,
        experiment.rewards,
        experiment.data.enrich.sentiment_model,
        artifacts.root,
    )
    evaluation = bind(evaluate, artifacts, refresh)(
        data.eval,
        base,
        training.adapter,
        experiment.evaluation,
        experiment.evaluation.max_new_tokens or experiment.train.max_completion_length,
        experiment.data.enrich.sentiment_model,
        model.system_prompt,
        artifacts.root,
    )
    published = bind(publish, artifacts, refresh)(
        experiment.name,
        training,
        evaluation,
        experiment.publish,
        Lineage(source_uri=experiment.data.source.uri, artifacts=dict(data)),
        {"model": experiment.model.model_dump(), "train": experiment.train.model_dump()},
        experiment.rewards,
        artifacts.root,
    )
    create_markdown_artifact(
        key="experiment-summary",
        markdown="\n".join(
            [f"# {experiment.name}", "", "| artifact | id | uri |", "|---|---|---|"]
            + [f"| {part} table | `{ref.id}` | `{ref.uri}` |" for part, ref in data]
            + [
                f"| {name} | `{ref.id}` | `{ref.uri}` |"
                for name, ref in (
                    ("adapter", training.adapter),
                    ("step log", training.log),
                    ("report", training.report),
                )
            ]
            + [
                "",
                f"Base model: `{base.uri}`. Steps: {training.global_step}. Mean reward, first tenth of steps "
                f"{training.first_tenth_reward:.3f} -> last tenth {training.last_tenth_reward:.3f}.",
                "",
                "## Evaluation on the held-out split",
                "",
                evaluation.markdown(),
            ]
        ),
        description=f"What experiment {experiment.name} produced",
    )
    return ExperimentResult(data=data, training=training, evaluation=evaluation, published=published)
