"""Time the `qa` data contract on the 166K QA shape with Great Expectations beside the same checks in plain pandas.

Run: .venv/bin/python bench/bench_contracts.py [--rows 166000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _options import add_shape_options
from _process import import_seconds
from _report import Figure, machine, record, write_section

from tourism_grpo.run_environment import OFFLINE, apply

apply(OFFLINE)  # the fresh interpreters of import_seconds inherit it too

REPEATS = 3


def best_of(run: Callable[[], Any]) -> tuple[float, Any]:
    """Best wall time of REPEATS runs, and the last run's value."""
    best, value = float("inf"), None
    for _ in range(REPEATS):
        start = time.perf_counter()
        value = run()
        best = min(best, time.perf_counter() - start)
    return best, value


def pandas_checks(frame, specs) -> dict[str, int]:
    """The suite's expectations computed directly with pandas: expectation name -> unexpected rows (or 0/1)."""
    from tourism_grpo.data_contracts.suites import LOOKS_GERMAN

    counts: dict[str, int] = {}
    for spec in specs:
        column, kwargs = spec.column, spec.kwargs
        values = frame[column] if column is not None else None
        if spec.check == "columns":
            counts[spec.name] = int(not set(kwargs["column_set"]) <= set(frame.columns))
        elif spec.check == "type":
            counts[spec.name] = int(str(values.dtype) != "str")
        elif spec.check == "not_null":
            counts[spec.name] = int(values.isna().sum())
        elif spec.check == "not_blank":
            counts[spec.name] = int(values.str.fullmatch(r"\s*").fillna(False).sum())
        elif spec.check == "length":
            lengths = values.dropna().str.len()
            counts[spec.name] = int((~lengths.between(kwargs["min_value"], kwargs["max_value"])).sum())
        elif spec.name in ("unique_id", "duplicate_questions", "duplicate_answers"):
            counts[spec.name] = int(values.dropna().duplicated(keep=False).sum())
        elif spec.name == "german_share":
            counts[spec.name] = int((~frame[LOOKS_GERMAN]).sum())
        elif spec.name == "row_count":
            counts[spec.name] = int(len(frame) < kwargs["min_value"])
        else:
            raise ValueError(f"No pandas twin for {spec.name}")
    return counts


def gx_counts(result) -> dict[str, int]:
    """The same numbers from a GX contract result, for the agreement check."""
    counts = {}
    for outcome in result.outcomes:
        counts[outcome.name] = outcome.unexpected if outcome.unexpected is not None else int(not outcome.success)
    return counts


def main() -> None:
    """Generate the 166K shape, time everything in one run, write the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    add_shape_options(parser)
    args = parser.parse_args()

    gx_import = import_seconds("great_expectations")

    import pyarrow as pa

    from tourism_grpo.data.normalize import normalise
    from tourism_grpo.data.synthetic import generate_qa
    from tourism_grpo.data_contracts.params import ContractParams
    from tourism_grpo.data_contracts.suites import contract_frame, run_suite, suite_specs

    table, _ = normalise(pa.Table.from_pylist(generate_qa(args.rows, seed=0)), "qa", "synthetic")
    specs = suite_specs("qa", "qa", ContractParams(), args.train, args.eval)
    helpers, frame = best_of(lambda: contract_frame({"source": table}))
    tables = {"source": "bench"}

    run_suite(frame, specs, suite="qa", tables=tables)  # GX's first run pays lazy imports; not a per-run cost
    gx_seconds, result = best_of(lambda: run_suite(frame, specs, suite="qa", tables=tables))
    with tempfile.TemporaryDirectory() as scratch:
        docs_seconds, _ = best_of(
            lambda: run_suite(frame, specs, suite="qa", tables=tables, docs_dir=Path(tempfile.mkdtemp(dir=scratch)))
        )
    pandas_seconds, counts = best_of(lambda: pandas_checks(frame, specs))
    if counts != gx_counts(result):
        raise SystemExit(f"GX and pandas disagree: {counts} vs {gx_counts(result)}")

    rows = [
        ("plain pandas: the same checks on the same frame (baseline)", pandas_seconds),
        ("Great Expectations: run the suite (ephemeral context, no Data Docs)", gx_seconds),
        ("Great Expectations: run the suite and build its Data Docs site", docs_seconds),
    ]
    body = "\n".join(
        [
            "## Data contracts: the `qa` suite on the 166K QA shape, GX beside plain pandas",
            "",
            f"Reproduce: `.venv/bin/python bench/bench_contracts.py --rows {args.rows}` ({machine()}). "
            f"{table.num_rows:,} canonical rows from `generate_qa({args.rows}, seed=0)`, {len(specs)} expectations "
            f"(row count at least {args.train:,} + {args.eval:,}); best of {REPEATS}, all figures from one run. "
            "Both sides read the same DataFrame with the helper columns already derived, and the script checks "
            f"that they find the same unexpected counts; the contract {'passed' if result.success else 'failed'}.",
            "",
            "| measurement | seconds | × pandas |",
            "|---|---:|---:|",
            *[f"| {name} | {seconds:.2f} | {seconds / pandas_seconds:.1f} |" for name, seconds in rows],
            "",
            "Paid by both, or once per process, listed apart:",
            "",
            "| cost | seconds |",
            "|---|---:|",
            f"| derive the helper columns (`question_normalised`, `looks_german`), convert to pandas | {helpers:.2f} |",
            f"| import great_expectations (fresh interpreter; the task imports it inside) | {gx_import:.2f} |",
        ]
    )
    write_section("contracts", body)
    baseline = f"plain pandas, the same checks ({pandas_seconds:.2f} s)"
    record(
        "contracts",
        f".venv/bin/python bench/bench_contracts.py --rows {args.rows}",
        [
            Figure(
                f"`qa` contract with GX, {table.num_rows:,} rows",
                gx_seconds,
                "s",
                gx_seconds / pandas_seconds,
                baseline,
            ),
            Figure("`qa` contract with GX + Data Docs", docs_seconds, "s", docs_seconds / pandas_seconds, baseline),
            Figure("import great_expectations (once per process)", gx_import, "s"),
        ],
    )
    print(body)


if __name__ == "__main__":
    main()
