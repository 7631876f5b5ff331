"""Promise: a malformed preset or command line stops `tourism-grpo` before anything runs, with one paragraph that names
what is wrong and what to do, exit code 2, no traceback, and nothing written to the store.

Malformed *data* (missing or unreadable files, unmapped columns, rows that break the contract) is found by the flow
itself: that catalogue is tests/contracts/test_contract_flow.py (and tests/data/test_sources.py), not repeated here;
the last test below only checks that such an error, reached through the CLI, ends the same way.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest

from tourism_grpo.cli import main

FIX = "Fix it in the preset file or with --set KEY=VALUE."

# (the --set overrides of the demo preset, fragments the message must hold)
BAD_OVERRIDES = {
    "unknown reward": (
        ["rewards=[{name: tfidf_similarty}]"],
        ["unknown reward 'tfidf_similarty'", "did you mean 'tfidf_similarity'?", "valid names: correctness", FIX],
    ),
    "bad reward params": (
        ["rewards=[{name: tfidf_similarity, params: {mode: bogus}}]"],
        ["reward 'tfidf_similarity': invalid params", "mode: Input should be 'corpus' or 'group'", "valid params:"],
    ),
    "negative size": (["data.subset.train_size=-5"], ["data.subset.train_size: Input should be greater than 0", FIX]),
    "zero steps": (["train.max_steps=0"], ["train.max_steps: Input should be greater than 0", FIX]),
    "not a number": (["train.max_steps=many"], ["train.max_steps: Input should be a valid integer", FIX]),
    "override without =": (
        ["data.subset.seed"],
        ["Override 'data.subset.seed' is not key=value with a dotted key, e.g. data.subset.seed=7"],
    ),
    "override without key": (["=7"], ["Override '=7' is not key=value"]),
    "empty key part": (["data..seed=7"], ["Override 'data..seed=7' is not key=value"]),
    "unknown key": (
        ["data.subset.sed=7"],
        [
            "data.subset.sed: no such setting (did you mean 'seed'?); data.subset has train_size, eval_size, "
            "validation_size, seed",
            FIX,
        ],
    ),
    "unknown section": (["trian.max_steps=3"], ["trian: no such setting (did you mean 'train'?)", FIX]),
    "key below a value": (
        ["data.subset.seed.x=1"],
        ["'data.subset.seed' is a value, not a section", "--set 'data.subset.seed=<YAML value>'"],
    ),
    "index into a list": (
        ["rewards.0.weight=2"],
        ["'rewards' is a list, not a section", "--set 'rewards=<YAML value>'"],
    ),
    "unknown publish target": (
        ["publish.target=huggingface"],
        ["publish.target: target is 'huggingface'; expected 'local' or 'hub:<org>/<name>'", FIX],
    ),
    "one bad value among good ones": (
        ["train.max_steps=5", "data.subset.eval_size=-1", "data.subset.seed=3"],
        ["data.subset.eval_size: Input should be greater than 0"],
    ),
}

# (the preset file's text, or None for no file; fragments the message must hold)
BAD_PRESET_FILES = {
    "not YAML": ("data: [unclosed\n  x: 1\n", ["is not valid YAML at line 2, column 4", "Fix the file there"]),
    "not a mapping": ("- data\n- train\n", ["must hold a mapping of settings, not list"]),
    "misspelt section": (
        "dataa:\n  subset: {train_size: 10}\n",
        ["dataa: no such setting (did you mean 'data'?)", "a preset has name, description, data", FIX],
    ),
    "misspelt field": (
        "train:\n  max_step: 10\n",
        ["train.max_step: no such setting (did you mean 'max_steps'?)", FIX],
    ),
    "missing file": (None, ["does not exist (looked for", "Check the path, or name one of the presets", "'demo'"]),
}


def _refused(argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Run the CLI in this process; assert exit 2, one error line, nothing written; the message."""
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 2
    assert out == "" and "Traceback" not in err
    assert err.startswith("tourism-grpo: error: ") and err.count("\n") == 1, err  # one paragraph
    assert not (tmp_path / "store").exists() and not (tmp_path / ".tourism-grpo").exists()
    return err


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The store a run would write to, and the directory it runs in, are fresh (and must stay empty)."""
    monkeypatch.setenv("TOURISM_GRPO_HOME", str(tmp_path / "store"))
    monkeypatch.chdir(tmp_path)


def test_an_unknown_preset_lists_the_presets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown preset name is refused with the names there are."""
    message = _refused(["run", "demoo"], tmp_path, capsys)
    assert "Unknown preset 'demoo'; the presets are ['cot-round2-500', 'demo'" in message
    assert "(or pass a .yaml path)" in message


