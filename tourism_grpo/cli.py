"""The `tourism-grpo` command: run presets in ephemeral Prefect, list them, answer questions, manage published
versions, serve the Prefect UI."""

from __future__ import annotations

import argparse
import contextlib
import logging
import re
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from tourism_grpo.ephemeral_server import keep_ephemeral_server_apart
from tourism_grpo.run_environment import RUN_DEFAULTS, apply

if TYPE_CHECKING:
    from tourism_grpo.publishing.registry import Registry
    from tourism_grpo.training.prompts import Framing

MODELS_PREFIX = "models:"


@contextmanager
def local_run_settings() -> Iterator[None]:
    """Prefect settings for a run started from here: no flow-run heartbeats when the API is an ephemeral server.

    Heartbeats let a server's automations find runs whose process died; an ephemeral server lives in that process
    and dies with it, so no one can act on them, while every flow run's end waits up to 1 s for the heartbeat
    thread to wake (Prefect 3.9). Against a real server (PREFECT_API_URL set) they stay on.
    """
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    if PREFECT_API_URL.value():
        yield
        return
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


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
    _add_overrides(run, "override a preset field, e.g. --set data.subset.seed=7 (repeatable)")
    run.add_argument("--store", help="artifact store root (default $TOURISM_GRPO_HOME or ./.tourism-grpo)")
    run.add_argument("--refresh", action="store_true", help="recompute every step instead of reusing cached results")
    commands.add_parser("presets", help="list the presets with one line each")
    _add_generate(commands)
    _add_models(commands)
    serve = commands.add_parser(
        "serve",
        help="start a local Prefect server with the UI, the work pool, the deployments and a worker (Ctrl-C stops all)",
    )
    serve.add_argument("--port", type=int, default=4200, help="port of the server and UI on 127.0.0.1 (default 4200)")
    return parser


def _add_overrides(parser: argparse.ArgumentParser, text: str) -> None:
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE", help=text)


def _add_generate(commands: Any) -> None:
    generate = commands.add_parser("generate", help="answer a German question with a base model or a trained adapter")
    generate.add_argument(
        "model",
        help="adapter or model folder, a Hub id, or models:<preset>[@<version>]: a version in the preset's registry "
        "(default: production)",
    )
    generate.add_argument("--store", help="artifact store root of models:... (default as for run)")
    _add_overrides(generate, "models:... only: override the preset, e.g. publish.target=hub:<org>/<name>")
    generate.add_argument("question", help="the question, in German")
    generate.add_argument("--revision", help="Hub revision of the model")
    generate.add_argument("--system-prompt", help="system turn, if the model was trained with one")
    generate.add_argument(
        "--prompt-style",
        choices=["chat", "plain"],
        help="chat template or plain-text prompt (default: what the folder's framing.json records, else chat)",
    )
    generate.add_argument(
        "--prompt-template",
        help="plain-text prompt with {question}; implies --prompt-style plain unless that says otherwise",
    )
    generate.add_argument("--max-new-tokens", type=int, default=256)
    generate.add_argument("--temperature", type=float, default=0.0, help="0 (default): greedy decoding")
    generate.add_argument(
        "--show-reasoning",
        action="store_true",
        help="print the whole completion: the <think> part, or what follows a plain prompt's stop string",
    )


def _add_models(commands: Any) -> None:
    models = commands.add_parser("models", help="a preset's published versions: list, show, promote, rollback")
    models.add_argument("action", choices=["list", "show", "promote", "rollback"])
    models.add_argument("preset", help="preset name or .yaml path: its publish.target names the registry")
    models.add_argument(
        "version",
        nargs="?",
        help="v1, v2, ... (show: also production, the default; rollback: default the accepted version before "
        "production)",
    )
    models.add_argument("--store", help="artifact store root (default as for run)")
    models.add_argument("--force", action="store_true", help="promote a version the gate refused")
    _add_overrides(models, "override the preset, e.g. publish.target=hub:<org>/<name>")


def _is_input_error(error: BaseException | None) -> bool:
    """One of the project's own input errors: a ValueError subclass from tourism_grpo, whose message names the fix."""
    return isinstance(error, ValueError) and type(error).__module__.startswith("tourism_grpo.")


