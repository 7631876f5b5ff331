"""The Great Expectations suites per dataset kind (`qa`, `cot`) and for a train/eval pair (`subset`).

Expectations are plain specs first (name, GX class, arguments), so presets can name them and tests can read
them without importing GX; `run_suite` builds the GX suite in an ephemeral context and runs it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pyarrow as pa
import pyarrow.compute as pc

from tourism_grpo.data_contracts.german import looks_german
from tourism_grpo.data_contracts.params import CHECKS
from tourism_grpo.data_contracts.result import ContractResult, ExpectationOutcome
from tourism_grpo.data_contracts.schemas import question_key, schema_for

if TYPE_CHECKING:
    import pandas as pd

    from tourism_grpo.data_contracts.params import ContractParams

SUITES = ("qa", "cot", "subset")

# Helper columns derived before GX runs (GX derives nothing itself), named for what they hold.
QUESTION_KEY = "question_normalised"
ANSWER_KEY = "answer_normalised"
LOOKS_GERMAN = "looks_german"
SPLIT = "split"
ID_IN_OTHER_SPLIT = "id_in_another_split"
QUESTION_IN_OTHER_SPLIT = "question_in_another_split"
HELPER_COLUMNS = (QUESTION_KEY, ANSWER_KEY, LOOKS_GERMAN, SPLIT, ID_IN_OTHER_SPLIT, QUESTION_IN_OTHER_SPLIT)
# The splits a subset validation takes, in the order they are drawn; validation is there only when drawn.
SUBSET_PARTS = ("train", "validation", "eval")
EXAMPLES = 3


@dataclass(frozen=True)
class ExpectationSpec:
    """One expectation: a stable name (check or check:column), the GX class and its arguments."""

    name: str
    expectation: str
    expects: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    severity: Literal["error", "warning"] = "error"

    @property
    def check(self) -> str:
        """The check this expectation is an instance of (the name before any ':')."""
        return self.name.split(":", 1)[0]

    @property
    def column(self) -> str | None:
        """The column GX checks, if any."""
        return self.kwargs.get("column")


def suite_for(parts: Mapping[str, object], kind: str) -> str:
    """The suite of a validation: the kind's for a `source` table, `subset` for train and eval (and validation)."""
    if set(parts) == {"source"}:
        schema_for(kind)
        return kind
    if {"train", "eval"} <= set(parts) <= set(SUBSET_PARTS):
        return "subset"
    raise ValueError(f"Validate either {{'source'}} or {{'train', 'eval'}} and maybe 'validation', not {sorted(parts)}")


def suite_sizes(suite: str, train_size: int, validation_size: int, eval_size: int) -> dict[str, int]:
    """The sizes a suite checks: the splits' for the subset suite, only their total for a source suite (so a new
    seed or split of the same total reuses the source's result)."""
    if suite == "subset":
        return {"train_size": train_size, "validation_size": validation_size, "eval_size": eval_size}
    return {"min_rows": train_size + validation_size + eval_size}


def suite_specs(
    suite: str, kind: str, params: ContractParams, train_size: int, eval_size: int, validation_size: int = 0
) -> list[ExpectationSpec]:
    """Every expectation of a suite, with the preset's bounds and severities."""
    if suite not in SUITES:
        raise ValueError(f"Unknown suite {suite!r}; the suites are {list(SUITES)}")
    specs = [*_column_specs(schema_for(kind).names, params), *_content_specs(params)]
    if suite == "subset":
        specs += _split_specs(train_size, eval_size, validation_size)
    else:
        specs.append(_row_count_spec(train_size, eval_size, validation_size))
    warn = set(params.warn_only)
    return [replace(s, severity="warning") if s.name in warn or s.check in warn else s for s in specs]


def _column_specs(columns: list[str], params: ContractParams) -> list[ExpectationSpec]:
    """The schema's columns are there, each text, never null or blank, and within the preset's lengths."""
    specs = [
        ExpectationSpec(
            "columns",
            "ExpectTableColumnsToMatchSet",
            f"columns {columns}",
            {"column_set": columns, "exact_match": False},
        )
    ]
    for column in columns:
        specs += [
            ExpectationSpec(
                f"type:{column}", "ExpectColumnValuesToBeOfType", CHECKS["type"], {"column": column, "type_": "str"}
            ),
            ExpectationSpec(
                f"not_null:{column}", "ExpectColumnValuesToNotBeNull", CHECKS["not_null"], {"column": column}
            ),
            ExpectationSpec(
                f"not_blank:{column}",
                "ExpectColumnValuesToNotMatchRegex",
                CHECKS["not_blank"],
                {"column": column, "regex": r"^\s*$"},
            ),
        ]
        if column in params.lengths:
            low, high = params.lengths[column]
            specs.append(
                ExpectationSpec(
                    f"length:{column}",
                    "ExpectColumnValueLengthsToBeBetween",
                    f"{low:,} to {high:,} characters",
                    {"column": column, "min_value": low, "max_value": high},
                )
            )
    return specs


