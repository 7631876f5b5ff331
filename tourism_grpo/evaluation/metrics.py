"""Per-row metrics of completions (the rewards' own functions, degeneration, and what training did not optimise:
chrF, markup, language) and paired bootstrap intervals."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from itertools import pairwise
from typing import Any

import numpy as np
import pyarrow as pa

from tourism_grpo.data_contracts.german import not_german
from tourism_grpo.evaluation.generate import Generation
from tourism_grpo.evaluation.report import METRICS, MetricRow
from tourism_grpo.rewards.registry import RewardContext, RewardSpec, build_rewards
from tourism_grpo.rewards.shaping import repetition_penalty
from tourism_grpo.rewards.text import answers_of, completion_text, words

# evaluation metric -> the reward that computes it, so training and evaluation can never disagree
REWARD_METRICS = {
    "tfidf_similarity": RewardSpec(name="tfidf_similarity", params={"mode": "corpus"}),
    "sentiment_agreement": RewardSpec(name="sentiment_match"),
    "relevance": RewardSpec(name="relevance"),
}
# format_compliance is the framing's own test (context.answer_format): strict_format's for chat framing, a non-empty
# answer for plain framing, whose completions have no R1 format for strict_format to find


# HTML elements a chat model writes; the project's format tags (think, answer, reasoning) are none of them
_HTML_ELEMENTS = (
    r"a|abbr|b|blockquote|body|br|caption|center|code|dd|del|div|dl|dt|em|figcaption|figure|font|footer|h[1-6]|head|"
    r"header|hr|html|i|img|ins|kbd|li|main|mark|meta|nav|ol|p|pre|s|section|small|span|strong|style|sub|sup|table|"
    r"tbody|td|tfoot|th|thead|title|tr|u|ul"
)
_ATTRIBUTE = r"""\s+[\w:-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]+))?"""
_HTML_TAG = re.compile(rf"</?(?:{_HTML_ELEMENTS})(?![\w-])(?:{_ATTRIBUTE})*\s*/?>", re.IGNORECASE)
_MARKDOWN = re.compile(
    r"^[ \t]{0,3}#{1,6}[ \t]+\S"  # heading
    r"|^[ \t]*[-*+•][ \t]+\S"  # bullet
    r"|^[ \t]*(?:```|~~~)"  # code fence
    r"|\*\*(?=\S)[^*\n]+?(?<=\S)\*\*|__(?=\S)[^_\n]+?(?<=\S)__"  # bold
    r"|:?-{3,}:?[ \t]*\|",  # table separator row (|---|---|)
    re.MULTILINE,
)
# "3. Oktober" may open a line of prose: only two such lines make a numbered list
_NUMBERED = re.compile(r"^[ \t]*\d{1,2}[.)][ \t]+\S", re.MULTILINE)
_MARKUP_CHARACTERS = re.compile(r"[#*|`~]+")


def has_markup(answer: str) -> bool:
    """Whether an answer holds HTML tags or Markdown (heading, bullet, numbered list, bold, table, code fence).

    The answer as evaluated (format tags already stripped); `<think>`, `<answer>` and a bare "3 < 5" are no markup.
    """
    return bool(_HTML_TAG.search(answer) or _MARKDOWN.search(answer) or len(_NUMBERED.findall(answer)) > 1)


def strip_markup(answer: str) -> str:
    """The answer's words without HTML tags and Markdown characters, for tests that read words."""
    return _MARKUP_CHARACTERS.sub(" ", _HTML_TAG.sub(" ", answer))


def non_german(answers: Sequence[str]) -> list[bool]:
    """Per answer: its text is not German (more English than German stop words, or mostly non-Latin letters).

    An empty answer, or one without letters, is not counted as non-German: it has no language, and format_compliance
    already counts answers that are missing.
    """
    return not_german(pa.array([strip_markup(a) for a in answers], pa.string())).tolist()


@cache
def _chrf_metric() -> Any:
    from sacrebleu.metrics import CHRF

    return CHRF()  # sacrebleu's defaults: character n-grams up to 6, no word n-grams, beta 2


