"""Experiment presets: YAML files validated into pydantic models, with dotted key=value overrides."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, ValidationError, field_validator

from tourism_grpo.config import DataParams, Params
from tourism_grpo.evaluation.params import EvalParams
from tourism_grpo.publishing.params import PublishParams
from tourism_grpo.rewards.registry import RewardSpec, validate_specs
from tourism_grpo.training.params import ModelParams, TrainParams

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


def list_presets() -> dict[str, str]:
    """Preset name -> its one-line description."""
    return {path.stem: _read(path).get("description", "") for path in sorted(PRESET_DIR.glob("*.yaml"))}


def _read(path: Path) -> dict[str, Any]:
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise PresetError(f"Preset file {path} is not valid YAML: {error}") from None
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
    except yaml.YAMLError:
        value = raw
    return [part.strip() for part in path], value


def apply_overrides(settings: dict[str, Any], overrides: list[str]) -> dict[str, Any]:
    """A copy of `settings` with each dotted override set (validation happens on the model)."""
    result = copy.deepcopy(settings)
    for text in overrides:
        path, value = parse_override(text)
        node = result
        for part in path[:-1]:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                raise PresetError(f"Override {text!r}: {part!r} is a value, not a section")
            node = child
        node[path[-1]] = value
    return result


def load_preset(name: str, overrides: list[str] | None = None) -> Experiment:
    """The named preset (or a path to a YAML file) with overrides applied, validated."""
    path = Path(name) if name.endswith((".yaml", ".yml")) else PRESET_DIR / f"{name}.yaml"
    if not path.exists():
        raise PresetError(f"Unknown preset {name!r}; the presets are {sorted(list_presets())} (or pass a .yaml path).")
    settings = apply_overrides({"name": path.stem, **_read(path)}, overrides or [])
    try:
        return Experiment.model_validate(settings)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(str(p) for p in item['loc'])}: {item['msg']}" for item in error.errors())
        raise PresetError(f"Preset {name!r} is invalid: {problems}") from None
