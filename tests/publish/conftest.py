"""Fixtures of the publish tests: a fake Hub the real client talks to, a tiny real adapter, a store holding a run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pytest

from tests.publish.helpers import StoredRun, hub  # noqa: F401 - hub: the fake Hub fixture, here for pytest
from tourism_grpo.publishing.card import Lineage
from tourism_grpo.storage import ArtifactStore
from tourism_grpo.training.params import BaseModelRef
from tourism_grpo.training.run import TrainResult


@pytest.fixture(scope="session")
def tiny_adapter(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A random tiny Llama (base) and a LoRA adapter on it whose weights are not zero, with a tokenizer."""
    from peft import LoraConfig, get_peft_model
    from transformers import LlamaForCausalLM

    from tourism_grpo.training.params import TinyModelParams
    from tourism_grpo.training.tiny_model import init_tiny_llama, train_tokenizer

    root = tmp_path_factory.mktemp("tiny-adapter")
    tokenizer = train_tokenizer(["Wie lange hat das Museum geöffnet?", "Das Museum ist bis 18 Uhr geöffnet."], 300)
    shape = TinyModelParams(hidden_size=16, intermediate_size=32, num_layers=1, num_heads=2)
    init_tiny_llama(shape, tokenizer).save_pretrained(root / "base")
    # init_lora_weights=False: random B as well as A, so the merged model differs from the base
    lora = LoraConfig(r=2, lora_alpha=4, target_modules=["q_proj", "v_proj"], init_lora_weights=False)
    get_peft_model(LlamaForCausalLM.from_pretrained(root / "base"), lora).save_pretrained(root / "adapter")
    tokenizer.save_pretrained(root / "adapter")
    return root / "base", root / "adapter"


@pytest.fixture
def run(tmp_path: Path, tiny_adapter: tuple[Path, Path]) -> StoredRun:
    """The tiny adapter and small real tables in a fresh store, as TrainResult and lineage reference them."""
    base_dir, adapter_dir = tiny_adapter
    store = ArtifactStore(str(tmp_path / "store"))
    rows = pa.table({"id": ["a", "b"], "question": ["Wann?", "Wo?"], "answer": ["Um 9 Uhr.", "In Bamberg."]})
    tables = {
        role: store.write_table(rows, name=name, artifact=f"{name}-0001", lineage={})
        for role, name in (
            ("source", "source-qa"),
            ("train", "subset-train-enriched"),
            ("eval", "subset-eval-enriched"),
        )
    }
    verdicts = pa.table(
        {"suite": ["subset"] * 3, "name": ["rows", "overlap", "length"], "status": ["passed", "passed", "warning"]}
    )
    tables["subset_contract"] = store.write_table(
        verdicts, name="contract-subset", artifact="validate-0001", lineage={}
    )
    adapter = store.write_folder(
        lambda out: shutil.copytree(adapter_dir, out, dirs_exist_ok=True),
        name="adapter",
        artifact="train-0001",
        lineage={},
    )
    log = store.write_table(
        pa.table({"step": [1, 2], "reward": [0.1, 0.2]}), name="train-log", artifact="train-0001", lineage={}
    )
    report = store.write_folder(
        lambda out: (out / "summary.json").write_text("{}"), name="train-report", artifact="train-0001", lineage={}
    )
    per_row = store.write_table(
        pa.table({"id": ["a", "b"], "tfidf_similarity": [0.2, 0.3]}),
        name="eval-rows",
        artifact="evaluate-0001",
        lineage={},
    )
    training = TrainResult(
        adapter=adapter,
        log=log,
        report=report,
        global_step=12,
        resumed_from=None,
        base=BaseModelRef(uri=str(base_dir), id="tiny-model-0001"),
        first_tenth_reward=0.1,
        last_tenth_reward=0.3,
        zero_std_share=0.1,
    )
    return StoredRun(store, training, Lineage(source_uri="bundled:qa", artifacts=tables), per_row)
