"""Rewards by name: parameters checked at flow start, bound to what the run knows, weighted for TRL."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveFloat, PositiveInt, ValidationError, model_validator

from tourism_grpo.rewards.format import correctness, int_answer, soft_format, strict_format, tag_count
from tourism_grpo.rewards.sentiment import DEFAULT_SENTIMENT_MODEL, load_scorer, sentiment_match
from tourism_grpo.rewards.shaping import length_penalty, relevance, repetition_penalty, termination_penalty
from tourism_grpo.rewards.text import R1_FORMAT, AnswerFormat
from tourism_grpo.rewards.tfidf import CorpusIdf, tfidf_similarity

RewardFunc = Callable[..., list[float | None]]


class UnknownRewardError(ValueError):
    """A spec names no registered reward."""


class RewardConfigError(ValueError):
    """A spec's parameters or weight are invalid, or the run lacks what the reward needs."""


class RewardSpec(BaseModel):
    """One reward of a preset: its registry name, its weight in `GRPOConfig.reward_weights`, its parameters."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    weight: float = Field(1.0, allow_inf_nan=False)
    params: dict[str, Any] = Field(default_factory=dict)


@dataclass(frozen=True)
class RewardContext:
    """What some rewards need from the run: training answers, tokenizer ends, the sentiment model, and where the
    prompt framing puts a completion's answer."""

    train_answers: Sequence[str] = ()
    eos_token_id: int | Sequence[int] | None = None
    max_completion_length: int | None = None
    sentiment_model: str = DEFAULT_SENTIMENT_MODEL
    answer_format: AnswerFormat = R1_FORMAT


class _Params(BaseModel):
    """A reward's tunable parameters; unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class _TfidfParams(_Params):
    """tfidf_similarity's parameters."""

    mode: Literal["corpus", "group"] = "corpus"
    sublinear_tf: bool = True
    binary: bool = False  # presence only: repeating a word earns nothing at all
    specificity: float = Field(0.0, ge=0)  # corpus mode: minus this times the similarity to the average answer


class _SentimentParams(_Params):
    """sentiment_match's parameters."""

    model: str | None = None  # None: the run's sentiment model, the one that labelled answer_sentiment


class _RepetitionParams(_Params):
    """repetition_penalty's parameters."""

    ngram_size: PositiveInt = 3
    max_penalty: float = Field(-1.0, le=0)


class _LengthParams(_Params):
    """length_penalty's parameters."""

    max_ratio: PositiveFloat = 2.0
    min_ratio: float = Field(0.0, ge=0)  # 0: no floor

    @model_validator(mode="after")
    def _floor_below_ceiling(self) -> _LengthParams:
        if self.min_ratio > self.max_ratio:
            raise ValueError(f"min_ratio ({self.min_ratio}) must not exceed max_ratio ({self.max_ratio})")
        return self


def _bind_params(params: BaseModel, context: RewardContext) -> dict[str, Any]:
    """Keyword arguments of a reward that needs nothing from the run."""
    return params.model_dump()


def _bind_tfidf(params: _TfidfParams, context: RewardContext) -> dict[str, Any]:
    """Group mode as given; corpus mode with IDF fitted on the training answers."""
    if params.mode == "group":
        if params.specificity:
            raise RewardConfigError("tfidf_similarity: specificity needs corpus mode (the average training answer)")
        return params.model_dump()
    if not context.train_answers:
        raise RewardConfigError("tfidf_similarity in corpus mode needs RewardContext.train_answers")
    try:
        idf = CorpusIdf.fit(context.train_answers, params.sublinear_tf, params.binary)
        return {"mode": "corpus", "idf": idf, "specificity": params.specificity}
    except ValueError as error:
        raise RewardConfigError(f"tfidf_similarity: cannot fit IDF on the training answers: {error}") from error


