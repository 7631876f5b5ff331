"""The console script: --help imports nothing heavy; local runs skip what only a lasting server could use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reliability.runs import TINY_RUN, cli_args, cli_env, recorded, run


def test_help_lists_every_command_without_importing_prefect() -> None:
    probe = (
        "import sys\n"
        "from tourism_grpo.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('heavy:', sorted({'prefect', 'torch', 'transformers', 'trl'} & set(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=30, check=True)
    assert "heavy: []" in done.stdout
    for command in ("run", "presets", "generate", "serve"):
        assert command in done.stdout


def test_runs_on_an_ephemeral_server_send_no_heartbeats_and_runs_on_a_real_one_do() -> None:
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    from tourism_grpo.cli import local_run_settings

    with temporary_settings(updates={PREFECT_API_URL: None}), local_run_settings():
        assert get_current_settings().flows.heartbeat_frequency is None
    with temporary_settings(updates={PREFECT_API_URL: "http://127.0.0.1:4200/api"}):
        configured = get_current_settings().flows.heartbeat_frequency
        with local_run_settings():
            assert get_current_settings().flows.heartbeat_frequency == configured is not None


BAD_DATA = {
    # a task finds it: ingest
    "missing source": (lambda tmp: "/nonexistent/faq.csv", "/nonexistent/faq.csv does not exist"),
    # the data contract finds it: validate
    "contract broken": (
        lambda tmp: _jsonl(
            tmp / "faq.jsonl",
            [
                {
                    "question": f"Wann öffnet das Museum {i} in Bamberg am Sonntag?",
                    "answer": None if i in (3, 7) else f"Das Museum {i} öffnet am Sonntag um {8 + i % 4} Uhr.",
                }
                for i in range(40)
            ],
        ),
        "not_null:answer (column answer): expects no nulls; 2 of 40 rows unexpected",
    ),
}


def _jsonl(path: Path, rows: list[dict]) -> str:
    path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows), encoding="utf-8")
    return str(path)


@pytest.mark.slow
@pytest.mark.parametrize("case", list(BAD_DATA))
def test_an_input_error_the_run_finds_is_printed_once_and_the_run_log_keeps_it_whole(case: str, tmp_path: Path) -> None:
    """Bad data ends `tourism-grpo run` with its message printed once (the last line), exit code 2, no traceback;
    Prefect's console lines do not repeat it, while the run log the API keeps (the UI's) has it with its traceback."""
    source, fragment = BAD_DATA[case]
    log = tmp_path / "run.log"
    args = cli_args("data.subset.train_size=4", "data.subset.eval_size=2", f"data.source.uri={source(tmp_path)}")
    code = run(args, cli_env(tmp_path), tmp_path, log)
    output = log.read_text(errors="replace")
    assert code == 2, output
    assert output.count(fragment) == 1, output
    assert output.count("tourism-grpo: error: ") == 1 and output.index("tourism-grpo: error: ") < output.index(fragment)
    assert "Traceback" not in output
    run_log = "\n".join(message for (message,) in recorded(tmp_path, "SELECT message FROM log"))
    assert "Encountered exception during execution" in run_log and fragment in run_log
    assert "Traceback (most recent call last)" in run_log


def test_the_ephemeral_server_of_a_run_is_prefects_own_started_apart_and_watching_the_cli(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The run's ephemeral server is started with Prefect's command and environment, but in a session of its own
    (group signals spare it) and with an app factory that wraps Prefect's and stops it once the CLI is gone."""
    from prefect.server.api import server
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from tourism_grpo import ephemeral_server

    monkeypatch.setattr(server.SubprocessASGIServer, "_instances", {})
    started: list[dict] = []
    monkeypatch.setattr(server.subprocess, "Popen", lambda **kwargs: started.append(kwargs))
    with temporary_settings(updates={PREFECT_API_URL: None}):
        ephemeral_server.keep_ephemeral_server_apart()
        ours = server.SubprocessASGIServer()
        assert type(ours) is not server.SubprocessASGIServer
        ours.port = 8123
        ours._run_uvicorn_command()
        server.SubprocessASGIServer._run_uvicorn_command(ours)
    apart, prefects = started
    assert apart.pop("start_new_session") is True and "start_new_session" not in prefects
    assert apart["env"].pop(ephemeral_server.SERVER_PARENT_ENV) == str(os.getpid())
    assert apart["env"] == prefects["env"]
    factory = apart["args"].index("--factory") + 1
    assert apart["args"][factory] == "tourism_grpo.ephemeral_server:ephemeral_server_app"
    assert prefects["args"][factory] == "prefect.server.api.server:create_app"
    assert (
        apart["args"][:factory] + apart["args"][factory + 1 :]
        == prefects["args"][:factory] + prefects["args"][factory + 1 :]
    )


@pytest.mark.slow
def test_a_run_judged_on_the_validation_split_reports_it_and_publishes_nothing(tmp_path: Path) -> None:
    log = tmp_path / "run.log"
    code = run(cli_args(*TINY_RUN, "evaluation.split=validation"), cli_env(tmp_path), tmp_path, log)
    output = log.read_text(errors="replace")
    assert code == 0, output
    assert "validation table" in output and "Evaluation on 10 validation questions" in output
    assert "Not published" in output and not list(tmp_path.glob("**/folders/published"))


def test_judging_on_a_validation_split_that_was_not_drawn_is_refused_at_load() -> None:
    from tourism_grpo.experiments import PresetError, load_preset

    with pytest.raises(PresetError, match=r"data\.subset\.validation_size is 0: draw one"):
        load_preset("smoke", ["evaluation.split=validation", "data.subset.validation_size=0"])
    assert load_preset("smoke", ["evaluation.split=validation"])


def test_generate_asks_as_the_folder_records_unless_the_command_line_says_otherwise(tmp_path: Path) -> None:
    import argparse

    from tourism_grpo.cli import _framing
    from tourism_grpo.training.params import PromptParams, WorkedExample
    from tourism_grpo.training.prompts import Framing

    example = WorkedExample(question="Wo?", answer="Hier.")
    Framing(PromptParams(style="plain", examples=[example]), system_prompt="Kurz.").save(tmp_path)

    def framing(**flags: str | None) -> Framing:
        settings = {"model": str(tmp_path), "system_prompt": None, "prompt_style": None, "prompt_template": None}
        return _framing(argparse.Namespace(**{**settings, **flags}))

    assert framing().prompt("Wann?") == "Kurz.\n\nFrage: Wo?\nAntwort: Hier.\n\nFrage: Wann?\nAntwort:"
    assert framing(prompt_template="F: {question}\nA:").prompt("Wann?") == "Kurz.\n\nF: Wo?\nA: Hier.\n\nF: Wann?\nA:"
    assert framing(prompt_style="chat").prompt("Wann?") == [
        {"role": "system", "content": "Kurz."},
        {"role": "user", "content": "Wann?"},
    ]
    # a folder without a record (a Hub id, an older adapter) is asked in chat; a template alone makes it plain
    assert isinstance(framing(model=str(tmp_path / "none")).prompt("Wann?"), list)
    assert framing(model=str(tmp_path / "none"), prompt_template="{question}?").prompt("Wann") == "Wann?"
    with pytest.raises(ValueError, match=r"\{question\}"):
        framing(prompt_template="Frage:")
