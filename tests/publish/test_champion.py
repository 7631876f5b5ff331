"""Champion and challenger: a new version becomes production only when it is not worse than production on the same
held-out rows, production's stored answers are reused where they compare, rollback brings the old one back; through
the real evaluate and publish tasks on a tiny real model, in the local registry and in the (fake) Hub."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from tests.publish.fakes import FakeHub
from tests.publish.helpers import TOKEN, StoredRun, demo_spec
from tourism_grpo.evaluation.params import EvalParams
from tourism_grpo.publishing.gate import PublishRefused
from tourism_grpo.publishing.hub_registry import HubRegistry
from tourism_grpo.publishing.params import PublishParams
from tourism_grpo.publishing.registry import LocalRegistry, Registry, rollback
from tourism_grpo.publishing.verdict import judge
from tourism_grpo.storage import ArtifactRef
from tourism_grpo.training.params import BaseModelRef

REPO = "tourism-lab/demo-grpo"
WORSE = "not worse than production v1 on tfidf_similarity"
EVAL_ROWS = 12


@pytest.fixture(scope="module")
def answering_model(tmp_path_factory: pytest.TempPathFactory, qa_rows: list[dict[str, str]]) -> Path:
    """A tiny Llama trained until it answers the eval rows much like their references: damage then shows."""
    from tourism_grpo.training.params import TinyModelParams
    from tourism_grpo.training.tiny_model import build_tiny_model

    out = tmp_path_factory.mktemp("answering-model")
    shape = TinyModelParams(
        vocab_size=600,
        hidden_size=64,
        num_layers=2,
        num_heads=4,
        intermediate_size=128,
        sft_epochs=40,
        sft_batch_size=4,
        pretrain_rows=0,
    )
    build_tiny_model(qa_rows[:EVAL_ROWS], shape, out)
    return out


def _adapter(base: Path, out: Path, damage: float) -> None:
    """A LoRA adapter on `base`: damage 0 leaves the model as it is (B = 0), a large one scrambles its answers."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, AutoTokenizer

    lora = LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"], init_lora_weights=damage == 0)
    model = get_peft_model(AutoModelForCausalLM.from_pretrained(base), lora)
    with torch.no_grad():
        for name, weight in model.named_parameters():
            if "lora_B" in name:
                weight.mul_(damage or 1.0)
    model.save_pretrained(out)
    AutoTokenizer.from_pretrained(base).save_pretrained(out)


class Challenges:
    """A stored run on the tiny SFT model: its eval rows, and a publish of each adapter through evaluate + publish."""

    def __init__(self, run: StoredRun, base: Path, rows: list[dict[str, str]], params: PublishParams) -> None:
        self.run, self.params = run, params
        self.base = BaseModelRef(uri=str(base), id="tiny-model-0001")
        self.split = run.store.write_table(
            pa.Table.from_pylist(rows), name="subset-eval-enriched", artifact="enrich-0001", lineage={}
        )

    def publish(self, damage: float, steps: int, tmp: Path, max_new_tokens: int = 64) -> Any:
        """Evaluate an adapter against base and production, then publish it; the flow's final state."""
        from prefect import flow

        from tourism_grpo.tasks.evaluate import evaluate
        from tourism_grpo.tasks.publish import find_champion, publish
        from tourism_grpo.tasks.step import kept_in

        store, source = self.run.store, tmp / f"adapter-{steps}"
        # a training's adapter, made once: publishing the same steps again is a rerun of that training
        adapter = store.find("folder", "adapter", f"train-{steps:04d}")
        if adapter is None:
            _adapter(Path(self.base.uri), source, damage)
            adapter = store.write_folder(
                lambda out: shutil.copytree(source, out, dirs_exist_ok=True),
                name="adapter",
                artifact=f"train-{steps:04d}",
                lineage={},
            )
        training = self.run.training.model_copy(update={"adapter": adapter, "base": self.base})
        decoding = EvalParams(max_new_tokens=max_new_tokens, bootstrap_samples=200, examples=0)

        @flow(name="champion-test")
        def challenge() -> Any:
            champion = find_champion("demo", self.params, store.root, adapter)
            report = kept_in(evaluate, store)(
                self.split, self.base, adapter, decoding, demo_spec(steps), store.root, champion
            )
            return kept_in(publish, store)(
                demo_spec(steps), training, report, self.params, self.run.lineage, store.root
            )

        return challenge(return_state=True)


