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
from tourism_grpo.tasks.base_model import convert_base_model, resolve_base
from tourism_grpo.tasks.common import bind
from tourism_grpo.tasks.evaluate import evaluate
from tourism_grpo.tasks.publish import PublishResult, publish
from tourism_grpo.tasks.tiny_model import tiny_model
from tourism_grpo.tasks.train import TrainResult, train
from tourism_grpo.training.gguf import is_gguf_base

TINY = "tiny"


class ExperimentResult(BaseModel):
    """What a run of an experiment produced."""

    data: PreparedData
    training: TrainResult
    evaluation: EvalReport
    # None for a run judged on the validation split: it chooses settings, it does not ship a model
    published: PublishResult | None


@flow(name="run-experiment", log_prints=True)
def run_experiment(experiment: Experiment, store: str | None = None, refresh: bool = False) -> ExperimentResult:
    """Run a preset's whole chain."""
    artifacts = ArtifactStore(run_root(store, deployed=deployment.id is not None))
    data = prepare_data(experiment.data, store=artifacts.root, refresh=refresh)
    model = experiment.model
    tiny = (
        bind(tiny_model, artifacts, refresh)(data.train, data.eval, model.tiny, model.system_prompt, artifacts.root)
        if model.base == TINY
        else None
    )
    converted = (
        bind(convert_base_model, artifacts, refresh)(model.base, artifacts.root) if is_gguf_base(model.base) else None
    )
    base = resolve_base(model, tiny if tiny is not None else converted, artifacts.root)
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
        data.validation if experiment.evaluation.split == "validation" else data.eval,
        base,
        training.adapter,
        experiment.evaluation,
        experiment.evaluation.max_new_tokens or experiment.train.max_completion_length,
        experiment.data.enrich.sentiment_model,
        model.prompt,
        model.system_prompt,
        artifacts.root,
    )
    published = (
        None
        if experiment.evaluation.split == "validation"
        else bind(publish, artifacts, refresh)(
            experiment.name,
            training,
            evaluation,
            experiment.publish,
            Lineage(source_uri=experiment.data.source.uri, artifacts=data.refs()),
            {"model": experiment.model.model_dump(), "train": experiment.train.model_dump()},
            experiment.rewards,
            artifacts.root,
        )
    )
    create_markdown_artifact(
        key="experiment-summary",
        markdown="\n".join(
            [f"# {experiment.name}", "", "| artifact | id | uri |", "|---|---|---|"]
            + [f"| {part} table | `{ref.id}` | `{ref.uri}` |" for part, ref in data.refs().items()]
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
                "## Evaluation on the held-out split"
                if published is not None
                else "## Evaluation on the validation split (a settings run: nothing published)",
                "",
                evaluation.markdown(),
            ]
        ),
        description=f"What experiment {experiment.name} produced",
    )
    return ExperimentResult(data=data, training=training, evaluation=evaluation, published=published)
