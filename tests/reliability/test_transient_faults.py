"""Promise: a transient fault at any stage is retried by Prefect through the task's own `retries`; the run completes.

One whole `run_experiment` on the tiny run against the real Prefect API, with a fault at every stage that retries:
the source read, the source's contract validation, the subset draw, enrichment, the tiny model's build, a
GRPO training step, evaluation, and the Hub upload (the fake Hub answers 503 twice). A second test does the same for
the scheduled retraining's source fingerprint. The retry delays are set to 0 on the tasks to keep the tests fast; how
many retries each task gets stays what its decorator says. The faults and their outcome are tallied at the end of the
test session's output ("reliability: transient faults").
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.publish.fakes import FakeHub
from tests.publish.helpers import TOKEN
from tests.reliability.faults import Faults
from tests.reliability.runs import TINY_RUN, committed
from tourism_grpo.experiments import load_preset

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_api")]

REPO = "tourism-lab/reliability-faults"


def _task_runs(state: Any) -> dict[str, list[int]]:
    """Task (validate-qa and validate-subset count as validate) -> run_count of each of its runs, in the flow run and
    its subflows."""
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId, FlowRunFilterParentFlowRunId

    run_id = state.state_details.flow_run_id
    with get_client(sync_client=True) as client:
        children = client.read_flow_runs(
            flow_run_filter=FlowRunFilter(parent_flow_run_id=FlowRunFilterParentFlowRunId(any_=[run_id]))
        )
        runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[run_id, *(child.id for child in children)]))
        )
    counts: dict[str, list[int]] = {}
    for task_run in runs:
        if task_run.flow_run_id == run_id and task_run.name.startswith("prepare-data"):
            continue  # the subflow's stand-in task run in the parent
        counts.setdefault(re.sub(r"-([0-9a-f]{3}|qa|cot|subset)$", "", task_run.name), []).append(task_run.run_count)
    return {name: sorted(values) for name, values in counts.items()}


def test_a_transient_fault_at_every_stage_is_retried_and_the_run_completes(
    tmp_path: Path, hub: FakeHub, faults: Faults, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every stage survives a transient fault through its task's own retries; the whole run completes and publishes."""
    from trl import GRPOTrainer

    import tourism_grpo.evaluation.generate
    import tourism_grpo.training.tiny_model
    from tourism_grpo.flows.experiment import run_experiment
    from tourism_grpo.publishing.hub_registry import HubRegistry
    from tourism_grpo.storage import ArtifactStore
    from tourism_grpo.tasks import enrich, evaluate, ingest, publish, subset, tiny_model, train, validate

    # (the task, how many faults it must survive)
    tasks = {
        "ingest": (ingest.ingest, 1),
        "validate": (validate.validate, 1),
        "subset": (subset.subset, 1),
        "enrich": (enrich.enrich, 1),
        "tiny-model": (tiny_model.tiny_model, 1),
        "train": (train.train_adapter, 1),
        "evaluate": (evaluate.evaluate, 1),
        "publish": (publish.publish, 2),
        "registry-state": (publish.read_registry, 1),
        "find-champion": (publish.find_champion, 1),
    }
    for name, (task, needed) in tasks.items():
        assert task.retries >= needed, f"task {name} retries {task.retries} times: too few for a transient fault"
        monkeypatch.setattr(task, "retry_delay_seconds", 0)

    # each plain function the task calls (looked up on its module at call time) fails once, then works
    faults.fail_first(ingest, "read_raw", "source read")
    faults.fail_first(validate, "contract_frame", "validation")
    faults.fail_first(subset, "split_subsets", "subset")
    faults.fail_first(enrich, "add_answer_sentiment", "enrich")
    faults.fail_first(tourism_grpo.training.tiny_model, "build_tiny_model", "tiny model")
    # step 2 fails once, after checkpoint-1 was saved: the retry resumes from it

    def after_checkpoint(trainer: Any, *_: Any) -> bool:
        return trainer.state.global_step == 1

    faults.fail_first(GRPOTrainer, "training_step", "training step", when=after_checkpoint)
    faults.fail_first(tourism_grpo.evaluation.generate, "generate", "evaluation")
    faults.fail_first(publish, "registry_state", "registry read")
    faults.fail_first(publish, "champion_for", "champion lookup")
    # create_repo and the commit are calls huggingface_hub does not retry itself: Prefect retries the task
    hub.fail("create", 503)
    hub.fail("commit", 503)
    monkeypatch.setenv("HF_TOKEN", TOKEN)

    experiment = load_preset("smoke", [*TINY_RUN, f"publish.target=hub:{REPO}"])
    store = str(tmp_path / "store")
    state = run_experiment(experiment, store=store, return_state=True)
    faults.count("upload", 2 - len(hub.faults["create"]) - len(hub.faults["commit"]))

    assert state.is_completed(), state.message
    assert sum(faults.raised.values()) == 11 and hub.faults == {"create": [], "commit": []}  # every fault fired
    # the stage that failed ran once more; the others (the second contract, the validation and eval splits'
    # enrichment) once
    assert _task_runs(state) == {
        "ingest": [2],
        "validate": [1, 2],
        "subset": [2],
        "enrich": [1, 1, 2],
        "tiny-model": [2],
        "resolve-base-model": [1],
        "train": [2],
        "evaluate": [2],
        "publish": [3],
        "registry-state": [2],
        "find-champion": [2],
    }
    result = state.result()
    training = result.training
    assert (training.resumed_from, training.global_step) == (1, 3)
    artifacts = ArtifactStore(store)
    assert artifacts.read_table(training.log).column("step").to_pylist() == [1, 2, 3]
    assert {"README.md", "adapter_model.safetensors", "merged/model.safetensors"} <= set(hub.repos[REPO])
    # what generate and a champion's answers load: the version's adapter, not its merged copy
    downloaded = HubRegistry(REPO, TOKEN).files(1)
    assert (downloaded / "adapter_model.safetensors").exists() and not (downloaded / "merged").exists()
    assert result.published.commit and result.published.url == f"{hub.url}/{REPO}/tree/v1"
    # a failed attempt left nothing half-done: every artifact reads back whole
    names = {ref.name for ref in committed(store)}
    assert {"source-qa", "subset-train-enriched", "tiny-model", "adapter", "train-log", "eval-rows"} <= names
    assert "published" in names