@pytest.mark.parametrize("case", list(BAD_OVERRIDES))
def test_a_bad_override_is_refused_naming_the_setting_and_the_fix(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A malformed, unknown or out-of-range --set is refused before the run starts, naming the setting."""
    overrides, fragments = BAD_OVERRIDES[case]
    message = _refused(["run", "demo", *(arg for item in overrides for arg in ("--set", item))], tmp_path, capsys)
    for fragment in fragments:
        assert fragment in message


@pytest.mark.parametrize("case", list(BAD_PRESET_FILES))
def test_a_bad_preset_file_is_refused_naming_the_file_and_the_fix(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A preset .yaml that is not YAML, not a mapping, misspelt or missing is refused, naming the file."""
    text, fragments = BAD_PRESET_FILES[case]
    preset = tmp_path / "mine.yaml"
    if text is not None:
        preset.write_text(text, encoding="utf-8")
    message = _refused(["run", "mine.yaml"], tmp_path, capsys)
    assert "mine.yaml" in message
    for fragment in fragments:
        assert fragment in message
    assert sorted(path.name for path in tmp_path.iterdir()) == (["mine.yaml"] if text is not None else [])


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["train", "demo"], "argument command: invalid choice: 'train'"),
        (["run"], "the following arguments are required: preset"),
        (["run", "demo", "--set"], "argument --set: expected one argument"),
        (["run", "demo", "--steps", "5"], "unrecognized arguments: --steps 5"),
    ],
)
def test_a_malformed_command_line_shows_the_usage_and_exits_2(
    argv: list[str], fragment: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """argparse's own errors: usage and the problem on stderr, exit code 2, nothing written."""
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    out, err = capsys.readouterr()
    assert exit_.value.code == 2 and out == ""
    assert err.startswith("usage: tourism-grpo") and fragment in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_api")
@pytest.mark.parametrize(
    ("override", "fragment"),
    [
        ("data.source.uri=missing.jsonl", "missing.jsonl does not exist"),
        ("data.source.columns=question=Frage,answer=Antwort", "Frage"),
        # what a German Excel saves as "CSV (Trennzeichen-getrennt)": the message names the setting that reads it
        ("data.source.uri=excel.csv", "--set data.source.encoding=cp1252"),
        # settings passed through to TRL: checked against GRPOConfig before any data step
        (
            "train.trl={mask_truncated_completion: true}",
            "train.trl.mask_truncated_completion: GRPOConfig has no such field (did you mean "
            "'mask_truncated_completions'?)",
        ),
        ("train.trl={max_steps: 3}", "train.trl.max_steps: set by train.max_steps, not here"),
        ("train.trl={lr_scheduler_type: bogus}", "TRL or PEFT refused the train settings: bogus is not a valid"),
        (
            "model.lora.peft={use_rs_lora: true}",
            "model.lora.peft.use_rs_lora: LoraConfig has no such field (did you mean 'use_rslora'",
        ),
    ],
)
def test_bad_data_named_on_the_command_line_ends_the_run_with_its_message_and_no_traceback(
    override: str,
    fragment: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An input error the flow finds ends the run with exit 2 and its one-paragraph message; no traceback, no table."""
    from prefect.logging.handlers import PrefectConsoleHandler

    console = io.StringIO()  # what Prefect's console handler prints during the run
    for handler in logging.getLogger().handlers:
        if isinstance(handler, PrefectConsoleHandler):
            monkeypatch.setattr(handler.console, "file", console)
    (tmp_path / "faq.csv").write_text("question,answer\nWann?,Um 9 Uhr.\n", encoding="utf-8")
    (tmp_path / "excel.csv").write_bytes("question;answer\r\nWann öffnet der Zoo?;Um 9 Uhr.\r\n".encode("cp1252"))
    code = main(["run", "demo", "--set", "data.source.uri=faq.csv", "--set", override])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.startswith("tourism-grpo: error: ") and err.count("\n") == 1 and fragment in err, err
    # said once, in err (tests/e2e/test_cli.py counts it in a whole run's output at INFO level)
    assert fragment not in console.getvalue()
    assert "Traceback" not in console.getvalue() + err
    store = tmp_path / "store"
    assert not (store / "tables").exists() and not (store / "folders").exists()
