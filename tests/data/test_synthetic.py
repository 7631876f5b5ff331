"""The synthetic German tourism FAQ generator: determinism, scale, uniqueness, language, variety, bundled sample."""

from __future__ import annotations

import collections
import json
import random
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from tourism_grpo.data import synthetic
from tourism_grpo.data.gazetteer import PLACES, VENUE_KINDS
from tourism_grpo.data.synthetic import TONES, TOPICS, generate_cot, generate_qa, main, write_jsonl
from tourism_grpo.data.synthetic.compose import closers, fill, preambles
from tourism_grpo.data.synthetic.intents import all_intents, core_with_place
from tourism_grpo.data.synthetic.places import fits
from tourism_grpo.data.synthetic.slot_values import slot_table
from tourism_grpo.data.synthetic.slots import Slots
from tourism_grpo.data.synthetic.venues import groups, kind_grammar

QA_KEYS = ["question", "answer", "tone", "topic", "destination"]
SAMPLE_DIR = Path(synthetic.__file__).parent.parent / "sample"
SAMPLE_SEED = 20251125
MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
_PLACE = re.compile("|".join(map(re.escape, sorted(PLACES, key=len, reverse=True))))
# A venue as the relevance reward sees it (kind, then capitalised words), genitive "Hotels Seeblick" included.
_VENUE = re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, VENUE_KINDS))})(?:e?s)?(?: [A-ZÄÖÜ][\w-]*)+")


@pytest.fixture(scope="module")
def qa_10k() -> list[dict[str, str]]:
    return generate_qa(10_000, seed=0)


def _skeleton(text: str) -> str:
    """A text with its slot values masked: venues, places, months and numbers."""
    text = _VENUE.sub("<V>", text)
    text = _PLACE.sub("<O>", text)
    text = re.sub("|".join(MONTHS), "<M>", text)
    return re.sub(r"\d+(?:[.,:]\d+)?", "#", text)


def _sentences(text: str) -> int:
    """Sentences in a text; "St. Moritz" and dates such as "vom 3. bis 5. Mai" end none."""
    text = re.sub(r"\bSt\. ", "St ", text)
    text = re.sub(r"\d+\. ", "# ", text)
    return len(re.findall(r"[.!?](?=\s|$)", text))


def _short(place: str) -> str:
    return re.split(r"\s+(?:am|an|im|in|ob)\s+", place)[0]


def test_rows_have_the_documented_keys_and_values() -> None:
    qa, cot = generate_qa(200, seed=1), generate_cot(100, seed=1)
    assert all(list(row) == QA_KEYS for row in qa)
    assert all(list(row) == [*QA_KEYS, "reasoning"] for row in cot)
    for row in qa + cot:
        assert row["tone"] in TONES
        assert row["topic"] in TOPICS
        assert row["destination"] in PLACES
        assert all(isinstance(value, str) and value for value in row.values())


def test_same_seed_same_rows_other_seed_other_rows() -> None:
    assert generate_qa(300, seed=5) == generate_qa(300, seed=5)
    assert generate_cot(100, seed=5) == generate_cot(100, seed=5)
    other = generate_qa(300, seed=6)
    assert not {r["answer"] for r in other} & {r["answer"] for r in generate_qa(300, seed=5)}


def test_a_bigger_set_extends_a_smaller_one() -> None:
    assert generate_qa(100, seed=3) == generate_qa(1000, seed=3)[:100]
    assert generate_cot(50, seed=3) == generate_cot(400, seed=3)[:50]
    assert generate_qa(0) == []


def test_qa_and_cot_sets_are_drawn_independently() -> None:
    qa = {r["answer"] for r in generate_qa(300, seed=0)}
    assert len(qa & {r["answer"] for r in generate_cot(300, seed=0)}) < 3