def _input_error_names() -> set[str]:
    """The class names of the project's input errors that are loaded (a flow run has imported every task's)."""
    names, pending = set(), [ValueError]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__module__.startswith("tourism_grpo."):
                names.add(subclass.__name__)
    return names


class _NoInputErrorRepeats(logging.Filter):
    """Keeps the project's input errors off the console: the CLI ends with their message, printed once.

    Without it Prefect's console lines repeat the message five times for one error (the failed task's final state,
    then for each flow up the chain its exception with a traceback and its final state). What is dropped: records
    carrying an input error, and "Finished in state Failed(...)" records whose state Prefect built from one (its
    message names the exception's class: the record does not carry the exception). Other failures print as before.
    Installed on the console handler only: Prefect's API handler, which the UI's run log reads, still gets every
    record whole, traceback included.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and _is_input_error(record.exc_info[1]):
            return False
        message = record.getMessage()
        if message.startswith("Finished in state Failed("):
            raised = re.search(r"encountered an exception:? (\w+): ", message)
            return not (raised and raised.group(1) in _input_error_names())
        return True


def _quiet_input_errors() -> None:
    """Install the filter on Prefect's console handlers (once); they run after the API handler has the record."""
    from prefect.logging.handlers import PrefectConsoleHandler

    for handler in logging.getLogger().handlers:
        if isinstance(handler, PrefectConsoleHandler) and not any(
            isinstance(existing, _NoInputErrorRepeats) for existing in handler.filters
        ):
            handler.addFilter(_NoInputErrorRepeats())


@contextmanager
def _exit_on_sigterm() -> Iterator[None]:
    """SIGTERM ends the run like Ctrl-C does: exit hooks run, so the ephemeral Prefect server stops with it.

    Prefect marks the flow run Crashed on SIGTERM, then hands the signal to the handler it found; Python's default one
    would end the process without its exit hooks and leave the server the run started behind, still running.
    """
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield
        return
    previous = signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run(args: argparse.Namespace) -> int:
    from tourism_grpo.experiments import load_preset

    experiment = load_preset(args.preset, args.overrides)
    apply(RUN_DEFAULTS)  # a user's own setting wins
    from tourism_grpo.flows.experiment import run_experiment

    _quiet_input_errors()
    keep_ephemeral_server_apart()

    with local_run_settings(), _exit_on_sigterm():
        result = run_experiment(experiment, store=args.store, refresh=args.refresh)
    data, training = result.data, result.training
    print(f"\nExperiment {experiment.name}")
    for part in ("source", "train", "validation", "eval"):
        if (ref := getattr(data, part)) is not None:
            print(f"  {part + ' table':<16} {ref.rows:>8,} rows  {ref.uri}")
    print(f"  {'adapter':<16} {training.global_step:>8,} steps {training.adapter.uri}")
    print(f"  {'reward curve':<16} {'':>14} {training.report.uri}/reward-curve.png")
    print(
        f"  mean reward: first tenth of steps {training.first_tenth_reward:.3f}, "
        f"last tenth {training.last_tenth_reward:.3f}"
    )
    split = "held-out" if experiment.evaluation.split == "eval" else "validation"
    print(f"\nEvaluation on {result.evaluation.examples} {split} questions (base vs tuned):")
    print(result.evaluation.markdown())
    if result.published is None:
        print("\nNot published: a run judged on the validation split chooses settings; judge the final one on eval.")
    else:
        print(f"\nPublished to {result.published.url}")
    return 0


def _registry(preset: str, overrides: list[str], store: str | None) -> Registry:
    """The registry a preset publishes to, with the Hub token where there is one."""
    from tourism_grpo.experiments import load_preset
    from tourism_grpo.publishing.release import open_registry
    from tourism_grpo.publishing.upload import PublishAuthError
    from tourism_grpo.storage import ArtifactStore, run_root
    from tourism_grpo.tasks.publish import hub_token

    experiment = load_preset(preset, overrides)
    token = None
    # a public repo reads without a token; a write without one then says what is missing
    if experiment.publish.hub_repo is not None:
        with contextlib.suppress(PublishAuthError):
            token = hub_token(experiment.publish.token_secret)
    return open_registry(experiment.publish, ArtifactStore(run_root(store, deployed=False)), experiment.name, token)


