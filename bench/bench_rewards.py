"""Reward cost for 4,096 completions: the batch-correct rewards against the original per-call approach.

Run: .venv/bin/python bench/bench_rewards.py [--groups 512] [--bert-completions 64] [--no-write]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import Figure, machine, record, write_section

from tourism_grpo.data.gazetteer import PLACES, VENUE_KINDS
from tourism_grpo.rewards.registry import RewardContext, build_rewards
from tourism_grpo.rewards.sentiment import LEXICON, SentimentScorer, load_scorer, sentiment_match
from tourism_grpo.rewards.text import answers_of, format_completion
from tourism_grpo.rewards.tfidf import CorpusIdf, german_stop_words, make_vectorizer, tfidf_similarity
from tourism_grpo.run_environment import OFFLINE, apply

apply(OFFLINE)  # before anything imports huggingface_hub, which reads it once

GENERATIONS = 8
# Prompt groups per TRL reward call (per-device batch x steps_per_generation / num_generations).
GROUPS_PER_CALL = 8
EOS = 2
WORDS = (  # noqa: SIM905 - a word list reads best as plain words
    "Altstadt Blick Hafen Promenade Wanderweg Gipfel Seeufer Bahnhof Innenstadt Markt Brücke Kirche Ufer Strand "
    "Führung Eintritt Ticket Saison Sommer Winter Frühling Herbst Wochenende Abend Morgen Familien Kinder Gäste "
    "schön ruhig günstig teuer beliebt geöffnet geschlossen erreichbar empfehlenswert gemütlich laut voll "
    "Bus Zug Fähre Seilbahn Fahrrad Parkplatz Zimmer Frühstück Küche Aussicht Terrasse Spaziergang Ausflug"
).split()
PRESET = [  # the tfidf-sentiment run with the anti-hacking rewards the presets pair it with
    {"name": "tfidf_similarity"},
    {"name": "sentiment_match"},
    {"name": "repetition_penalty"},
    {"name": "length_penalty", "weight": 0.5},
    {"name": "termination_penalty", "weight": 0.5},
    {"name": "relevance", "weight": 0.5},
]
GENERIC = [{"name": n} for n in ("tag_count", "soft_format", "strict_format", "correctness", "int_answer")]

Call = tuple[list[Any], list[Any], list[list[int]], dict[str, list[Any]]]


def sentence(rng: random.Random, n: int) -> str:
    """A German-looking sentence of n words from the tourism vocabulary."""
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def make_groups(n_groups: int, seed: int = 0) -> list[tuple[str, str, list[str]]]:
    """(question, reference, completions) per prompt; some completions stuffed, some never finished."""
    rng = random.Random(seed)
    groups = []
    for _ in range(n_groups):
        place = rng.choice(PLACES)
        venue = f"{rng.choice(VENUE_KINDS)} {rng.choice(['Seeblick', 'Zur Linde', 'Alpenrose', 'Am Markt'])}"
        question = f"Was sollte man über das {venue} in {place} wissen?"
        reference = f"Das {venue} in {place} ist {sentence(rng, rng.randint(10, 25))}"
        completions = []
        for _ in range(GENERATIONS):
            answer = f"In {place} {sentence(rng, rng.randint(5, 40))}"
            if rng.random() < 0.2:
                answer += (" " + rng.choice(WORDS)) * rng.randint(5, 30)
            reasoning = " ".join(sentence(rng, 12) for _ in range(rng.randint(2, 8)))
            completions.append(format_completion(reasoning, answer) if rng.random() < 0.9 else reasoning)
        groups.append((question, reference, completions))
    return groups


def trl_calls(groups: list[tuple[str, str, list[str]]], groups_per_call: int, seed: int = 0) -> list[Call]:
    """The groups as TRL passes them: conversational, several groups per call, rows shuffled within a call."""
    rng = random.Random(seed)
    calls = []
    for start in range(0, len(groups), groups_per_call):
        rows = [(q, r, c) for q, r, cs in groups[start : start + groups_per_call] for c in cs]
        rng.shuffle(rows)
        prompts = [[{"role": "user", "content": q}] for q, _, _ in rows]
        completions = [[{"role": "assistant", "content": c}] for _, _, c in rows]
        ids = [[7] * 40 + ([EOS] if "</think>" in c else [9]) for _, _, c in rows]
        calls.append(
            (prompts, completions, ids, {"question": [q for q, _, _ in rows], "answer": [r for _, r, _ in rows]})
        )
    return calls


def original_tfidf(prompts: Sequence[Any], completions: Sequence[Any], answer: Sequence[str], **_: Any) -> list[float]:
    """The seed's TF-IDF reward, translation errors fixed: everything against answer[0], one vectoriser per call."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    responses = [completion[0]["content"] for completion in completions]
    tfidf_matrix = TfidfVectorizer(stop_words=list(german_stop_words())).fit_transform([answer[0], *responses])
    # The seed's `[float(sim[0]) for sim in cosine_similarities]` yields one value (old TRL broadcast it to the
    # whole call); this is the per-completion formula it meant.
    return [float(sim) for sim in cosine_similarity(tfidf_matrix[0:1], tfidf_matrix[1:])[0]]