def _content_specs(params: ContractParams) -> list[ExpectationSpec]:
    """Unique ids, few repeated questions and answers, mostly German rows."""
    return [
        ExpectationSpec("unique_id", "ExpectColumnValuesToBeUnique", CHECKS["unique_id"], {"column": "id"}),
        ExpectationSpec(
            "duplicate_questions",
            "ExpectColumnValuesToBeUnique",
            f"at most {params.max_duplicate_question_share:.0%} of rows with a question another row also has",
            {"column": QUESTION_KEY, "mostly": 1 - params.max_duplicate_question_share},
        ),
        ExpectationSpec(
            "duplicate_answers",
            "ExpectColumnValuesToBeUnique",
            f"at most {params.max_duplicate_answer_share:.0%} of rows with an answer another row also has",
            {"column": ANSWER_KEY, "mostly": 1 - params.max_duplicate_answer_share},
        ),
        ExpectationSpec(
            "german_share",
            "ExpectColumnValuesToBeInSet",
            f"at least {params.min_german_share:.0%} of rows with more German than English stop words",
            {"column": LOOKS_GERMAN, "value_set": [True], "mostly": params.min_german_share},
        ),
    ]


def _split_specs(train_size: int, eval_size: int, validation_size: int) -> list[ExpectationSpec]:
    """A subset's splits: each of its size (validation only when drawn), no id or question in two of them."""
    specs = []
    sizes = {"train": train_size, "validation": validation_size, "eval": eval_size}
    for part, size in sizes.items():
        if part == "validation" and not size:
            continue
        specs.append(
            ExpectationSpec(
                f"row_count:{part}",
                "ExpectTableRowCountToEqual",
                f"exactly {size:,} {part} rows ({part}_size)",
                {"value": size, "row_condition": f'{SPLIT}=="{part}"', "condition_parser": "pandas"},
            )
        )
    return [
        *specs,
        ExpectationSpec(
            "disjoint_ids",
            "ExpectColumnValuesToBeInSet",
            CHECKS["disjoint_ids"],
            {"column": ID_IN_OTHER_SPLIT, "value_set": [False]},
        ),
        ExpectationSpec(
            "disjoint_questions",
            "ExpectColumnValuesToBeInSet",
            CHECKS["disjoint_questions"],
            {"column": QUESTION_IN_OTHER_SPLIT, "value_set": [False]},
        ),
    ]


def _row_count_spec(train_size: int, eval_size: int, validation_size: int) -> ExpectationSpec:
    """A source holds enough rows for every split drawn from it."""
    return ExpectationSpec(
        "row_count",
        "ExpectTableRowCountToBeBetween",
        f"at least {train_size + validation_size + eval_size:,} rows (train_size {train_size:,}"
        + (f" + validation_size {validation_size:,}" if validation_size else "")
        + f" + eval_size {eval_size:,})",
        {"min_value": train_size + validation_size + eval_size},
    )


def _text(table: pa.Table, name: str) -> pa.ChunkedArray | None:
    # a column of the wrong type gets no helpers: its type expectation reports it
    if name in table.column_names and pa.types.is_string(table.schema.field(name).type):
        return table.column(name)
    return None


def _with_helpers(table: pa.Table) -> pa.Table:
    question, answer = _text(table, "question"), _text(table, "answer")
    if question is not None:
        table = table.append_column(QUESTION_KEY, question_key(question))
    if answer is not None:
        # answers repeat as questions do: equal up to case
        table = table.append_column(ANSWER_KEY, question_key(answer))
    texts = [column for column in (question, answer) if column is not None]
    if texts:
        joined = pc.binary_join_element_wise(*texts, " ", null_handling="skip") if len(texts) > 1 else texts[0]
        table = table.append_column(LOOKS_GERMAN, pa.array(looks_german(joined)))
    return table


def _in_another_split(tables: dict[str, pa.Table], column: str) -> dict[str, pa.Array] | None:
    """Per split, whether each row's `column` value also occurs in another split."""
    if any(column not in table.column_names for table in tables.values()):
        return None
    per_split = [pc.unique(table.column(column)) for table in tables.values()]
    values = pa.concat_arrays([array.cast(per_split[0].type) for array in per_split])
    # a value in two splits is in the union of the splits' distinct values twice
    counts = pc.value_counts(values)
    shared = pc.filter(counts.field("values"), pc.greater(counts.field("counts"), 1))
    return {part: pc.is_in(table.column(column), shared) for part, table in tables.items()}


