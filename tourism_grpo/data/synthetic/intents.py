"""Intents: what a question asks, the phrasings that ask it, and per tone the answers that fit every phrasing.

templates/intents/<topic>.yaml lists the intents of one topic, each with:
  label: what the question is about, in the accusative ("die Zimmer {loc_v}"), for the chain of thought;
  aspect: the question as an indirect question ("ob es ... gibt"), likewise;
  questions: the phrasings;
  answers: per tone, the answer cores, each `text` with the same `fact` as a verb-final clause;
  details: per tone, follow-up sentences, each `text` with a `label` for it in the accusative;
and where needed group (the venue group {v} is drawn from), where (a place filter named in _WHERE), yes_no (the
tones whose answers may open with "Ja ..." / "Nein ...": all its questions are yes/no questions) and preamble (what
situation may open a question: "travel", the default, says when and who, "time" when and "party" who).
A template ending in "|tag,tag" is used only where the place has one of those tags.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from tourism_grpo.data.synthetic.places import Place, all_places, tagged
from tourism_grpo.data.synthetic.tables import table
from tourism_grpo.data.synthetic.venues import venues_for

TONES: tuple[str, ...] = ("positive", "negative", "neutral")
TOPICS: tuple[str, ...] = (
    "sights", "accommodation", "arrival", "parking", "food", "events", "prices", "weather",
    "accessibility", "opening_hours", "families", "pets", "outdoor", "wellness", "booking",
)

# A template: the place tags it needs, its text, and its second part (a fact, a label, or the question naming the
# place, "" where it cannot).
Tagged = tuple[frozenset[str], str, str]

_VENUE_SLOT = re.compile(r"\{(?:[A-Za-z]+_)?[vV]n?\}")
_PLACE_SLOT = re.compile(r"\{(?:[A-Za-z]+_)?[oO]\}")
_NAMED_SLOT = re.compile(r"\{(?:[A-Za-z]+_)?(?:[vV]|[eE]v|[wW]eg|[rR]adweg|[rR]ad|[pP]k|[hH]l|[bB]ahn|[sS]ki)\}")


def _has_cars(place: Place) -> bool:
    """Places one can drive to and park at."""
    return place.typ != "gipfel" and "autofrei" not in place.tags


# The place filters an intent's `where` may name.
_WHERE: dict[str, Callable[[Place], bool]] = {
    "anywhere": lambda p: True,
    "not_peak": lambda p: p.typ != "gipfel",
    "has_cars": _has_cars,
    "town_with_cars": lambda p: _has_cars(p) and p.typ in ("stadt", "dorf"),
    "ferry": lambda p: "faehre" in p.tags,
    "ski": lambda p: "ski" in p.tags,
    # spas, coasts, lakes and mountains levy a visitor's tax with a guest card, big cities do not
    "resort": lambda p: p.typ != "gipfel" and (p.typ != "stadt" or bool(p.tags & {"meer", "see", "alpen"})),
}


_FIELDS = frozenset({"label", "aspect", "questions", "answers", "details", "group", "where", "yes_no", "preamble"})


@dataclass(frozen=True)
class Intent:
    """One kind of question, the phrasings that ask it and the answers that fit every phrasing."""

    topic: str
    group: str | None
    yes_no: frozenset[str]
    preamble: str
    label: str
    aspect: str
    questions: tuple[Tagged, ...]
    answers: Mapping[str, tuple[Tagged, ...]]
    details: Mapping[str, tuple[Tagged, ...]]
    places: tuple[Place, ...]


@cache
def core_with_place(core: str) -> str:
    """An answer core naming the destination after its first named thing ("der Höhenweg in Grindelwald")."""
    match = None if _PLACE_SLOT.search(core) else _NAMED_SLOT.search(core)
    return f"{core[:match.end()]} {{in_o}}{core[match.end():]}" if match else core


def _with_place(question: str) -> str:
    """The question with the destination after its venue ("im Hotel Seeblick auf Rügen"); "" if it cannot have one."""
    if _PLACE_SLOT.search(question):
        return ""
    match = _VENUE_SLOT.search(question)
    return f"{question[:match.end()]} {{in_o}}{question[match.end():]}" if match else ""


def _questions(items: Sequence[str]) -> tuple[Tagged, ...]:
    """Phrasings with their place tags and the variant naming the place."""
    return tuple((tags, text, _with_place(text)) for tags, text in map(tagged, items))


def _pairs(by_tone: Mapping[str, Sequence[Mapping[str, str]]], second: str) -> dict[str, tuple[Tagged, ...]]:
    """Per tone, sentences with their place tags and their `second` part (a fact or a label)."""
    return {tone: tuple((*tagged(item["text"]), item[second]) for item in by_tone[tone]) for tone in TONES}


def _intent(topic: str, spec: Mapping[str, Any]) -> Intent:
    """An intent with the places it suits: no venues on summits, and at least two venues of its group."""
    # a misspelt optional field would otherwise be ignored without a word
    if unknown := set(spec) - _FIELDS:
        raise ValueError(f"templates/intents/{topic}.yaml: unknown intent fields {sorted(unknown)}")
    group = spec.get("group")
    where = _WHERE[spec.get("where", "anywhere")]
    suits = tuple(
        p for p in all_places()
        if where(p) and (group is None or (p.typ != "gipfel" and len(venues_for(group, p)[0]) >= 2))
    )
    return Intent(
        topic, group, frozenset(spec.get("yes_no", ())), spec.get("preamble", "travel"), spec["label"],
        spec["aspect"], _questions(spec["questions"]), _pairs(spec["answers"], "fact"),
        _pairs(spec["details"], "label"), suits,
    )


@cache
def all_intents() -> tuple[Intent, ...]:
    """Every intent, topic by topic in TOPICS order."""
    return tuple(_intent(topic, spec) for topic in TOPICS for spec in table(f"intents/{topic}"))


@cache
def by_topic() -> dict[str, tuple[Intent, ...]]:
    """Per topic, its intents that suit at least one place."""
    return {topic: tuple(i for i in all_intents() if i.topic == topic and i.places) for topic in TOPICS}
