"""Time `tourism-grpo run demo` end to end in a fresh store and PREFECT_HOME: wall, per-task run times, peak RSS.

Run: .venv/bin/python bench/bench_demo.py [--set train.max_steps=3 ...] [--no-write]

The demo runs as a user runs it, with timers around generation (bench/_timed_cli.py: the CLI's own `main` with
TRL's rollouts and the evaluation's `generate` timed) in a subprocess, ephemeral Prefect (no PREFECT_API_URL),
HF_HUB_OFFLINE=1, with a temporary store (`--store`) and a temporary PREFECT_HOME, so nothing is cached from an
earlier run. Afterwards the script reads the run's flow and task runs back from that PREFECT_HOME's database through
the Prefect API (a second ephemeral server, not timed). Peak memory is the resident set of the whole process tree
(the CLI process and the ephemeral Prefect server), sampled every 0.2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _options import add_run_options
from _process import child_env, run_measured
from _report import Figure, machine, record, write_section

from tourism_grpo.run_environment import OFFLINE

# Exit code of a run whose publish gate refused the tuned model: the timings are still those of a whole run.
REFUSED = 2


# The seconds the base model's conversion from GGUF takes belong to set-up: a machine pays them once, later runs in
# the same store reuse the converted folder.
SET_UP_TASKS = ("convert-base-model",)


def run_demo(overrides: list[str], workdir: Path) -> dict[str, Any]:
    """Run the demo once; wall time, exit code, peak RSS, seconds spent generating, and the log."""
    # the CLI with timers around generation (bench/_timed_cli.py), else as `make demo` runs it
    argv = [sys.executable, str(Path(__file__).with_name("_timed_cli.py")), "run", "demo"]
    argv += ["--store", str(workdir / "store")]
    for override in overrides:
        argv += ["--set", override]
    log, times = workdir / "demo.log", workdir / "generation.json"
    run = run_measured(
        argv, child_env(workdir / "prefect-home", {"BENCH_GENERATION_TIMES": str(times)}), workdir, log, interval=0.2
    )
    text = log.read_text(encoding="utf-8", errors="replace")
    code = run.code
    refused = code == REFUSED and "did not pass the publish gate" in text
    if code and not refused:
        raise SystemExit(f"`{' '.join(argv)}` exited with {code}; the end of its output:\n{text[-4000:]}")
    return {
        "argv": argv,
        "wall": run.wall,
        "code": code,
        "refused": refused,
        "peak_tree_mib": run.peak_tree_mib,
        "peak_process_mib": run.peak_process_mib,
        "maxrss_mib": run.maxrss_mib,
        "log": text,
        # absent when the run stopped before the CLI started (its log above says why)
        "generation": json.loads(times.read_text(encoding="utf-8")) if times.exists() else {},
    }


def read_runs(prefect_home: Path) -> tuple[list[Any], list[Any], dict[Any, str]]:
    """Flow runs, task runs and flow names recorded in that PREFECT_HOME (a fresh one holds only the demo's run)."""
    os.environ.pop("PREFECT_API_URL", None)
    os.environ |= OFFLINE | {"PREFECT_HOME": str(prefect_home), "PREFECT_LOGGING_LEVEL": "WARNING"}
    from prefect import get_client

    with get_client(sync_client=True) as client:
        flow_runs = client.read_flow_runs()
        task_runs = client.read_task_runs()
        flows = {flow.id: flow.name for flow in client.read_flows()}
    return flow_runs, task_runs, flows


def task_seconds(flow_runs: list[Any], task_runs: list[Any]) -> dict[str, tuple[int, float]]:
    """Task name -> (runs, seconds spent running) over every task run of the demo, subflows' tasks included."""
    subflow_tasks = {run.parent_task_run_id for run in flow_runs if run.parent_task_run_id}
    totals: dict[str, tuple[int, float]] = {}
    for run in task_runs:
        if run.id in subflow_tasks:  # the placeholder task run of a subflow: its own tasks are counted instead
            continue
        name = run.name.rsplit("-", 1)[0]
        count, seconds = totals.get(name, (0, 0.0))
        totals[name] = (count + 1, seconds + run.total_run_time.total_seconds())
    return totals


def main() -> None:
    """Run the demo once, read its task runs back, write the section and the headline figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_run_options(
        parser, "passed on to `tourism-grpo run demo --set` (repeatable), e.g. train.max_steps=3 for a quick check"
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-demo-"))
    try:
        demo = run_demo(args.overrides, workdir)
        flow_runs, task_runs, flows = read_runs(workdir / "prefect-home")
    finally:
        if args.keep:
            print(f"Work folder kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    report(args, demo, flow_runs, task_runs, flows)


def report(
    args: argparse.Namespace, demo: dict[str, Any], flow_runs: list[Any], task_runs: list[Any], flows: dict[Any, str]
) -> None:
    """Print the section; write it and the headline figures unless --no-write."""
    tasks = task_seconds(flow_runs, task_runs)
    wall, task_sum = demo["wall"], sum(seconds for _, seconds in tasks.values())
    set_up = sum(tasks.get(name, (0, 0.0))[1] for name in SET_UP_TASKS)
    rollouts, evaluation = demo["generation"].get("rollouts", 0.0), demo["generation"].get("evaluation", 0.0)
    ordered = sorted(flow_runs, key=lambda run: run.start_time or run.expected_start_time)
    reproduce = " ".join(
        [".venv/bin/python bench/bench_demo.py", *(f"--set {override}" for override in args.overrides)]
    )
    outcome = (
        "the publish gate refused the tuned model (exit code 2; timings are of the whole run)"
        if demo["refused"]
        else "the tuned model was published (exit code 0)"
    )
    ranked = sorted(tasks.items(), key=lambda item: -item[1][1])
    body = "\n".join(
        [
            "## Demo end to end: `tourism-grpo run demo`",
            "",
            f"Reproduce: `{reproduce}` ({machine()}, CPU). One run of "
            f"`tourism-grpo run demo{''.join(f' --set {o}' for o in args.overrides)}` as `make demo` runs it "
            "(the CLI's own entry point with generation timed by bench/_timed_cli.py, ephemeral Prefect, "
            "HF_HUB_OFFLINE=1) with a fresh temporary store and PREFECT_HOME, "
            f"so every step computes; {outcome}. Task run times are Prefect's own (time in the Running state, "
            "retries included), read back from the run's database through the Prefect API.",
            "",
            "| measurement | seconds | share of wall |",
            "|---|---:|---:|",
            f"| **wall time**, process start to exit | {wall:.1f} | 100% |",
            f"| sum of task run times | {task_sum:.1f} | {task_sum / wall:.0%} |",
            *[
                f"|   task {name}{f' ({count} runs)' if count > 1 else ''} | {seconds:.1f} | {seconds / wall:.1%} |"
                for name, (count, seconds) in ranked
            ],
            f"| outside tasks: interpreter, imports, ephemeral Prefect server, flow orchestration | "
            f"{wall - task_sum:.1f} | {(wall - task_sum) / wall:.0%} |",
            f"| **after set-up**: wall less the base model's conversion ({', '.join(SET_UP_TASKS)}), which a "
            f"machine pays once | {wall - set_up:.1f} | {(wall - set_up) / wall:.0%} |",
            f"| generation, GRPO rollouts (TRL `GRPOTrainer._generate`) | {rollouts:.1f} | {rollouts / wall:.0%} |",
            f"| generation, evaluation (base and tuned answer the held-out questions) | {evaluation:.1f} | "
            f"{evaluation / wall:.0%} |",
            "",
            "Flow runs (time in the Running state, their tasks included): "
            + ", ".join(
                f"`{flows.get(run.flow_id, run.name)}` {run.total_run_time.total_seconds():.1f} s ({run.state_name})"
                for run in ordered
            )
            + ".",
            "",
            "| peak memory | MiB |",
            "|---|---:|",
            f"| process tree, sum of resident sets (CLI process + ephemeral Prefect server) | "
            f"{demo['peak_tree_mib']:,.0f} |",
            f"| largest single process | {demo['peak_process_mib']:,.0f} |",
            f"| `ru_maxrss` of the run (largest process, exact) | {demo['maxrss_mib']:,.0f} |",
        ]
    )
    print(body)
    if args.no_write:
        return
    write_section("demo", body)
    figures = [
        Figure(
            "demo end to end after set-up, wall time" + (" (publish gate refused)" if demo["refused"] else ""),
            wall - set_up,
            "s",
            (wall - set_up) / (task_sum - set_up),
            f"sum of its task run times after set-up ({task_sum - set_up:.0f} s)",
            "< 1500 s",
        ),
        Figure(
            "demo: generation (rollouts and evaluation)",
            rollouts + evaluation,
            "s",
            (rollouts + evaluation) / wall,
            f"the demo's wall time ({wall:.0f} s)",
        ),
        *[
            Figure(f"demo: task {name}", seconds, "s", seconds / wall, f"the demo's wall time ({wall:.0f} s)")
            for name, (_, seconds) in ranked[:3]
        ],
        Figure(
            "peak RSS, demo process tree (incl. Prefect server)",
            demo["peak_tree_mib"],
            "MiB",
            demo["peak_tree_mib"] / demo["peak_process_mib"],
            f"largest single process ({demo['peak_process_mib']:,.0f} MiB)",
        ),
    ]
    record("demo", reproduce, figures)


if __name__ == "__main__":
    main()
