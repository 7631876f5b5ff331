"""Composition: a row's question, answer and chain of thought from an intent, its place and the sentences around
them (templates/frames.yaml)."""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from functools import cache

from tourism_grpo.data.synthetic.intents import TONES, TOPICS, Intent, Tagged, by_topic, core_with_place
from tourism_grpo.data.synthetic.places import Place, fits
from tourism_grpo.data.synthetic.slot_values import slot_table
from tourism_grpo.data.synthetic.slots import Slots
from tourism_grpo.data.synthetic.tables import table

# How often a row gets each optional part; an answer has 1 to 4 sentences (opener, core, detail, closer).
_P_YES_NO_OPENER = 0.5
_P_OPENER = 0.2
_P_DETAIL = 0.6
_P_CLOSER = 0.3
_P_PREAMBLE = 0.3
_P_PLACE_IN_QUESTION = 0.6
_P_PLACE_IN_ANSWER = 0.7
_P_SUFFIX = 0.1
_P_GREETING = 0.04
# How often a chain of thought gets each optional sentence.
_P_INTRO = 0.85
_P_CHECK = 0.7
_P_DETAIL_NOTE = 0.7
# A row whose question was already asked is redrawn this many times before the repeat is accepted: real FAQs
# repeat questions now and then, but a training set should not.
_QUESTION_RETRIES = 8
# No template set can run out of answers at the sizes asked for; hitting this means a template bug.
_MAX_ATTEMPTS = 10_000


@cache
def preambles() -> dict[str, tuple[str, ...]]:
    """What may open a question, by an intent's preamble: "party" (who), "time" (when) or "travel" (either)."""
    frames = table("frames")["preambles"]
    party, time = tuple(frames["party"]), tuple(frames["time"])
    return {"party": party, "time": time, "travel": (*party, *time, *frames["party_and_time"])}


def closers() -> dict[str, list[str]]:
    """An answer's closing sentences, by tone."""
    return table("frames")["closers"]


def choose(rng: random.Random, options: Sequence[Tagged], place: Place) -> Tagged:
    """One of the options that suit the place."""
    fitting = [o for o in options if fits(o[0], place)]
    return fitting[rng.randrange(len(fitting))]


def fill(template: str, s: Slots) -> str:
    """A template with the row's slots filled in."""
    return template.format_map(s)


def _question(rng: random.Random, s: Slots, intent: Intent) -> str:
    """The question: a phrasing, maybe the place, a preamble, a closing thanks or a greeting."""
    _, template, with_place = choose(rng, intent.questions, s.place)
    if with_place and rng.random() < _P_PLACE_IN_QUESTION:
        template = with_place
    text = fill(template, s)
    # A question that already opens with its own situation ("Wir haben zwei Tage ...") gets no second one.
    if ". " not in template and rng.random() < _P_PREAMBLE:
        text = f"{fill(s.pick(preambles()[intent.preamble]), s)} {text}"
    if rng.random() < _P_SUFFIX:
        text = f"{text} {s.pick(table('frames')['suffixes'])}"
    if rng.random() < _P_GREETING:
        text = f"Hallo! {text}"
    return text


def _answer(rng: random.Random, s: Slots, intent: Intent, core: str) -> tuple[str, str]:
    """The answer around its core (opener, core, detail, closer), and the label of its detail ("" without one)."""
    frames = table("frames")
    sentences = []
    if s.tone in intent.yes_no and rng.random() < _P_YES_NO_OPENER:
        sentences.append(s.pick(frames["yes_openers" if s.tone == "positive" else "no_openers"]))
    elif rng.random() < _P_OPENER:
        sentences.append(s.pick(frames["openers"][s.tone]))
    sentences.append(fill(core, s))
    detail_label = ""
    if rng.random() < _P_DETAIL:
        _, detail, detail_label = choose(rng, intent.details[s.tone], s.place)
        sentences.append(fill(detail, s))
    if rng.random() < _P_CLOSER:
        # a closer naming the venue only where the intent has one
        fitting = [c for c in closers()[s.tone] if intent.group or "_v}" not in c]
        sentences.append(fill(s.pick(fitting), s))
    return " ".join(sentences), detail_label


