"""Row slots. A row fills its templates from one Slots mapping: each slot is drawn once, on first use, so the
question, answer and reasoning of a row agree on every value they share."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any

from tourism_grpo.data.synthetic.grammar import NP, cap
from tourism_grpo.data.synthetic.places import Place
from tourism_grpo.data.synthetic.tables import table
from tourism_grpo.data.synthetic.venues import Venue, venues_for

# The cases and prepositions a template may put before a noun phrase: {akk_v}, {loc_hl}, {zu_hl}, {sein_o} ...
_NP_CASES = frozenset(
    {
        "akk",
        "dat",
        "gen",
        "in",
        "ins",
        "loc",
        "dir",
        "an",
        "bei",
        "zu",
        "von",
        "mit",
        "er",
        "ihn",
        "sein",
    }
)


class Slots(dict[str, str]):
    """The values of one row, drawn lazily in a fixed order from the row's random stream."""

    def __init__(
        self,
        rng: random.Random,
        place: Place,
        tone: str,
        group: str | None,
        slots: Mapping[str, Callable[[Slots], str]],
    ) -> None:
        """Start an empty row for a place, tone and venue group; `slots` draws the slots that are not noun phrases."""
        super().__init__()
        self.slots = slots
        self.rng = rng
        self.place = place
        self.tone = tone
        self.group = group
        self.nums: dict[str, int] = {}
        self.nps: dict[str, NP] = {}
        self.venue: Venue | None = None

    def __missing__(self, key: str) -> str:
        """Draw a slot on first use; a capitalised key gives the capitalised value."""
        if key[0].isupper():
            value = cap(self[key[0].lower() + key[1:]])
        elif key in self.slots:
            value = self.slots[key](self)
        else:
            # a noun phrase in a case: "v" (nominative), "akk_v", "loc_v", "zu_hl", "sein_o" ...
            case, _, base = key.rpartition("_")
            if base not in _NP_BASES or (case and case not in _NP_CASES):
                raise KeyError(key)
            value = self.phrase(base).form(case)
        self[key] = value
        return value

    def phrase(self, base: str) -> NP:
        """The row's noun phrase for a base ("v", "hl", "ev", ...), drawn once."""
        if base not in self.nps:
            self.nps[base] = _NP_BASES[base](self)
        return self.nps[base]

    def pick(self, options: Sequence[str]) -> str:
        """One of the options, drawn from the row's stream."""
        return options[self.rng.randrange(len(options))]

    def num(self, name: str, low: int, high: int, step: int = 1) -> int:
        """A named number, drawn once per row."""
        if name not in self.nums:
            self.nums[name] = low + step * self.rng.randrange((high - low) // step + 1)
        return self.nums[name]

    def value(self, slot: str, name: str) -> int:
        """The number behind a slot (prices in half units), drawing the slot first if needed."""
        _ = self[slot]
        return self.nums[name]

    def money(self, name: str, low: int, high: int, cents: bool = False) -> str:
        """A price in the place's currency; cents=True also draws half prices such as "8,50 Euro"."""
        if name not in self.nums:
            if self.place.country == "ch":
                low, high = low * 6 // 5, high * 6 // 5
            # Praise quotes the cheaper half of a range and complaints the dearer half, as real reviews do.
            middle = (low + high) // 2
            if self.tone == "positive":
                high = middle
            elif self.tone == "negative":
                low = middle
            self.nums[name] = self.rng.randint(2 * low, 2 * high) if cents else 2 * self.rng.randint(low, high)
        return self.price(self.nums[name])

    def price(self, halves: int) -> str:
        """A price given in half units, in the place's currency."""
        whole, half = divmod(halves, 2)
        currency = "Franken" if self.place.country == "ch" else "Euro"
        return f"{whole},50 {currency}" if half else f"{whole} {currency}"


def _venue(s: Slots, group: str) -> Venue:
    """A venue of a group that suits the row's place, by weight."""
    venues, cumulative = venues_for(group, s.place)
    return s.rng.choices(venues, cum_weights=cumulative)[0]


def _intent_venue(s: Slots) -> NP:
    """The venue the row is about."""
    if s.group is None:
        raise KeyError("venue slot in an intent without a venue group")
    s.venue = _venue(s, s.group)
    return s.venue.np


def _alternative(s: Slots) -> NP:
    """Another venue of the same kind as the row's venue (another hotel for a hotel), else of its group."""
    s.phrase("v")
    assert s.group is not None and s.venue is not None
    venues = venues_for(s.group, s.place)[0]
    same_kind = [v for v in venues if v.kind == s.venue.kind and v.name != s.venue.name]
    pool = same_kind or [v for v in venues if v.name != s.venue.name]
    return pool[s.rng.randrange(len(pool))].np


def _highlight(s: Slots) -> NP:
    """A sight that suits the place, real landmarks first where known."""
    place = s.place
    values = table("values")
    pool = list(values["highlights"][values["highlight_keys"][place.typ]])
    for tag in ("meer", "see", "alpen", "wein", "fluss"):
        if tag in place.tags and place.typ not in ("insel", "gipfel"):
            pool.extend(values["highlights"][tag])
    pool.extend(3 * values["landmarks"].get(place.name, []))
    gender, nom, obl = pool[s.rng.randrange(len(pool))]
    return NP(gender, nom, obl)


@cache
def _events_for(place: Place) -> tuple[list[Any], ...]:
    """The events that suit a place: gender, name, months, the tag a place needs."""
    return tuple(e for e in table("values")["events"] if not e[3] or e[3] in place.tags)


def _event(s: Slots) -> NP:
    """An event that suits the place; also fixes the month it takes place in."""
    events = _events_for(s.place)
    gender, name, months, _ = events[s.rng.randrange(len(events))]
    s.nums["ev_month"] = months[s.rng.randrange(len(months))]
    return NP(gender, name, name)


def _named(s: Slots, names: Sequence[str]) -> NP:
    """A route named by one of the (masculine) names: "der Höhenweg", "der Talradweg"."""
    name = s.pick(names)
    return NP("m", name, name)


def _tax(s: Slots) -> NP:
    """The visitor's tax as the country calls it."""
    name = "Ortstaxe" if s.place.country in ("at", "it") else "Kurtaxe"
    return NP("f", name, name)


# The noun phrases a template may name, by base: {o} the destination, {v} the venue, {hl} a sight ...
_NP_BASES: dict[str, Callable[[Slots], NP]] = {
    "o": lambda s: s.place.np,
    "v": _intent_venue,
    "alt": _alternative,
    "hl": _highlight,
    "ev": _event,
    "pk": lambda s: _venue(s, "parkhaus").np,
    "rad": lambda s: _venue(s, "rad").np,
    "ski": lambda s: _venue(s, "skischule").np,
    "bahn": lambda s: _venue(s, "lift").np,
    "weg": lambda s: _named(s, table("values")["trails"][s.place.climate]),
    "radweg": lambda s: _named(s, table("values")["bike_routes"]),
    "kt": _tax,
}
