"""The whole chain on a base model without a chat template: a tiny Gemma 3 GGUF, plain-text prompts with a worked
example, rewards that read the plain answer; the published model records its framing and `generate` uses it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.reliability.runs import TINY_RUN, cli_args, cli_env, run
from tests.training.gguf_models import gemma_tokenizer, tiny_gemma3, write_gemma3_gguf
from tourism_grpo.storage import ArtifactStore

# smoke's rewards without strict_format, which plain framing refuses
PLAIN_REWARDS = (
    "rewards=[{name: tfidf_similarity, params: {mode: corpus, binary: true}}, {name: sentiment_match, weight: 0.1}, "
    "{name: relevance, weight: 0.5}, {name: repetition_penalty}, {name: termination_penalty, weight: 0.5}, "
    "{name: length_penalty, weight: 0.5}]"
)
EXAMPLE = "model.prompt.examples=[{question: 'Wo parke ich in Passau?', answer: 'Im Parkhaus am Bahnhof.'}]"


@pytest.mark.slow
def test_a_base_model_from_a_gguf_runs_the_whole_chain_with_plain_framing_and_generate_asks_it_the_same_way(
    tmp_path: Path,
) -> None:
    tokenizer = gemma_tokenizer()
    gguf = tmp_path / "tiny-gemma3.gguf"
    write_gemma3_gguf(tiny_gemma3(tokenizer), tokenizer, gguf)
    log, env = tmp_path / "run.log", cli_env(tmp_path)
    overrides = [*TINY_RUN, f"model.base={gguf}", "model.prompt.style=plain", EXAMPLE, PLAIN_REWARDS]
    code = run(cli_args(*overrides), env, tmp_path, log, timeout=600)
    output = log.read_text(errors="replace")
    assert code == 0, output[-6000:]

    store = ArtifactStore(str(tmp_path / "store"))
    converted = store.newest("folder", "base-model")
    assert converted is not None and (Path(converted.uri) / "config.json").exists()
    published = store.newest("folder", "published", experiment="smoke")
    assert published is not None
    folder = Path(published.uri)
    for where in (folder, folder / "merged"):
        framing = json.loads((where / "framing.json").read_text(encoding="utf-8"))
        assert framing["prompt"]["style"] == "plain" and framing["prompt"]["examples"][0]["question"]
    assert "Plain-text prompts" in (folder / "README.md").read_text(encoding="utf-8")

    ask = ["-m", "tourism_grpo.cli", "generate", str(folder / "merged"), "Wann öffnet das Museum in Bamberg?"]
    asked = tmp_path / "generate.log"
    assert run([*ask, "--max-new-tokens", "8"], env, tmp_path, asked, timeout=300) == 0, asked.read_text()
    # the recorded framing is plain: asked as chat, the template-less tokenizer is refused with the fix named
    refused = tmp_path / "refused.log"
    assert run([*ask, "--prompt-style", "chat"], env, tmp_path, refused, timeout=300) == 2
    assert "--prompt-style plain" in refused.read_text()