def test_no_answer_twice_and_hardly_any_repeated_question(qa_10k: list[dict[str, str]]) -> None:
    assert len({r["answer"] for r in qa_10k}) == len(qa_10k)
    questions = collections.Counter(r["question"] for r in qa_10k)
    assert sum(n - 1 for n in questions.values()) / len(qa_10k) < 0.01
    few = generate_qa(600, seed=SAMPLE_SEED)
    assert len({r["question"] for r in few}) == len(few)


def test_text_is_plain_printable_nfc_german(qa_10k: list[dict[str, str]]) -> None:
    for row in qa_10k + generate_cot(1000, seed=2):
        for key in ("question", "answer", "reasoning"):
            if key not in row:
                continue
            text = row[key]
            assert text.isprintable(), text  # no tabs, newlines or control characters
            assert unicodedata.normalize("NFC", text) == text
            assert text == text.strip() and "  " not in text, text
            assert not re.search(r"[{}]| [.,;:!?]|[.,;:]{2}", text), text
            assert text[0].isupper() and text[-1] in ".!?", text
    assert any("ß" in r["answer"] for r in qa_10k) and any("ü" in r["question"] for r in qa_10k)


def test_answers_have_one_to_four_sentences_and_reasoning_two_to_five(qa_10k: list[dict[str, str]]) -> None:
    counts = collections.Counter(_sentences(r["answer"]) for r in qa_10k)
    assert set(counts) <= {1, 2, 3, 4} and len(counts) == 4
    reasoning = collections.Counter(_sentences(r["reasoning"]) for r in generate_cot(1000, seed=4))
    assert set(reasoning) <= {2, 3, 4, 5}


def test_tones_are_balanced_and_every_topic_has_every_tone(qa_10k: list[dict[str, str]]) -> None:
    tones = collections.Counter(r["tone"] for r in qa_10k)
    assert all(0.20 <= tones[tone] / len(qa_10k) <= 0.45 for tone in TONES), tones
    cells = collections.Counter((r["topic"], r["tone"]) for r in qa_10k)
    assert len(cells) == len(TOPICS) * len(TONES)
    topics = collections.Counter(r["topic"] for r in qa_10k)
    assert max(topics.values()) < 2 * min(topics.values()), topics


def test_answers_vary_beyond_their_slot_values(qa_10k: list[dict[str, str]]) -> None:
    """Masking venues, places, months and numbers must still leave thousands of different answers.

    The GRPO subsets hold 5K to 10K rows. If a few skeletons covered them, a model could satisfy the similarity
    reward by memorising those, so 10K rows must show at least 3,000 skeletons (each recurs about three times at
    most on average; the generator gives about 7,000), none may cover more than 1% of the rows, and each of the
    45 topic and tone cells (about 220 rows each) must show at least 40 different ones.
    """
    skeletons = collections.Counter(_skeleton(r["answer"]) for r in qa_10k)
    assert len(skeletons) >= 3000
    assert skeletons.most_common(1)[0][1] <= len(qa_10k) // 100
    per_cell = collections.defaultdict(set)
    for row in qa_10k:
        per_cell[row["topic"], row["tone"]].add(_skeleton(row["answer"]))
    assert min(len(cell) for cell in per_cell.values()) >= 40
    assert len({_skeleton(r["question"]) for r in qa_10k}) >= 2000


def test_questions_usually_name_the_destination_or_a_venue_and_answers_name_it_again(
    qa_10k: list[dict[str, str]],
) -> None:
    named = answered = 0
    for row in qa_10k:
        place = _short(row["destination"])
        names = ([place] if place in row["question"] else []) + [
            venue.split(" ", 1)[1] for venue in _VENUE.findall(row["question"])
        ]
        if names:
            named += 1
            answered += any(name in row["answer"] for name in names)
    assert named / len(qa_10k) >= 0.9
    assert 0.7 <= answered / named < 1.0


