"""The registry: lookup by name, early and helpful errors, TRL-ready functions with distinct names."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

from tourism_grpo.rewards.registry import (
    RewardConfigError,
    RewardContext,
    RewardSpec,
    UnknownRewardError,
    available_rewards,
    build_rewards,
    validate_specs,
)
from tourism_grpo.rewards.sentiment import LEXICON, sentiment_match
from tourism_grpo.rewards.shaping import relevance
from tourism_grpo.rewards.tfidf import CorpusIdf, tfidf_similarity

from .samples import TRAIN_ANSWERS, make_batch

CONTEXT = RewardContext(train_answers=TRAIN_ANSWERS, eos_token_id=2, max_completion_length=64, sentiment_model=LEXICON)


def test_every_registered_reward_builds_and_scores_a_trl_batch() -> None:
    batch = make_batch(0)
    funcs, weights = build_rewards([{"name": n} for n in available_rewards()], CONTEXT)
    assert [f.__name__ for f in funcs] == available_rewards()
    assert weights == [1.0] * len(funcs)
    ids = [[5, 6, 2]] * len(batch.completions)
    trl_extras: dict[str, Any] = {"trainer_state": None, "log_extra": print, "log_metric": print}
    for func in funcs:
        scores = func(
            prompts=batch.prompts, completions=batch.completions, completion_ids=ids, **batch.columns, **trl_extras
        )
        assert len(scores) == len(batch.completions)
        assert all(s is None or isinstance(s, float) for s in scores)


def test_bound_reward_equals_the_pure_function() -> None:
    batch = make_batch(1)
    specs = [
        RewardSpec(name="tfidf_similarity", weight=2.0, params={"mode": "group"}),
        RewardSpec(name="tfidf_similarity", params={"sublinear_tf": False}),
        RewardSpec(name="sentiment_match", weight=0.5),
        RewardSpec(name="relevance", weight=0.25),
    ]
    funcs, weights = build_rewards(specs, CONTEXT)
    assert [f.__name__ for f in funcs] == [
        "tfidf_similarity_mode_group",
        "tfidf_similarity_sublinear_tf_False",
        "sentiment_match",
        "relevance",
    ]
    assert weights == [2.0, 1.0, 0.5, 0.25]
    args = (batch.prompts, batch.completions)
    assert funcs[0](*args, **batch.columns) == tfidf_similarity(*args, mode="group", **batch.columns)
    idf = CorpusIdf.fit(TRAIN_ANSWERS, sublinear_tf=False)
    assert funcs[1](*args, **batch.columns) == tfidf_similarity(*args, idf=idf, **batch.columns)
    assert funcs[2](*args, **batch.columns) == sentiment_match(*args, model=LEXICON, **batch.columns)
    assert funcs[3](*args, **batch.columns) == relevance(*args, **batch.columns)


def test_built_rewards_survive_pickling() -> None:
    funcs, _ = build_rewards([{"name": "tfidf_similarity"}, {"name": "termination_penalty"}], CONTEXT)
    batch = make_batch(2)
    for func in funcs:
        clone = pickle.loads(pickle.dumps(func))
        assert clone.__name__ == func.__name__
        assert clone(batch.prompts, batch.completions, None, **batch.columns) == func(
            batch.prompts, batch.completions, None, **batch.columns
        )


def test_unknown_name_lists_valid_names() -> None:
    with pytest.raises(UnknownRewardError) as error:
        validate_specs([{"name": "tfidf"}])
    assert "did you mean 'tfidf_similarity'" in str(error.value)
    assert all(name in str(error.value) for name in available_rewards())
    assert isinstance(error.value, ValueError)


@pytest.mark.parametrize(
    ("spec", "fragment"),
    [
        ({"name": "tfidf_similarity", "params": {"mode": "global"}}, "mode='corpus'"),
        ({"name": "tfidf_similarity", "params": {"sublinear": True}}, "sublinear_tf=True"),
        ({"name": "repetition_penalty", "params": {"ngram_size": 0}}, "ngram_size=3"),
        ({"name": "repetition_penalty", "params": {"max_penalty": 1.0}}, "max_penalty=-1.0"),
        ({"name": "relevance", "params": {"anything": 1}}, "valid params: none"),
        ({"name": "relevance", "weight": float("nan")}, "invalid reward spec"),
        ({"name": "relevance", "wieght": 1.0}, "invalid reward spec"),
    ],
)
def test_bad_params_name_the_spec_and_the_valid_params(spec: dict[str, Any], fragment: str) -> None:
    with pytest.raises(RewardConfigError) as error:
        validate_specs([spec])
    assert fragment in str(error.value)


def test_duplicates_and_empty_lists_are_refused() -> None:
    with pytest.raises(RewardConfigError, match="twice"):
        validate_specs([{"name": "relevance"}, {"name": "relevance"}])
    with pytest.raises(RewardConfigError, match="no rewards"):
        validate_specs([])


def test_validation_loads_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    import tourism_grpo.rewards.registry as registry

    def refuse(*args: object) -> None:
        """Fail the test if called."""
        raise AssertionError("validate_specs must not load or fit anything")

    monkeypatch.setattr(registry, "load_scorer", refuse)
    monkeypatch.setattr(registry.CorpusIdf, "fit", refuse)
    validate_specs([{"name": "sentiment_match", "params": {"model": "no/such-model"}}, {"name": "tfidf_similarity"}])


@pytest.mark.parametrize(
    ("spec", "context", "fragment"),
    [
        ({"name": "tfidf_similarity"}, RewardContext(), "train_answers"),
        ({"name": "tfidf_similarity"}, RewardContext(train_answers=["und oder", ""]), "cannot fit"),
        ({"name": "termination_penalty"}, RewardContext(), "eos_token_id"),
        (
            {"name": "tfidf_similarity", "params": {"mode": "group", "specificity": 0.5}},
            RewardContext(),
            "specificity needs corpus mode",
        ),
        ({"name": "sentiment_match", "params": {"model": "/no/such/model"}}, RewardContext(), "cannot load"),
    ],
)
def test_build_fails_early_when_the_run_lacks_something(
    spec: dict[str, Any], context: RewardContext, fragment: str
) -> None:
    with pytest.raises(RewardConfigError, match=fragment):
        build_rewards([spec], context)


def test_termination_uses_every_eos_id_of_the_context() -> None:
    [func], _ = build_rewards([{"name": "termination_penalty"}], RewardContext(eos_token_id=[2, 7]))
    assert func(["", "", ""], ["", "", ""], [[1, 2], [1, 7], [1, 3]]) == [0.0, 0.0, -1.0]