def _per_row(run: StoredRun, registry: Registry, number: int) -> pa.Table:
    evaluation = next(v for v in registry.versions() if v.version == number).evaluation
    assert isinstance(evaluation, ArtifactRef)
    return run.store.read_table(evaluation)


def _play(challenges: Challenges, registry: Registry, tmp: Path, regenerate_last: bool) -> None:
    """v1 production; a damaged challenger kept as v2, refused against v1; an as-good one becomes v3; rollback."""
    first = challenges.publish(damage=0, steps=100, tmp=tmp)
    assert first.is_completed() and first.result().production and registry.production() == 1
    # the same training published again (a rerun): not judged against itself, it finds v1 and adds nothing
    again = challenges.publish(damage=0, steps=100, tmp=tmp)
    assert again.result().version == 1 and len(registry.versions()) == 1

    damaged = challenges.publish(damage=20, steps=200, tmp=tmp)
    with pytest.raises(PublishRefused, match=r"kept in the registry as v2, not production"):
        damaged.result()
    assert registry.production() == 1
    v2 = registry.versions()[1]
    assert not v2.accepted and WORSE in v2.reasons
    # judged on v1's own stored answers: the same rows, the same decoding
    answers = _per_row(challenges.run, registry, 2)
    assert answers.column("champion_completion").equals(_per_row(challenges.run, registry, 1)["tuned_completion"])
    assert answers.column("champion_completion") != answers.column("tuned_completion")
    card = (registry.files(2) / "README.md").read_text(encoding="utf-8")
    assert "Against the production version v1 (its stored answers)" in card and WORSE in card

    # as good as production (the same answers): not worse, so it replaces it; with another decoding v1 answers anew
    third = challenges.publish(damage=0, steps=300, tmp=tmp, max_new_tokens=56 if regenerate_last else 64)
    assert third.is_completed() and third.result().version == 3 and registry.production() == 3
    verdict = judge(1, 2, registry.versions(), registry.production())
    assert verdict.challenger == 3 and verdict.line == "v3 is production: not worse than v1, it replaces it."
    answers = _per_row(challenges.run, registry, 3)
    assert answers.column("champion_completion").equals(answers.column("tuned_completion"))
    if regenerate_last:
        assert answers.column("champion_completion") != _per_row(challenges.run, registry, 1)["tuned_completion"]

    assert rollback(registry).version == 1 and registry.production() == 1


@pytest.mark.usefixtures("prefect_api")
def test_production_moves_only_to_a_challenger_not_worse_than_it_and_rolls_back(
    run: StoredRun,
    answering_model: Path,
    qa_rows: list[dict[str, str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tourism_grpo.cli import main

    challenges = Challenges(run, answering_model, qa_rows[:EVAL_ROWS], PublishParams())
    registry = LocalRegistry(run.store, "demo")
    _play(challenges, registry, tmp_path, regenerate_last=False)
    store = ["--store", run.store.root]
    assert main(["models", "list", "demo", *store]) == 0
    listing = capsys.readouterr().out
    assert "| **v1** (production) |" in listing and WORSE in listing
    # the production alias names v1 again, and generate answers with it
    assert main(["models", "show", "demo", *store]) == 0
    assert json.loads(capsys.readouterr().out.rsplit("}", 1)[0] + "}")["version"] == 1
    assert main(["generate", "models:demo", "Wann öffnet das Museum?", "--max-new-tokens", "4", *store]) == 0


@pytest.mark.usefixtures("prefect_api")
def test_the_same_against_the_hub_where_production_answers_again_under_another_decoding(
    run: StoredRun,
    answering_model: Path,
    qa_rows: list[dict[str, str]],
    tmp_path: Path,
    hub: FakeHub,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tourism_grpo.cli import main

    monkeypatch.setenv("HF_TOKEN", TOKEN)
    challenges = Challenges(run, answering_model, qa_rows[:EVAL_ROWS], PublishParams(target=f"hub:{REPO}"))
    registry = HubRegistry(REPO, TOKEN)
    _play(challenges, registry, tmp_path, regenerate_last=True)
    assert set(hub.tags[REPO]) == {"v1", "v2", "v3"}
    # the production alias on the Hub names v1 again, and generate answers with its downloaded files
    hub_preset = ["--set", f"publish.target=hub:{REPO}"]
    assert main(["models", "show", "demo", *hub_preset]) == 0
    assert json.loads(capsys.readouterr().out.rsplit("}", 1)[0] + "}")["version"] == 1
    assert main(["generate", "models:demo", "Wann öffnet das Museum?", "--max-new-tokens", "4", *hub_preset]) == 0
