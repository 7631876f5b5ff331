"""The publish task against a real Prefect API and the real huggingface_hub client talking to a fake Hub."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

import pytest

from tests.publish.fakes import HACKED, HEALTHY, FakeHub, report
from tests.publish.helpers import TOKEN, StoredRun
from tourism_grpo.publishing.gate import PublishRefused
from tourism_grpo.publishing.params import PublishParams
from tourism_grpo.publishing.registry import LocalRegistry
from tourism_grpo.publishing.release import PublishResult
from tourism_grpo.publishing.upload import PublishAuthError
from tourism_grpo.rewards.registry import RewardSpec
from tourism_grpo.training.params import ModelParams, TrainParams, TrainSpec

pytestmark = pytest.mark.usefixtures("prefect_api")

REPO = "tourism-lab/demo-grpo"
REWARDS = [RewardSpec(name="tfidf_similarity"), RewardSpec(name="repetition_penalty", weight=0.5)]
SPEC = TrainSpec(
    experiment="demo",
    model=ModelParams(),
    train=TrainParams(max_steps=150, learning_rate=0.002),
    rewards=REWARDS,
    sentiment_model="lexicon",
)


def _publish(run: StoredRun, params: PublishParams, changes: dict = HEALTHY, retries: int = 3) -> Any:
    """Run the publish task in a flow (retries without delay); the flow's final state."""
    from prefect import flow

    from tourism_grpo.tasks.publish import publish
    from tourism_grpo.tasks.step import kept_in

    evaluation = report(run.per_row, run.training.adapter.id, **changes)

    @flow(name="publish-test")
    def publishing() -> PublishResult:
        task = kept_in(publish, run.store).with_options(retries=retries, retry_delay_seconds=0)
        return task(SPEC, run.training, evaluation, params, run.lineage, run.store.root)

    return publishing(return_state=True)


def _recorded(state: Any) -> dict[str, Any]:
    """What the Prefect API holds about the flow run: its logs, artifacts, task runs and the run itself."""
    from prefect import get_client
    from prefect.client.schemas.filters import (
        ArtifactFilter,
        ArtifactFilterFlowRunId,
        FlowRunFilter,
        FlowRunFilterId,
        LogFilter,
        LogFilterFlowRunId,
    )
    from prefect.logging.handlers import APILogHandler

    APILogHandler().flush()
    run_id = state.state_details.flow_run_id
    with get_client(sync_client=True) as client:
        return {
            "logs": client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run_id]))),
            "artifacts": client.read_artifacts(
                artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run_id]))
            ),
            "task_runs": client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[run_id]))),
            "flow_run": client.read_flow_run(run_id),
        }


def _artifact(recorded: dict[str, Any], key: str) -> Any:
    return next(artifact for artifact in recorded["artifacts"] if artifact.key == key)


def test_the_local_registry_gets_adapter_card_and_a_merged_model_that_matches_the_adapter(run: StoredRun) -> None:
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    state = _publish(run, PublishParams(merged=True))
    result = state.result()
    folder = Path(result.folder.uri)
    assert folder.parent == Path(run.store.path("folders", "published"))
    assert {"adapter_config.json", "adapter_model.safetensors", "README.md", "merged"} <= {
        p.name for p in folder.iterdir()
    }
    assert (folder / "README.md").read_text(encoding="utf-8").startswith("---\n")
    assert result.url == folder.as_uri() and result.gate.passed and result.commit is None
    # the manifest makes the newest published model of a preset findable, e.g. for scheduled retraining
    assert run.store.newest("folder", "published", experiment="demo").id == result.folder.id

    ids = torch.tensor([[1, 5, 9, 3]])
    base = AutoModelForCausalLM.from_pretrained(run.training.base.uri)
    with torch.no_grad():
        expected = PeftModel.from_pretrained(base, str(folder)).eval()(ids).logits
        merged = AutoModelForCausalLM.from_pretrained(folder / "merged").eval()(ids).logits
    assert torch.allclose(merged, expected, atol=1e-5)

    recorded = _recorded(state)
    assert f"({folder.as_uri()})" in _artifact(recorded, "published-model").data
    assert "**Passed**" in _artifact(recorded, "publish-gate").data


