"""The model card: Hub metadata that says only what is true, and the evaluation, gate, rewards and lineage."""

from __future__ import annotations

from huggingface_hub import ModelCard

from tests.publish.fakes import HACKED, HEALTHY, report
from tests.publish.helpers import StoredRun
from tourism_grpo.publishing.card import code_version, contract_verdicts, render_card
from tourism_grpo.publishing.gate import decide
from tourism_grpo.publishing.params import PublishParams
from tourism_grpo.rewards.registry import RewardSpec
from tourism_grpo.training.params import BaseModelRef

REWARDS = [
    RewardSpec(name="tfidf_similarity", params={"mode": "corpus"}),
    RewardSpec(name="repetition_penalty", weight=0.5),
]
HYPERPARAMETERS = {"train": {"max_steps": 150, "learning_rate": 0.002}, "model": {"lora": {"r": 16, "alpha": 32}}}


def _card(run: StoredRun, params: PublishParams, changes: dict, **overrides) -> str:
    evaluation = report(run.per_row, run.training.adapter.id, **changes)
    settings = dict(
        experiment="demo",
        repo_id=params.hub_repo,
        base=run.training.base,
        adapter=run.training.adapter,
        global_step=run.training.global_step,
        evaluation=evaluation,
        decision=decide(evaluation, params),
        rewards=REWARDS,
        hyperparameters=HYPERPARAMETERS,
        lineage=run.lineage,
        verdicts=contract_verdicts(run.store, run.lineage),
        params=params,
        version="git abc123",
    )
    return render_card(**{**settings, **overrides})


def test_a_card_for_the_local_tiny_model_names_no_base_model_and_carries_evaluation_rewards_and_lineage(
    run: StoredRun,
) -> None:
    text = _card(run, PublishParams(license="mit"), HEALTHY)
    data = ModelCard(text).data.to_dict()
    assert data["library_name"] == "peft" and data["language"] == "de" and data["license"] == "mit"
    assert {"grpo", "trl"} <= set(data["tags"])
    # the tiny model exists only in this store: naming its path as base_model would be a lie to the Hub
    assert "base_model" not in data and "datasets" not in data
    assert "small Llama this pipeline builds locally" in text and "`tiny-model-0001`" in text
    evaluation = report(run.per_row, run.training.adapter.id, **HEALTHY)
    assert evaluation.markdown() in text
    assert '| `tfidf_similarity` | 1 | {"mode": "corpus"} |' in text and "| `repetition_penalty` | 0.5 | - |" in text
    assert "learning_rate: 0.002" in text
    for ref in run.lineage.artifacts.values():
        assert f"`{ref.id}`" in text
    assert "contract 'subset': 2 passed, 1 warnings, 0 failed" in text
    assert "`bundled:qa`" in text and "Code version: `git abc123`" in text and "**Passed**" in text
    for metric in ("chrf", "markup_share (lower is better)", "non_german_share (lower is better)"):
        assert f"| {metric} |" in text
    assert "markup share +0.05, non-German share +0.05; chrF non-inferiority margin: not checked." in text
    margin = _card(run, PublishParams(min_chrf_change=-1.0), HEALTHY)
    assert "chrF non-inferiority margin: -1 points." in margin and "not worse on chrf beyond its margin" in margin


def test_a_card_for_a_hub_base_and_dataset_names_them_in_the_metadata(run: StoredRun) -> None:
    base = BaseModelRef(uri="deepseek-ai/DeepSeek-R1-Distill-Llama-8B", id="deepseek@main")
    lineage = run.lineage.model_copy(update={"source_uri": "hub:tourism-lab/qa-166k"})
    text = _card(run, PublishParams(target="hub:tourism-lab/r1", merged=True), HEALTHY, base=base, lineage=lineage)
    data = ModelCard(text).data.to_dict()
    assert data["base_model"] == "deepseek-ai/DeepSeek-R1-Distill-Llama-8B"
    assert data["datasets"] == ["tourism-lab/qa-166k"]
    assert 'PeftModel.from_pretrained(base, "tourism-lab/r1")' in text
    assert 'from_pretrained("tourism-lab/r1", subfolder="merged")' in text


def test_a_forced_card_says_so_and_names_the_failed_checks(run: StoredRun) -> None:
    text = _card(run, PublishParams(force=True), HACKED)
    assert "Published with `force` although the gate refused it" in text
    assert "no degeneration in repeated_ngram_share" in text and "no degeneration in eos_rate" in text


def test_the_code_version_is_a_commit_or_the_package_version() -> None:
    version = code_version()
    assert version.startswith(("git ", "tourism-grpo "))
