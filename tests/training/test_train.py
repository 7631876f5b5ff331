"""Real GRPO steps on the tiny model with LoRA; a failed step is retried by Prefect from the checkpoint."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from tourism_grpo.rewards.registry import RewardSpec
from tourism_grpo.training.configs import Runtime
from tourism_grpo.training.grpo import GRPO_CONFIG_FILE, TrainJob, run_grpo
from tourism_grpo.training.params import BaseModelRef, LoraParams, ModelParams, TrainParams, TrainSpec

# termination_penalty varies even for a barely trained model (some completions end, some run out of tokens), so
# the groups carry a learning signal and the adapter must move
REWARDS = [
    RewardSpec(name="tfidf_similarity"),
    RewardSpec(name="strict_format", weight=0.5),
    RewardSpec(name="repetition_penalty"),
    RewardSpec(name="termination_penalty"),
]


def _train_params(**changes: Any) -> TrainParams:
    settings = dict(
        max_steps=4,
        learning_rate=5e-3,
        per_device_train_batch_size=8,
        num_generations=4,
        max_completion_length=24,
        save_steps=2,
        logging_steps=1,
        device="cpu",
        temperature=1.0,
    )
    return TrainParams(**{**settings, **changes})


def _spec(train: TrainParams, lora: LoraParams) -> TrainSpec:
    return TrainSpec(
        experiment="resume-test",
        model=ModelParams(base="tiny", lora=lora),
        train=train,
        rewards=REWARDS,
        sentiment_model="lexicon",
    )


def _logits(model: Any, tokenizer: Any, question: str) -> Any:
    import torch

    prompt = tokenizer.apply_chat_template(
        [{"role": "user", "content": question}], add_generation_prompt=True, tokenize=False
    )
    with torch.no_grad():
        return model(**tokenizer(prompt, return_tensors="pt", add_special_tokens=False)).logits


@pytest.mark.slow
def test_grpo_steps_train_a_lora_adapter_that_loads_back_and_changes_the_output(
    tmp_path: Path, tiny_model_dir: Path, qa_rows: list[dict[str, str]]
) -> None:
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    job = TrainJob(
        spec=_spec(_train_params(), LoraParams(r=8, alpha=16, dropout=0.0)),
        base=BaseModelRef(uri=str(tiny_model_dir), id="tiny-test"),
        runtime=Runtime(device="cpu", gpus=0, bf16=False, use_vllm=False),
        output_dir=str(tmp_path / "run"),
    )
    events: list[tuple[str, int]] = []

    class Recorder:
        def started(self, total_steps: int, resumed_from: int | None) -> None:
            events.append(("started", total_steps))

        def logged(self, step: int, metrics: dict[str, float]) -> None:
            if "reward" in metrics:
                events.append(("logged", step))

    outcome = run_grpo(job, pa.Table.from_pylist(qa_rows), Recorder())
    assert outcome.global_step == 4 and outcome.resumed_from is None
    assert events == [("started", 4), *[("logged", step) for step in range(1, 5)]]
    assert {"rewards/tfidf_similarity/mean", "frac_reward_zero_std"} <= set(outcome.log_history[0])
    assert sorted(p.name for p in (tmp_path / "run").glob("checkpoint-*")) == ["checkpoint-2", "checkpoint-4"]

    tokenizer = AutoTokenizer.from_pretrained(outcome.adapter_dir)
    base = AutoModelForCausalLM.from_pretrained(tiny_model_dir)
    before = _logits(base, tokenizer, qa_rows[0]["question"])
    tuned = PeftModel.from_pretrained(base, outcome.adapter_dir)
    after = _logits(tuned, tokenizer, qa_rows[0]["question"])
    assert before.shape == after.shape
    assert (before - after).abs().max().item() > 1e-3


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_api")
def test_a_failed_step_is_retried_from_the_newest_checkpoint(
    tmp_path: Path, tiny_model_dir: Path, qa_rows: list[dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from prefect import flow
    from trl import GRPOTrainer

    from tourism_grpo.storage import ArtifactStore
    from tourism_grpo.tasks.step import kept_in
    from tourism_grpo.tasks.train import train_adapter

    calls: list[int] = []
    real_step = GRPOTrainer.training_step

    def failing_step(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(self.state.global_step)
        if self.state.global_step == 3 and calls.count(3) == 1:
            raise RuntimeError("injected failure during step 4")
        return real_step(self, *args, **kwargs)

    monkeypatch.setattr(GRPOTrainer, "training_step", failing_step)
    store = ArtifactStore(str(tmp_path / "store"))
    table = store.write_table(pa.Table.from_pylist(qa_rows), name="subset-train-enriched", artifact="t1", lineage={})
    base = BaseModelRef(uri=str(tiny_model_dir), id="tiny-test")

    @flow
    def training() -> Any:
        task = kept_in(train_adapter, store).with_options(retries=1, retry_delay_seconds=0)
        return task(_spec(_train_params(max_steps=6), LoraParams(r=8, alpha=16)), table, base, store.root)

    result = training()
    # attempt 1 ran steps 1-3 and failed in step 4; attempt 2 resumed at checkpoint-2 and ran steps 3-6
    assert calls == [0, 1, 2, 3, 2, 3, 4, 5]
    assert (result.resumed_from, result.global_step) == (2, 6)
    assert store.read_table(result.log).column("step").to_pylist() == [1, 2, 3, 4, 5, 6]
    assert (store.local_folder(result.adapter) / "adapter_config.json").exists()
    assert (store.local_folder(result.report) / "reward-curve.png").stat().st_size > 10_000


def test_prompts_longer_than_max_prompt_tokens_are_dropped(tiny_model_dir: Path) -> None:
    """The limit counts the rendered prompt's tokens: a long question is dropped, a short one kept."""
    from transformers import AutoTokenizer

    from tourism_grpo.training.grpo import _filter_prompts

    tokenizer = AutoTokenizer.from_pretrained(tiny_model_dir)
    rows = [{"prompt": [{"role": "user", "content": text}]} for text in ("Wo?", "Wo parke ich in München? " * 20)]
    assert _filter_prompts(rows, tokenizer, limit=40) == rows[:1]


