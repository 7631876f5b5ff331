"""Settings of the data contracts: the checks a preset can name and the bounds it can set."""

from __future__ import annotations

from pydantic import Field, field_validator

from tourism_grpo.params import Params

# What each check expects; a preset names these (alone, or as check:column) in warn_only.
CHECKS: dict[str, str] = {
    "columns": "every canonical column of the kind",
    "type": "text values (str)",
    "not_null": "no nulls",
    "not_blank": "no empty or whitespace-only strings",
    "length": "a length within the preset's bounds",
    "unique_id": "a unique id per row",
    "duplicate_questions": "a bounded share of rows whose question repeats",
    "duplicate_answers": "a bounded share of rows whose answer repeats",
    "german_share": "a minimum share of rows that look German",
    "row_count": "enough rows for the requested subsets",
    "disjoint_ids": "no id in two splits (train, validation, eval)",
    "disjoint_questions": "no normalised question in two splits (train, validation, eval)",
}
# Characters per text column, [min, max]: long enough for "Ja." answers, short of pasted pages.
DEFAULT_LENGTHS: dict[str, tuple[int, int]] = {
    "question": (5, 1_000),
    "answer": (2, 5_000),
    "reasoning": (10, 20_000),
    "source": (1, 500),
}


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
