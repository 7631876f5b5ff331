"""Time `prepare_data` on the 166K QA shape, cold and warm, against the plain pyarrow read+write floor.

Run: .venv/bin/python bench/bench_prepare_data.py [--rows 166000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _options import add_shape_options
from _process import import_seconds
from _report import Figure, machine, record, write_section

from tourism_grpo.run_environment import OFFLINE, apply

apply({**OFFLINE, "PREFECT_LOGGING_LEVEL": "WARNING"})  # the fresh interpreters of import_seconds inherit it too


SETTLE_SECONDS = 3.0


def floor_seconds(source: Path, target: Path) -> float:
    """Plain pyarrow: read the JSONL source and write it as Parquet."""
    import pyarrow.json as pajson
    import pyarrow.parquet as pq

    start = time.perf_counter()
    pq.write_table(pajson.read_json(source), target, compression="zstd")
    return time.perf_counter() - start


def settle() -> None:
    """Let the ephemeral server finish writing the last run's events before the next run starts.

    Runs from the command line are separate invocations; back to back in one process, the next run's creation meets
    SQLite still locked by the last one's writes, and Prefect's client retries it after about 2 s.
    """
    time.sleep(SETTLE_SECONDS)


def forget_per_process_caches() -> None:
    """Drop what an earlier run in this process left in memory, so each cold run pays what a fresh CLI run pays.

    The source file's hash (shared by the cache key and the task) and the lexicon's word polarities.
    """
    from tourism_grpo.data import source_fingerprint
    from tourism_grpo.rewards import sentiment

    source_fingerprint._sha256_of.cache_clear()
    sentiment._polarity.cache_clear()


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
    add_shape_options(parser)
    parser.add_argument(
        "--repeats", type=int, default=5, help="cold runs (each into a fresh store), warm runs and floor runs"
    )
    args = parser.parse_args()

    imports = {
        module: import_seconds(module)
        for module in ("prefect", "pyarrow", "great_expectations", "tourism_grpo.flows.prepare_data")
    }
    # The validate task imports GX inside; imported here first, its one-off cost stays out of the task's time and
    # is listed with the other fixed costs instead.
    import great_expectations  # noqa: F401
    from prefect import flow

    from tourism_grpo.cli import local_run_settings
    from tourism_grpo.data.params import DataParams, SubsetParams
    from tourism_grpo.data.source_spec import SourceSpec
    from tourism_grpo.data.synthetic import generate_qa, write_jsonl
    from tourism_grpo.flows.prepare_data import prepare_data

    # flows run as `tourism-grpo run` runs them: ephemeral Prefect without flow-run heartbeats
    with tempfile.TemporaryDirectory() as tmp, local_run_settings():
        scratch = Path(tmp)
        source = scratch / "qa-166k.jsonl"
        start = time.perf_counter()
        write_jsonl(generate_qa(args.rows, seed=0), source)
        generate = time.perf_counter() - start
        size_mb = source.stat().st_size / 1e6

        @flow
        def noop() -> None:
            """Measures Prefect's fixed cost of starting an ephemeral server and a flow run."""

        start = time.perf_counter()
        noop()
        server_start = time.perf_counter() - start
        settle()
        start = time.perf_counter()
        noop()
        flow_overhead = time.perf_counter() - start

        params = DataParams(
            source=SourceSpec(uri=str(source)),
            subset=SubsetParams(train_size=args.train, eval_size=args.eval, seed=0),
        )
        colds: list[float] = []
        tasks_by_run: list[dict[str, float]] = []
        floors: list[float] = []
        for attempt in range(args.repeats):
            # the floor beside each cold run, so both meet the same machine (a shared VM's speed drifts)
            settle()
            floors.append(floor_seconds(source, scratch / f"floor-{attempt}.parquet"))
            # a fresh store is a cache miss for every task: each of these runs is cold
            store = str(scratch / f"store-{attempt}")
            forget_per_process_caches()
            settle()
            start = time.perf_counter()
            cold_state = prepare_data(params, store=store, return_state=True)
            colds.append(time.perf_counter() - start)
            tasks_by_run.append(task_seconds(cold_state))
        warms = []
        for _ in range(args.repeats):
            settle()
            start = time.perf_counter()
            prepare_data(params, store=store, return_state=True)
            warms.append(time.perf_counter() - start)

    def each(values: list[float]) -> str:
        return " / ".join(f"{value:.2f}" for value in values)

    floor, cold, warm = median(floors), median(colds), median(warms)
    steps = sorted(tasks_by_run[0])
    data_work = [sum(tasks.values()) for tasks in tasks_by_run]
    # the contracts are timed against plain pandas by bench_contracts.py; the floor's target is for the rest
    foundation = [total - tasks["validate"] for total, tasks in zip(data_work, tasks_by_run, strict=True)]
    rows = [
        ("pyarrow floor: read JSONL + write Parquet (baseline)", floors),
        ("cold run: data work, every task (sum of task run times)", data_work),
        ("cold run: data work without the GX contracts (ingest, subset, enrich)", foundation),
        *[(f"  task {step} (all its runs)", [tasks[step] for tasks in tasks_by_run]) for step in steps],
        ("cold run: wall time of the flow", colds),
        ("warm run: wall time (every task Cached)", warms),
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
            "enrich with the offline lexicon scorer. All figures from one run. Flows run as `tourism-grpo run` "
            "runs them: ephemeral Prefect, flow-run heartbeats off (`tourism_grpo.cli.local_run_settings`; with them "
            "on, every flow run's end waits up to 1 s for Prefect's heartbeat thread).",
            "",
            f"| measurement | seconds, median of {args.repeats} | × floor | each run (s) |",
            "|---|---:|---:|---|",
            *[
                f"| {name} | {median(values):.2f} | {median(values) / floor:.2f} | {each(values)} |"
                for name, values in rows
            ],
            "",
            f"Each cold run writes into a fresh store (every task a cache miss) after the process's in-memory caches "
            "are dropped (the source file's hash, the lexicon's word polarities: `forget_per_process_caches()`); the "
            "first also pays the process's one-off warm-up (first touch of memory, first use of each Arrow kernel). "
            f"Each measured run starts {SETTLE_SECONDS:.0f} s after the last, as separate command-line runs would "
            "(`settle()`), and each cold run follows a floor run, so the two meet the same machine. "
            f"Warm run / cold run: **{warm / cold:.1%}** (target under 10%); net of one flow run's fixed cost "
            f"(the no-op flow below, {flow_overhead:.2f} s, paid by both): "
            f"{(warm - flow_overhead) / (cold - flow_overhead):.1%}. "
            f"Cold data work without the contracts / floor: **{median(foundation) / floor:.2f}×** (target within 5×; "
            f"each cold run against the floor measured just before it: "
            f"{' / '.join(f'{work / base:.2f}×' for work, base in zip(foundation, floors, strict=True))}); "
            f"with the two GX validations: {median(data_work) / floor:.2f}×.",
            "",
            "Fixed start-up costs, listed apart (paid once per process, not per row):",
            "",
            "| fixed cost | seconds |",
            "|---|---:|",
            *[f"| {name} | {seconds:.2f} |" for name, seconds in fixed],
        ]
    )
    write_section("prepare-data", body)
    floor_label = f"pyarrow read JSONL + write Parquet, median of {args.repeats} ({floor:.2f} s)"
    record(
        "prepare-data",
        f".venv/bin/python bench/bench_prepare_data.py --rows {args.rows}",
        [
            Figure(
                f"cold run: data work without the GX contracts (ingest, subset, enrich), median of {args.repeats}",
                median(foundation),
                "s",
                median(foundation) / floor,
                floor_label,
                "< 5×",
            ),
            Figure("cold run: data work, every task", median(data_work), "s", median(data_work) / floor, floor_label),
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
