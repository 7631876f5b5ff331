"""Reward functions (pure, batch-correct, TRL's signature) and the registry presets name them through."""

from tourism_grpo.rewards.registry import (
    RewardConfigError,
    RewardContext,
    RewardSpec,
    UnknownRewardError,
    available_rewards,
    build_rewards,
    validate_specs,
)
from tourism_grpo.rewards.text import completion_text, extract_answer

__all__ = [
    "RewardConfigError",
    "RewardContext",
    "RewardSpec",
    "UnknownRewardError",
    "available_rewards",
    "build_rewards",
    "completion_text",
    "extract_answer",
    "validate_specs",
]