def original_sentiment(scorer: SentimentScorer) -> Callable[..., list[float]]:
    """The seed's sentiment reward: the reference (answer[0]) and the completions scored in every call."""

    def reward(prompts: Sequence[Any], completions: Sequence[Any], answer: Sequence[str], **_: Any) -> list[float]:
        """Score one call as the seed did."""
        answer_sentiment = scorer([answer[0]])[0]
        labels = scorer([completion[0]["content"] for completion in completions])
        return [float(label == answer_sentiment) for label in labels]

    return reward


def seconds(func: Callable[..., Any], calls: list[Call], repeat: int = 3, **extra: Any) -> float:
    """Best wall time over `repeat` passes of every call."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for prompts, completions, ids, columns in calls:
            func(prompts=prompts, completions=completions, completion_ids=ids, **columns, **extra)
        best = min(best, time.perf_counter() - start)
    return best


def stack_seconds(specs: list[dict[str, Any]], context: RewardContext, calls: list[Call], **extra: Any) -> float:
    """Every reward of a preset over every call, as TRL runs them one after another."""
    funcs, _ = build_rewards(specs, context)
    return sum(seconds(f, calls, **extra) for f in funcs)


def build_bert_base(path: Path, corpus: list[str]) -> str:
    """A classifier shaped like german-sentiment-bert (bert-base, 3 labels), random weights: its cost, not its skill."""
    import torch
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors
    from transformers import BertConfig, BertForSequenceClassification, PreTrainedTokenizerFast

    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    words = sorted({w.lower() for text in corpus for w in text.replace(".", " ").split()})
    wordpiece = Tokenizer(models.WordPiece({t: i for i, t in enumerate(specials + words)}, unk_token="[UNK]"))
    wordpiece.normalizer = normalizers.BertNormalizer(lowercase=True)
    wordpiece.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    wordpiece.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 2), ("[SEP]", 3)]
    )
    PreTrainedTokenizerFast(
        tokenizer_object=wordpiece, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]", sep_token="[SEP]"
    ).save_pretrained(path)
    labels = ("positive", "negative", "neutral")
    config = BertConfig(
        vocab_size=30000,
        num_labels=3,
        id2label=dict(enumerate(labels)),
        label2id=dict(zip(labels, range(3), strict=True)),
    )
    torch.manual_seed(0)
    BertForSequenceClassification(config).save_pretrained(path)
    return str(path)


def generation_seconds(groups: list[tuple[str, str, list[str]]], count: int, max_new_tokens: int) -> float:
    """Seconds to sample `count` completions with a demo-sized tiny Llama (random weights: speed, not quality)."""
    from tourism_grpo.evaluation.generate import generate
    from tourism_grpo.training.params import TinyModelParams
    from tourism_grpo.training.tiny_model import init_tiny_llama, train_tokenizer

    shape = TinyModelParams()
    tokenizer = train_tokenizer([t for q, r, cs in groups for t in (q, r, *cs)], shape.vocab_size)
    model = init_tiny_llama(shape, tokenizer)
    prompts = [[{"role": "user", "content": groups[i % len(groups)][0]}] for i in range(count)]
    start = time.perf_counter()
    generate(model, tokenizer, prompts, max_new_tokens, batch_size=16, temperature=1.0)
    return time.perf_counter() - start


def row(name: str, original: float | None, ours: float, completions: int) -> str:
    """One markdown row: seconds, ratio to the original, milliseconds per completion."""
    ratio = f"{ours / original:.2f}x" if original else "new"
    base = f"{original:.3f}" if original else "-"
    return f"| {name} | {completions:,} | {base} | {ours:.3f} | {ratio} | {1000 * ours / completions:.3f} |"


def main() -> None:
    """Time every reward, print the table, write it into BENCHMARKS.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=512, help="prompt groups of 8 completions (512 = 4,096)")
    parser.add_argument("--bert-completions", type=int, default=64, help="completions for the bert-base timing")
    parser.add_argument("--generate-completions", type=int, default=128, help="completions for the generation timing")
    parser.add_argument("--no-write", action="store_true", help="print only, leave BENCHMARKS.md alone")
    args = parser.parse_args()

    groups = make_groups(args.groups)
    n = args.groups * GENERATIONS
    ours_calls = trl_calls(groups, GROUPS_PER_CALL)
    original_calls = trl_calls(groups, 1)  # the only shape in which the original scores correctly
    references = [r for _, r, _ in groups]
    make_vectorizer()  # imports sklearn outside the timings
    start = time.perf_counter()
    idf = CorpusIdf.fit(references)
    fit_seconds = time.perf_counter() - start
    context = RewardContext(
        train_answers=references, eos_token_id=EOS, max_completion_length=41, sentiment_model=LEXICON
    )

    # The same numbers, first: group mode on one group per call is the original formula on the answer part.
    prompts, completions, _, columns = original_calls[0]
    stripped = [[{"role": "assistant", "content": a}] for a in answers_of(completions)]
    assert tfidf_similarity(prompts, completions, mode="group", sublinear_tf=False, **columns) == original_tfidf(
        prompts, stripped, **columns
    )

    tfidf_original = seconds(original_tfidf, original_calls)
    lexicon = load_scorer(LEXICON)
    sentiment_original = seconds(original_sentiment(lexicon), original_calls)
    labelled = [(p, c, i, {**col, "answer_sentiment": lexicon(col["answer"])}) for p, c, i, col in ours_calls]
    tfidf_corpus = seconds(tfidf_similarity, ours_calls, idf=idf)
    sentiment_ours = seconds(sentiment_match, labelled, model=LEXICON)
    rows = [
        row("TF-IDF, corpus mode (default)", tfidf_original, tfidf_corpus, n),
        row("TF-IDF, group mode", tfidf_original, seconds(tfidf_similarity, ours_calls, mode="group"), n),
        row("sentiment, lexicon scorer", sentiment_original, sentiment_ours, n),
    ]
    shaping = [
        ("repetition_penalty", {}),
        ("length_penalty", {}),
        ("termination_penalty", {}),
        ("relevance", {}),
    ]
    for name, params in shaping:
        rows.append(row(name, None, stack_seconds([{"name": name, "params": params}], context, ours_calls), n))
    rows.append(row("generic gsm8k family (5 rewards)", None, stack_seconds(GENERIC, context, ours_calls), n))
    preset = stack_seconds(PRESET, context, labelled)
    rows.append(
        row("**preset stack** (TF-IDF + sentiment + 4 shaping)", tfidf_original + sentiment_original, preset, n)
    )

    bert_groups = max(1, args.bert_completions // GENERATIONS)
    with tempfile.TemporaryDirectory() as tmp:
        bert = load_scorer(build_bert_base(Path(tmp), [t for q, r, cs in groups for t in (q, r, *cs)]))
        bert_ours = trl_calls(groups[:bert_groups], GROUPS_PER_CALL)
        bert_ours = [(p, c, i, {**col, "answer_sentiment": bert(col["answer"])}) for p, c, i, col in bert_ours]
        bert_model = str(Path(tmp))
        bert_original = seconds(original_sentiment(bert), trl_calls(groups[:bert_groups], 1), repeat=1)
        bert_seconds = seconds(sentiment_match, bert_ours, repeat=1, model=bert_model)
        rows.append(
            row(
                "sentiment, bert-base classifier (german-sentiment-bert's shape)",
                bert_original,
                bert_seconds,
                bert_groups * GENERATIONS,
            )
        )

    generation = generation_seconds(groups, args.generate_completions, max_new_tokens=41)
    rows.append(
        row(
            "generation of the completions (demo-sized tiny Llama, 41 new tokens)",
            None,
            generation,
            args.generate_completions,
        )
    )
    stack_ms, generation_ms = 1000 * preset / n, 1000 * generation / args.generate_completions

    table = "\n".join(
        [
            "| reward | completions | original per call (s) | ours (s) | ours / original | ms per completion |",
            "|---|---:|---:|---:|---:|---:|",
            *rows,
        ]
    )
    body = f"""## Rewards

Reproduce: `.venv/bin/python bench/bench_rewards.py` ({machine()}, CPU, best of 3 except the bert-base row).

{n:,} completions = {args.groups} prompt groups x {GENERATIONS} generations; ours are called as TRL calls them,
{GROUPS_PER_CALL} groups ({GROUPS_PER_CALL * GENERATIONS} completions) per call in shuffled order, with the reference
sentiment precomputed (`answer_sentiment`, as the enrich step does). "Original per call" re-implements the seed's
functions called once per prompt group, the only batch shape in which they score correctly; for the preset stack
it is the original pair (TF-IDF + sentiment). Corpus-mode IDF fit on the {len(references)} references:
{fit_seconds:.3f} s, once per run. The bert-base row uses random weights in german-sentiment-bert's architecture
(its cost, not its quality).

{table}

The generation row samples completions (temperature 1, batches of 16) from a randomly initialised Llama of the demo
preset's shape (hidden 192, 4 layers, a 2,000-token BPE trained on these texts), the smallest model this project
trains; an 8B model generates orders of magnitude slower. Even against it, the preset reward stack costs
{stack_ms:.3f} ms per completion against {generation_ms:.1f} ms to generate one: {stack_ms / generation_ms:.1%}.
"""
    print(body)
    if args.no_write:
        return
    write_section("rewards", body)
    reproduce = ".venv/bin/python bench/bench_rewards.py"
    per_call = "the original functions called once per prompt group"
    record(
        "rewards",
        reproduce,
        [
            Figure(
                f"preset reward stack, {n:,} completions",
                preset,
                "s",
                preset / (tfidf_original + sentiment_original),
                f"{per_call}, TF-IDF + sentiment ({tfidf_original + sentiment_original:.3f} s)",
            ),
            Figure(
                f"TF-IDF similarity, corpus mode, {n:,} completions",
                tfidf_corpus,
                "s",
                tfidf_corpus / tfidf_original,
                f"{per_call} ({tfidf_original:.3f} s)",
            ),
            Figure(
                f"sentiment match, lexicon scorer, {n:,} completions",
                sentiment_ours,
                "s",
                sentiment_ours / sentiment_original,
                f"{per_call} ({sentiment_original:.3f} s)",
            ),
            Figure(
                f"sentiment match, bert-base classifier, {bert_groups * GENERATIONS} completions",
                bert_seconds,
                "s",
                bert_seconds / bert_original,
                f"{per_call} ({bert_original:.3f} s)",
            ),
            Figure(
                "preset reward stack per completion",
                stack_ms,
                "ms",
                stack_ms / generation_ms,
                f"generating one completion, demo-sized tiny Llama ({generation_ms:.1f} ms)",
            ),
        ],
    )


if __name__ == "__main__":
    main()
