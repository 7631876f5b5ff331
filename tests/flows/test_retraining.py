"""Scheduled retraining: the decision rule alone, then the flow against a real Prefect API (training stubbed)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import task_states
from tourism_grpo.data.params import DataParams
from tourism_grpo.data.source_fingerprint import fingerprint
from tourism_grpo.data.source_spec import SourceSpec
from tourism_grpo.experiments import Experiment
from tourism_grpo.flows import retraining
from tourism_grpo.flows.experiment import ExperimentResult
from tourism_grpo.flows.retraining import retrain_if_changed
from tourism_grpo.publishing.freshness import PublishedSource, should_retrain
from tourism_grpo.storage import ArtifactStore

LAST = PublishedSource(published_id="publish-abc", created_at="2026-11-02T03:00:00+00:00", fingerprint="f" * 64)


def test_no_published_model_retrains() -> None:
    decision = should_retrain("demo", "f" * 64, None)
    assert decision.retrain and "No model of preset demo has been published" in decision.reason


def test_unchanged_fingerprint_skips_and_says_since_when() -> None:
    decision = should_retrain("demo", "f" * 64, LAST)
    assert not decision.retrain
    assert "unchanged" in decision.reason and "publish-abc" in decision.reason and "2026-11-02" in decision.reason


def test_changed_fingerprint_retrains_and_names_both() -> None:
    decision = should_retrain("demo", "e" * 64, LAST)
    assert decision.retrain and "changed" in decision.reason
    assert "eeeeeeeeeeee" in decision.reason and "ffffffffffff" in decision.reason


def test_lineage_without_a_fingerprint_retrains() -> None:
    decision = should_retrain("demo", "f" * 64, LAST.model_copy(update={"fingerprint": None}))
    assert decision.retrain and "records no source fingerprint" in decision.reason


def _write_source(path: Path, rows: int) -> Path:
    lines = (
        {"question": f"Wann öffnet das Museum {i} in Passau?", "answer": f"Ab {8 + i % 4} Uhr."} for i in range(rows)
    )
    path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in lines), encoding="utf-8")
    return path


def _published(store: ArtifactStore, experiment: Experiment) -> None:
    """Ingest the source with the real task and publish a stand-in model whose lineage names that table."""
    from prefect import flow

    from tourism_grpo.tasks.ingest import ingest

    @flow(name="ingest-for-retraining-test")
    def ingested() -> Any:
        return ingest(experiment.data.source, store.root)

    source = ingested()
    # the fields the publish task records that retraining reads: the preset and the parents' ids
    lineage = {"step": "publish", "experiment": experiment.name, "parents": ["train-0123", source.id]}
    store.write_folder(
        lambda folder: (folder / "README.md").write_text("stand-in"),
        name="published",
        artifact="publish-0123",
        lineage=lineage,
    )


@pytest.mark.usefixtures("prefect_api")
def test_unchanged_source_skips_with_a_note_and_changed_source_runs_the_experiment(
    tmp_path: Path, store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    source = _write_source(tmp_path / "faq.jsonl", rows=40)
    experiment = Experiment(name="demo", data=DataParams(source=SourceSpec(uri=str(source))))
    artifacts = ArtifactStore(store)
    _published(artifacts, experiment)
    runs: list[tuple[Experiment, str | None]] = []

    def run_experiment(experiment: Experiment, store: str | None = None) -> ExperimentResult:
        runs.append((experiment, store))
        return ExperimentResult.model_construct()

    monkeypatch.setattr(retraining, "run_experiment", run_experiment)

    skipped = retrain_if_changed(experiment, store=store, return_state=True)
    assert skipped.is_completed() and runs == []
    assert not skipped.result().decision.retrain and skipped.result().result is None
    [(task_name, task_state)] = task_states(skipped).items()  # no training task ran
    assert task_name.startswith("compare-source") and task_state == "Completed"
    with get_client(sync_client=True) as client:
        [note] = client.read_artifacts(
            artifact_filter=ArtifactFilter(
                flow_run_id=ArtifactFilterFlowRunId(any_=[skipped.state_details.flow_run_id])
            )
        )
    assert note.key == "retraining-decision" and note.type == "markdown"
    assert (
        "No retraining: demo" in note.data
        and f"unchanged (fingerprint {fingerprint(experiment.data.source)[:12]}" in note.data
    )

    _write_source(source, rows=41)
    retrained = retrain_if_changed(experiment, store=store, return_state=True)
    assert retrained.is_completed() and retrained.result().decision.retrain
    assert "changed" in retrained.result().decision.reason
    assert runs == [(experiment, artifacts.root)]


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_api")
def test_retraining_on_grown_data_keeps_the_held_out_rows_and_judges_the_challenger_against_production(
    tmp_path: Path, store: str, qa_rows: list[dict[str, str]]
) -> None:
    """The real chain twice: v1 (forced to production), then a retraining on a grown source: the same eval rows,
    production's stored answers as the champion's, and the champion-challenger artifact in the Prefect API."""
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, ArtifactFilterKey

    from tests.reliability.runs import TINY_RUN
    from tourism_grpo.experiments import load_preset
    from tourism_grpo.flows.experiment import run_experiment
    from tourism_grpo.flows.prepare_data import prepare_data
    from tourism_grpo.publishing.registry import LocalRegistry

    source = tmp_path / "faq.jsonl"

    def write(rows: int) -> None:
        lines = ({"question": row["question"], "answer": row["answer"]} for row in qa_rows[:rows])
        source.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines), encoding="utf-8")

    write(120)
    forced = load_preset("smoke", [*TINY_RUN, f"data.source.uri={source}"])
    first_run = run_experiment(forced, store=store)
    # a rerun on the same source draws the same rows: the fixed held-out set changes no step's id, all are reused
    [v1] = LocalRegistry(ArtifactStore(store), "smoke").versions()
    assert prepare_data(forced.data, store=store, held_out=v1.held_out) == first_run.data
    write(240)
    judged = load_preset("smoke", [*TINY_RUN, f"data.source.uri={source}", "publish.force=false"])
    state = retrain_if_changed(judged, store=store, return_state=True)
    outcome = state.result()

    registry = LocalRegistry(ArtifactStore(store), "smoke")
    v1, v2 = registry.versions()
    assert outcome.decision.retrain and outcome.verdict is not None
    assert (outcome.verdict.champion, outcome.verdict.challenger) == (1, 2)
    assert outcome.verdict.production == registry.production() == (2 if v2.accepted else 1)
    # the grown source moved no eval row: v2 answered exactly v1's held-out rows, and v1's answers were reused
    assert v1.held_out is not None and v2.held_out is not None and v2.held_out.sha256 == v1.held_out.sha256
    artifacts = ArtifactStore(store)
    assert v1.evaluation is not None and v2.evaluation is not None
    first, second = artifacts.read_table(v1.evaluation), artifacts.read_table(v2.evaluation)
    assert second.column("champion_completion").equals(first.column("tuned_completion"))
    with get_client(sync_client=True) as client:
        [artifact] = client.read_artifacts(
            artifact_filter=ArtifactFilter(
                key=ArtifactFilterKey(any_=["champion-challenger"]),
                flow_run_id=ArtifactFilterFlowRunId(any_=[state.state_details.flow_run_id]),
            )
        )
    assert artifact.data.startswith("# Champion and challenger: smoke") and outcome.verdict.line in artifact.data
    assert "| champion (production before) | v1 |" in artifact.data and "| challenger | v2 |" in artifact.data


@pytest.mark.usefixtures("prefect_api")
def test_a_refused_challenger_leaves_production_and_the_retraining_completes_saying_why(
    tmp_path: Path, store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from prefect import flow, get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, ArtifactFilterKey

    from tourism_grpo.publishing.gate import PublishRefused
    from tourism_grpo.publishing.registry import LocalRegistry, Version
    from tourism_grpo.training.params import BaseModelRef

    source = _write_source(tmp_path / "faq.jsonl", rows=40)
    experiment = Experiment(name="demo", data=DataParams(source=SourceSpec(uri=str(source))))
    registry = LocalRegistry(ArtifactStore(store), "demo")
    base = BaseModelRef(uri="base", id="base-1")
    registry.add(Version(experiment="demo", publish_id="p-1", adapter="a-1", base=base, accepted=True), tmp_path)
    registry.set_production(1)
    worse = "not worse than production v1 on tfidf_similarity"

    @flow(name="run-experiment")
    def losing_run(experiment: Experiment, store: str | None = None) -> ExperimentResult:
        # what the publish task does with a challenger the gate refuses: keep it as a version, then raise
        kept = Version(
            experiment="demo",
            publish_id="p-2",
            adapter="a-2",
            base=base,
            accepted=False,
            reasons=[worse],
            judged_against=1,
        )
        registry.add(kept, tmp_path)
        raise PublishRefused(f"Publishing demo refused: the tuned model did not pass the publish gate.\n  - {worse}")

    monkeypatch.setattr(retraining, "run_experiment", losing_run)
    state = retrain_if_changed(experiment, store=store, return_state=True)
    assert state.is_completed() and registry.production() == 1
    verdict = state.result().verdict
    assert verdict.line == f"v1 stays production; v2 is kept, refused: {worse}"
    with get_client(sync_client=True) as client:
        [note] = client.read_artifacts(
            artifact_filter=ArtifactFilter(
                key=ArtifactFilterKey(any_=["champion-challenger"]),
                flow_run_id=ArtifactFilterFlowRunId(any_=[state.state_details.flow_run_id]),
            )
        )
    assert f"| challenger | v2 | `a-2` | refused: {worse} |" in note.data