def chrf(answer: str, reference: str) -> float:
    """Sentence-level chrF of an answer against its reference, 0-100 as sacrebleu reports it (100: identical)."""
    return float(_chrf_metric().sentence_score(answer, [reference]).score)


def bigrams(text: str) -> list[tuple[str, str]]:
    """Word bigrams of an answer."""
    tokens = words(text)
    return list(pairwise(tokens))


def distinct_2(rows: Sequence[list[tuple[str, str]]]) -> float:
    """Distinct bigrams over all bigrams of a set of answers (Li et al.'s distinct-2; 1.0 when there are none)."""
    every = [pair for row in rows for pair in row]
    return len(set(every)) / len(every) if every else 1.0


def score(
    rows: Sequence[dict[str, Any]], generations: Sequence[Generation], context: RewardContext
) -> dict[str, list[Any]]:
    """Per-row values of every metric; distinct_2 holds each row's bigrams (it is a corpus-level statistic).

    Answers are read where `context.answer_format` says; a completion has ended only where its generation emitted
    EOS (a plain framing's stop string cuts the answer, it does not end the completion).
    """
    prompts = [[{"role": "user", "content": row["question"]}] for row in rows]
    completions = [g.text for g in generations]
    columns = {key: [row.get(key) for row in rows] for key in ("question", "answer", "answer_sentiment")}
    funcs, _ = build_rewards(list(REWARD_METRICS.values()), context)
    values: dict[str, list[Any]] = {
        metric: [float(v) if v is not None else float("nan") for v in func(prompts, completions, None, **columns)]
        for metric, func in zip(REWARD_METRICS, funcs, strict=True)
    }
    answer_format = context.answer_format
    values["format_compliance"] = [float(answer_format.well_formed(completion_text(c))) for c in completions]
    answers = answers_of(completions, answer_format)
    values["answer_words"] = [float(len(words(a))) for a in answers]
    values["distinct_2"] = [bigrams(a) for a in answers]
    values["repeated_ngram_share"] = [
        -v for v in repetition_penalty(prompts, completions, max_penalty=-1.0, answer_format=answer_format)
    ]
    values["eos_rate"] = [1.0 if g.terminated else 0.0 for g in generations]
    # what no reward paid for, so a policy cannot have learned to game it
    values["chrf"] = [
        chrf(a, reference) if reference is not None else float("nan")
        for a, reference in zip(answers, columns["answer"], strict=True)
    ]
    values["markup_share"] = [1.0 if has_markup(a) else 0.0 for a in answers]
    values["non_german_share"] = [1.0 if foreign else 0.0 for foreign in non_german(answers)]
    return values


def _statistic(metric: str) -> Callable[[Sequence[Any]], float]:
    return distinct_2 if metric == "distinct_2" else lambda values: float(np.nanmean(values)) if len(values) else 0.0


def compare(
    base: dict[str, list[Any]], tuned: dict[str, list[Any]], samples: int = 1000, seed: int = 0
) -> list[MetricRow]:
    """Base vs tuned per metric, with a paired bootstrap 95% interval of the difference (same rows resampled)."""
    rng = np.random.default_rng(seed)
    count = len(next(iter(base.values())))
    draws = rng.integers(0, count, size=(samples, count)) if count else np.zeros((0, 0), dtype=int)
    result = []
    for metric, higher_is_better in METRICS.items():
        statistic = _statistic(metric)
        base_values, tuned_values = base[metric], tuned[metric]
        diffs = [
            statistic([tuned_values[i] for i in draw]) - statistic([base_values[i] for i in draw]) for draw in draws
        ]
        low, high = np.percentile(diffs, [2.5, 97.5]) if diffs else (0.0, 0.0)
        base_stat, tuned_stat = statistic(base_values), statistic(tuned_values)
        result.append(
            MetricRow(
                metric=metric,
                base=base_stat,
                tuned=tuned_stat,
                diff=tuned_stat - base_stat,
                ci_low=float(low),
                ci_high=float(high),
                higher_is_better=higher_is_better,
            )
        )
    return result
