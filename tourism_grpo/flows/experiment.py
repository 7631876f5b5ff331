"""One experiment end to end: prepare the data, resolve the base model, train, evaluate, publish."""

from __future__ import annotations

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact
from prefect.runtime import deployment
from pydantic import BaseModel

from tourism_grpo.evaluation.report import EvalReport
from tourism_grpo.experiments import Experiment
from tourism_grpo.flows.prepare_data import PreparedData, prepare_data
from tourism_grpo.publishing.card import Lineage
from tourism_grpo.publishing.release import PublishResult
from tourism_grpo.storage import ArtifactRef, ArtifactStore, run_root
from tourism_grpo.tasks.base_model import convert_base_model, resolve_base_model
from tourism_grpo.tasks.evaluate import evaluate
from tourism_grpo.tasks.publish import find_champion, publish, read_registry
from tourism_grpo.tasks.step import kept_in
from tourism_grpo.tasks.tiny_model import tiny_model
from tourism_grpo.tasks.train import train_adapter
from tourism_grpo.training.configs import check_settings, detect_runtime
from tourism_grpo.training.gguf import is_gguf_base
from tourism_grpo.training.run import TrainResult

TINY = "tiny"


class ExperimentResult(BaseModel):
    """What a run of an experiment produced."""

    data: PreparedData
    training: TrainResult
    evaluation: EvalReport
    # None for a run judged on the validation split: it chooses settings, it does not ship a model
    published: PublishResult | None

    def markdown(self, experiment: str) -> str:
        """Every artifact the run made, the training's headline and the evaluation, as markdown."""
        training = self.training
        made = {f"{part} table": ref for part, ref in self.data.refs().items()} | {
            "adapter": training.adapter,
            "step log": training.log,
            "report": training.report,
        }
        split = (
            "the held-out split"
            if self.published is not None
            else "the validation split (a settings run: nothing published)"
        )
        return "\n".join(
            [f"# {experiment}", "", "| artifact | id | uri |", "|---|---|---|"]
            + [f"| {name} | `{ref.id}` | `{ref.uri}` |" for name, ref in made.items()]
            + [
                "",
                f"Base model: `{training.base.uri}`. Steps: {training.global_step}. Mean reward, first tenth of "
                f"steps {training.first_tenth_reward:.3f} -> last tenth {training.last_tenth_reward:.3f}.",
                "",
                f"## Evaluation on {split}",
                "",
                self.evaluation.markdown(),
            ]
        )


def _built_base(
    experiment: Experiment, data: PreparedData, artifacts: ArtifactStore, refresh: bool
) -> ArtifactRef | None:
    """The model folder a step makes in the store for this base: the tiny model, or a GGUF's conversion."""
    model = experiment.model
    if model.base == TINY:
        return kept_in(tiny_model, artifacts, refresh)(
            data.train, data.eval, model.tiny, model.system_prompt, artifacts.root
        )
    if is_gguf_base(model.base):
        return kept_in(convert_base_model, artifacts, refresh)(model.base, artifacts.root)
    return None


@flow(name="run-experiment", log_prints=True)
def run_experiment(experiment: Experiment, store: str | None = None, refresh: bool = False) -> ExperimentResult:
    """Run a preset's whole chain."""
    spec = experiment.training()
    # before anything is written: a setting TRL or PEFT refuse stops the run now, not after the data steps
    runtime = detect_runtime(spec.train)
    if runtime.vllm_fallback:
        get_run_logger().warning(runtime.vllm_fallback)
    check_settings(spec, runtime)
    artifacts = ArtifactStore(run_root(store, deployed=deployment.id is not None))
    # the held-out rows every version of the preset is judged on
    registry = read_registry(experiment.name, experiment.publish, artifacts.root)
    data = prepare_data(experiment.data, store=artifacts.root, refresh=refresh, held_out=registry.held_out)
    base = resolve_base_model(experiment.model, _built_base(experiment, data, artifacts, refresh), artifacts.root)
    training = kept_in(train_adapter, artifacts, refresh)(spec, data.train, base, artifacts.root)
    validating = experiment.evaluation.split == "validation"
    # a settings run publishes nothing, so it has no production version to beat
    champion = (
        None if validating else find_champion(experiment.name, experiment.publish, artifacts.root, training.adapter)
    )
    evaluation = kept_in(evaluate, artifacts, refresh)(
        data.validation if validating else data.eval,
        base,
        training.adapter,
        experiment.evaluation,
        spec,
        artifacts.root,
        champion,
    )
    published = (
        None
        if validating
        else kept_in(publish, artifacts, refresh)(
            spec,
            training,
            evaluation,
            experiment.publish,
            Lineage(source_uri=experiment.data.source.uri, artifacts=data.refs()),
            artifacts.root,
        )
    )
    result = ExperimentResult(data=data, training=training, evaluation=evaluation, published=published)
    create_markdown_artifact(
        key="experiment-summary",
        markdown=result.markdown(experiment.name),
        description=f"What experiment {experiment.name} produced",
    )
    return result
