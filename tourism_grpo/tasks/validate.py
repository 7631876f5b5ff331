"""Validate: run a table (or the subset's splits) through its data contract; stop the run when it breaks it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import get_run_logger, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact

from tourism_grpo.data.params import SubsetParams
from tourism_grpo.data_contracts.params import ContractParams
from tourism_grpo.data_contracts.result import ContractResult, DataContractError
from tourism_grpo.data_contracts.schemas import DatasetKind
from tourism_grpo.data_contracts.suites import contract_frame, run_suite, suite_for, suite_specs
from tourism_grpo.storage import ArtifactRef, ArtifactStore, artifact_id
from tourism_grpo.tasks.common import artifact_cache_key, retry_unless

STEP_VERSION = "1"


def _sizes(suite: str, sizes: SubsetParams) -> dict[str, int]:
    # the source suite needs only the total, so a new seed or split of the same total reuses its result
    if suite == "subset":
        return {"train_size": sizes.train_size, "validation_size": sizes.validation_size, "eval_size": sizes.eval_size}
    return {"min_rows": sizes.train_size + sizes.validation_size + sizes.eval_size}


def output_id(tables: dict[str, ArtifactRef], kind: DatasetKind, contract: ContractParams, sizes: SubsetParams) -> str:
    """Id of a contract result: the validated tables' ids, the suite and its bounds."""
    suite = suite_for(tables, kind)
    return artifact_id(
        "validate",
        STEP_VERSION,
        [ref.id for ref in tables.values()],
        {"suite": suite, "kind": kind, "contract": contract.model_dump(), **_sizes(suite, sizes)},
    )


def _run_name(parameters: dict[str, Any]) -> str:
    return f"validate-{suite_for(parameters['tables'], parameters['kind'])}"


def _report_page(artifacts: ArtifactStore, report: ArtifactRef) -> str:
    # a rerun of a failed contract keeps the first report (same id), so look the page up in the store
    folder = artifacts.path("folders", report.name, report.id)
    pages = sorted(artifacts.fs.glob(f"{folder}/validations/**/*.html"))
    page = pages[0][len(folder) + 1 :] if pages else "index.html"
    return Path(report.uri, page).as_uri() if artifacts.is_local else f"{report.uri}/{page}"


@task(
    name="validate",
    task_run_name=_run_name,
    retries=2,
    retry_delay_seconds=2,
    retry_condition_fn=retry_unless(DataContractError),
    cache_key_fn=artifact_cache_key(output_id),
    persist_result=True,
)
def validate(
    tables: dict[str, ArtifactRef],
    kind: DatasetKind,
    contract: ContractParams,
    sizes: SubsetParams,
    store: str,
) -> ContractResult:
    """Check `{"source": ref}` or the subset's splits against its contract; DataContractError if broken."""
    artifacts = ArtifactStore(store)
    suite = suite_for(tables, kind)
    artifact = output_id(tables, kind, contract, sizes)
    frame = contract_frame({part: artifacts.read_table(ref) for part, ref in tables.items()})
    specs = suite_specs(suite, kind, contract, sizes.train_size, sizes.eval_size, sizes.validation_size)
    table_ids = {part: ref.id for part, ref in tables.items()}
    lineage = {
        "step": "validate",
        "step_version": STEP_VERSION,
        "parents": list(table_ids.values()),
        "parameters": {"suite": suite, "kind": kind, "contract": contract.model_dump(), **_sizes(suite, sizes)},
    }
    built: list[ContractResult] = []

    def build(folder: Path) -> None:
        built.append(run_suite(frame, specs, suite=suite, tables=table_ids, docs_dir=folder))
        (folder / "contract-result.json").write_text(built[0].model_dump_json(indent=2), encoding="utf-8")

    report = artifacts.write_folder(build, name="contract-report", artifact=artifact, lineage=lineage)
    result = built[0].model_copy(update={"report": report, "report_page": _report_page(artifacts, report)})

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
    stored = artifacts.write_table(result.to_table(), name=f"contract-{suite}", artifact=artifact, lineage=lineage)
    logger.info("%s", result.summary())
    return result.model_copy(update={"table": stored})
