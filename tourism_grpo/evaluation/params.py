"""Parameters of the evaluation step."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from tourism_grpo.params import Params


class EvalParams(Params):
    """Split, decoding and statistics of the base-vs-tuned comparison."""

    split: Literal["eval", "validation"] = Field(
        "eval",
        description="Which held-out split base and tuned answer: 'validation' while choosing settings (the run then "
        "stops before publishing), 'eval' to judge the final model.",
    )
    max_new_tokens: int | None = Field(None, gt=0, description="Default: the run's max_completion_length.")
    temperature: float = Field(0.0, ge=0, description="0: greedy decoding, the same for both models.")
    batch_size: int = Field(16, gt=0)
    bootstrap_samples: int = Field(1000, ge=100, description="Resamples of the paired bootstrap interval.")
    examples: int = Field(5, ge=0, description="Side-by-side examples in the markdown artifact.")
    seed: int = 0
