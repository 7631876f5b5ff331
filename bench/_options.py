"""Command-line options the benchmarks share."""

from __future__ import annotations

import argparse


def add_run_options(parser: argparse.ArgumentParser, overrides_help: str) -> None:
    """The options of a benchmark whose child processes run a preset: --set, --keep and --no-write."""
    parser.add_argument(
        "--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE", help=overrides_help
    )
    parser.add_argument("--keep", action="store_true", help="keep the work folder (runs, logs, stores) and say where")
    parser.add_argument("--no-write", action="store_true", help="print only, leave BENCHMARKS.md alone")


def add_shape_options(parser: argparse.ArgumentParser) -> None:
    """The QA table's shape a data benchmark generates: --rows, and the --train and --eval sizes drawn from it."""
    parser.add_argument("--rows", type=int, default=166_000)
    parser.add_argument("--train", type=int, default=10_000)
    parser.add_argument("--eval", type=int, default=500)