def _bind_sentiment(params: _SentimentParams, context: RewardContext) -> dict[str, Any]:
    """The scorer spec, loaded once here."""
    model = params.model or context.sentiment_model
    try:
        load_scorer(model)  # load now: a bad model id should stop the run before training starts
    except (OSError, ValueError) as error:
        raise RewardConfigError(f"sentiment_match: cannot load sentiment model {model!r}: {error}") from error
    return {"model": model}


def _bind_termination(params: BaseModel, context: RewardContext) -> dict[str, Any]:
    """The tokenizer's end-of-sequence ids and the completion budget."""
    eos = context.eos_token_id
    eos_ids = () if eos is None else (eos,) if isinstance(eos, int) else tuple(eos)
    if not eos_ids and context.max_completion_length is None:
        raise RewardConfigError("termination_penalty needs RewardContext.eos_token_id or max_completion_length")
    return {"eos_token_ids": eos_ids, "max_completion_length": context.max_completion_length}


# What a reward reads of a completion: its answer (found where the framing's AnswerFormat says), the R1 format
# itself (meaningless for plain framing, whose completions have no reasoning part), or only its token ids.
Reads = Literal["answer", "r1_format", "token_ids"]


@dataclass(frozen=True)
class _Entry:
    """A registered reward: its function, its parameter model, how it takes what the run knows, what it reads."""

    func: RewardFunc
    params: type[BaseModel] = _Params
    bind: Callable[[Any, RewardContext], dict[str, Any]] = _bind_params
    reads: Reads = "answer"


_REGISTRY: dict[str, _Entry] = {
    "tfidf_similarity": _Entry(tfidf_similarity, _TfidfParams, _bind_tfidf),
    "sentiment_match": _Entry(sentiment_match, _SentimentParams, _bind_sentiment),
    "tag_count": _Entry(tag_count, reads="r1_format"),
    "soft_format": _Entry(soft_format, reads="r1_format"),
    "strict_format": _Entry(strict_format, reads="r1_format"),
    "correctness": _Entry(correctness),
    "int_answer": _Entry(int_answer),
    "repetition_penalty": _Entry(repetition_penalty, _RepetitionParams),
    "termination_penalty": _Entry(termination_penalty, bind=_bind_termination, reads="token_ids"),
    "length_penalty": _Entry(length_penalty, _LengthParams),
    "relevance": _Entry(relevance),
}


class BoundReward:
    """A registered reward with its parameters bound, named for TRL's `rewards/<name>/mean` logs."""

    def __init__(self, name: str, func: RewardFunc, kwargs: Mapping[str, Any]) -> None:
        """Bind `kwargs` to `func` under the TRL-visible `name`."""
        self.__name__ = name
        self.func = func
        self.kwargs = dict(kwargs)

    def __call__(
        self,
        prompts: Sequence[Any],
        completions: Sequence[Any],
        completion_ids: Sequence[Sequence[int]] | None = None,
        **columns: Any,
    ) -> list[float | None]:
        """Score a TRL generation batch; bound parameters win over same-named columns."""
        return self.func(prompts, completions, completion_ids, **{**columns, **self.kwargs})

    def __repr__(self) -> str:
        """Name, function and bound parameter names."""
        return f"BoundReward({self.__name__!r}, {self.func.__name__}, {sorted(self.kwargs)})"


def available_rewards() -> list[str]:
    """Names a preset may use."""
    return sorted(_REGISTRY)


def _valid_params(entry: _Entry) -> str:
    """`name=default` for each parameter, for error messages."""
    fields = entry.params.model_fields
    return ", ".join(f"{name}={field.default!r}" for name, field in fields.items()) or "none"


def _brief(error: ValidationError) -> str:
    """A validation error on one line: `field: what is wrong` for each problem."""
    return "; ".join(
        f"{'.'.join(str(part) for part in item['loc']) or 'value'}: {item['msg']}" for item in error.errors()
    )


