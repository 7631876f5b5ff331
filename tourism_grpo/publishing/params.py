"""What a preset sets about publishing: where to, how strict the gate is, what goes along."""

from __future__ import annotations

from pydantic import Field, field_validator

from tourism_grpo.evaluation.report import METRICS
from tourism_grpo.params import Params

LOCAL = "local"
HUB_PREFIX = "hub:"


class PublishParams(Params):
    """Target, gate bounds and extras of the publish step."""

    target: str = Field(
        LOCAL,
        description="'local': a registry folder in the artifact store (folders/published/<id>); "
        "'hub:<org>/<name>': a Hugging Face Hub model repo (created if missing).",
    )
    private: bool = Field(True, description="Create the Hub repo private (an existing repo keeps its visibility).")
    primary_metric: str = Field(
        "tfidf_similarity", description=f"Metric the tuned model must not lose on; one of {', '.join(METRICS)}."
    )
    primary_margin: float = Field(
        0.02,
        ge=0,
        description="Non-inferiority margin in the primary metric's own units: the 95% interval of tuned - base "
        "must not reach a loss larger than this.",
    )
    max_repetition_increase: float = Field(
        0.05, ge=0, description="Largest allowed rise of the mean repeated_ngram_share (tuned - base)."
    )
    max_eos_rate_drop: float = Field(0.05, ge=0, description="Largest allowed fall of the mean eos_rate.")
    max_distinct_2_drop: float = Field(0.05, ge=0, description="Largest allowed fall of the mean distinct_2.")
    max_format_drop: float = Field(
        0.05, ge=0, description="Largest allowed fall of format_compliance: answers that vanish are degeneration too."
    )
    max_markup_increase: float = Field(
        0.05,
        ge=0,
        description="Largest allowed rise of the mean markup_share: answers with HTML tags or Markdown (a hack seen "
        "in GRPO runs: <h2> headings repeating the asked place).",
    )
    max_non_german_increase: float = Field(
        0.05, ge=0, description="Largest allowed rise of the mean non_german_share: answers that drift out of German."
    )
    min_chrf_change: float | None = Field(
        None,
        allow_inf_nan=False,
        description="Non-inferiority margin on chrF, in chrF points (0-100): the lower bound of the 95% interval of "
        "tuned - base must be at least this (e.g. -1.0). None: not checked.",
    )
    force: bool = Field(False, description="Publish even when the gate refuses; the card records why it refused.")
    merged: bool = Field(False, description="Also publish the LoRA merged into its base, in the merged/ subfolder.")
    license: str = Field("apache-2.0", description="License id in the model card's metadata.")
    token_secret: str = Field(
        "hf-token", description="Prefect Secret block holding the Hub token; HF_TOKEN is used when it does not exist."
    )

    @field_validator("target")
    @classmethod
    def _known_target(cls, value: str) -> str:
        if value == LOCAL:
            return value
        if not value.startswith(HUB_PREFIX):
            raise ValueError(f"target is {value!r}; expected 'local' or 'hub:<org>/<name>'")
        from huggingface_hub.utils import HFValidationError, validate_repo_id

        repo_id = value.removeprefix(HUB_PREFIX)
        try:
            validate_repo_id(repo_id)
        except HFValidationError as error:
            raise ValueError(f"target {value!r} names no valid Hub repo: {error}") from None
        if "/" not in repo_id:
            raise ValueError(f"target {value!r} needs the namespace too: 'hub:<org or user>/<name>'")
        return value

    @field_validator("primary_metric")
    @classmethod
    def _known_metric(cls, value: str) -> str:
        if value not in METRICS:
            raise ValueError(f"primary_metric is {value!r}; the metrics are {list(METRICS)}")
        return value

    @property
    def hub_repo(self) -> str | None:
        """The Hub repo id of a `hub:` target, None for the local registry."""
        return self.target.removeprefix(HUB_PREFIX) if self.target.startswith(HUB_PREFIX) else None
