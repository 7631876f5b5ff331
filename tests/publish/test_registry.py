"""Versions and the production alias: every publish adds a version, a refused one is kept but never production,
promote and rollback move production, `generate models:<preset>` answers with it; in the local registry and in a
(fake) Hub repo, through the real publish task and the real huggingface_hub client."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest

from tests.publish.fakes import HACKED, HEALTHY, FakeHub, report
from tests.publish.helpers import TOKEN, StoredRun, demo_spec
from tourism_grpo.publishing.gate import PublishRefused
from tourism_grpo.publishing.hub_registry import HubRegistry
from tourism_grpo.publishing.params import PublishParams
from tourism_grpo.publishing.registry import (
    LocalRegistry,
    Registry,
    RegistryError,
    Version,
    promote,
    resolve,
    rollback,
)
from tourism_grpo.storage import ArtifactStore
from tourism_grpo.training.params import BaseModelRef

REPO = "tourism-lab/demo-grpo"


def _publish(
    run: StoredRun, params: PublishParams, changes: dict, steps: int, retries: int = 0, champion: int | None = None
) -> Any:
    """The publish task in a flow (retries without delay), judged against production `champion`; its final state."""
    from prefect import flow

    from tourism_grpo.tasks.publish import publish
    from tourism_grpo.tasks.step import kept_in

    evaluation = report(run.per_row, run.training.adapter.id, champion, **changes)

    @flow(name="registry-test")
    def publishing() -> Any:
        task = kept_in(publish, run.store).with_options(retries=retries, retry_delay_seconds=0)
        return task(demo_spec(steps), run.training, evaluation, params, run.lineage, run.store.root)

    return publishing(return_state=True)


def _three_publishes(run: StoredRun, params: PublishParams) -> list[Any]:
    """v1 accepted, v2 refused by the gate (reward hacking), v3 accepted."""
    first = _publish(run, params, HEALTHY, steps=100)
    refused = _publish(run, params, HACKED, steps=200, champion=1)
    third = _publish(run, params, HEALTHY, steps=300, champion=1)
    return [first, refused, third]


def _check_three(registry: Registry, states: list[Any]) -> None:
    first, refused, third = states
    assert first.is_completed() and first.result().version == 1 and first.result().production
    assert refused.is_failed()
    with pytest.raises(PublishRefused, match=r"kept in the registry as v2, not production"):
        refused.result()
    assert third.is_completed() and third.result().version == 3
    versions = registry.versions()
    assert [(v.version, v.accepted) for v in versions] == [(1, True), (2, False), (3, True)]
    assert "no degeneration in repeated_ngram_share" in versions[1].reasons
    assert registry.production() == 3


@pytest.mark.usefixtures("prefect_api")
def test_local_registry_keeps_every_version_and_moves_production_only_to_accepted_ones(
    run: StoredRun, capsys: pytest.CaptureFixture[str]
) -> None:
    from tourism_grpo.cli import main

    states = _three_publishes(run, PublishParams())
    registry = LocalRegistry(run.store, "demo")
    _check_three(registry, states)
    store = ["--store", run.store.root]

    with pytest.raises(RegistryError, match=r"v2 of demo was refused by the gate .*--force"):
        promote(registry, 2)
    assert main(["models", "rollback", "demo", *store]) == 0
    assert "demo: v1 is production now" in capsys.readouterr().out
    assert registry.production() == 1
    assert main(["models", "list", "demo", *store]) == 0
    listing = capsys.readouterr().out
    assert "| **v1** (production) |" in listing and "| v2 |" in listing and "refused: no degeneration" in listing
    # a version's card lists the versions before it
    card = (Path(resolve(registry, "v3").folder.uri) / "README.md").read_text(encoding="utf-8")
    assert "## Versions" in card and "| **v1** (production) |" in card and "| v2 | " in card and "refused: " in card

    # generate on the production alias loads v1's adapter (a registry folder, merged into its base)
    assert main(["models", "show", "demo", *store]) == 0
    assert json.loads(capsys.readouterr().out.rsplit("}", 1)[0] + "}")["version"] == 1
    assert main(["generate", "models:demo", "Wann?", "--max-new-tokens", "4", *store]) == 0
    assert main(["generate", "models:demo@v9", "Wann?", *store]) == 2
    assert "has no version v9 (versions: v1, v2, v3)" in capsys.readouterr().err


def test_concurrent_adds_take_their_own_numbers_and_nothing_is_production_yet(tmp_path: Path) -> None:
    store = ArtifactStore(str(tmp_path / "store"))
    registry = LocalRegistry(store, "demo")
    folder = store.write_folder(
        lambda out: (out / "README.md").write_text("x"), name="published", artifact="p-1", lineage={}
    )

    def version(publish_id: str) -> Version:
        base = BaseModelRef(uri="base", id="base-1")
        return Version(experiment="demo", publish_id=publish_id, adapter="a", base=base, accepted=True, folder=folder)

    added: list[int] = []
    threads = [
        threading.Thread(target=lambda i=i: added.append(registry.add(version(f"p-{i}"), Path(".")).version))
        for i in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(added) == list(range(1, 9))
    assert registry.production() is None
    with pytest.raises(RegistryError, match="no production version to roll back from"):
        rollback(registry)


@pytest.mark.usefixtures("prefect_api")
def test_hub_registry_tags_every_version_and_main_holds_production(run: StoredRun, hub: FakeHub) -> None:
    from prefect.blocks.system import Secret

    Secret(value=TOKEN).save("hf-token", overwrite=True)
    params = PublishParams(target=f"hub:{REPO}")
    states = _three_publishes(run, params)
    registry = HubRegistry(REPO, TOKEN)
    _check_three(registry, states)
    assert set(hub.tags[REPO]) == {"v1", "v2", "v3"}
    # main holds exactly the production version's files; the refused one never reached it
    assert json.loads(hub.repos[REPO]["version.json"])["version"] == 3
    promoted = [json.loads(hub.commits[oid]["version.json"]) for oid in hub.history(REPO, "main")[:-1]]
    assert [(v["version"], v["accepted"]) for v in promoted] == [(3, True), (1, True)]

    rollback(registry)
    assert registry.production() == 1
    assert hub.repos[REPO]["adapter_model.safetensors"] == hub.files(REPO, "v1")["adapter_model.safetensors"]
    assert {"adapter_config.json", "adapter_model.safetensors", "README.md", "version.json"} <= set(hub.repos[REPO])
    # what `generate models:...` loads: the tag's files, downloaded by the real client
    downloaded = registry.files(1)
    assert (downloaded / "adapter_model.safetensors").read_bytes() == hub.files(REPO, "v1")["adapter_model.safetensors"]
    assert TOKEN.encode() not in b"".join(data for files in hub.commits.values() for data in files.values())


def test_a_version_name_that_is_not_one_says_what_is(tmp_path: Path) -> None:
    registry = LocalRegistry(ArtifactStore(str(tmp_path)), "demo")
    with pytest.raises(RegistryError, match="has no production version yet"):
        resolve(registry, "production")
    with pytest.raises(RegistryError, match=r"'latest' is not a version: give v1, v2"):
        resolve(registry, "latest")
    with pytest.raises(RegistryError, match=r"has no version v1 \(versions: none yet\)"):
        resolve(registry, "v1")


@pytest.mark.usefixtures("prefect_api")
def test_rerunning_a_publish_does_not_undo_a_rollback(run: StoredRun) -> None:
    _publish(run, PublishParams(), HEALTHY, steps=100)
    _publish(run, PublishParams(), HEALTHY, steps=200, champion=1)
    registry = LocalRegistry(run.store, "demo")
    assert registry.production() == 2
    rollback(registry)
    # the same publish again (the preset rerun): it finds v2 and leaves production where the rollback put it
    again = _publish(run, PublishParams(), HEALTHY, steps=200, champion=1).result()
    assert (again.version, again.production, registry.production()) == (2, False, 1)
    assert registry.aliases().promoted == [1, 2, 1] and len(registry.versions()) == 2


@pytest.mark.usefixtures("prefect_api")
def test_a_hub_publish_retried_after_faults_between_its_calls_adds_one_version(
    run: StoredRun, hub: FakeHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    hub.fail("tag", 503)  # attempt 1: the version's commit is in, its tag is not
    hub.fail("commit", 503, after=2)  # attempt 2: committed and tagged again, then the commit onto main fails
    state = _publish(run, PublishParams(target=f"hub:{REPO}"), HEALTHY, steps=100, retries=2)
    assert state.is_completed(), state.message
    registry = HubRegistry(REPO, TOKEN)
    assert [v.version for v in registry.versions()] == [1] and set(hub.tags[REPO]) == {"v1"}
    assert registry.production() == 1 and json.loads(hub.repos[REPO]["version.json"])["version"] == 1
    # an untagged commit of attempt 1 stays on the versions branch, listed by no one
    assert len(hub.history(REPO, "versions")) == 3


def test_a_held_out_set_missing_from_the_store_is_named_with_the_store_to_use(tmp_path: Path) -> None:
    from tourism_grpo.publishing.registry import registry_state
    from tourism_grpo.storage import ArtifactRef

    store = ArtifactStore(str(tmp_path / "store"))
    registry = LocalRegistry(store, "demo")
    assert registry_state(registry, store).held_out is None  # no version yet: the first run draws its eval split
    elsewhere = ArtifactRef(id="enrich-0001", name="subset-eval-enriched", kind="table", uri="/other/x", sha256="0")
    base = BaseModelRef(uri="base", id="base-1")
    refused = Version(experiment="demo", publish_id="p-1", adapter="a", base=base, accepted=False, held_out=elsewhere)
    registry.add(refused, Path("."))
    with pytest.raises(RegistryError, match=r"v1 was evaluated on the held-out rows enrich-0001, which are not in"):
        registry_state(registry, store)
