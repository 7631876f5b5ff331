"""Experiment presets: YAML files validated into pydantic models, with dotted key=value overrides."""

from __future__ import annotations

import copy
import difflib
import re
import types
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from tourism_grpo.data.params import DataParams
from tourism_grpo.evaluation.params import EvalParams
from tourism_grpo.params import Params
from tourism_grpo.publishing.params import PublishParams
from tourism_grpo.rewards.registry import RewardSpec, validate_specs
from tourism_grpo.training.params import ModelParams, TrackingParams, TrainParams, TrainSpec

PRESET_DIR = Path(__file__).parent


class PresetError(ValueError):
    """A preset that does not exist, does not validate, or an override that does not parse."""


class Experiment(Params):
    """One experiment: a preset file, possibly with overrides."""

    name: str = Field(description="Preset name; also names the published model's lineage.")
    description: str = Field("", description="One line shown by `tourism-grpo presets`.")
    data: DataParams = Field(default_factory=DataParams)
    model: ModelParams = Field(default_factory=ModelParams)
    train: TrainParams = Field(default_factory=TrainParams)
    evaluation: EvalParams = Field(default_factory=EvalParams)
    publish: PublishParams = Field(default_factory=PublishParams, description="Gate, target and extras of publishing.")
    tracking: TrackingParams = Field(default_factory=TrackingParams, description="Where training reports its metrics.")
    rewards: list[RewardSpec] = Field(
        default_factory=lambda: [RewardSpec(name="tfidf_similarity")],
        description="Reward functions by registry name, with weight and params.",
    )

    @field_validator("rewards")
    @classmethod
    def _known_rewards(cls, value: list[RewardSpec]) -> list[RewardSpec]:
        # fail at flow start, not at the first training step, and list the valid names
        if not value:
            raise ValueError("an experiment needs at least one reward")
        validate_specs(value)
        return value

    @model_validator(mode="after")
    def _rewards_fit_the_framing(self) -> Experiment:
        # plain framing's completions have no R1 format: a reward that scores that format would pay nothing, ever
        validate_specs(self.rewards, r1_format=self.model.prompt.style == "chat")
        return self

    @model_validator(mode="after")
    def _validation_split_drawn(self) -> Experiment:
        if self.evaluation.split == "validation" and not self.data.subset.validation_size:
            raise ValueError(
                "evaluation.split is 'validation', but data.subset.validation_size is 0: draw one, e.g. "
                "--set data.subset.validation_size=100"
            )
        return self

    def training(self) -> TrainSpec:
        """The GRPO run this experiment asks for, as the train task takes it."""
        return TrainSpec(
            experiment=self.name,
            model=self.model,
            train=self.train,
            rewards=self.rewards,
            sentiment_model=self.data.enrich.sentiment_model,
            tracking=self.tracking,
        )


def list_presets() -> dict[str, str]:
    """Preset name -> its one-line description."""
    return {path.stem: _read(path).get("description", "") for path in sorted(PRESET_DIR.glob("*.yaml"))}


def _read(path: Path) -> dict[str, Any]:
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        # one line: where and what, not PyYAML's multi-line excerpt of the file
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = re.sub(r"\s+", " ", getattr(error, "problem", None) or str(error)).strip()
        raise PresetError(
            f"Preset file {path} is not valid YAML{where}: {problem}. Fix the file there; a preset is a mapping of "
            f"sections as in {PRESET_DIR / 'demo.yaml'}."
        ) from None
    if not isinstance(content, dict):
        raise PresetError(f"Preset file {path} must hold a mapping of settings, not {type(content).__name__}")
    return content


def parse_override(text: str) -> tuple[list[str], Any]:
    """`data.subset.seed=7` -> (["data", "subset", "seed"], 7); values are read as YAML scalars or lists."""
    key, sep, raw = text.partition("=")
    path = key.strip().split(".")
    if not sep or not all(part.strip() for part in path):
        raise PresetError(f"Override {text!r} is not key=value with a dotted key, e.g. data.subset.seed=7")
    try:
        value = yaml.safe_load(raw) if raw.strip() else ""
    except yaml.YAMLError as error:
        # a list or mapping that does not parse would otherwise reach the model as text, with a misleading error
        if raw.strip()[:1] in ("[", "{"):
            problem = re.sub(r"\s+", " ", getattr(error, "problem", None) or str(error)).strip()
            raise PresetError(
                f"Override {text!r}: the value is not valid YAML ({problem}). Quote texts that hold '?', ':' or ',', "
                "e.g. [{question: 'Wo parke ich?', answer: 'Am Bahnhof.'}]"
            ) from None
        value = raw
    return [part.strip() for part in path], value


def apply_overrides(settings: dict[str, Any], overrides: list[str]) -> dict[str, Any]:
    """A copy of `settings` with each dotted override set (validation happens on the model)."""
    result = copy.deepcopy(settings)
    for text in overrides:
        path, value = parse_override(text)
        node = result
        for depth, part in enumerate(path[:-1], start=1):
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                whole = ".".join(path[:depth])
                raise PresetError(
                    f"Override {text!r}: {whole!r} is {'a list' if isinstance(child, list) else 'a value'}, not a "
                    f"section of settings; set it as a whole, e.g. --set '{whole}=<YAML value>'."
                )
            node = child
        node[path[-1]] = value
    return result


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The parameter model a field holds, directly, in a list or as an option (None for plain values)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (list, typing.Union, types.UnionType):
        return next(filter(None, map(_model_of, typing.get_args(annotation))), None)
    return None


def _fields_at(loc: tuple[int | str, ...]) -> list[str]:
    """The field names of the section at `loc` (list indices skipped), or [] where it is no section."""
    model: type[BaseModel] | None = Experiment
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if model is not None else None
        model = _model_of(field.annotation) if field is not None else None
    return list(model.model_fields) if model is not None else []


def _problem(item: Any) -> str:
    """One validation error as `dotted.key: what is wrong`, unknown keys with the keys that section has."""
    loc = tuple(item["loc"])
    key = ".".join(str(part) for part in loc)
    if item["type"] == "extra_forbidden":
        fields = _fields_at(loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), fields, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        section = ".".join(str(part) for part in loc[:-1]) or "a preset"
        return f"{key}: no such setting{hint}; {section} has {', '.join(fields)}"
    message = item["msg"].removeprefix("Value error, ")
    return f"{key}: {message}" if key else message  # a check across sections names its settings itself


def load_preset(name: str, overrides: list[str] | None = None) -> Experiment:
    """The named preset (or a path to a YAML file) with overrides applied, validated."""
    path = Path(name) if name.endswith((".yaml", ".yml")) else PRESET_DIR / f"{name}.yaml"
    if not path.exists():
        if path.parent != PRESET_DIR:
            raise PresetError(
                f"Preset file {name} does not exist (looked for {path.resolve()}). Check the path, or name one of "
                f"the presets {sorted(list_presets())}."
            )
        raise PresetError(f"Unknown preset {name!r}; the presets are {sorted(list_presets())} (or pass a .yaml path).")
    settings = apply_overrides({"name": path.stem, **_read(path)}, overrides or [])
    try:
        return Experiment.model_validate(settings)
    except ValidationError as error:
        problems = "; ".join(_problem(item) for item in error.errors())
        raise PresetError(
            f"Preset {name!r} is invalid: {problems}. Fix it in the preset file or with --set KEY=VALUE."
        ) from None
