"""Rewards read the answer where the prompt framing puts it; format rewards refuse a framing without the R1 format;
a stop string reached without EOS has not ended a completion."""

from __future__ import annotations

import pytest

from tourism_grpo.rewards.registry import RewardConfigError, RewardContext, build_rewards, validate_specs
from tourism_grpo.rewards.sentiment import LEXICON
from tourism_grpo.rewards.shaping import termination_penalty
from tourism_grpo.rewards.text import AnswerFormat

from .samples import TRAIN_ANSWERS

PLAIN = AnswerFormat(r1=False, stop="\nFrage:")
QUESTION = "Wann hat das Museum Ludwig in Köln geöffnet?"
REFERENCE = "Das Museum Ludwig in Köln ist dienstags bis sonntags von 10 bis 18 Uhr geöffnet."
# what a base model writes after "Antwort:": the answer, then a question of its own about somewhere else
COMPLETION = " Das Museum Ludwig in Köln ist von 10 bis 18 Uhr geöffnet.\nFrage: Wo parke ich in Meran?"
ANSWER_READERS = ["tfidf_similarity", "relevance", "sentiment_match", "repetition_penalty", "length_penalty"]


def _score(answer_format: AnswerFormat, completion: str = COMPLETION) -> dict[str, float | None]:
    context = RewardContext(TRAIN_ANSWERS, eos_token_id=1, sentiment_model=LEXICON, answer_format=answer_format)
    funcs, _ = build_rewards([{"name": name} for name in ANSWER_READERS], context)
    columns = {"question": [QUESTION], "answer": [REFERENCE], "answer_sentiment": ["neutral"]}
    return {f.__name__: f([f"Frage: {QUESTION}\nAntwort:"], [completion], [[7, 8, 1]], **columns)[0] for f in funcs}


def test_rewards_score_a_plain_completions_answer_not_an_empty_string() -> None:
    plain, r1 = _score(PLAIN), _score(AnswerFormat())
    # read as R1 output, a completion without </think> has no answer at all
    assert r1["tfidf_similarity"] == 0.0 and r1["relevance"] == 0.0
    assert plain["tfidf_similarity"] > 0.5 and plain["relevance"] == 1.0
    assert plain["sentiment_match"] == 1.0


def test_the_question_the_base_model_goes_on_with_is_no_part_of_the_answer() -> None:
    uncut = _score(AnswerFormat(r1=False, stop=None))
    cut = _score(PLAIN)
    assert cut["tfidf_similarity"] > uncut["tfidf_similarity"]
    # a completion that only asks on, repeating the asked question's places, has answered nothing
    assert _score(PLAIN, "\nFrage: Wann hat das Museum Ludwig in Köln geöffnet?")["relevance"] == 0.0


@pytest.mark.parametrize("name", ["strict_format", "soft_format", "tag_count"])
def test_format_rewards_refuse_plain_framing_naming_the_reward_and_the_fix(name: str) -> None:
    with pytest.raises(RewardConfigError) as error:
        validate_specs([{"name": "tfidf_similarity"}, {"name": name}], r1_format=False)
    message = str(error.value)
    assert name in message and "model.prompt.style" in message and "\n" not in message
    with pytest.raises(RewardConfigError, match=name):
        build_rewards([{"name": name}], RewardContext(TRAIN_ANSWERS, answer_format=PLAIN))
    validate_specs([{"name": name}])  # chat framing: fine


def test_reaching_the_stop_string_without_eos_has_not_ended_the_completion() -> None:
    completions = [COMPLETION, " Ab 10 Uhr."]
    ids = [[7, 8, 9], [7, 1]]  # the first one wrote "\nFrage:" but no EOS (id 1)
    assert termination_penalty([], completions, ids, eos_token_ids=(1,)) == [-1.0, 0.0]