def test_destinations_come_from_the_gazetteer_and_venue_kinds_are_known(qa_10k: list[dict[str, str]]) -> None:
    assert len({r["destination"] for r in qa_10k}) >= 120
    kinds = {kind for group in groups().values() for kind, _ in group}
    assert kinds <= set(VENUE_KINDS) and set(kind_grammar()) <= set(VENUE_KINDS)
    assert all(_VENUE.search(r["question"]) for r in qa_10k if r["topic"] in ("accommodation", "wellness"))


def test_swiss_destinations_price_in_francs(qa_10k: list[dict[str, str]]) -> None:
    swiss = [r for r in qa_10k if r["destination"] in ("Zürich", "Luzern", "Zermatt", "Basel", "Bern")]
    assert swiss and not any("Euro" in r["answer"] for r in swiss)
    assert any("Franken" in r["answer"] for r in swiss)


def test_every_template_renders_for_every_place_and_tone() -> None:
    """Rare templates never drawn in a short run still fill every slot for every place they apply to."""
    rng = random.Random(0)
    for intent in all_intents():
        assert intent.places, intent.label
        for place in intent.places:
            for tone in TONES:
                slots = Slots(rng, place, tone, intent.group, slot_table())
                groups = (intent.questions, intent.answers[tone], intent.details[tone])
                assert all(any(fits(o[0], place) for o in options) for options in groups)
                texts = [intent.label, intent.aspect, *preambles()["travel"]]
                texts += [part for options in groups for o in options if fits(o[0], place) for part in o[1:]]
                texts += [core_with_place(o[1]) for o in intent.answers[tone]]
                texts += closers()[tone] if intent.group else ()
                for text in filter(None, texts):
                    filled = fill(text, slots)
                    assert "{" not in filled and "  " not in filled, filled


def test_write_jsonl_and_the_command_line(tmp_path: Path) -> None:
    rows = generate_cot(20, seed=9)
    write_jsonl(rows, tmp_path / "nested" / "cot.jsonl")
    raw = (tmp_path / "nested" / "cot.jsonl").read_bytes()
    assert raw.endswith(b"\n") and "ä".encode() in raw and b"\\u00" not in raw
    assert [json.loads(line) for line in raw.decode("utf-8").splitlines()] == rows

    main(["qa", "--rows", "30", "--seed", "4", "--out", str(tmp_path / "qa.jsonl")])
    lines = (tmp_path / "qa.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == generate_qa(30, seed=4)

    out = tmp_path / "cli.jsonl"
    command = [sys.executable, "-m", "tourism_grpo.data.synthetic", "cot", "--rows", "5", "--out", str(out)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    assert [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] == generate_cot(5)


@pytest.mark.parametrize(("kind", "rows"), [("qa", 600), ("cot", 300)])
def test_bundled_sample_is_what_the_generator_makes(kind: str, rows: int) -> None:
    path = SAMPLE_DIR / f"{kind}.jsonl"
    generate = generate_qa if kind == "qa" else generate_cot
    committed = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert committed == generate(rows, seed=SAMPLE_SEED), (
        f"{path} no longer matches the generator; regenerate it with: python -m tourism_grpo.data.synthetic "
        f"{kind} --rows {rows} --seed {SAMPLE_SEED} --out tourism_grpo/data/sample/{kind}.jsonl"
    )


@pytest.mark.slow
def test_full_qa_set_166k_is_unique_and_rarely_repeats_questions() -> None:
    rows = generate_qa(166_000, seed=0)
    assert len(rows) == 166_000
    assert len({r["answer"] for r in rows}) == len(rows)
    repeats = sum(n - 1 for n in collections.Counter(r["question"] for r in rows).values())
    assert repeats / len(rows) < 0.05


@pytest.mark.slow
def test_full_cot_set_26k_has_unique_answers_and_reasoning() -> None:
    rows = generate_cot(26_000, seed=0)
    assert len(rows) == 26_000
    assert len({r["answer"] for r in rows}) == len(rows)
    assert len({r["reasoning"] for r in rows}) == len(rows)
