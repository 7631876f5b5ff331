"""Destinations: how each place is said ("in Berlin", "auf Rügen", "am Bodensee", "in der Eifel"), its kind, tags,
climate, country and how one gets there by train (templates/places.yaml)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from tourism_grpo.data.gazetteer import PLACES
from tourism_grpo.data.synthetic.grammar import NP
from tourism_grpo.data.synthetic.tables import table


@dataclass(frozen=True)
class Place:
    """A destination and everything the templates need to say about it."""

    name: str
    np: NP
    in_: str
    nach: str
    typ: str  # stadt, dorf, insel, see, region, gipfel
    tags: frozenset[str]
    climate: str
    country: str
    hub: str
    leg: str


def tagged(entry: str) -> tuple[frozenset[str], str]:
    """Split "text|tag,tag" into the tags a place needs (any of them; none: every place) and the text."""
    text, _, tags = entry.partition("|")
    return frozenset(tags.split(",")) if tags else frozenset(), text


def fits(tags: frozenset[str], place: Place) -> bool:
    """Whether a template or name tagged so suits the place."""
    return not tags or bool(tags & place.tags)


def _place_type(name: str, data: Mapping[str, Any]) -> str:
    """The kind of destination: stadt, dorf, insel, see, region or gipfel."""
    for typ, listed in (("insel", "islands"), ("see", "lakes"), ("gipfel", "peaks"), ("region", "regions")):
        if name in data[listed]:
            return typ
    return "dorf" if name in data["villages"] else "stadt"


def _climate(typ: str, tags: frozenset[str]) -> str:
    """Which seasonal pattern a place follows (good and bad months, temperatures, what one does)."""
    if typ == "gipfel":
        return "gipfel"
    if "alpen" in tags:
        return "ski" if "ski" in tags else "berg"
    if typ == "insel" or ("meer" in tags and typ != "stadt"):
        return "meer"
    if typ == "see" or ("see" in tags and typ == "dorf"):
        return "see"
    if "wein" in tags and typ == "region":
        return "wein"
    return "stadt" if typ in ("stadt", "dorf") else "land"


def _forms(name: str, typ: str, data: Mapping[str, Any]) -> tuple[NP, str, str]:
    """The place as a noun phrase, with its "in ..." and "nach ..." forms."""
    if name in data["article_forms"]:
        gender, nom, obl, in_, nach = data["article_forms"][name]
        return NP(gender, nom, obl), in_, nach
    if typ == "see":
        return NP("m", name, name), f"am {name}", f"an den {name}"
    if name in data["regions"]:
        np = NP(data["regions"][name], name, name)
        return np, np.form("in"), np.form("ins")
    return NP(None, name, name), f"auf {name}" if typ == "insel" else f"in {name}", f"nach {name}"


def _make_place(name: str, data: Mapping[str, Any]) -> Place:
    """Build a destination's forms, tags, country and railway hub from its name."""
    typ = _place_type(name, data)
    np, in_, nach = _forms(name, typ, data)
    features = {tag for tag, names in data["features"].items() if name in names}
    # every island lies by the sea (a lake's own type is already its tag)
    tags = frozenset({typ} | features | ({"meer"} if typ == "insel" else set()))
    station = f"{name} Hauptbahnhof" if name in data["main_stations"] else name
    hub, leg = data["hubs"].get(name, (station, ""))
    country = next((code for code, names in data["countries"].items() if name in names), "de")
    return Place(name, np, in_, nach, typ, tags, _climate(typ, tags), country, hub, leg)


@cache
def all_places() -> tuple[Place, ...]:
    """Every destination of the gazetteer the templates can speak of, in gazetteer order."""
    data = table("places")
    return tuple(_make_place(name, data) for name in PLACES if name not in data["excluded"])
