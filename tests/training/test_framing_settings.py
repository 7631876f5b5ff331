"""The framing as a run sees it: refused at preset load where the rewards cannot score it, refused at train time where
the tokenizer cannot render it, and part of what names the trained adapter and the evaluation."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from tourism_grpo.evaluation.params import EvalParams
from tourism_grpo.experiments import PresetError, load_preset
from tourism_grpo.rewards.registry import RewardSpec
from tourism_grpo.storage import ArtifactRef
from tourism_grpo.training.params import BaseModelRef, ModelParams, PromptParams, TrainParams, TrainSpec
from tourism_grpo.training.prompts import FramingError

PLAIN_REWARDS = "rewards=[{name: tfidf_similarity}, {name: relevance}, {name: termination_penalty}]"


def test_a_format_reward_with_plain_framing_is_refused_at_load_naming_reward_and_fix() -> None:
    with pytest.raises(PresetError) as error:
        load_preset("smoke", ["model.prompt.style=plain"])  # smoke pays strict_format
    message = str(error.value)
    assert "'strict_format'" in message and "model.prompt.style" in message and "\n" not in message
    experiment = load_preset("smoke", ["model.prompt.style=plain", PLAIN_REWARDS])
    assert experiment.model.prompt.style == "plain"
    assert [spec.name for spec in experiment.rewards] == ["tfidf_similarity", "relevance", "termination_penalty"]


def test_worked_examples_load_from_an_override() -> None:
    examples = "model.prompt.examples=[{question: 'Wo parke ich?', answer: 'Am Bahnhof.'}]"
    experiment = load_preset("smoke", ["model.prompt.style=plain", PLAIN_REWARDS, examples])
    assert experiment.model.prompt.examples[0].answer == "Am Bahnhof."
    with pytest.raises(PresetError, match=r"model\.prompt\.style=plain"):
        load_preset("smoke", [examples])
    # unquoted, a question mark breaks YAML's flow syntax: the message says so instead of "not a valid list"
    with pytest.raises(PresetError, match=r"not valid YAML .*Quote texts"):
        load_preset("smoke", ["model.prompt.style=plain", PLAIN_REWARDS, examples.replace("'", "")])


def test_the_framing_names_the_adapter_and_the_evaluation() -> None:
    from tourism_grpo.tasks.evaluate import EVALUATE
    from tourism_grpo.tasks.train import TRAIN

    table = ArtifactRef(id="t", name="eval", kind="table", uri="/x", sha256="0")
    base = BaseModelRef(uri="/base", id="b")
    chat, plain = PromptParams(), PromptParams(style="plain")
    rewards = [RewardSpec(name="tfidf_similarity")]

    def spec(prompt: PromptParams) -> TrainSpec:
        return TrainSpec(
            experiment="x",
            model=ModelParams(prompt=prompt),
            train=TrainParams(),
            rewards=rewards,
            sentiment_model="lexicon",
        )

    eval_ids = {
        EVALUATE.id(
            {
                "split": table,
                "base": base,
                "adapter": table,
                "params": EvalParams(max_new_tokens=8),
                "spec": spec(prompt),
            }
        )
        for prompt in (chat, plain, PromptParams(style="plain", template="F: {question}\nA:"))
    }
    assert len(eval_ids) == 3
    train_ids = {TRAIN.id({"spec": spec(prompt), "split": table, "base": base}) for prompt in (chat, plain)}
    assert len(train_ids) == 2


@pytest.mark.slow
def test_chat_framing_for_a_base_model_without_a_chat_template_fails_at_train_time(tmp_path: Path) -> None:
    from tests.training.gguf_models import gemma_tokenizer, tiny_gemma3
    from tourism_grpo.training.configs import Runtime
    from tourism_grpo.training.grpo import TrainJob, run_grpo

    tokenizer = gemma_tokenizer()
    tiny_gemma3(tokenizer).save_pretrained(tmp_path / "gemma")
    tokenizer.save_pretrained(tmp_path / "gemma")
    table = pa.Table.from_pylist([{"question": "Wo?", "answer": "Hier."}])
    job = TrainJob(
        spec=TrainSpec(
            experiment="x",
            model=ModelParams(base=str(tmp_path / "gemma")),
            train=TrainParams(device="cpu", max_steps=1),
            rewards=[RewardSpec(name="tfidf_similarity")],
            sentiment_model="lexicon",
        ),
        base=BaseModelRef(uri=str(tmp_path / "gemma"), id="gemma"),
        runtime=Runtime(device="cpu", gpus=0, bf16=False, use_vllm=False),
        output_dir=str(tmp_path / "run"),
    )
    with pytest.raises(FramingError, match=r"no chat template.*model\.prompt\.style=plain"):
        run_grpo(job, table)
    assert not (tmp_path / "run").exists()  # nothing was trained or written
