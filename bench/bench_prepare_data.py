"""Time `prepare_data` on the 166K QA shape, cold and warm, against the plain pyarrow read+write floor.

Run: .venv/bin/python bench/bench_prepare_data.py [--rows 166000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import Figure, machine, record, write_section

for key, value in {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "HF_HUB_OFFLINE": "1",
    "PREFECT_LOGGING_LEVEL": "WARNING",
}.items():
    os.environ.setdefault(key, value)


def import_seconds(module: str) -> float:
    """Wall time of importing a module in a fresh interpreter, minus the bare interpreter start."""

    def run(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - start

    return min(run(f"import {module}") for _ in range(3)) - min(run("pass") for _ in range(3))


def floor_seconds(source: Path, scratch: Path) -> float:
    """Plain pyarrow: read the JSONL source and write it as Parquet (best of three)."""
    import pyarrow.json as pajson
    import pyarrow.parquet as pq

    best = float("inf")
    for attempt in range(3):
        start = time.perf_counter()
        pq.write_table(pajson.read_json(source), scratch / f"floor-{attempt}.parquet", compression="zstd")
        best = min(best, time.perf_counter() - start)
    return best


def task_seconds(state) -> dict[str, float]:
    """Seconds each step's task runs of a flow run spent running, as Prefect recorded them."""
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[state.state_details.flow_run_id]))
        )
    totals: dict[str, float] = {}
    for run in runs:
        step = run.name.rsplit("-", 1)[0]
        totals[step] = totals.get(step, 0.0) + run.total_run_time.total_seconds()
    return totals


def main() -> None:
    """Generate the source, time everything in one run, write the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=166_000)
    parser.add_argument("--train", type=int, default=10_000)
    parser.add_argument("--eval", type=int, default=500)
    args = parser.parse_args()

    imports = {
        module: import_seconds(module)
        for module in ("prefect", "pyarrow", "great_expectations", "tourism_grpo.flows.prepare_data")
    }
    # The validate task imports GX inside; imported here first, its one-off cost stays out of the task's time and
    # is listed with the other fixed costs instead.
    import great_expectations  # noqa: F401
    from prefect import flow

    from tourism_grpo.config import DataParams, SubsetParams
    from tourism_grpo.data.sources import SourceSpec
    from tourism_grpo.data.synthetic import generate_qa, write_jsonl
    from tourism_grpo.flows.prepare_data import prepare_data

    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        source = scratch / "qa-166k.jsonl"
        start = time.perf_counter()
        write_jsonl(generate_qa(args.rows, seed=0), source)
        generate = time.perf_counter() - start
        size_mb = source.stat().st_size / 1e6
        floor = floor_seconds(source, scratch)

        @flow
        def noop() -> None:
            """Measures Prefect's fixed cost of starting an ephemeral server and a flow run."""

        start = time.perf_counter()
        noop()
        server_start = time.perf_counter() - start
        start = time.perf_counter()
        noop()
        flow_overhead = time.perf_counter() - start

        params = DataParams(
            source=SourceSpec(uri=str(source)),
            subset=SubsetParams(train_size=args.train, eval_size=args.eval, seed=0),
        )
        store = str(scratch / "store")
        start = time.perf_counter()
        cold_state = prepare_data(params, store=store, return_state=True)
        cold = time.perf_counter() - start
        tasks = task_seconds(cold_state)
        start = time.perf_counter()
        prepare_data(params, store=store, return_state=True)
        warm = time.perf_counter() - start

    data_work = sum(tasks.values())
    # the contracts are timed against plain pandas by bench_contracts.py; the floor's target is for the rest
    foundation = data_work - tasks["validate"]
    rows = [
        ("pyarrow floor: read JSONL + write Parquet (baseline)", floor, 1.0),
        ("cold run: data work, every task (sum of task run times)", data_work, data_work / floor),
        ("cold run: data work without the GX contracts (ingest, subset, enrich)", foundation, foundation / floor),
        *[
            (f"  task {name} (all its runs)", seconds, seconds / floor)
            for name, seconds in sorted(tasks.items())
        ],
        ("cold run: wall time of the flow", cold, cold / floor),
        ("warm run: wall time (every task Cached)", warm, warm / floor),
    ]
    fixed = [
        ("ephemeral Prefect server start + first flow run", server_start),
        ("each further flow run (no-op flow)", flow_overhead),
        *[(f"import {module} (fresh interpreter)", seconds) for module, seconds in imports.items()],
        (f"generate the source ({args.rows:,} rows, {size_mb:.0f} MB JSONL; not part of a run)", generate),
    ]
    body = "\n".join(
        [
            "## Data stage: `prepare_data` on the 166K QA shape",
            "",
            f"Reproduce: `.venv/bin/python bench/bench_prepare_data.py --rows {args.rows}` ({machine()}). "
            f"Source: {args.rows:,} generated QA rows as JSONL; subsets {args.train:,} train + {args.eval:,} eval; "
            "enrich with the offline lexicon scorer. All figures from one run.",
            "",
            "| measurement | seconds | × floor |",
            "|---|---:|---:|",
            *[f"| {name} | {seconds:.2f} | {ratio:.2f} |" for name, seconds, ratio in rows],
            "",
            f"Warm run / cold run: **{warm / cold:.1%}** (target under 10%); net of one flow run's fixed cost "
            f"(the no-op flow below, {flow_overhead:.2f} s, paid by both): "
            f"{(warm - flow_overhead) / (cold - flow_overhead):.1%}. "
            f"Cold data work without the contracts / floor: **{foundation / floor:.2f}×** (target within 5×); "
            f"with the two GX validations: {data_work / floor:.2f}×.",
            "",
            "Fixed start-up costs, listed apart (paid once per process, not per row):",
            "",
            "| fixed cost | seconds |",
            "|---|---:|",
            *[f"| {name} | {seconds:.2f} |" for name, seconds in fixed],
        ]
    )
    write_section("prepare-data", body)
    floor_label = f"pyarrow read JSONL + write Parquet ({floor:.2f} s)"
    record(
        "prepare-data",
        f".venv/bin/python bench/bench_prepare_data.py --rows {args.rows}",
        [
            Figure("cold run: data work without the GX contracts (ingest, subset, enrich)", foundation, "s",
                   foundation / floor, floor_label, "< 5×"),
            Figure("cold run: data work, every task", data_work, "s", data_work / floor, floor_label),
            Figure("warm run: every task Cached", warm, "s", warm / cold, f"cold run, wall ({cold:.2f} s)", "< 0.10×"),
            Figure(
                "warm run net of a flow run's fixed cost (no-op flow, paid by both runs)",
                warm - flow_overhead,
                "s",
                (warm - flow_overhead) / (cold - flow_overhead),
                f"cold run net of the same ({cold - flow_overhead:.2f} s)",
                "< 0.10×",
            ),
        ],
    )
    print(body)


if __name__ == "__main__":
    main()