def test_a_hub_publish_adds_a_tagged_version_and_makes_main_hold_it(
    run: StoredRun, hub: FakeHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    result = _publish(run, PublishParams(target=f"hub:{REPO}")).result()

    files = hub.repos[REPO]
    assert {"adapter_config.json", "adapter_model.safetensors", "README.md", "tokenizer.json"} <= set(files)
    assert json.loads(files["version.json"])["version"] == 1
    assert hub.tags[REPO] == {"v1": hub.history(REPO, "versions")[0]}
    card = files["README.md"].decode()
    assert card == (Path(result.folder.uri) / "README.md").read_text(encoding="utf-8")
    assert "library_name: peft" in card and f'PeftModel.from_pretrained(base, "{REPO}")' not in card
    # one commit of the version onto `versions`, one of the same tree onto `main`; the safetensors file took the LFS
    # route once (batch, then a PUT of the bytes): the second commit found it stored
    routes = hub.routes()
    assert routes.count("commit") == 2 and routes.count("tag") == 1 and routes.count("lfs-upload") == 1
    assert routes.index("create") < routes.index("branch") < routes.index("commit") < routes.index("tag")
    # main holds the version's tree, and the aliases beside it
    assert {**hub.files(REPO, "v1"), "aliases.json": files["aliases.json"]} == files
    assert json.loads(files["aliases.json"]) == {"production": 1, "promoted": [1]}
    assert hub.private[REPO] is True
    assert result.url == f"{hub.url}/{REPO}/tree/v1" and result.commit and result.version == 1 and result.production


def test_two_transient_503s_are_retried_by_prefect_and_the_upload_then_succeeds(
    run: StoredRun, hub: FakeHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    # create_repo and the commit are the calls huggingface_hub does not retry itself: Prefect sees these at once
    hub.fail("create", 503)
    hub.fail("commit", 503)
    state = _publish(run, PublishParams(target=f"hub:{REPO}"))
    assert state.is_completed()
    assert "README.md" in hub.repos[REPO]
    # the first attempt stopped at create, the second at its first commit, the third made both commits
    assert hub.routes().count("create") == 3 and hub.routes().count("commit") == 3
    # the third attempt found the weights already stored and did not upload them again
    assert hub.routes().count("lfs-upload") == 1
    (task_run,) = _recorded(state)["task_runs"]
    assert task_run.run_count == 3


def test_a_401_fails_at_once_with_a_clear_message_and_is_not_retried(
    run: StoredRun, hub: FakeHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrong = "hf_" + "expiredTokenNotKnownToTheHub000000000"
    monkeypatch.setenv("HF_TOKEN", wrong)
    state = _publish(run, PublishParams(target=f"hub:{REPO}"))
    assert state.is_failed()
    with pytest.raises(PublishAuthError, match=f"refused the token for {REPO} \\(401\\)") as error:
        state.result()
    assert wrong not in str(error.value) and "write to 'tourism-lab'" in str(error.value)
    # the first call (listing the versions) is refused; nothing more, and no retry
    assert hub.routes() == ["refs"] and REPO not in hub.repos
    assert not run.store.fs.exists(run.store.path("folders", "published"))


def test_without_a_token_the_hub_upload_fails_at_once_saying_where_a_token_goes(
    run: StoredRun, hub: FakeHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HF_TOKEN", raising=False)
    state = _publish(run, PublishParams(target=f"hub:{REPO}"))
    with pytest.raises(PublishAuthError, match="no Prefect Secret block named 'hf-token' and HF_TOKEN is not set"):
        state.result()
    assert hub.seen == [] and _recorded(state)["task_runs"][0].run_count == 1
    assert not run.store.fs.exists(run.store.path("folders", "publish-staging"))  # nothing staged, nothing merged


def test_the_token_is_read_from_the_secret_block_before_hf_token(
    run: StoredRun, hub: FakeHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    from prefect.blocks.system import Secret

    Secret(value=TOKEN).save("hf-token-publish-test", overwrite=True)
    monkeypatch.setenv("HF_TOKEN", "hf_" + "staleTokenInTheEnvironment0000000000")
    assert _publish(run, PublishParams(target=f"hub:{REPO}", token_secret="hf-token-publish-test")).is_completed()
    assert {request.headers.get("authorization") for request in hub.seen if request.route != "lfs-upload"} == {
        f"Bearer {TOKEN}"
    }


def test_the_token_appears_in_no_log_artifact_parameter_card_or_stored_file(
    run: StoredRun, hub: FakeHub, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from huggingface_hub import constants
    from prefect.settings import get_current_settings

    monkeypatch.setenv("HF_TOKEN", TOKEN)
    monkeypatch.setattr(constants, "HF_DEBUG", True)  # huggingface_hub then logs every request as a curl command
    caplog.set_level(logging.DEBUG, logger="prefect")
    caplog.set_level(logging.DEBUG, logger="huggingface_hub")
    hub.fail("commit", 503)  # a failed attempt too: its error is logged
    state = _publish(run, PublishParams(target=f"hub:{REPO}", merged=False))
    assert state.is_completed()
    # the token was used: every authenticated call carried it
    assert all(r.headers["authorization"] == f"Bearer {TOKEN}" for r in hub.seen if r.route != "lfs-upload")

    recorded = _recorded(state)
    logged = "\n".join(log.message for log in recorded["logs"])
    assert "Published demo" in logged and "503" in logged  # the logs that could leak it were written
    assert "curl" in caplog.text and "Published demo" in caplog.text
    assert TOKEN not in caplog.text and TOKEN not in logged
    for artifact in recorded["artifacts"]:
        assert TOKEN not in f"{artifact.data}{artifact.description}"
    assert TOKEN not in recorded["flow_run"].model_dump_json()
    assert all(TOKEN not in task_run.model_dump_json() for task_run in recorded["task_runs"])
    assert all(TOKEN.encode() not in content for content in hub.repos[REPO].values())
    # the store (registry, staging, Prefect's results), Prefect's home (its default result storage) and database
    database = get_current_settings().server.database.connection_url.get_secret_value().split("///")[-1]
    roots = [Path(run.store.root), Path(os.environ["PREFECT_HOME"]), Path(database).parent]
    files = [path for root in roots for path in root.rglob("*") if path.is_file()]
    assert any(path.name == "README.md" for path in files) and any(path.suffix == ".db" for path in files)
    leaked = [path for path in files if TOKEN.encode() in path.read_bytes()]
    assert leaked == []


def test_a_gain_bought_with_repetition_is_refused_and_ends_the_flow_clearly(run: StoredRun) -> None:
    state = _publish(run, PublishParams(), HACKED)
    assert state.is_failed()
    with pytest.raises(PublishRefused, match="did not pass the publish gate") as error:
        state.result()
    assert "repeated_ngram_share" in str(error.value) and "--set publish.force=true" in str(error.value)
    recorded = _recorded(state)
    (task_run,) = recorded["task_runs"]
    assert task_run.run_count == 1  # a refusal is not retried
    assert "**Refused**" in _artifact(recorded, "publish-gate").data
    # kept as a version, never production
    assert "kept in the registry as v1, not production" in str(error.value)
    versions = _artifact(recorded, "model-versions")
    assert "v1, not production" in versions.description and "refused: no degeneration" in versions.data
    registry = LocalRegistry(run.store, "demo")
    assert [v.accepted for v in registry.versions()] == [False] and registry.production() is None


def test_force_publishes_the_refused_model_with_the_reasons_in_its_card(run: StoredRun) -> None:
    result = _publish(run, PublishParams(force=True), HACKED).result()
    card = (Path(result.folder.uri) / "README.md").read_text(encoding="utf-8")
    assert result.gate.forced and "Published with `force` although the gate refused it" in card
    assert "no degeneration in repeated_ngram_share" in card and "no degeneration in eos_rate" in card


def test_a_base_under_the_gemma_terms_puts_its_notice_in_the_published_folder_and_its_licence_on_the_card(
    run: StoredRun, tmp_path: Path
) -> None:
    """A base converted from a Gemma GGUF brings a licence id and a NOTICE (the required notice plus the terms);
    a published derivative carries both, whatever the preset's publish.license says."""
    from huggingface_hub import ModelCard

    from tourism_grpo.training.params import BaseModelRef

    notice = tmp_path / "NOTICE"
    notice.write_text("Gemma is provided under and subject to the Gemma Terms of Use ...\n", encoding="utf-8")
    base = BaseModelRef(uri=run.training.base.uri, id="base-model-0001", license="gemma", notice=str(notice))
    gemma_run = StoredRun(run.store, run.training.model_copy(update={"base": base}), run.lineage, run.per_row)
    result = _publish(gemma_run, PublishParams(license="apache-2.0")).result()
    folder = Path(result.folder.uri)
    assert (folder / "NOTICE").read_text(encoding="utf-8") == notice.read_text(encoding="utf-8")
    card = (folder / "README.md").read_text(encoding="utf-8")
    assert ModelCard(card).data.to_dict()["license"] == "gemma"
    assert "a GGUF model this pipeline converted" in card and "`NOTICE` in this folder" in card


def test_the_card_names_the_completions_training_logged_without_making_them_a_parent(run: StoredRun) -> None:
    import pyarrow as pa

    logged = run.store.write_table(
        pa.table({"step": [1], "completion": ["Um 9 Uhr."], "reward": [0.5]}),
        name="train-completions",
        artifact="train-completions-0001",
        lineage={},
    )
    trained = StoredRun(run.store, run.training.model_copy(update={"completions": logged}), run.lineage, run.per_row)
    result = _publish(trained, PublishParams()).result()
    card = Path(result.card).read_text(encoding="utf-8")
    assert f"| train completions | `{logged.id}` | `{logged.sha256[:12]}` | 1 |" in card
    assert logged.id not in run.store.manifest(result.folder)["parents"]
