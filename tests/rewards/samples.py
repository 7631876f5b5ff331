"""Sample data and builders shared by the rewards tests: German QA rows, shuffled TRL batches, a tiny BERT."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tourism_grpo.rewards.sentiment import LABELS
from tourism_grpo.rewards.text import format_completion

# (question, reference answer, answers a policy might give): German, with places and venues from the gazetteer.
QA: list[tuple[str, str, list[str]]] = [
    (
        "Wie warm wird es im Juli in Hallstatt?",
        "In Hallstatt wird es im Juli tagsüber etwa 28 Grad warm.",
        [
            "Im Juli wird es in Hallstatt etwa 28 Grad warm.",
            "Es ist warm.",
            "Grad Grad Grad Grad 28 Grad.",
            "Im Sommer regnet es in Hallstatt leider oft.",
        ],
    ),
    (
        "Wann hat das Museum Ludwig in Köln geöffnet?",
        "Das Museum Ludwig in Köln ist dienstags bis sonntags von 10 bis 18 Uhr geöffnet.",
        [
            "Dienstags bis sonntags von 10 bis 18 Uhr.",
            "Das Museum Ludwig öffnet um 10 Uhr und schließt um 18 Uhr.",
            "Köln hat viele schöne Museen.",
            "Leider ist das Museum montags geschlossen.",
        ],
    ),
    (
        "Ist der Gasthof Zur Linde in Meran zu empfehlen?",
        "Der Gasthof Zur Linde in Meran ist gemütlich, freundlich und sehr empfehlenswert.",
        [
            "Ja, der Gasthof Zur Linde ist gemütlich und freundlich.",
            "Nein, er ist laut und überteuert.",
            "In Meran gibt es viele Gasthöfe.",
            "Zur Linde ist empfehlenswert, das Essen ist lecker.",
        ],
    ),
    (
        "Wie komme ich von Innsbruck auf die Zugspitze?",
        "Von Innsbruck fährt man nach Ehrwald und nimmt dort die Tiroler Zugspitzbahn.",
        [
            "Mit dem Zug nach Ehrwald und weiter mit der Zugspitzbahn.",
            "Die Zugspitze ist der höchste Berg Deutschlands.",
            "Fahren Sie mit dem Auto über den Fernpass nach Ehrwald.",
            "Von Innsbruck aus ist die Zugspitze gut erreichbar.",
        ],
    ),
]

TRAIN_ANSWERS: list[str] = [reference for _, reference, _ in QA] + [
    "Die Altstadt von Bamberg gehört zum Weltkulturerbe und ist sehr sehenswert.",
    "Auf Sylt gibt es lange Sandstrände und im Sommer ist es oft windig.",
    "Das Hotel Seeblick am Tegernsee bietet Zimmer mit Blick auf den See.",
    "Die Therme in Bad Ischl ist täglich von 9 bis 22 Uhr geöffnet.",
]


@dataclass
class Batch:
    """One TRL reward call: aligned prompts, completions and columns, prompt groups shuffled together."""

    prompts: list[Any]
    completions: list[Any]
    columns: dict[str, list[Any]]


def conversation(question: str) -> list[dict[str, str]]:
    """A conversational prompt as the data step builds it."""
    return [{"role": "system", "content": "Du bist ein Reiseberater."}, {"role": "user", "content": question}]


def make_batch(seed: int, conversational: bool = True, qa: list[tuple[str, str, list[str]]] = QA) -> Batch:
    """Every prompt group of `qa` (each repeated once per generation, as TRL does), rows in random order."""
    rows = [
        (question, reference, format_completion(f"Die Frage betrifft {question.lower()}", text))
        for question, reference, texts in qa
        for text in texts
    ]
    random.Random(seed).shuffle(rows)
    return Batch(
        prompts=[conversation(q) if conversational else q for q, _, _ in rows],
        completions=[[{"role": "assistant", "content": c}] if conversational else c for _, _, c in rows],
        columns={"question": [q for q, _, _ in rows], "answer": [r for _, r, _ in rows]},
    )


def build_tiny_bert(path: Path, labels: tuple[str, ...] = LABELS, seed: int = 0) -> Path:
    """A 3-label BertForSequenceClassification with a WordPiece tokenizer trained here, saved to `path`."""
    import torch
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors, trainers
    from transformers import BertConfig, BertForSequenceClassification, PreTrainedTokenizerFast

    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    wordpiece = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    wordpiece.normalizer = normalizers.BertNormalizer(lowercase=True)
    wordpiece.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    corpus = [text for q, ref, texts in QA for text in (q, ref, *texts)] + TRAIN_ANSWERS
    wordpiece.train_from_iterator(corpus, trainers.WordPieceTrainer(vocab_size=400, special_tokens=specials))
    cls_id, sep_id = wordpiece.token_to_id("[CLS]"), wordpiece.token_to_id("[SEP]")
    wordpiece.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", cls_id), ("[SEP]", sep_id)],
    )
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=wordpiece,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        mask_token="[MASK]",
        model_max_length=512,
    )
    config = BertConfig(
        vocab_size=wordpiece.get_vocab_size(),
        hidden_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=512,
        num_labels=len(labels),
        id2label=dict(enumerate(labels)),
        label2id={label: i for i, label in enumerate(labels)},
        initializer_range=0.5,  # large random weights, so the labels depend on the text
    )
    torch.manual_seed(seed)
    BertForSequenceClassification(config).save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path