@pytest.mark.slow
def test_trl_options_without_a_typed_field_reach_the_trainer_of_a_one_step_run(
    tmp_path: Path, tiny_model_dir: Path, qa_rows: list[dict[str, str]]
) -> None:
    """Three GRPOConfig fields the preset has no typed field for, passed through by TRL's names, are in the
    training_args the Trainer saved with its checkpoint."""
    import torch

    passed = {"mask_truncated_completions": True, "importance_sampling_level": "sequence", "num_generations_eval": 2}
    job = TrainJob(
        spec=_spec(_train_params(max_steps=1, save_steps=1, trl=passed), LoraParams(r=4, alpha=8)),
        base=BaseModelRef(uri=str(tiny_model_dir), id="tiny-test"),
        runtime=Runtime(device="cpu", gpus=0, bf16=False, use_vllm=False),
        output_dir=str(tmp_path / "run"),
    )
    assert run_grpo(job, pa.Table.from_pylist(qa_rows)).global_step == 1
    saved = torch.load(tmp_path / "run" / "checkpoint-1" / "training_args.bin", weights_only=False)
    assert {name: getattr(saved, name) for name in passed} == passed
    # and the adapter carries the effective config as JSON (it goes with the published folder)
    effective = json.loads((tmp_path / "run" / "adapter" / GRPO_CONFIG_FILE).read_text(encoding="utf-8"))
    assert {name: effective[name] for name in passed} == passed and effective["max_steps"] == 1