def _parse(spec: RewardSpec | Mapping[str, Any]) -> tuple[RewardSpec, BaseModel]:
    """A spec and its validated parameters, or the error that names what is wrong and what is valid."""
    try:
        spec = spec if isinstance(spec, RewardSpec) else RewardSpec.model_validate(spec)
    except ValidationError as error:
        raise RewardConfigError(
            f"invalid reward spec {dict(spec)!r}: {_brief(error)}; a spec has name, weight and params"
        ) from error
    entry = _REGISTRY.get(spec.name)
    if entry is None:
        # A bare family name ("tfidf") is the likeliest slip; then plain typos.
        close = [n for n in available_rewards() if spec.name and spec.name in n] or difflib.get_close_matches(
            spec.name, _REGISTRY, n=1, cutoff=0.5
        )
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise UnknownRewardError(f"unknown reward {spec.name!r}{hint}; valid names: {', '.join(available_rewards())}")
    try:
        return spec, entry.params.model_validate(spec.params)
    except ValidationError as error:
        raise RewardConfigError(
            f"reward {spec.name!r}: invalid params {spec.params!r}: {_brief(error)}; "
            f"valid params: {_valid_params(entry)}"
        ) from error


def _function_names(parsed: Sequence[tuple[RewardSpec, BaseModel]]) -> list[str]:
    """Registry names, made distinct by their non-default parameters where a name repeats."""
    counts = Counter(spec.name for spec, _ in parsed)
    names = []
    for spec, params in parsed:
        changed = params.model_dump(exclude_defaults=True)
        suffix = "_".join(f"{key}_{value}" for key, value in sorted(changed.items()))
        names.append(re.sub(r"\W+", "_", f"{spec.name}_{suffix}") if counts[spec.name] > 1 and suffix else spec.name)
    duplicates = sorted(name for name, n in Counter(names).items() if n > 1)
    if duplicates:
        raise RewardConfigError(f"rewards listed twice with the same params: {', '.join(duplicates)}")
    return names


def _parse_all(
    specs: Sequence[RewardSpec | Mapping[str, Any]], r1_format: bool
) -> tuple[list[tuple[RewardSpec, BaseModel]], list[str]]:
    """Every spec parsed, and the function names they get; `r1_format` False refuses rewards that score that format."""
    if not specs:
        raise RewardConfigError(f"no rewards given; valid names: {', '.join(available_rewards())}")
    parsed = [_parse(spec) for spec in specs]
    if not r1_format:
        for spec, _ in parsed:
            if _REGISTRY[spec.name].reads == "r1_format":
                raise RewardConfigError(
                    f"reward {spec.name!r} scores the R1 format '{{reasoning}}</think>{{answer}}' of chat framing, "
                    "but plain framing (model.prompt.style=plain) makes completions that are the answer alone: "
                    f"remove {spec.name!r} from rewards, or use model.prompt.style=chat"
                )
    return parsed, _function_names(parsed)


def validate_specs(specs: Sequence[RewardSpec | Mapping[str, Any]], r1_format: bool = True) -> None:
    """Check names, weights and parameters without loading anything, and that each reward can score the framing's
    output (`r1_format`: chat framing); raises UnknownRewardError or RewardConfigError."""
    _parse_all(specs, r1_format)


def build_rewards(
    specs: Sequence[RewardSpec | Mapping[str, Any]], context: RewardContext
) -> tuple[list[Callable[..., list[float | None]]], list[float]]:
    """TRL-ready reward functions and their `reward_weights`, in the order of the specs."""
    parsed, names = _parse_all(specs, context.answer_format.r1)
    funcs: list[Callable[..., list[float | None]]] = []
    for (spec, params), name in zip(parsed, names, strict=True):
        entry = _REGISTRY[spec.name]
        kwargs = entry.bind(params, context)
        if entry.reads == "answer":
            kwargs["answer_format"] = context.answer_format
        funcs.append(BoundReward(name, entry.func, kwargs))
    return funcs, [spec.weight for spec, _ in parsed]
