"""The id each step gives its output is pinned: a store written by an earlier version keeps being reused (every
step `Cached`, a stopped training resumed from its checkpoints) until a step's version says its output changed.

The ids below were computed by the version before the steps were declared (commit cecc395) from the same inputs,
but publish's: it hashes the card's hyperparameters, which since then are what names the adapter (no longer where it
trained: device, vLLM), so that a rerun elsewhere finds its registry version (a release is made anew for every code
version anyway: the id hashes that too)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tourism_grpo.data.params import EnrichParams, SubsetParams
from tourism_grpo.data.source_spec import SourceSpec
from tourism_grpo.data_contracts.params import ContractParams
from tourism_grpo.evaluation.params import EvalParams
from tourism_grpo.evaluation.report import EvalReport
from tourism_grpo.publishing.card import Lineage
from tourism_grpo.publishing.params import PublishParams
from tourism_grpo.rewards.registry import RewardSpec
from tourism_grpo.storage import ArtifactRef
from tourism_grpo.training.params import (
    BaseModelRef,
    ModelParams,
    PromptParams,
    TinyModelParams,
    TrainParams,
    TrainSpec,
)
from tourism_grpo.training.run import TrainResult

TABLE = ArtifactRef(id="table-1", name="x", kind="table", uri="/x", sha256="0")
OTHER = ArtifactRef(id="table-2", name="y", kind="table", uri="/y", sha256="0")
BASE = BaseModelRef(uri="/base", id="base-1")
SPEC = TrainSpec(
    experiment="demo",
    model=ModelParams(base="tiny", prompt=PromptParams(style="plain")),
    train=TrainParams(max_steps=7),
    rewards=[RewardSpec(name="tfidf_similarity"), RewardSpec(name="repetition_penalty", weight=0.5)],
    sentiment_model="lexicon",
)


def _source(folder: Path) -> SourceSpec:
    rows = [
        '{"question": "Wann öffnet das Museum?", "answer": "Um 9 Uhr."}',
        '{"question": "Wo parke ich?", "answer": "Am Bahnhof."}',
    ]
    (folder / "faq.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return SourceSpec(uri="faq.jsonl")  # relative: the uri is part of the id, the folder is not


def test_every_step_gives_the_id_the_version_before_gave(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tourism_grpo.publishing.release as release
    from tourism_grpo.tasks.enrich import ENRICH
    from tourism_grpo.tasks.evaluate import EVALUATE
    from tourism_grpo.tasks.ingest import INGEST
    from tourism_grpo.tasks.publish import PUBLISH
    from tourism_grpo.tasks.subset import SUBSET
    from tourism_grpo.tasks.tiny_model import TINY_MODEL
    from tourism_grpo.tasks.train import TRAIN
    from tourism_grpo.tasks.validate import VALIDATE

    monkeypatch.setattr(release, "code_version", lambda: "git abc")
    monkeypatch.chdir(tmp_path)
    training = TrainResult(
        adapter=TABLE,
        log=TABLE,
        report=TABLE,
        base=BASE,
        global_step=1,
        resumed_from=None,
        first_tenth_reward=0,
        last_tenth_reward=0,
        zero_std_share=0,
    )
    evaluation = EvalReport(rows=[], examples=1, per_row=OTHER, adapter_id=TABLE.id)
    lineage = Lineage(source_uri="faq.jsonl", artifacts={"train": TABLE})
    sizes = SubsetParams(train_size=5)
    ids = {
        "ingest": INGEST.id({"source": _source(tmp_path)}),
        "subset": SUBSET.id({"table": TABLE, "params": sizes}),
        "enrich": ENRICH.id({"table": TABLE, "params": EnrichParams()}),
        "validate": VALIDATE.id(
            {"tables": {"train": TABLE, "eval": OTHER}, "kind": "qa", "contract": ContractParams(), "sizes": sizes}
        ),
        "tiny": TINY_MODEL.id(
            {"train": TABLE, "eval_split": OTHER, "params": TinyModelParams(), "system_prompt": "Sei nett."}
        ),
        "train": TRAIN.id({"spec": SPEC, "split": TABLE, "base": BASE}),
        "evaluate": EVALUATE.id({"split": OTHER, "base": BASE, "adapter": TABLE, "params": EvalParams(), "spec": SPEC}),
        "publish": PUBLISH.id(
            {
                "spec": SPEC,
                "training": training,
                "evaluation": evaluation,
                "params": PublishParams(),
                "lineage": lineage,
            }
        ),
    }
    assert ids == {
        "ingest": "ingest-3ac77f20c9785ab9",
        "subset": "subset-6c451d766a518381",
        "enrich": "enrich-bc91b2d5bcffa3ac",
        "validate": "validate-50e63075992bd129",
        "tiny": "tiny-model-7d4c2b96814322bd",
        "train": "train-bc8539fa7c932f7f",
        "evaluate": "evaluate-0ac8754738bea61d",
        "publish": "publish-35999e2967d27343",
    }


def test_where_training_runs_does_not_name_the_adapter_and_what_it_trains_does() -> None:
    from tourism_grpo.tasks.train import TRAIN

    def train_id(spec: TrainSpec) -> str:
        return TRAIN.id({"spec": spec, "split": TABLE, "base": BASE})

    elsewhere = SPEC.model_copy(
        update={
            "train": SPEC.train.model_copy(
                update={
                    "device": "cuda",
                    "use_vllm": True,
                    "vllm_mode": "server",
                    "vllm_gpu_memory_utilization": 0.5,
                    "vllm_fallback": True,
                    "zero_std_warning": 0.9,
                }
            ),
            "model": SPEC.model.model_copy(update={"tiny": TinyModelParams(hidden_size=64)}),
        }
    )
    assert train_id(elsewhere) == train_id(SPEC)
    longer = SPEC.model_copy(update={"train": SPEC.train.model_copy(update={"max_steps": 8})})
    assert train_id(longer) != train_id(SPEC)
    assert TRAIN.id({"spec": SPEC, "split": OTHER, "base": BASE}) != train_id(SPEC)
    # a QLoRA adapter is another adapter than one trained over the unquantised base
    qlora = SPEC.model_copy(update={"model": SPEC.model.model_copy(update={"quantization": "4bit"})})
    assert train_id(qlora) != train_id(SPEC)
