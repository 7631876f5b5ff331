"""Command line: `python -m tourism_grpo.data.synthetic qa|cot --rows N [--seed S] --out rows.jsonl`."""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Sequence
from pathlib import Path

from tourism_grpo.data.synthetic.compose import generate_cot, generate_qa


def write_jsonl(records: list[dict[str, str]], path: str | os.PathLike[str]) -> None:
    """Write records as UTF-8 JSON Lines, one object a line, non-ASCII kept as is."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="\n") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: generate a QA or CoT set and write it as JSON Lines."""
    parser = argparse.ArgumentParser(prog="python -m tourism_grpo.data.synthetic", description=main.__doc__)
    parser.add_argument("kind", choices=("qa", "cot"))
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", required=True, help="output .jsonl path")
    args = parser.parse_args(argv)
    generate = generate_qa if args.kind == "qa" else generate_cot
    write_jsonl(generate(args.rows, args.seed), args.out)