def _reasoning(rng: random.Random, s: Slots, intent: Intent, fact: str, detail_label: str) -> str:
    """A 2 to 5 sentence chain of thought from the question's subject to the answer's fact and tone."""
    frames = table("frames")["reasoning"]
    sentences = []
    if rng.random() < _P_INTRO:
        sentences.append(s.pick(frames["intro"]).replace("{label}", intent.label))
    if rng.random() < _P_CHECK:
        sentences.append(s.pick(frames["check"]).replace("{aspect}", intent.aspect))
    frame = s.pick(frames["fact"])
    consequence = s.pick(frames["consequence"][s.tone])
    sentences.append(frame.replace("{fact}", fact).replace("{consequence}", consequence))
    if detail_label and rng.random() < _P_DETAIL_NOTE:
        sentences.append(s.pick(frames["detail_note"]).replace("{detail}", detail_label))
    sentences.append(s.pick(frames["conclusion"][s.tone]))
    return " ".join(fill(sentence, s) for sentence in sentences)


def _row(rng: random.Random, tone: str, topic: str, with_reasoning: bool) -> dict[str, str]:
    """One row of a tone and topic drawn from the stream: intent, place, then the texts in a fixed order."""
    intents = by_topic()[topic]
    intent = intents[rng.randrange(len(intents))]
    place = intent.places[rng.randrange(len(intent.places))]
    s = Slots(rng, place, tone, intent.group, slot_table())

    question = _question(rng, s, intent)
    _, core, fact = choose(rng, intent.answers[tone], place)
    # An answer usually names the destination again when the question did (the relevance reward checks that).
    if place.name in question and rng.random() < _P_PLACE_IN_ANSWER:
        core = core_with_place(core)
    answer, detail_label = _answer(rng, s, intent, core)
    row = {"question": question, "answer": answer, "tone": tone, "topic": topic, "destination": place.name}
    if with_reasoning:
        row["reasoning"] = _reasoning(rng, s, intent, fact, detail_label)
    return row


def _generate(rows: int, seed: int, with_reasoning: bool) -> list[dict[str, str]]:
    """Rows drawn one after another from one seeded stream, so a longer run extends a shorter one."""
    if rows < 0:
        raise ValueError(f"rows must be >= 0, got {rows}")
    rng = random.Random(f"tourism-grpo/{'cot' if with_reasoning else 'qa'}/{seed}")
    answers: set[str] = set()
    questions: set[str] = set()
    reasonings: set[str] = set()
    out: list[dict[str, str]] = []
    while len(out) < rows:
        # Tone and topic are drawn once per row, so skipping repeats cannot skew their balance.
        tone = TONES[rng.randrange(len(TONES))]
        topic = TOPICS[rng.randrange(len(TOPICS))]
        for attempt in itertools.count():
            if attempt >= _MAX_ATTEMPTS:
                raise RuntimeError(f"no new answer after {attempt} draws at row {len(out)}: templates too narrow")
            row = _row(rng, tone, topic, with_reasoning)
            if row["answer"] in answers or (with_reasoning and row["reasoning"] in reasonings):
                continue
            if row["question"] in questions and attempt < _QUESTION_RETRIES:
                continue
            break
        answers.add(row["answer"])
        questions.add(row["question"])
        if with_reasoning:
            reasonings.add(row["reasoning"])
        out.append(row)
    return out


def generate_qa(rows: int, seed: int = 0) -> list[dict[str, str]]:
    """`rows` German tourism FAQ rows (question, answer, tone, topic, destination), deterministic in `seed`."""
    return _generate(rows, seed, with_reasoning=False)


def generate_cot(rows: int, seed: int = 0) -> list[dict[str, str]]:
    """`rows` QA rows that also carry a step-by-step German `reasoning` leading to the answer."""
    return _generate(rows, seed, with_reasoning=True)