@pytest.mark.slow
def test_a_retry_after_the_last_step_takes_the_finished_checkpoint_and_trains_no_further(
    tmp_path: Path, tiny_model_dir: Path, qa_rows: list[dict[str, str]]
) -> None:
    """Training ended but storing its results failed: the retry finds the checkpoint at max_steps and takes its
    adapter and trainer state as they are (the Trainer, resumed there, would run a step past max_steps)."""
    from safetensors.torch import load_file

    job = TrainJob(
        spec=_spec(_train_params(max_steps=2, save_steps=1), LoraParams(r=8, alpha=16, dropout=0.0)),
        base=BaseModelRef(uri=str(tiny_model_dir), id="tiny-test"),
        runtime=Runtime(device="cpu", gpus=0, bf16=False, use_vllm=False),
        output_dir=str(tmp_path / "run"),
    )
    table = pa.Table.from_pylist(qa_rows)
    first = run_grpo(job, table)
    trained = load_file(Path(first.adapter_dir) / "adapter_model.safetensors")
    assert max(weights.abs().max().item() for name, weights in trained.items() if "lora_B" in name) > 0
    shutil.rmtree(first.adapter_dir)  # what the retry stores comes from the checkpoint, not from the first run
    events: list[tuple[int, int | None]] = []

    class Recorder:
        def started(self, total_steps: int, resumed_from: int | None) -> None:
            events.append((total_steps, resumed_from))

        def logged(self, step: int, metrics: dict[str, float]) -> None:
            events.append((step, None))

    retried = run_grpo(job, table, Recorder())
    assert (retried.global_step, retried.resumed_from) == (2, 2) and events == [(2, 2)]
    assert [row["step"] for row in retried.log_history if "reward" in row] == [1, 2]
    assert sorted(p.name for p in (tmp_path / "run").glob("checkpoint-*")) == ["checkpoint-1", "checkpoint-2"]
    again = load_file(Path(retried.adapter_dir) / "adapter_model.safetensors")
    assert trained.keys() == again.keys() and all(trained[name].equal(again[name]) for name in trained)
    assert (Path(retried.adapter_dir) / GRPO_CONFIG_FILE).exists()

    # a checkpoint without the adapter's weights (ZeRO-3 without gathering them) is not taken for a finished run
    (tmp_path / "run" / "checkpoint-2" / "adapter_model.safetensors").unlink()
    with pytest.raises(FileNotFoundError, match="checkpoint-2 has no LoRA adapter"):
        run_grpo(job, table)


@pytest.mark.slow
@pytest.mark.parametrize("root", ["local", "memory"])
def test_tensorboard_event_files_are_kept_with_the_report_also_in_a_remote_store(
    root: str,
    tmp_path: Path,
    tiny_model_dir: Path,
    qa_rows: list[dict[str, str]],
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    """TRL's TensorBoard writer logs beside the checkpoints (on this machine for a remote store); the report folder
    in the store carries the event files, and TensorBoard's own reader finds every logged step's reward in them.
    The completions TRL logged become one table in the store, a row per completion of each logged step, and none of
    them is printed on the console."""
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    from tourism_grpo.storage import ArtifactStore
    from tourism_grpo.storage.steps import Step
    from tourism_grpo.training.run import TENSORBOARD_DIR, train_and_store

    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # where a remote store's checkpoints stay
    store = ArtifactStore(str(tmp_path / "store") if root == "local" else f"memory://tb-{tmp_path.name}")
    split = store.write_table(pa.Table.from_pylist(qa_rows), name="subset-train-enriched", artifact="t1", lineage={})
    spec = _spec(_train_params(max_steps=2), LoraParams(r=4, alpha=8))
    assert spec.tracking.report_to == ["tensorboard"]  # on by default
    out = Step("train", "1").output({"spec": spec, "split": split}, store)
    result = train_and_store(out, spec, split, BaseModelRef(uri=str(tiny_model_dir), id="tiny"), None, print)

    [run] = (store.local_folder(result.report) / TENSORBOARD_DIR).iterdir()
    events = EventAccumulator(str(run))
    events.Reload()
    rewards = events.Scalars("train/reward")
    logged = store.read_table(result.log)
    assert [event.step for event in rewards] == logged.column("step").to_pylist() == [1, 2]
    assert [event.value for event in rewards] == pytest.approx(logged.column("reward").to_pylist())

    assert result.completions is not None
    completions = store.read_table(result.completions)
    batch = spec.train.per_device_train_batch_size * spec.train.gradient_accumulation_steps
    assert completions.column("step").to_pylist() == [1] * batch + [2] * batch
    assert {name for name in completions.column_names} >= {"prompt", "completion", "reward", "advantage"}
    assert "tfidf_similarity" in completions.column_names and all(completions.column("completion").to_pylist())
    printed = capfd.readouterr()
    assert "┃" not in printed.out + printed.err  # rich's table of completions, which TRL prints unless stopped
