"""Settings of the data stages: the source, the subsets, the enrichment, and the contracts they pass."""

from __future__ import annotations

from pydantic import Field

from tourism_grpo.data.source_spec import SourceSpec
from tourism_grpo.data_contracts.params import ContractParams
from tourism_grpo.params import Params


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


class DataParams(Params):
    """Where the data comes from and which rows a run uses."""

    source: SourceSpec = Field(default_factory=SourceSpec)
    subset: SubsetParams = Field(default_factory=SubsetParams)
    enrich: EnrichParams = Field(default_factory=EnrichParams)
    contract: ContractParams = Field(default_factory=ContractParams)
