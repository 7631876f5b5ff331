"""Validate: run a table (or the subset's splits) through its data contract; stop the run when it breaks it."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from prefect import get_run_logger
from prefect.artifacts import create_link_artifact, create_markdown_artifact

from tourism_grpo.data.params import SubsetParams
from tourism_grpo.data_contracts.params import ContractParams
from tourism_grpo.data_contracts.result import ContractResult, DataContractError, report_page
from tourism_grpo.data_contracts.schemas import DatasetKind
from tourism_grpo.data_contracts.suites import contract_frame, run_suite, suite_for, suite_sizes, suite_specs
from tourism_grpo.storage import ArtifactRef
from tourism_grpo.storage.steps import Step
from tourism_grpo.tasks.step import retry_unless, step_output, step_task


def _settings(arguments: Mapping[str, Any]) -> dict[str, Any]:
    suite = suite_for(arguments["tables"], arguments["kind"])
    sizes = arguments["sizes"]
    return {
        "suite": suite,
        "kind": arguments["kind"],
        "contract": arguments["contract"].model_dump(),
        **suite_sizes(suite, sizes.train_size, sizes.validation_size, sizes.eval_size),
    }


VALIDATE = Step("validate", "1", parameters=_settings)


def _run_name(parameters: dict[str, Any]) -> str:
    return f"validate-{suite_for(parameters['tables'], parameters['kind'])}"


@step_task(
    VALIDATE,
    task_run_name=_run_name,
    retries=2,
    retry_delay_seconds=2,
    retry_condition_fn=retry_unless(DataContractError),
)
def validate(
    tables: dict[str, ArtifactRef],
    kind: DatasetKind,
    contract: ContractParams,
    sizes: SubsetParams,
    store: str,
) -> ContractResult:
    """Check `{"source": ref}` or the subset's splits against its contract; DataContractError if broken."""
    out = step_output(VALIDATE)
    suite = out.lineage["parameters"]["suite"]
    frame = contract_frame({part: out.store.read_table(ref) for part, ref in tables.items()})
    specs = suite_specs(suite, kind, contract, sizes.train_size, sizes.eval_size, sizes.validation_size)
    table_ids = {part: ref.id for part, ref in tables.items()}
    built: list[ContractResult] = []

    def build(folder: Path) -> None:
        built.append(run_suite(frame, specs, suite=suite, tables=table_ids, docs_dir=folder))
        (folder / "contract-result.json").write_text(built[0].model_dump_json(indent=2), encoding="utf-8")

    report = out.folder(build, "contract-report")
    result = built[0].model_copy(update={"report": report, "report_page": report_page(out.store, report)})

    create_markdown_artifact(key=f"contract-{suite}", markdown=result.markdown(), description=result.summary())
    create_link_artifact(
        key=f"contract-report-{suite}",
        link=result.report_page,
        link_text=f"Great Expectations Data Docs: contract '{suite}'",
        description=f"Data Docs of the '{suite}' contract on {result.where()}",
    )
    logger = get_run_logger()
    for outcome in result.warnings:
        logger.warning("Contract '%s' warning: %s: %s", suite, outcome.name, outcome.finding())
    if not result.success:
        raise DataContractError(result.error_message())
    stored = out.table(result.to_table(), f"contract-{suite}")
    logger.info("%s", result.summary())
    return result.model_copy(update={"table": stored})
