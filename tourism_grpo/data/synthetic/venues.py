"""Named venues ("Hotel Seeblick", "Gasthof Zum Goldenen Hirschen") and which of them suit a place
(templates/venues.yaml)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache

from tourism_grpo.data.synthetic.grammar import NP
from tourism_grpo.data.synthetic.places import Place, fits, tagged
from tourism_grpo.data.synthetic.tables import table


@dataclass(frozen=True)
class Venue:
    """A named venue: its declinable noun phrase, its kind and its bare name ("Hotel Seeblick")."""

    np: NP
    kind: str
    name: str


def kind_grammar() -> dict[str, list[str]]:
    """Per venue kind: gender, location preposition, genitive of the kind."""
    return table("venues")["grammar"]


@cache
def groups() -> dict[str, tuple[tuple[str, int], ...]]:
    """Per venue group: the kinds a template's venue may be, with their draw weights."""
    return {group: tuple(kinds.items()) for group, kinds in table("venues")["groups"].items()}


@cache
def _pools() -> dict[str, list[str]]:
    """Names several kinds share: the emblem names of hotels and the inn names."""
    data = table("venues")
    emblems = data["emblems"].items()
    # "Goldener Hirsch" after "Zum": the colour's dative ending and the noun's dative
    datives = [f"Zum {colour[:-1]}n {dative}" for _, (dative, colours) in emblems for colour in colours]
    return {
        "emblems": [f"{colour} {noun}" for noun, (_, colours) in emblems for colour in colours],
        "inns": [*data["inns"], *datives],
    }


@cache
def _kind_venues(kind: str) -> tuple[tuple[frozenset[str], Venue], ...]:
    """Every venue of a kind, with the place tags it needs."""
    gender, loc, genitive = kind_grammar()[kind]
    entries = table("venues")["names"][kind]
    names = [name for entry in entries for name in (_pools()[entry["pool"]] if isinstance(entry, dict) else [entry])]
    venues = []
    for tags, text in map(tagged, names):
        full = f"{kind} {text}"
        venues.append((tags, Venue(NP(gender, full, full, loc, f"{genitive} {text}"), kind, full)))
    return tuple(venues)


@cache
def venues_for(group: str, place: Place) -> tuple[tuple[Venue, ...], tuple[int, ...]]:
    """The venues of a group that suit a place, with cumulative draw weights (a kind's weight spread over its names)."""
    venues: list[Venue] = []
    weights: list[int] = []
    for kind, weight in groups()[group]:
        fitting = [venue for tags, venue in _kind_venues(kind) if fits(tags, place)]
        venues.extend(fitting)
        weights.extend([weight * 10_000 // max(1, len(fitting))] * len(fitting))
    return tuple(venues), tuple(itertools.accumulate(weights))
