"""Write a benchmark's figures into BENCHMARKS.md: its own section, and its headline rows in the summary table.

Each bench script calls `write_section` with its detailed markdown and `record` with a few headline `Figure`s.
`record` keeps those in `bench/results/<bench>.json` (committed, machine-readable) and regenerates the summary
table at the top of BENCHMARKS.md, between `<!-- bench:summary -->` markers, from every file there.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import platform
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
BENCHMARKS = BENCH_DIR.parent / "BENCHMARKS.md"
RESULTS = BENCH_DIR / "results"
SUMMARY = "summary"
# Summary order: the pipeline's order, then anything else alphabetically. A bench listed here without a results
# file shows up as "not recorded yet".
ORDER = ("prepare-data", "contracts", "rewards", "train-step", "demo")
SCRIPTS = {
    "prepare-data": "bench_prepare_data.py",
    "contracts": "bench_contracts.py",
    "rewards": "bench_rewards.py",
    "train-step": "bench_train_step.py",
    "demo": "bench_demo.py",
}


def machine() -> str:
    """One line naming the machine the figures come from."""
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


@dataclass(frozen=True)
class Figure:
    """One headline figure: a value, and its ratio to the baseline the same run measured."""

    name: str
    value: float
    unit: str  # "s", "ms", "MiB", "%", ...
    ratio: float | None = None  # value / baseline, both from the same run; None where there is no baseline
    baseline: str | None = None  # what the ratio compares against, with its value
    target: str | None = None  # e.g. "< 1.05×"; None where the project sets none


@contextmanager
def _locked_benchmarks() -> Iterator[list[str]]:
    """BENCHMARKS.md's text, locked against another bench script writing at the same time; set [0] to rewrite."""
    BENCHMARKS.touch(exist_ok=True)
    with BENCHMARKS.open("r+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            original = handle.read() or "# Benchmarks\n"
            text = [original]
            yield text
            if text[0] != original:
                handle.seek(0)
                handle.write(text[0])
                handle.truncate()
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _place(text: str, name: str, body: str, top: bool = False) -> str:
    """`text` with the block between `<!-- bench:name -->` markers replaced, or added (at the end, or the top)."""
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    block = f"{start}\n{body.strip()}\n{end}"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    if pattern.search(text):
        return pattern.sub(lambda _: block, text)
    if not top:
        return f"{text.rstrip()}\n\n{block}\n"
    title, newline, rest = text.partition("\n")
    if not title.startswith("# "):
        return f"{block}\n\n{text}"
    return f"{title}{newline}\n{block}\n\n{rest.lstrip()}".rstrip() + "\n"


def write_section(name: str, body: str) -> None:
    """Replace (or append) the block between `<!-- bench:name -->` markers."""
    with _locked_benchmarks() as text:
        text[0] = _place(text[0], name, body)


def record(bench: str, reproduce: str, figures: Sequence[Figure]) -> Path:
    """Keep a bench's headline figures in bench/results/<bench>.json and regenerate the summary table."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{bench}.json"
    payload = {
        "bench": bench,
        "reproduce": reproduce,
        "machine": machine(),
        "measured": dt.date.today().isoformat(),
        "figures": [asdict(figure) for figure in figures],
    }
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    temporary.replace(path)
    write_summary()
    return path


def _number(value: float) -> str:
    magnitude = abs(value)
    if magnitude >= 100:
        return f"{value:,.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    if magnitude >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def _ratio(value: float) -> str:
    return f"{value:.3f}×" if abs(value) < 1 else f"{value:.2f}×"


def _results() -> list[dict]:
    loaded = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(RESULTS.glob("*.json"))]
    rank = {name: index for index, name in enumerate(ORDER)}
    return sorted(loaded, key=lambda result: (rank.get(result["bench"], len(ORDER)), result["bench"]))


def summary_markdown() -> str:
    """The summary table built from every bench/results/*.json."""
    results = _results()
    rows = []
    for result in results:
        for index, figure in enumerate(result["figures"]):
            first = index == 0
            ratio = _ratio(figure["ratio"]) if figure.get("ratio") is not None else "-"
            rows.append(
                "| "
                + " | ".join(
                    [
                        f"`{result['bench']}`" if first else "",
                        figure["name"],
                        _number(figure["value"]) + ("" if figure["unit"] == "%" else " ") + figure["unit"],
                        ratio,
                        figure.get("baseline") or "-",
                        figure.get("target") or "-",
                        f"`{result['reproduce']}`" if first else "",
                        result["measured"] if first else "",
                    ]
                )
                + " |"
            )
    machines = sorted({result["machine"] for result in results})
    recorded = {result["bench"] for result in results}
    missing = [name for name in ORDER if name not in recorded]
    lines = [
        "## Summary",
        "",
        "Every headline figure the `bench/` scripts produce, one row each, regenerated from `bench/results/*.json` "
        "whenever a script runs; `make bench` runs them all in sequence (the demo last). Each ratio compares a value "
        "with a baseline measured in the same run of the same script; the script's own section below has the "
        "details. Machine: " + ("; ".join(machines) if machines else "none yet") + ".",
        "",
        "| bench | figure | value | ratio | baseline (same run) | target | reproduce | measured |",
        "|---|---|---:|---:|---|---|---|---|",
        *rows,
    ]
    if missing:
        lines += [
            "",
            "Not recorded yet: "
            + ", ".join(f"{name} (`.venv/bin/python bench/{SCRIPTS[name]}`)" for name in missing)
            + ".",
        ]
    return "\n".join(lines)


def write_summary() -> None:
    """Regenerate the summary table at the top of BENCHMARKS.md."""
    with _locked_benchmarks() as text:
        text[0] = _place(text[0], SUMMARY, summary_markdown(), top=True)


if __name__ == "__main__":
    write_summary()
