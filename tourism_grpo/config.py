"""Parameter models of the pipeline's stages: what a preset sets, a CLI override changes and the UI shows."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tourism_grpo.data.sources import SourceSpec
from tourism_grpo.data_contracts.suites import CHECKS, DEFAULT_LENGTHS


class Params(BaseModel):
    """Base of every parameter model: unknown fields are errors, so a typo in a preset never goes unseen."""

    model_config = ConfigDict(extra="forbid")


class SubsetParams(Params):
    """Sizes and seed of the train subset, the validation split and the held-out eval split."""

    train_size: int = Field(400, gt=0, description="Rows drawn for training (10,000 / 5,000 / 500 in the presets).")
    eval_size: int = Field(100, gt=0, description="Held-out rows for evaluation, disjoint from train.")
    validation_size: int = Field(
        0,
        ge=0,
        description="Rows for choosing settings (evaluation.split=validation), disjoint from train and eval, so the "
        "eval split judges only the final model. 0: no validation split.",
    )
    seed: int = Field(42, description="Seed of the draw; the same source and seed give the same rows.")


class EnrichParams(Params):
    """Per-row reference features computed for the subsets."""

    sentiment_model: str = Field(
        "lexicon",
        description="Scorer of the reference answers' sentiment: 'lexicon' (offline) or a transformers model "
        "id or path, e.g. oliverguhr/german-sentiment-bert.",
    )


class ContractParams(Params):
    """Bounds of the data contracts that stop bad data before training; the row counts come from `subset`."""

    lengths: dict[str, tuple[int, int]] = Field(
        default_factory=lambda: dict(DEFAULT_LENGTHS),
        description="Characters allowed per text column as [min, max], e.g. answer: [2, 5000]; a column left out "
        "keeps its default.",
    )
    max_duplicate_question_share: float = Field(
        0.5, ge=0, le=1, description="Most rows (share) whose normalised question another row also has."
    )
    max_duplicate_answer_share: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Most rows (share) whose normalised answer another row also has: stock replies such as 'Ja.' "
        "may repeat, but a set of mostly one answer rewards the model for ignoring the question.",
    )
    min_german_share: float = Field(
        0.8, ge=0, le=1, description="Fewest rows (share) with more German than English stop words."
    )
    warn_only: list[str] = Field(
        default_factory=list,
        description=f"Checks that only warn instead of stopping the run: a check ({', '.join(CHECKS)}) or "
        "check:column (e.g. length:answer).",
    )

    @field_validator("lengths")
    @classmethod
    def _merge_lengths(cls, value: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
        unknown = sorted(set(value) - set(DEFAULT_LENGTHS))
        if unknown:
            raise ValueError(f"lengths names {unknown}; the text columns are {sorted(DEFAULT_LENGTHS)}")
        for column, (low, high) in value.items():
            if not 0 <= low <= high:
                raise ValueError(f"lengths.{column} is [{low}, {high}]; expected 0 <= min <= max")
        return {**DEFAULT_LENGTHS, **value}

    @field_validator("warn_only")
    @classmethod
    def _known_checks(cls, value: list[str]) -> list[str]:
        unknown = [name for name in value if name.split(":", 1)[0] not in CHECKS]
        if unknown:
            raise ValueError(f"warn_only names {unknown}; the checks are {sorted(CHECKS)}")
        return value


class DataParams(Params):
    """Where the data comes from and which rows a run uses."""

    source: SourceSpec = Field(default_factory=SourceSpec)
    subset: SubsetParams = Field(default_factory=SubsetParams)
    enrich: EnrichParams = Field(default_factory=EnrichParams)
    contract: ContractParams = Field(default_factory=ContractParams)