def contract_frame(tables: Mapping[str, pa.Table]) -> pd.DataFrame:
    """The DataFrame GX checks: the table, or the subset's splits stacked with a split column, plus helpers."""
    if "source" in tables:
        (table,) = tables.values()
        return _with_helpers(table).to_pandas()
    parts = {part: _with_helpers(tables[part]) for part in SUBSET_PARTS if part in tables}
    for column, helper in (("id", ID_IN_OTHER_SPLIT), (QUESTION_KEY, QUESTION_IN_OTHER_SPLIT)):
        flags = _in_another_split(parts, column)
        if flags is not None:
            parts = {part: table.append_column(helper, flags[part]) for part, table in parts.items()}
    stacked = [
        table.append_column(SPLIT, pa.array([part] * table.num_rows, pa.string())) for part, table in parts.items()
    ]
    return pa.concat_tables(stacked, promote_options="permissive").to_pandas()


def _describe(value: object, limit: int = 60) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "null"
    text = str(value)
    return repr(text) if len(text) <= limit else f"{text[:limit]!r}… ({len(text):,} chars)"


def _examples(frame: pd.DataFrame, spec: ExpectationSpec, indices: list[Any]) -> list[str]:
    # helper columns hold booleans or keys: show the text a reader recognises instead
    shown = ("answer" if spec.column == ANSWER_KEY else "question") if spec.column in HELPER_COLUMNS else spec.column
    examples = []
    for index in indices[:EXAMPLES]:
        row = frame.loc[index]
        label = f"id {row['id']}" if "id" in frame.columns else f"row {index}"
        if SPLIT in frame.columns:
            label += f" ({row[SPLIT]})"
        examples.append(f"{label}: {_describe(row[shown])}" if shown in frame.columns and shown != "id" else label)
    return examples


def _observed(result: dict[str, Any]) -> str | None:
    missing = result.get("details", {}).get("mismatched", {}).get("missing")
    if missing:
        return f"missing columns {missing}"
    observed = result.get("observed_value")
    return None if observed is None else str(observed)


def _outcome(spec: ExpectationSpec, frame: pd.DataFrame, validation: Any) -> ExpectationOutcome:
    result: dict[str, Any] = dict(validation.result or {})
    # GX reports an exception either flat or keyed by the metric that raised it (e.g. a missing column)
    info: dict[str, Any] = validation.exception_info or {}
    errors = [info.get("exception_message")] if info.get("raised_exception") else []
    errors += [m.get("exception_message") for m in info.values() if isinstance(m, dict) and m.get("raised_exception")]
    rows = result.get("element_count", len(frame))
    unexpected = result.get("unexpected_count")
    percent = result.get("unexpected_percent")
    return ExpectationOutcome(
        name=spec.name,
        expectation=validation.expectation_config.type,
        column=spec.column,
        expects=spec.expects,
        severity=spec.severity,
        success=bool(validation.success),
        evaluated=not errors,
        rows=rows if unexpected is not None else None,
        unexpected=unexpected,
        unexpected_percent=percent if unexpected else None,
        observed=_observed(result),
        examples=_examples(frame, spec, result.get("partial_unexpected_index_list") or []),
        error=str(errors[0]) if errors else None,
    )


def _context(docs_dir: Path | None):  # -> great_expectations AbstractDataContext
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    sites = {}
    if docs_dir is not None:
        sites["report"] = {
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        }
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(),
        data_docs_sites=sites,
        progress_bars=ProgressBarsConfig(globally=False),
        analytics_enabled=False,
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def run_suite(
    frame: pd.DataFrame,
    specs: list[ExpectationSpec],
    *,
    suite: str,
    tables: dict[str, str],
    docs_dir: Path | None = None,
) -> ContractResult:
    """Run the specs on a contract frame with GX; with `docs_dir`, also build the Data Docs site there."""
    import great_expectations as gx
    import great_expectations.expectations as gxe

    context = _context(docs_dir)
    batch = (
        context.data_sources.add_pandas("tourism-grpo")
        .add_dataframe_asset("-".join(tables.values()))
        .add_batch_definition_whole_dataframe("whole-table")
    )
    gx_suite = context.suites.add(gx.ExpectationSuite(name=f"tourism-grpo-{suite}"))
    for spec in specs:
        gx_suite.add_expectation(
            getattr(gxe, spec.expectation)(
                **spec.kwargs,
                meta={"name": spec.name},
                severity="warning" if spec.severity == "warning" else "critical",
            )
        )
    definition = context.validation_definitions.add(gx.ValidationDefinition(name=suite, data=batch, suite=gx_suite))
    checkpoint = context.checkpoints.add(
        gx.Checkpoint(
            name=f"contract-{suite}",
            validation_definitions=[definition],
            actions=[gx.checkpoint.UpdateDataDocsAction(name="data-docs")] if docs_dir is not None else [],
            result_format={"result_format": "SUMMARY", "partial_unexpected_count": EXAMPLES},
        )
    )
    (validation,) = checkpoint.run(batch_parameters={"dataframe": frame}).run_results.values()
    by_name = {r.expectation_config.meta["name"]: r for r in validation.results}
    return ContractResult(
        suite=suite,
        tables=tables,
        rows=len(frame),
        outcomes=[_outcome(spec, frame, by_name[spec.name]) for spec in specs],
    )
