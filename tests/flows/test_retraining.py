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
