"""The `tourism-grpo` command: run presets in ephemeral Prefect, list them."""

from __future__ import annotations

import argparse
import os
import sys

PRIVACY_DEFAULTS = {
    # a CLI run must never phone home; Prefect's telemetry also locks the ephemeral database
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "GX_ANALYTICS_ENABLED": "false",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tourism-grpo",
        description="Fine-tune reasoning LLMs with GRPO on German tourism QA data, orchestrated by Prefect.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "run", help="run a preset's whole chain (ephemeral Prefect unless PREFECT_API_URL is set)"
    )
    run.add_argument("preset", help="preset name (see `tourism-grpo presets`) or a path to a preset .yaml")
    run.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a preset field, e.g. --set data.subset.seed=7 (repeatable)",
    )
    run.add_argument("--store", help="artifact store root (default $TOURISM_GRPO_HOME or ./.tourism-grpo)")
    run.add_argument("--refresh", action="store_true", help="recompute every step instead of reusing cached results")
    commands.add_parser("presets", help="list the presets with one line each")
    return parser


def _run(args: argparse.Namespace) -> int:
    from tourism_grpo.experiments import load_preset

    experiment = load_preset(args.preset, args.overrides)
    for key, value in PRIVACY_DEFAULTS.items():
        os.environ.setdefault(key, value)
    from tourism_grpo.flows.experiment import run_experiment

    result = run_experiment(experiment, store=args.store, refresh=args.refresh)
    training = result.training
    print(f"\nExperiment {experiment.name}")
    for part, ref in result.data:
        print(f"  {part + ' table':<13} {ref.rows:>8,} rows  {ref.uri}")
    print(f"  {'adapter':<13} {training.global_step:>8,} steps {training.adapter.uri}")
    print(f"  {'reward curve':<13} {'':>14} {training.report.uri}/reward-curve.png")
    print(
        f"  mean reward: first tenth of steps {training.first_tenth_reward:.3f}, "
        f"last tenth {training.last_tenth_reward:.3f}"
    )
    print(f"\nEvaluation on {result.evaluation.examples} held-out questions (base vs tuned):")
    print(result.evaluation.markdown())
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "presets":
            from tourism_grpo.experiments import list_presets

            for name, description in list_presets().items():
                print(f"{name:<24} {description}")
            return 0
        return _run(args)
    except ValueError as error:
        # every input problem (preset, override, source, sizes) is a ValueError whose message says the fix
        print(f"tourism-grpo: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