def test_a_transient_fault_while_the_scheduled_retraining_fingerprints_its_source_is_retried(
    tmp_path: Path, faults: Faults, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The retraining's compare-source step (a Hub source is downloaded to fingerprint it) survives a dropped link."""
    from tourism_grpo.flows import retraining
    from tourism_grpo.flows.experiment import ExperimentResult
    from tourism_grpo.tasks import freshness

    assert freshness.compare_source.retries >= 1
    monkeypatch.setattr(freshness.compare_source, "retry_delay_seconds", 0)
    faults.fail_first(freshness, "fingerprint", "source fingerprint")
    experiments: list[Any] = []

    def run_experiment(experiment: Any, store: str | None = None) -> ExperimentResult:
        # the experiment itself is the first test's subject; here only whether the decision is reached
        experiments.append(experiment)
        return ExperimentResult.model_construct()

    monkeypatch.setattr(retraining, "run_experiment", run_experiment)
    experiment = load_preset("smoke", TINY_RUN)
    state = retraining.retrain_if_changed(experiment, store=str(tmp_path / "store"), return_state=True)

    assert state.is_completed(), state.message
    assert faults.raised["source fingerprint"] == 1
    assert _task_runs(state) == {"compare-source": [2], "registry-state": [1], "champion-challenger": [1]}
    assert state.result().decision.retrain and experiments == [experiment]
