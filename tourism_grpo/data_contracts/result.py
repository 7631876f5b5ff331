"""What a contract run found, per expectation: the error it raises, the markdown it posts, the table it stores."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pyarrow as pa
from pydantic import BaseModel

from tourism_grpo.storage.refs import ArtifactRef
from tourism_grpo.storage.store import ArtifactStore


class DataContractError(ValueError):
    """A table broke its data contract; the message names each failed expectation and where the report is."""


class ExpectationOutcome(BaseModel):
    """One expectation's verdict, small enough to keep in a Prefect result and a model card."""

    name: str
    expectation: str
    column: str | None = None
    expects: str
    severity: Literal["error", "warning"] = "error"
    success: bool
    evaluated: bool = True
    rows: int | None = None
    unexpected: int | None = None
    unexpected_percent: float | None = None
    observed: str | None = None
    examples: list[str] = []
    error: str | None = None

    @property
    def status(self) -> Literal["passed", "failed", "warning"]:
        """passed, failed (stops the run) or warning (a failure the preset lets through)."""
        if self.success:
            return "passed"
        return "warning" if self.severity == "warning" else "failed"

    def finding(self) -> str:
        """What went wrong, in one clause: counts, observed value or the error GX hit."""
        if self.error:
            return f"could not be evaluated: {self.error}"
        parts = []
        if self.unexpected is not None:
            share = f" ({self.unexpected_percent:.1f}%)" if self.unexpected_percent is not None else ""
            parts.append(f"{self.unexpected:,} of {self.rows:,} rows unexpected{share}")
        if self.observed is not None:
            parts.append(f"observed {self.observed}")
        if self.examples:
            parts.append("e.g. " + "; ".join(self.examples))
        return ", ".join(parts) or "failed"


class ContractResult(BaseModel):
    """A suite's verdict on one table (or a train/eval pair), with where its report and record live."""

    suite: str
    tables: dict[str, str]
    rows: int
    outcomes: list[ExpectationOutcome]
    report: ArtifactRef | None = None
    report_page: str | None = None
    table: ArtifactRef | None = None

    @property
    def failures(self) -> list[ExpectationOutcome]:
        """Failed expectations that stop the run."""
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def warnings(self) -> list[ExpectationOutcome]:
        """Failed expectations the preset marked as warnings."""
        return [o for o in self.outcomes if o.status == "warning"]

    @property
    def success(self) -> bool:
        """No expectation failed (warnings allowed)."""
        return not self.failures

    @property
    def evaluated(self) -> int:
        """Expectations GX could evaluate (a missing column makes the ones on it unevaluable)."""
        return sum(o.evaluated for o in self.outcomes)

    def where(self) -> str:
        """The validated table ids, as a phrase."""
        return " and ".join(f"{part} {table}" for part, table in self.tables.items())

    def summary(self) -> str:
        """One line: verdict and counts."""
        verdict = "passed" if self.success else "FAILED"
        failed, warned = len(self.failures), len(self.warnings)
        return (
            f"Data contract '{self.suite}' {verdict} on {self.where()} ({self.rows:,} rows): {self.evaluated} of "
            f"{len(self.outcomes)} expectations evaluated, {len(self.outcomes) - failed - warned} passed, "
            f"{failed} failed, {warned} warnings"
        )

    def error_message(self) -> str:
        """The DataContractError text: every failed expectation with its column and counts, and the report."""
        lines = [f"{self.summary()}."]
        for outcome in self.failures:
            column = f" (column {outcome.column})" if outcome.column else ""
            lines.append(f"  - {outcome.name}{column}: expects {outcome.expects}; {outcome.finding()}")
        lines.append(f"Report (GX Data Docs): {self.report_page or 'not written'}")
        lines.append(
            "Fix the data, or, where a bound is too strict for it, change data.contract in the preset "
            "(warn_only turns a check into a warning)."
        )
        return "\n".join(lines)

    def markdown(self) -> str:
        """The Prefect artifact: each expectation with pass/fail, unexpected count and a few offending rows."""

        def cell(text: object) -> str:
            return str(text).replace("|", "\\|").replace("\n", " ")

        lines = [
            f"# Data contract `{self.suite}`: {'passed' if self.success else 'FAILED'}",
            "",
            f"**{self.evaluated} of {len(self.outcomes)} expectations evaluated** on {self.where()} "
            f"({self.rows:,} rows): {len(self.failures)} failed, {len(self.warnings)} warnings.",
            "",
            f"Great Expectations Data Docs: {self.report_page or 'not written'}",
            "",
            "| check | expectation | column | expects | result | unexpected | offending rows / observed |",
            "|---|---|---|---|---|---:|---|",
        ]
        for o in self.outcomes:
            unexpected = "" if o.unexpected is None else f"{o.unexpected:,} of {o.rows:,}"
            detail = o.error or "; ".join(o.examples) or (o.observed or "")
            result = {"passed": "✅ passed", "failed": "❌ FAILED", "warning": "⚠️ warning"}[o.status]
            lines.append(
                f"| `{o.name}` | {o.expectation} | {o.column or ''} | {cell(o.expects)} | {result} | {unexpected} "
                f"| {cell(detail)} |"
            )
        return "\n".join(lines)

    def to_table(self) -> pa.Table:
        """One row per expectation: the stored record a model card can cite."""
        rows = [
            {
                "suite": self.suite,
                **o.model_dump(include={"name", "expectation", "column", "expects", "severity", "success"}),
                "status": o.status,
                "rows": o.rows,
                "unexpected": o.unexpected,
                "observed": o.observed,
                "examples": "; ".join(o.examples) or None,
                "error": o.error,
            }
            for o in self.outcomes
        ]
        schema = pa.schema(
            [
                ("suite", pa.string()),
                ("name", pa.string()),
                ("expectation", pa.string()),
                ("column", pa.string()),
                ("expects", pa.string()),
                ("severity", pa.string()),
                ("success", pa.bool_()),
                ("status", pa.string()),
                ("rows", pa.int64()),
                ("unexpected", pa.int64()),
                ("observed", pa.string()),
                ("examples", pa.string()),
                ("error", pa.string()),
            ]
        )
        return pa.Table.from_pylist(rows, schema=schema)


def report_page(store: ArtifactStore, report: ArtifactRef) -> str:
    """The URL of the Data Docs page in a stored contract report (its index where GX wrote no validation page)."""
    # a rerun of a failed contract keeps the first report (same id), so the page is looked up in the store
    folder = store.path("folders", report.name, report.id)
    pages = sorted(store.fs.glob(f"{folder}/validations/**/*.html"))
    page = pages[0][len(folder) + 1 :] if pages else "index.html"
    return Path(report.uri, page).as_uri() if store.is_local else f"{report.uri}/{page}"
