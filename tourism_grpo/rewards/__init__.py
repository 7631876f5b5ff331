"""Reward functions (pure, batch-correct, TRL's signature) and the registry presets name them through."""