def _models(args: argparse.Namespace) -> int:
    from tourism_grpo.publishing.registry import PRODUCTION, parse_version, promote, resolve, rollback, version_table

    registry = _registry(args.preset, args.overrides, args.store)
    if args.action == "list":
        print(f"{registry.where}:\n\n{version_table(registry.versions(), registry.production())}")
        return 0
    if args.action == "show":
        version = resolve(registry, args.version or PRODUCTION)
        print(f"{version.model_dump_json(indent=2)}\n{registry.url(version)}")
        return 0
    if args.action == "promote" and not args.version:
        raise ValueError(f"promote needs a version: tourism-grpo models promote {args.preset} v2")
    number = parse_version(args.version) if args.version else None
    if args.action == "promote":
        version = promote(registry, number or 0, force=args.force)
    else:
        version = rollback(registry, number)
    print(f"{version.experiment}: {version.tag} is production now ({registry.url(version)})")
    return 0


def _model_folder(args: argparse.Namespace) -> str:
    """A folder or Hub id as given, or the local files of a registry version (models:<preset>[@<version>])."""
    if not args.model.startswith(MODELS_PREFIX):
        return args.model
    from tourism_grpo.publishing.registry import PRODUCTION, resolve

    if args.revision:
        raise ValueError("--revision is for a Hub id; a registry version is named models:<preset>@v<n>")
    preset, _, name = args.model.removeprefix(MODELS_PREFIX).partition("@")
    registry = _registry(preset, args.overrides, args.store)
    return str(registry.files(resolve(registry, name or PRODUCTION).version))


def _generate(args: argparse.Namespace) -> int:
    import torch

    from tourism_grpo.evaluation.generate import generate
    from tourism_grpo.training.grpo import load_base

    args.model = _model_folder(args)
    framing = _framing(args)
    try:
        model, tokenizer = load_base(args.model, args.revision, bf16=torch.cuda.is_available())
    except OSError as error:
        raise ValueError(f"Cannot load model {args.model!r}: {error}") from None
    framing.check(tokenizer, args.model)
    if torch.cuda.is_available():
        model = model.to("cuda")
    [output] = generate(
        model,
        tokenizer,
        [framing.prompt(args.question)],
        args.max_new_tokens,
        batch_size=1,
        temperature=args.temperature,
    )
    answer = framing.answer(output.text)
    if args.show_reasoning or not answer:
        print(output.text if args.show_reasoning else f"(no answer in the completion)\n{output.text}")
    else:
        print(answer)
    if not output.terminated:
        # a base model without a learned end goes on until the budget (plain framing shows the answer up to its stop
        # string): whether the model ends its answers is what a user checks first
        print(f"(no end-of-sequence token within --max-new-tokens {args.max_new_tokens})", file=sys.stderr)
    return 0


def _framing(args: argparse.Namespace) -> Framing:
    """The framing the model folder records (chat where it records none), with the command line's overrides."""
    from pydantic import ValidationError

    from tourism_grpo.training.params import PromptParams
    from tourism_grpo.training.prompts import Framing

    recorded = Framing.load(args.model) or Framing(PromptParams())
    overrides = {
        key: value
        for key, value in (("style", args.prompt_style), ("template", args.prompt_template))
        if value is not None
    }
    if args.prompt_template is not None and args.prompt_style is None:
        overrides["style"] = "plain"  # a template is what plain framing asks with; chat framing has none
    if overrides.get("style") == "chat":
        overrides["examples"] = []  # worked examples are plain text; a chat prompt has no place for them
    try:
        params = PromptParams.model_validate({**recorded.params.model_dump(), **overrides})
    except ValidationError as error:
        raise ValueError("; ".join(item["msg"].removeprefix("Value error, ") for item in error.errors())) from None
    return Framing(params, args.system_prompt if args.system_prompt is not None else recorded.system_prompt)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "presets":
            from tourism_grpo.experiments import list_presets

            for name, description in list_presets().items():
                print(f"{name:<24} {description}")
            return 0
        if args.command == "generate":
            return _generate(args)
        if args.command == "models":
            return _models(args)
        if args.command == "serve":
            from tourism_grpo.serve import serve

            return serve(port=args.port)
        return _run(args)
    except ValueError as error:
        # every input problem (preset, override, source, sizes) is a ValueError whose message says the fix
        print(f"tourism-grpo: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
