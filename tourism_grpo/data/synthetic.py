"""Deterministic generator of realistic German tourism FAQ rows: question/answer pairs and chain-of-thought rows."""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tourism_grpo.data.gazetteer import PLACES

TONES: tuple[str, ...] = ("positive", "negative", "neutral")
TOPICS: tuple[str, ...] = (
    "sights", "accommodation", "arrival", "parking", "food", "events", "prices", "weather",
    "accessibility", "opening_hours", "families", "pets", "outdoor", "wellness", "booking",
)

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
# A row whose question was already asked is redrawn this many times before the repeat is accepted: real FAQs
# repeat questions now and then, but a training set should not.
_QUESTION_RETRIES = 8
# No template set can run out of answers at the sizes asked for; hitting this means a template bug.
_MAX_ATTEMPTS = 10_000

_MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
    "November", "Dezember",
)
_WINTER = frozenset({12, 1, 2, 3})

# --------------------------------------------------------------------------------------------------------
# Grammar: articles, contracted prepositions and pronouns by gender ("m", "f", "n").
# --------------------------------------------------------------------------------------------------------

_ARTICLE = {
    "nom": {"m": "der", "f": "die", "n": "das"},
    "akk": {"m": "den", "f": "die", "n": "das"},
    "dat": {"m": "dem", "f": "der", "n": "dem"},
}
_PREP_DAT = {
    "in": {"m": "im", "f": "in der", "n": "im"},
    "an": {"m": "am", "f": "an der", "n": "am"},
    "auf": {"m": "auf dem", "f": "auf der", "n": "auf dem"},
    "bei": {"m": "beim", "f": "bei der", "n": "beim"},
    "zu": {"m": "zum", "f": "zur", "n": "zum"},
    "von": {"m": "vom", "f": "von der", "n": "vom"},
    "mit": {"m": "mit dem", "f": "mit der", "n": "mit dem"},
}
_PREP_AKK = {
    "in": {"m": "in den", "f": "in die", "n": "ins"},
    "an": {"m": "an den", "f": "an die", "n": "ans"},
    "auf": {"m": "auf den", "f": "auf die", "n": "aufs"},
}
_PRONOUN = {
    "er": {"m": "er", "f": "sie", "n": "es"},
    "ihn": {"m": "ihn", "f": "sie", "n": "es"},
    "sein": {"m": "sein", "f": "ihr", "n": "sein"},
}


@dataclass(frozen=True)
class _NP:
    """A noun phrase that can be declined: gender, nominative and oblique core, location preposition."""

    gender: str | None  # None: a bare proper name without article ("Berlin", "Rügen")
    nom: str
    obl: str
    loc: str = "in"
    gen: str = ""  # genitive core of a masculine or neuter phrase ("Hotels Seeblick"); only venues have one

    def form(self, case: str) -> str:
        """The phrase in a case or after a preposition: "", akk, dat, gen, in, ins, loc, dir, an, bei, zu, ..."""
        g = self.gender
        if g is None:
            if case in ("er", "ihn", "sein"):
                return _PRONOUN[case]["n"]
            if case in ("", "akk", "dat"):
                return self.nom
            raise KeyError(case)
        if case == "":
            return f"{_ARTICLE['nom'][g]} {self.nom}"
        if case in ("akk", "dat"):
            core = self.obl if case == "dat" or g == "m" else self.nom
            return f"{_ARTICLE[case][g]} {core}"
        if case in _PRONOUN:
            return _PRONOUN[case][g]
        if case == "gen":
            if g != "f" and not self.gen:
                raise KeyError(f"no genitive for {self.nom!r}")
            return f"der {self.obl}" if g == "f" else f"des {self.gen}"
        if case == "loc":
            return f"{_PREP_DAT[self.loc][g]} {self.obl}"
        if case == "dir":
            return f"{_PREP_AKK[self.loc][g]} {self.nom if g != 'm' else self.obl}"
        if case == "ins":
            return f"{_PREP_AKK['in'][g]} {self.nom if g != 'm' else self.obl}"
        return f"{_PREP_DAT[case][g]} {self.obl}"


def _cap(text: str) -> str:
    """Capitalise the first letter only ("im Hotel" -> "Im Hotel")."""
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------------------------------------
# Destinations: how each place is said ("in Berlin", "auf Rügen", "am Bodensee", "in der Eifel"), its kind,
# features and how one gets there by train.
# --------------------------------------------------------------------------------------------------------

_ISLANDS = frozenset({
    "Rügen", "Usedom", "Sylt", "Föhr", "Amrum", "Norderney", "Borkum", "Juist", "Langeoog", "Fehmarn",
    "Helgoland", "Hiddensee", "Fischland-Darß",
})
_LAKES = frozenset({
    "Chiemsee", "Tegernsee", "Königssee", "Starnberger See", "Ammersee", "Bodensee", "Titisee", "Müritz",
    "Neusiedler See", "Wörthersee", "Attersee", "Wolfgangsee", "Vierwaldstättersee", "Thunersee",
    "Brienzersee",
})
_PEAKS = frozenset({"Zugspitze", "Brocken", "Großglockner", "Jungfraujoch"})
_VILLAGES = frozenset({
    "Berchtesgaden", "Garmisch-Partenkirchen", "Oberstdorf", "Mittenwald", "Bacharach", "Hallstatt",
    "Bad Gastein", "St. Anton am Arlberg", "Lech", "Mayrhofen", "Sölden", "Ischgl", "Seefeld in Tirol",
    "Kaprun", "Dürnstein", "Grindelwald", "Lauterbrunnen", "Wengen", "Zermatt", "St. Moritz", "Arosa",
    "Ascona", "Appenzell", "Engelberg", "Saas-Fee",
})
# Regions and the few places said with an article: gender, nominative core, oblique core, "in ..."/"nach ...".
_ARTICLE_FORMS: dict[str, tuple[str, str, str, str, str]] = {
    "Sächsische Schweiz": (
        "f", "Sächsische Schweiz", "Sächsischen Schweiz", "in der Sächsischen Schweiz",
        "in die Sächsische Schweiz",
    ),
    "Bayerischer Wald": (
        "m", "Bayerische Wald", "Bayerischen Wald", "im Bayerischen Wald", "in den Bayerischen Wald",
    ),
    "Mecklenburgische Seenplatte": (
        "f", "Mecklenburgische Seenplatte", "Mecklenburgischen Seenplatte",
        "an der Mecklenburgischen Seenplatte", "an die Mecklenburgische Seenplatte",
    ),
    "Lüneburger Heide": (
        "f", "Lüneburger Heide", "Lüneburger Heide", "in der Lüneburger Heide", "in die Lüneburger Heide",
    ),
    "Altes Land": ("n", "Alte Land", "Alten Land", "im Alten Land", "ins Alte Land"),
    "Müritz": ("f", "Müritz", "Müritz", "an der Müritz", "an die Müritz"),
    "Zugspitze": ("f", "Zugspitze", "Zugspitze", "auf der Zugspitze", "auf die Zugspitze"),
    "Brocken": ("m", "Brocken", "Brocken", "auf dem Brocken", "auf den Brocken"),
    "Großglockner": ("m", "Großglockner", "Großglockner", "am Großglockner", "zum Großglockner"),
    "Jungfraujoch": ("n", "Jungfraujoch", "Jungfraujoch", "auf dem Jungfraujoch", "aufs Jungfraujoch"),
}
_REGION_GENDER: dict[str, str] = {
    "Spreewald": "m", "Harz": "m", "Schwarzwald": "m", "Rheingau": "m",
    "Allgäu": "n", "Sauerland": "n", "Erzgebirge": "n", "Fichtelgebirge": "n", "Moseltal": "n",
    "Zillertal": "n", "Ötztal": "n", "Salzkammergut": "n", "Engadin": "n",
    "Eifel": "f", "Rhön": "f", "Pfalz": "f", "Wachau": "f",
}
_REGIONS = frozenset(_REGION_GENDER) | {
    "Sächsische Schweiz", "Bayerischer Wald", "Mecklenburgische Seenplatte", "Lüneburger Heide", "Altes Land",
}
# "Dolomiten" is plural and would break every template that makes the destination a sentence's subject.
_EXCLUDED = frozenset({"Dolomiten"})

_AUSTRIA = frozenset({
    "Wien", "Salzburg", "Innsbruck", "Graz", "Linz", "Hallstatt", "Bad Ischl", "Zell am See", "Kitzbühel",
    "Bad Gastein", "St. Anton am Arlberg", "Lech", "Mayrhofen", "Sölden", "Ischgl", "Seefeld in Tirol",
    "Kaprun", "Krems an der Donau", "Dürnstein", "Melk", "Bregenz", "Villach", "Klagenfurt", "Wachau",
    "Zillertal", "Ötztal", "Salzkammergut", "Wörthersee", "Attersee", "Wolfgangsee", "Neusiedler See",
    "Großglockner",
})
_SWITZERLAND = frozenset({
    "Zürich", "Luzern", "Bern", "Basel", "Genf", "Lausanne", "Montreux", "Interlaken", "Grindelwald",
    "Lauterbrunnen", "Wengen", "Zermatt", "St. Moritz", "Davos", "Arosa", "Lugano", "Locarno", "Ascona",
    "Appenzell", "St. Gallen", "Schaffhausen", "Engelberg", "Saas-Fee", "Vierwaldstättersee", "Thunersee",
    "Brienzersee", "Engadin", "Jungfraujoch",
})
_SOUTH_TYROL = frozenset({"Meran", "Bozen", "Brixen"})

_FEATURES: dict[str, frozenset[str]] = {
    "meer": frozenset(_ISLANDS | {"Lübeck", "Rostock", "Stralsund", "Wismar", "Flensburg", "Kiel"}),
    "see": frozenset(_LAKES | {
        "Schwerin", "Potsdam", "Konstanz", "Lindau", "Hallstatt", "Zell am See", "Bregenz", "Klagenfurt",
        "Zürich", "Luzern", "Genf", "Lausanne", "Montreux", "Interlaken", "Lugano", "Locarno", "Ascona",
        "St. Moritz", "Mecklenburgische Seenplatte", "Salzkammergut", "Engadin", "Villach",
    }),
    "fluss": frozenset({
        "Berlin", "Hamburg", "Köln", "Frankfurt am Main", "Düsseldorf", "Dresden", "Bremen", "Heidelberg",
        "Würzburg", "Regensburg", "Passau", "Koblenz", "Mainz", "Bonn", "Meißen", "Cochem",
        "Rüdesheim am Rhein", "Bacharach", "Wien", "Linz", "Krems an der Donau", "Dürnstein", "Melk",
        "Wachau", "Moseltal", "Rheingau", "Sächsische Schweiz", "Spreewald", "Basel", "Bern", "Schaffhausen",
    }),
    "alpen": frozenset({
        "Berchtesgaden", "Garmisch-Partenkirchen", "Oberstdorf", "Mittenwald", "Füssen", "Bad Tölz", "Allgäu",
        "Tegernsee", "Königssee", "Zugspitze", "Innsbruck", "Salzburg", "Hallstatt", "Bad Ischl",
        "Zell am See", "Kitzbühel", "Bad Gastein", "St. Anton am Arlberg", "Lech", "Mayrhofen", "Sölden",
        "Ischgl", "Seefeld in Tirol", "Kaprun", "Zillertal", "Ötztal", "Salzkammergut", "Wolfgangsee",
        "Großglockner", "Luzern", "Interlaken", "Grindelwald", "Lauterbrunnen", "Wengen", "Zermatt",
        "St. Moritz", "Davos", "Arosa", "Engelberg", "Saas-Fee", "Vierwaldstättersee", "Thunersee",
        "Brienzersee", "Engadin", "Jungfraujoch", "Meran", "Bozen", "Brixen", "Appenzell",
    }),
    "ski": frozenset({
        "Berchtesgaden", "Garmisch-Partenkirchen", "Oberstdorf", "Mittenwald", "Allgäu", "Innsbruck",
        "Zell am See", "Kitzbühel", "Bad Gastein", "St. Anton am Arlberg", "Lech", "Mayrhofen", "Sölden",
        "Ischgl", "Seefeld in Tirol", "Kaprun", "Zillertal", "Ötztal", "Grindelwald", "Wengen", "Zermatt",
        "St. Moritz", "Davos", "Arosa", "Engelberg", "Saas-Fee", "Engadin", "Brixen", "Harz", "Schwarzwald",
        "Sauerland", "Erzgebirge", "Bayerischer Wald", "Fichtelgebirge",
    }),
    "mittelgebirge": frozenset({
        "Harz", "Schwarzwald", "Eifel", "Sauerland", "Rhön", "Erzgebirge", "Sächsische Schweiz",
        "Bayerischer Wald", "Fichtelgebirge", "Goslar", "Wernigerode", "Brocken", "Titisee",
    }),
    "wein": frozenset({
        "Würzburg", "Trier", "Koblenz", "Mainz", "Meißen", "Cochem", "Rüdesheim am Rhein", "Bacharach",
        "Naumburg", "Moseltal", "Rheingau", "Pfalz", "Krems an der Donau", "Dürnstein", "Wachau",
        "Neusiedler See", "Lausanne", "Meran", "Bozen",
    }),
    "autofrei": frozenset({"Juist", "Langeoog", "Helgoland", "Hiddensee", "Wengen", "Zermatt", "Saas-Fee"}),
    "faehre": frozenset({"Föhr", "Amrum", "Norderney", "Borkum", "Juist", "Langeoog", "Helgoland", "Hiddensee"}),
    "sued": frozenset({"Lugano", "Locarno", "Ascona", "Meran", "Bozen"}),
}

# Where a place is reached by train when it has no station of its own, and how the last leg goes on.
_HUBS: dict[str, tuple[str, str]] = {
    "Föhr": ("Dagebüll Mole", "der Fähre"), "Amrum": ("Dagebüll Mole", "der Fähre"),
    "Norderney": ("Norddeich Mole", "der Fähre"), "Juist": ("Norddeich Mole", "der Fähre"),
    "Borkum": ("Emden Außenhafen", "der Fähre"), "Langeoog": ("Esens", "dem Bus und der Fähre"),
    "Helgoland": ("Cuxhaven", "dem Seebäderschiff"), "Hiddensee": ("Stralsund", "dem Bus und der Fähre"),
    "Rügen": ("Stralsund", "der Regionalbahn"), "Usedom": ("Züssow", "der Usedomer Bäderbahn"),
    "Sylt": ("Westerland", ""), "Fehmarn": ("Fehmarn-Burg", ""), "Fischland-Darß": ("Ribnitz-Damgarten", "dem Bus"),
    "Spreewald": ("Lübbenau", ""), "Harz": ("Wernigerode", ""),
    "Schwarzwald": ("Freiburg im Breisgau", "der Regionalbahn"),
    "Allgäu": ("Kempten", ""), "Eifel": ("Gerolstein", ""), "Sauerland": ("Winterberg", ""),
    "Rhön": ("Fulda", "dem Bus"), "Erzgebirge": ("Annaberg-Buchholz", ""), "Sächsische Schweiz": ("Bad Schandau", ""),
    "Bayerischer Wald": ("Zwiesel", ""), "Fichtelgebirge": ("Marktredwitz", "dem Bus"),
    "Mecklenburgische Seenplatte": ("Waren (Müritz)", ""), "Lüneburger Heide": ("Lüneburg", ""),
    "Altes Land": ("Stade", "dem Bus"), "Moseltal": ("Koblenz", "der Regionalbahn"),
    "Rheingau": ("Wiesbaden", "der Regionalbahn"), "Pfalz": ("Neustadt an der Weinstraße", ""),
    "Chiemsee": ("Prien am Chiemsee", ""), "Tegernsee": ("Tegernsee", ""), "Königssee": ("Berchtesgaden", "dem Bus"),
    "Starnberger See": ("Starnberg", ""), "Ammersee": ("Herrsching", ""), "Bodensee": ("Friedrichshafen", ""),
    "Titisee": ("Titisee", ""), "Müritz": ("Waren (Müritz)", ""),
    "Zugspitze": ("Garmisch-Partenkirchen", "der Zahnradbahn"),
    "Brocken": ("Wernigerode", "der Brockenbahn"), "Wachau": ("Krems an der Donau", ""),
    "Zillertal": ("Jenbach", "der Zillertalbahn"), "Ötztal": ("Ötztal Bahnhof", "dem Bus"),
    "Salzkammergut": ("Bad Ischl", ""), "Wörthersee": ("Klagenfurt", ""),
    "Attersee": ("Attnang-Puchheim", "der Regionalbahn"),
    "Wolfgangsee": ("Salzburg", "dem Bus"), "Neusiedler See": ("Neusiedl am See", ""),
    "Großglockner": ("Zell am See", "dem Bus"), "Vierwaldstättersee": ("Luzern", ""), "Thunersee": ("Thun", ""),
    "Brienzersee": ("Interlaken Ost", ""), "Engadin": ("St. Moritz", ""),
    "Jungfraujoch": ("Interlaken Ost", "der Jungfraubahn"),
    "Lech": ("Langen am Arlberg", "dem Bus"), "Ischgl": ("Landeck", "dem Bus"), "Sölden": ("Ötztal Bahnhof", "dem Bus"),
    "Saas-Fee": ("Visp", "dem Bus"), "Kaprun": ("Zell am See", "dem Bus"), "Ascona": ("Locarno", "dem Bus"),
    "Frankfurt am Main": ("Frankfurt (Main) Hauptbahnhof", ""),
}
_MAIN_STATIONS = frozenset({
    "Berlin", "Hamburg", "München", "Köln", "Stuttgart", "Düsseldorf", "Leipzig", "Dresden", "Nürnberg",
    "Hannover", "Bremen", "Wien", "Zürich", "Graz", "Linz", "Salzburg", "Innsbruck",
})


@dataclass(frozen=True)
class _Place:
    """A destination and everything the templates need to say about it."""

    name: str
    np: _NP
    in_: str
    nach: str
    typ: str  # stadt, dorf, insel, see, region, gipfel
    tags: frozenset[str]
    climate: str
    country: str
    hub: str
    leg: str


def _place_type(name: str) -> str:
    """The kind of destination: stadt, dorf, insel, see, region or gipfel."""
    if name in _ISLANDS:
        return "insel"
    if name in _LAKES:
        return "see"
    if name in _PEAKS:
        return "gipfel"
    if name in _REGIONS:
        return "region"
    return "dorf" if name in _VILLAGES else "stadt"


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


def _make_place(name: str) -> _Place:
    """Build a destination's forms, tags, country and railway hub from its name."""
    typ = _place_type(name)
    if name in _ARTICLE_FORMS:
        gender, nom, obl, in_, nach = _ARTICLE_FORMS[name]
        np = _NP(gender, nom, obl)
    elif typ == "see":
        np, in_, nach = _NP("m", name, name), f"am {name}", f"an den {name}"
    elif name in _REGION_GENDER:
        np = _NP(_REGION_GENDER[name], name, name)
        in_, nach = np.form("in"), np.form("ins")
    elif typ == "insel":
        np, in_, nach = _NP(None, name, name), f"auf {name}", f"nach {name}"
    else:
        np, in_, nach = _NP(None, name, name), f"in {name}", f"nach {name}"
    tags = frozenset({typ} | {tag for tag, names in _FEATURES.items() if name in names})
    hub, leg = _HUBS.get(name, (f"{name} Hauptbahnhof" if name in _MAIN_STATIONS else name, ""))
    country = "at" if name in _AUSTRIA else "ch" if name in _SWITZERLAND else "it" if name in _SOUTH_TYROL else "de"
    return _Place(name, np, in_, nach, typ, tags, _climate(typ, tags), country, hub, leg)


_PLACES: tuple[_Place, ...] = tuple(_make_place(name) for name in PLACES if name not in _EXCLUDED)

# --------------------------------------------------------------------------------------------------------
# Venues. Every name starts with a VENUE_KINDS word, so the relevance reward recognises it; names are all
# capitalised words so that reward's pattern takes the whole name. "name|tag,tag": only where a place has
# one of those tags.
# --------------------------------------------------------------------------------------------------------

# kind: gender, location preposition ("im Hotel", "auf dem Ferienhof", "auf der Burg"), genitive of the kind
_KIND_GRAMMAR: dict[str, tuple[str, str, str]] = {
    "Hotel": ("n", "in", "Hotels"), "Gasthof": ("m", "in", "Gasthofs"), "Gasthaus": ("n", "in", "Gasthauses"),
    "Pension": ("f", "in", ""), "Ferienhof": ("m", "auf", "Ferienhofs"), "Jugendherberge": ("f", "in", ""),
    "Berghütte": ("f", "auf", ""), "Restaurant": ("n", "in", "Restaurants"), "Wirtshaus": ("n", "in", "Wirtshauses"),
    "Brauhaus": ("n", "in", "Brauhauses"), "Weinstube": ("f", "in", ""), "Museum": ("n", "in", "Museums"),
    "Galerie": ("f", "in", ""), "Schloss": ("n", "in", "Schlosses"), "Burg": ("f", "auf", ""),
    "Zoo": ("m", "in", "Zoos"), "Tierpark": ("m", "in", "Tierparks"), "Freizeitpark": ("m", "in", "Freizeitparks"),
    "Therme": ("f", "in", ""), "Seilbahn": ("f", "in", ""), "Bergbahn": ("f", "in", ""),
    "Strandbad": ("n", "in", "Strandbads"), "Parkhaus": ("n", "in", "Parkhauses"),
    "Fahrradverleih": ("m", "in", "Fahrradverleihs"), "Skischule": ("f", "in", ""),
}
# Traditional inn and hotel names: an emblem with a colour ("Goldener Hirsch", dative "Zum Goldenen Hirschen").
_EMBLEMS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Hirsch", "Hirschen", ("Goldener", "Weißer", "Roter", "Schwarzer")),
    ("Adler", "Adler", ("Goldener", "Schwarzer", "Weißer", "Roter")),
    ("Löwe", "Löwen", ("Goldener", "Roter", "Schwarzer", "Weißer")),
    ("Ochse", "Ochsen", ("Roter", "Schwarzer", "Goldener")),
    ("Bär", "Bären", ("Schwarzer", "Goldener", "Weißer")),
    ("Schwan", "Schwanen", ("Weißer", "Schwarzer", "Goldener")),
    ("Stern", "Stern", ("Goldener", "Weißer", "Blauer")),
    ("Anker", "Anker", ("Goldener", "Blauer", "Schwarzer")),
    ("Hahn", "Hahn", ("Roter", "Goldener")),
    ("Baum", "Baum", ("Grüner",)),
    ("Engel", "Engel", ("Goldener", "Blauer")),
    ("Mond", "Mond", ("Goldener", "Halber")),
)
_HOTEL_EMBLEMS = tuple(f"{colour} {noun}" for noun, _, colours in _EMBLEMS for colour in colours)
_INN_NAMES = (
    "Zur Linde", "Zum Hirschen", "Zum Ochsen", "Zur Krone", "Zum Adler", "Zur Sonne", "Zum Lamm", "Zum Schwan",
    "Zum Bären", "Zur Traube", "Zur Post", "Zum Löwen", "Zum Stern", "Zum Anker", "Zur Eiche", "Zur Mühle",
    "Zum Rössle", "Zur Alten Post", "Zur Alten Mühle", "Zur Alten Brücke", "Zur Alten Schmiede", "Zur Goldenen Krone",
    "Zur Goldenen Sonne", "Zur Goldenen Traube", "Zur Grünen Linde", "Zur Schönen Aussicht", "Zur Alten Linde",
    *(f"Zum {colour[:-1]}n {dative}" for _, dative, colours in _EMBLEMS for colour in colours),
)
_FIRST_NAMES = (
    "Erika", "Anna", "Gertrud", "Sonja", "Maria", "Helga", "Renate", "Ingrid", "Monika", "Elisabeth", "Christa",
    "Hildegard", "Ursula", "Waltraud", "Brigitte",
)
_FARM_NAMES = (
    "Wiesengrund|dorf,insel,see,region", "Lindenau|dorf,insel,see,region", "Sonnenwiese|dorf,insel,see,region",
    "Am Bach|dorf,region", "Kastanienhof|dorf,region,see", "Brandner|alpen", "Hofer|alpen", "Huber|alpen",
    "Gruber|alpen", "Moser|alpen", "Steiner|alpen", "Lechner|alpen,mittelgebirge", "Berger|alpen,mittelgebirge",
    "Petersen|meer", "Jensen|meer", "Thiessen|meer", "Friesenhof|insel", "Schulze|region,see", "Krüger|region,see",
)
_VENUE_NAMES: dict[str, tuple[str, ...]] = {
    "Hotel": (
        "Lindenhof", "Sonnenhof", "Rosengarten", "Kastanienhof", "Waldesruh", "Waldeck", "Parkresidenz", "Bellevue",
        "Kaiserhof", "Residenz", "Am Schlossberg", "Am Kurpark", "Am Park", "Alte Schule", "Alte Brauerei",
        "Alte Mühle", "Sonnenhang", "Villa Rosa", "Villa Sonnenschein", "Drei Kronen", "Drei Linden",
        "Vier Jahreszeiten", "Krone", "Post", "Sonne", "Rose", "Zur Post", "Zur Linde", "Zum Löwen", "Zur Krone",
        "Stadtpalais|stadt", "Am Markt|stadt,dorf", "Am Dom|stadt", "Seeblick|see,meer", "Seeperle|see", "Seehof|see",
        "Seeschlösschen|see", "Am See|see", "Uferhaus|see,fluss", "Am Ufer|fluss", "Dünenhof|meer",
        "Meeresrauschen|meer", "Strandperle|meer", "Hafenblick|meer", "Strandhaus|meer", "Möwennest|meer",
        "Friesenhof|insel", "Alpenblick|alpen", "Bergkristall|alpen", "Edelweiß|alpen", "Alpenrose|alpen",
        "Alpenhof|alpen", "Gipfelblick|alpen", "Enzian|alpen", "Almrausch|alpen", "Bergfrieden|alpen,mittelgebirge",
        "Tannenhof|alpen,mittelgebirge", "Waldfrieden|mittelgebirge,region", "Weinberg|wein", "Rebenhof|wein",
        *_HOTEL_EMBLEMS,
    ),
    "Gasthof": _INN_NAMES,
    "Gasthaus": (*_INN_NAMES, "Zum Fährhaus|fluss,see,meer"),
    "Wirtshaus": (*_INN_NAMES, "Am Dorfplatz|dorf", "Zum Hirschwirt", "Zum Stiefel"),
    "Pension": (
        "Sonnenschein", "Waldblick", "Rosenhof", "Am Kurpark", "Lindenhof", "Sonnenblick", "Wiesengrund",
        "Am Waldrand", "Heideröschen", "Bergblick|alpen,mittelgebirge", "Alpenrose|alpen", "Seerose|see",
        "Am Deich|meer", "Möwennest|meer", *(f"Haus {name}" for name in _FIRST_NAMES),
    ),
    "Ferienhof": _FARM_NAMES,
    "Jugendherberge": ("Am Stadtpark|stadt", "Burgblick", "Waldhaus", "Am Hafen|meer", "Am See|see", "Sonnenberg"),
    "Berghütte": (
        "Edelweiß|alpen", "Adlerhorst|alpen", "Gamsalm|alpen", "Enzian|alpen", "Gipfelblick|alpen", "Murmeltier|alpen",
    ),
    "Restaurant": (
        "Alte Mühle", "Lindengarten", "Panorama", "Goldener Anker", "Alte Post", "Rosmarin", "Kuckucksnest",
        "Zeitlos", "Lindenblüte", "Kastanie", "Waldschänke", "Schlosskeller", "Klosterstube", "Tafelrunde",
        "Sonnenterrasse", "Gute Stube", "Kornspeicher", "Zollhaus", "Jägerstube", "Heimatgold", "Krone",
        "Ratskeller|stadt", "Zum Fischer|meer,see", "Fischerstube|meer,see", "Seeterrasse|see", "Am Hafen|meer",
        "Uferlos|see,meer,fluss", "Brückenhaus|fluss", "Fährhaus|fluss,see,meer", "Weinberg|wein", "Rebstock|wein",
        "Almstube|alpen", "Bergblick|alpen",
    ),
    "Brauhaus": ("Am Markt", "Alte Schmiede", "Zur Glocke", "Kupferkessel", "Zum Stiefel", "Malzmühle", "Hopfengarten"),
    "Weinstube": (
        "Rebstock", "Zum Winzer", "Alte Kelter", "Traubenhof", "Zum Weinberg", "Zur Traube", "Winzerkeller",
    ),
    "Museum": (
        "Alte Schmiede", "Zeughaus", "Kunstspeicher", "Altes Rathaus", "Villa Lindenhof", "Heimathaus",
        "Alte Zollstation", "Kornhaus", "Alte Lateinschule", "Spielzeugwelt", "Tuchmacherhaus", "Alte Münze",
        "Uhrenwelt", "Seefahrt|meer", "Fischerhaus|meer,see", "Alpinum|alpen", "Glashütte|mittelgebirge",
        "Weinkultur|wein",
    ),
    "Galerie": ("Am Markt", "Lichtblick", "Kunstraum", "Alte Post", "Farbwerk", "Blauer Salon", "Alte Feuerwache"),
    "Schloss": ("Hohenlinden", "Sonnberg", "Eichenau", "Falkenau", "Lindenhain", "Wildenau", "Rosenau", "Eichhof"),
    "Burg": ("Falkenstein", "Rabenfels", "Greifenstein", "Adlerstein", "Hohenwart", "Rotenfels", "Hohenstein"),
    "Zoo": ("Sonnenberg", "Lindental", "Waldau", "Am Stadtwald"),
    "Tierpark": ("Hirschau", "Lindenhof", "Waldwiese", "Sonnenhang", "Wildgehege Eichwald"),
    "Freizeitpark": ("Abenteuerland", "Märchenwald", "Piratenbucht", "Zauberwelt", "Ritterland"),
    "Therme": (
        "Sonnenquell", "Vitalis", "Aqua Vita", "Quellenhof", "Lindenquelle", "Waldquelle", "Salzquelle", "Kristall",
        "Bergkristall|alpen", "Meereswelle|meer",
    ),
    "Seilbahn": ("Hochalm", "Gamskogel", "Sonnenjoch", "Adlerhorst"),
    "Bergbahn": ("Panorama", "Sonnenkopf", "Hochfirst"),
    "Strandbad": ("Seeblick|see", "Am Nordufer|see", "Sonnenbucht|see", "Birkenwiese|see"),
    "Parkhaus": ("Altstadt|stadt", "Am Bahnhof", "Zentrum", "Am Hafen|meer", "Rathaus", "Kurpark", "Am Markt"),
    "Fahrradverleih": ("Radhaus", "Pedalo", "Radstation", "Kettenblatt", "Zweirad Sommer"),
    "Skischule": ("Alpin", "Schneefuchs", "Gipfelstürmer", "Pulverschnee", "Edelweiß"),
}

# Venue groups: the kinds a template fits, with draw weights.
_GROUPS: dict[str, tuple[tuple[str, int], ...]] = {
    "lodging": (
        ("Hotel", 5), ("Gasthof", 2), ("Pension", 2), ("Ferienhof", 1), ("Jugendherberge", 1), ("Berghütte", 1),
    ),
    "hotel": (("Hotel", 1),),
    "dining": (
        ("Restaurant", 4), ("Gasthaus", 1), ("Wirtshaus", 1), ("Brauhaus", 1), ("Weinstube", 1), ("Gasthof", 1),
    ),
    "culture": (("Museum", 3), ("Galerie", 1), ("Schloss", 1), ("Burg", 1)),
    "attraction": (
        ("Museum", 2), ("Galerie", 1), ("Schloss", 1), ("Burg", 1), ("Zoo", 1), ("Tierpark", 1),
        ("Freizeitpark", 1), ("Therme", 1), ("Strandbad", 1),
    ),
    "kinder": (("Zoo", 1), ("Tierpark", 1), ("Freizeitpark", 1), ("Strandbad", 1)),
    "barrierefrei": (("Hotel", 3), ("Gasthof", 1), ("Pension", 1), ("Museum", 2), ("Schloss", 1), ("Therme", 1)),
    "therme": (("Therme", 1),),
    "lift": (("Seilbahn", 2), ("Bergbahn", 1)),
    "parkhaus": (("Parkhaus", 1),),
    "rad": (("Fahrradverleih", 1),),
    "skischule": (("Skischule", 1),),
}


def _tagged(entry: str) -> tuple[frozenset[str], str]:
    """Split "text|tag,tag" into the tags a place needs (any of them; none: every place) and the text."""
    text, _, tags = entry.partition("|")
    return frozenset(tags.split(",")) if tags else frozenset(), text


def _fits(tags: frozenset[str], place: _Place) -> bool:
    """Whether a template or name tagged so suits the place."""
    return not tags or bool(tags & place.tags)


@dataclass(frozen=True)
class _Venue:
    """A named venue: its declinable noun phrase, its kind and its bare name ("Hotel Seeblick")."""

    np: _NP
    kind: str
    name: str


def _kind_venues(kind: str) -> tuple[tuple[frozenset[str], _Venue], ...]:
    """Every venue of a kind, with the place tags it needs."""
    gender, loc, genitive = _KIND_GRAMMAR[kind]
    venues = []
    for tags, text in map(_tagged, _VENUE_NAMES[kind]):
        full = f"{kind} {text}"
        venues.append((tags, _Venue(_NP(gender, full, full, loc, f"{genitive} {text}"), kind, full)))
    return tuple(venues)


_KIND_VENUES = {kind: _kind_venues(kind) for kind in _VENUE_NAMES}


@cache
def _venues_for(group: str, place: _Place) -> tuple[tuple[_Venue, ...], tuple[int, ...]]:
    """The venues of a group that suit a place, and their draw weights (a kind's weight spread over its names)."""
    venues: list[_Venue] = []
    weights: list[int] = []
    for kind, weight in _GROUPS[group]:
        fitting = [venue for tags, venue in _KIND_VENUES[kind] if _fits(tags, place)]
        venues.extend(fitting)
        weights.extend([weight * 10_000 // max(1, len(fitting))] * len(fitting))
    return tuple(venues), tuple(weights)


# --------------------------------------------------------------------------------------------------------
# Value pools for slots.
# --------------------------------------------------------------------------------------------------------

# Sights by the kind of place: gender, nominative core, oblique core ("die historische Altstadt").
_HIGHLIGHTS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "stadt": (
        ("f", "historische Altstadt", "historischen Altstadt"), ("m", "Marktplatz", "Marktplatz"),
        ("n", "alte Rathaus", "alten Rathaus"), ("f", "Stadtmauer", "Stadtmauer"), ("m", "Stadtpark", "Stadtpark"),
    ),
    "dorf": (
        ("m", "Dorfplatz", "Dorfplatz"), ("f", "Pfarrkirche", "Pfarrkirche"), ("m", "Kurpark", "Kurpark"),
        ("f", "alte Mühle", "alten Mühle"),
    ),
    "meer": (
        ("m", "Leuchtturm", "Leuchtturm"), ("f", "Seebrücke", "Seebrücke"), ("f", "Steilküste", "Steilküste"),
        ("f", "Dünenlandschaft", "Dünenlandschaft"), ("m", "alte Hafen", "alten Hafen"),
        ("f", "Strandpromenade", "Strandpromenade"),
    ),
    "see": (
        ("f", "Uferpromenade", "Uferpromenade"), ("f", "Halbinsel", "Halbinsel"),
        ("m", "Aussichtspunkt am Ufer", "Aussichtspunkt am Ufer"), ("m", "alte Bootshafen", "alten Bootshafen"),
    ),
    "alpen": (
        ("f", "Klamm", "Klamm"), ("m", "Wasserfall", "Wasserfall"), ("f", "Aussichtsplattform", "Aussichtsplattform"),
        ("f", "Bergkapelle", "Bergkapelle"),
    ),
    "region": (
        ("m", "Aussichtsturm", "Aussichtsturm"), ("f", "Tropfsteinhöhle", "Tropfsteinhöhle"),
        ("m", "Baumwipfelpfad", "Baumwipfelpfad"), ("n", "Naturschutzgebiet", "Naturschutzgebiet"),
    ),
    "wein": (("f", "Burgruine", "Burgruine"), ("f", "Weinbergkapelle", "Weinbergkapelle")),
    "fluss": (("f", "Uferpromenade", "Uferpromenade"), ("f", "alte Brücke", "alten Brücke")),
    "gipfel": (
        ("f", "Gipfelstation", "Gipfelstation"), ("f", "Aussichtsplattform", "Aussichtsplattform"),
        ("n", "Gipfelkreuz", "Gipfelkreuz"),
    ),
}
# Real landmarks of the best-known destinations, drawn more often than the generic sights.
_LANDMARKS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "Berlin": (("n", "Brandenburger Tor", "Brandenburger Tor"), ("f", "Museumsinsel", "Museumsinsel")),
    "Hamburg": (("f", "Elbphilharmonie", "Elbphilharmonie"), ("f", "Speicherstadt", "Speicherstadt")),
    "München": (("m", "Marienplatz", "Marienplatz"), ("m", "Englische Garten", "Englischen Garten")),
    "Köln": (("m", "Kölner Dom", "Kölner Dom"),),
    "Dresden": (("f", "Frauenkirche", "Frauenkirche"), ("m", "Zwinger", "Zwinger"), ("f", "Semperoper", "Semperoper")),
    "Heidelberg": (("n", "Heidelberger Schloss", "Heidelberger Schloss"), ("f", "Alte Brücke", "Alten Brücke")),
    "Nürnberg": (("f", "Kaiserburg", "Kaiserburg"),),
    "Regensburg": (("f", "Steinerne Brücke", "Steinernen Brücke"),),
    "Lübeck": (("n", "Holstentor", "Holstentor"),),
    "Potsdam": (("n", "Schloss Sanssouci", "Schloss Sanssouci"),),
    "Weimar": (("n", "Goethehaus", "Goethehaus"),),
    "Trier": (("f", "Porta Nigra", "Porta Nigra"),),
    "Aachen": (("m", "Aachener Dom", "Aachener Dom"),),
    "Würzburg": (("f", "Residenz", "Residenz"), ("f", "Alte Mainbrücke", "Alten Mainbrücke")),
    "Bremen": (("f", "Böttcherstraße", "Böttcherstraße"), ("m", "Roland", "Roland")),
    "Stralsund": (("n", "Ozeaneum", "Ozeaneum"),),
    "Schwerin": (("n", "Schweriner Schloss", "Schweriner Schloss"),),
    "Eisenach": (("f", "Wartburg", "Wartburg"),),
    "Goslar": (("f", "Kaiserpfalz", "Kaiserpfalz"),),
    "Meißen": (("f", "Albrechtsburg", "Albrechtsburg"),),
    "Cochem": (("f", "Reichsburg", "Reichsburg"),),
    "Rüdesheim am Rhein": (("f", "Drosselgasse", "Drosselgasse"),),
    "Füssen": (("n", "Schloss Neuschwanstein", "Schloss Neuschwanstein"),),
    "Wien": (("m", "Stephansdom", "Stephansdom"), ("n", "Schloss Schönbrunn", "Schloss Schönbrunn")),
    "Salzburg": (("f", "Festung Hohensalzburg", "Festung Hohensalzburg"), ("f", "Getreidegasse", "Getreidegasse")),
    "Innsbruck": (("n", "Goldene Dachl", "Goldenen Dachl"),),
    "Luzern": (("f", "Kapellbrücke", "Kapellbrücke"),),
    "Zürich": (("n", "Großmünster", "Großmünster"),),
    "Basel": (("n", "Basler Münster", "Basler Münster"),),
    "Zermatt": (("n", "Matterhorn", "Matterhorn"),),
    "Rügen": (("m", "Königsstuhl", "Königsstuhl"), ("f", "Kreideküste", "Kreideküste")),
    "Sylt": (("n", "Rote Kliff", "Roten Kliff"),),
    "Helgoland": (("f", "Lange Anna", "Langen Anna"),),
    "Sächsische Schweiz": (("f", "Bastei", "Bastei"),),
    "Bodensee": (("f", "Insel Mainau", "Insel Mainau"),),
    "Chiemsee": (("n", "Schloss Herrenchiemsee", "Schloss Herrenchiemsee"),),
}
_HIGHLIGHT_KEYS = {
    "stadt": "stadt", "dorf": "dorf", "insel": "meer", "see": "see", "region": "region", "gipfel": "gipfel",
}

# Walking and cycling routes (all masculine: "der Höhenweg"), by climate.
_TRAILS: dict[str, tuple[str, ...]] = {
    "meer": ("Küstenwanderweg", "Dünenpfad", "Strandweg"),
    "see": ("Seerundweg", "Uferweg", "Panoramaweg"),
    "berg": ("Höhenweg", "Panoramasteig", "Almweg", "Gipfelsteig"),
    "ski": ("Höhenweg", "Panoramasteig", "Almweg"),
    "gipfel": ("Gipfelsteig", "Höhenweg"),
    "land": ("Kammweg", "Waldlehrpfad", "Höhenweg", "Panoramaweg"),
    "wein": ("Weinwanderweg", "Rebenpfad", "Panoramaweg"),
    "stadt": ("Stadtwanderweg", "Uferweg", "Waldlehrpfad", "Panoramaweg"),
}
_BIKE_ROUTES = ("Radrundweg", "Panoramaradweg", "Talradweg", "Uferradweg", "Genussradweg")
_ASCENT: dict[str, tuple[int, int]] = {
    "meer": (10, 60), "see": (50, 300), "stadt": (50, 250), "land": (150, 600), "wein": (100, 400),
    "berg": (300, 1200), "ski": (300, 1200), "gipfel": (400, 1400),
}

_DISHES: dict[str, tuple[str, ...]] = {
    "": (
        "Schnitzel mit Bratkartoffeln", "Rinderroulade", "Zwiebelrostbraten", "Schweinebraten mit Knödeln",
        "Wildgulasch", "Rinderbraten", "Forelle Müllerin",
    ),
    "meer": ("Matjes mit Bratkartoffeln", "Scholle Finkenwerder Art", "Fischsuppe", "frische Krabben"),
    "see": ("gebratenen Zander", "Saibling", "Felchenfilet"),
    "alpen": ("Kaiserschmarrn", "Käsespätzle", "Speckknödel"),
    "wein": ("Flammkuchen", "Zwiebelkuchen", "Winzersteak"),
    "at": ("Wiener Schnitzel", "Tafelspitz", "Kaiserschmarrn"),
    "ch": ("Rösti", "Zürcher Geschnetzeltes", "Älplermagronen"),
    "it": ("Schlutzkrapfen", "Speckknödel", "Kaiserschmarrn"),
}
_VEGETARIAN = (
    "Käsespätzle", "Spinatknödel", "Gemüsecurry", "Pilzrisotto", "Kürbissuppe", "Ofengemüse mit Kräuterquark",
)
_KITCHENS = (
    "regionale Küche", "gutbürgerliche Küche", "saisonale Gerichte aus der Region", "bodenständige Hausmannskost",
    "moderne regionale Küche",
)
_EXHIBITS = (
    "die Geschichte der Region", "Kunst aus mehreren Jahrhunderten", "wechselnde Sonderausstellungen",
    "Alltagsleben und Handwerk früherer Zeiten", "historische Räume mit originaler Ausstattung",
)
_KIDS: dict[str, tuple[str, ...]] = {
    "": ("die Abenteuerspielplätze", "die Kinderführungen", "der Barfußpfad", "die Ponyhöfe"),
    "meer": ("der flache Sandstrand", "die Sandburgen-Wettbewerbe"),
    "alpen": ("die Sommerrodelbahn", "die Erlebniswege"),
}
_STOPS = (
    "Marktplatz", "Rathaus", "Seestraße", "Kurpark", "Kirchplatz", "Bahnhofstraße", "Lindenallee", "Schulzentrum",
    "Am Kurhaus", "Post", "Schwimmbad", "Waldfriedhof",
)
_STREETS = (
    "Seestraße", "Hauptstraße", "Lindenallee", "Kirchgasse", "Bergstraße", "Hafenstraße", "Schlossstraße",
    "Marktgasse", "Rosenstraße", "Parkallee", "Mühlgasse", "Uferstraße", "Bahnhofstraße", "Kastanienallee",
)
_DAYS = (
    "am Montag", "am Sonntag", "am Ostermontag", "am Pfingstmontag", "an Heiligabend", "an Silvester",
    "am Neujahrstag", "am Dienstag",
)
# Opening days and the rest day they leave.
_OPENING_DAYS = (
    ("dienstags bis sonntags", "Montag"), ("mittwochs bis montags", "Dienstag"), ("montags bis samstags", "Sonntag"),
    ("donnerstags bis dienstags", "Mittwoch"),
)
_SHORT_DAYS = ("am Wochenende", "mittwochs bis sonntags", "freitags bis sonntags", "von Donnerstag bis Sonntag")
_HOLIDAYS = (
    "über Ostern", "über Pfingsten", "in den Herbstferien", "in den Sommerferien", "über Silvester",
    "über Himmelfahrt",
)
_PARTIES = (
    "zu zweit", "zu viert", "eine Familie mit zwei Kindern", "zwei befreundete Paare", "ein älteres Ehepaar",
    "drei Freundinnen",
)
_NUMBERS = ("null", "eine", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf")

# Events: gender, name, months, tags a place needs (any of them; empty: every place).
_EVENTS: tuple[tuple[str, str, tuple[int, ...], str], ...] = (
    ("m", "Weihnachtsmarkt", (11, 12), ""), ("n", "Weinfest", (8, 9, 10), "wein"),
    ("n", "Altstadtfest", (6, 7, 8), "stadt"), ("n", "Stadtfest", (6, 7, 8, 9), "stadt"),
    ("n", "Hafenfest", (5, 6, 7, 8), "meer"), ("n", "Seenachtsfest", (7, 8), "see"),
    ("m", "Almabtrieb", (9, 10), "alpen"), ("n", "Sommerfestival", (7, 8), ""), ("n", "Jazzfestival", (5, 6, 7), ""),
    ("n", "Lichterfest", (8, 9), ""), ("m", "Bauernmarkt", (5, 6, 7, 8, 9, 10), ""),
    ("n", "Drachenfest", (9, 10), "meer"), ("m", "Kunsthandwerkermarkt", (4, 5, 9, 10, 11), ""),
    ("m", "Ostermarkt", (3, 4), ""), ("n", "Kürbisfest", (9, 10), ""), ("n", "Strandfest", (7, 8), "meer"),
    ("n", "Dorffest", (6, 7, 8), "dorf"), ("n", "Schlittenhunderennen", (1, 2), "ski"),
    ("n", "Musikfestival", (6, 7, 8), ""), ("n", "Erntedankfest", (9, 10), ""),
)


@dataclass(frozen=True)
class _Season:
    """When a kind of place is at its best and worst, what one does there, how warm it is."""

    good: tuple[int, ...]
    span: tuple[str, str]
    tips: tuple[str, ...]
    # bad periods: months, the period in the accusative, a sentence starting "Dann", a verb-final clause
    bad: tuple[tuple[tuple[int, ...], str, str, str], ...]
    activities: tuple[str, ...]  # verb-first clauses: "ist das Wetter ideal zum Wandern"
    winter_activities: tuple[str, ...]
    offset: int


_SEASONS: dict[str, _Season] = {
    "meer": _Season(
        (6, 7, 8, 9), ("Juni", "September"), ("Juni", "September"),
        (
            ((11, 12, 1, 2), "die Wintermonate",
             "Dann haben viele Restaurants und Unterkünfte geschlossen, und es ist oft stürmisch.",
             "im Winter viele Betriebe geschlossen haben und es oft stürmisch ist"),
            ((7, 8), "die Sommerferien",
             "Dann sind Strände und Unterkünfte überfüllt, und die Preise erreichen ihren Höhepunkt.",
             "in den Sommerferien alles überfüllt und teuer ist"),
        ),
        ("können Sie herrlich baden und am Strand entspannen", "lädt das Meer zum Baden ein",
         "ist das Wetter perfekt für lange Strandspaziergänge"),
        (), -1,
    ),
    "see": _Season(
        (6, 7, 8, 9), ("Juni", "September"), ("Juni", "September"),
        (
            ((11, 12, 1, 2), "die Wintermonate",
             "Dann ist es oft neblig und grau, und die meisten Ausflugsschiffe fahren nicht.",
             "es im Winter oft neblig ist und die meisten Ausflugsschiffe nicht fahren"),
        ),
        ("laden die Badestellen zum Schwimmen ein", "machen Schiffsausflüge besonders viel Spaß",
         "ist das Wetter ideal für eine Radtour am Ufer"),
        (), 0,
    ),
    "stadt": _Season(
        (4, 5, 6, 9, 10, 12), ("Mai", "Oktober"), ("Mai", "September", "Oktober"),
        (
            ((1, 2), "die Monate Januar und Februar",
             "Dann ist es oft grau und nasskalt, und manche Sehenswürdigkeiten haben verkürzte Öffnungszeiten.",
             "es im Winter grau und nasskalt ist"),
            ((7, 8), "den Hochsommer",
             "Dann ist es oft drückend heiß, und die Sehenswürdigkeiten sind überlaufen.",
             "es im Hochsommer drückend heiß und überlaufen ist"),
        ),
        ("macht ein Bummel durch die Straßen besonders viel Spaß", "haben die Straßencafés und Biergärten geöffnet",
         "ist das Wetter ideal für Stadtführungen"),
        ("sorgen die Weihnachtsmärkte für festliche Stimmung",), 0,
    ),
    "land": _Season(
        (5, 6, 7, 8, 9, 10), ("Mai", "Oktober"), ("Mai", "September"),
        (
            ((11,), "den November",
             "Dann ist es oft neblig und nass, und viele Gasthäuser machen Betriebsferien.",
             "es im November neblig und nass ist und viele Gasthäuser Betriebsferien machen"),
            ((1, 2, 3), "die Monate Januar bis März",
             "Dann ist es oft nasskalt, und viele Ausflugsziele haben Winterpause.",
             "es im Winter nasskalt ist und viele Ausflugsziele Winterpause haben"),
        ),
        ("ist das Wetter ideal zum Wandern und Radfahren", "zeigt sich die Natur von ihrer schönsten Seite"),
        ("lädt die verschneite Landschaft zu Winterwanderungen ein",), -2,
    ),
    "wein": _Season(
        (5, 6, 9, 10), ("September", "Oktober"), ("Mai", "September"),
        (
            ((1, 2), "die Monate Januar und Februar",
             "Dann haben viele Weingüter und Straußwirtschaften geschlossen, und die Weinberge wirken kahl.",
             "viele Weingüter im Winter geschlossen haben"),
            ((11,), "den November",
             "Dann ist es oft neblig und trüb, und viele Weinstuben machen Pause.",
             "es im November trüb ist und viele Weinstuben Pause machen"),
        ),
        ("macht das Wandern durch die Weinberge besonders viel Spaß",
         "locken überall Weinfeste und Straußwirtschaften"),
        (), 1,
    ),
    "berg": _Season(
        (6, 7, 8, 9), ("Juni", "September"), ("Juni", "September"),
        (
            ((4, 11), "die Zwischensaison im April und November",
             "Dann sind viele Hütten und Bergbahnen geschlossen, und auf den Wegen liegt oft Schnee.",
             "in der Zwischensaison viele Hütten und Bergbahnen geschlossen sind"),
            ((1, 2), "den Hochwinter",
             "Dann sind viele Wanderwege gesperrt, und die Tage sind kurz und kalt.",
             "im Hochwinter viele Wanderwege gesperrt sind"),
        ),
        ("ist das Wetter ideal für Bergtouren", "sind alle Hütten und Bergbahnen geöffnet",
         "blühen die Almwiesen in allen Farben"),
        (), -5,
    ),
    "ski": _Season(
        (12, 1, 2, 3, 7, 8), ("Dezember", "März"), ("Januar", "März"),
        (
            ((4, 5, 11), "die Zwischensaison im Frühjahr und November",
             "Dann sind viele Bergbahnen und Hotels geschlossen, und für Wintersport fehlt oft der Schnee.",
             "in der Zwischensaison viele Bergbahnen und Hotels geschlossen sind"),
        ),
        ("ist das Wetter ideal für Bergtouren", "sind alle Hütten und Bergbahnen geöffnet"),
        ("herrschen beste Bedingungen auf den Pisten", "liegt meist reichlich Schnee", "sind alle Lifte in Betrieb"),
        -6,
    ),
    "gipfel": _Season(
        (6, 7, 8, 9), ("Juni", "September"), ("Juli", "September"),
        (
            ((11, 12, 1, 2, 3), "die Wintermonate",
             "Dann ist es oft eisig und neblig, und die Sicht ist häufig schlecht.",
             "es im Winter eisig und neblig ist"),
        ),
        ("ist die Fernsicht oft grandios", "sind die Wege rund um den Gipfel meist schneefrei"),
        (), -14,
    ),
}
# Typical daytime highs in central Europe, January to December.
_BASE_TEMPERATURE = (3, 4, 9, 14, 19, 22, 24, 24, 19, 14, 8, 4)
_SUN_HOURS = (2, 3, 4, 6, 7, 8, 8, 7, 5, 4, 2, 1)

# --------------------------------------------------------------------------------------------------------
# Row slots. A row fills its templates from one _Slots mapping: each slot is drawn once, on first use, so the
# question, answer and reasoning of a row agree on every value they share.
# --------------------------------------------------------------------------------------------------------

_NP_CASES = frozenset({
    "akk", "dat", "gen", "in", "ins", "loc", "dir", "an", "bei", "zu", "von", "mit", "er", "ihn", "sein",
})


def _clock(minutes: int) -> str:
    """A time of day as written in German text ("9", "9:30")."""
    hours, rest = divmod(minutes, 60)
    return f"{hours}:{rest:02d}" if rest else str(hours)


class _Slots(dict[str, str]):
    """The values of one row, drawn lazily in a fixed order from the row's random stream."""

    def __init__(self, rng: random.Random, place: _Place, tone: str, group: str | None) -> None:
        """Start an empty row for a place, tone and venue group."""
        super().__init__()
        self.rng = rng
        self.place = place
        self.tone = tone
        self.group = group
        self.nums: dict[str, int] = {}
        self.nps: dict[str, _NP] = {}
        self.venue: _Venue | None = None

    def __missing__(self, key: str) -> str:
        """Draw a slot on first use; a capitalised key gives the capitalised value."""
        if key[0].isupper():
            value = _cap(self[key[0].lower() + key[1:]])
        elif key in _SLOTS:
            value = _SLOTS[key](self)
        else:
            # a noun phrase in a case: "v" (nominative), "akk_v", "loc_v", "zu_hl", "sein_o" ...
            case, _, base = key.rpartition("_")
            if base not in _NP_BASES or (case and case not in _NP_CASES):
                raise KeyError(key)
            value = self.phrase(base).form(case)
        self[key] = value
        return value

    def phrase(self, base: str) -> _NP:
        """The row's noun phrase for a base ("v", "hl", "ev", ...), drawn once."""
        if base not in self.nps:
            self.nps[base] = _NP_BASES[base](self)
        return self.nps[base]

    # helpers for slot functions
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


def _venue(s: _Slots, group: str) -> _Venue:
    """A venue of a group that suits the row's place, by weight."""
    key = (group, s.place.name)
    if key not in _VENUE_CACHE:
        venues, weights = _venues_for(group, s.place)
        _VENUE_CACHE[key] = venues, tuple(itertools.accumulate(weights))
    venues, cumulative = _VENUE_CACHE[key]
    return s.rng.choices(venues, cum_weights=cumulative)[0]


_VENUE_CACHE: dict[tuple[str, str], tuple[tuple[_Venue, ...], tuple[int, ...]]] = {}


def _intent_venue(s: _Slots) -> _NP:
    """The venue the row is about."""
    if s.group is None:
        raise KeyError("venue slot in an intent without a venue group")
    s.venue = _venue(s, s.group)
    return s.venue.np


def _alternative(s: _Slots) -> _NP:
    """Another venue of the same kind as the row's venue (another hotel for a hotel), else of its group."""
    s.phrase("v")
    assert s.group is not None and s.venue is not None
    venues = _VENUE_CACHE[(s.group, s.place.name)][0]
    same_kind = [v for v in venues if v.kind == s.venue.kind and v.name != s.venue.name]
    pool = same_kind or [v for v in venues if v.name != s.venue.name]
    return pool[s.rng.randrange(len(pool))].np


def _highlight(s: _Slots) -> _NP:
    """A sight that suits the place, real landmarks first where known."""
    place = s.place
    pool = list(_HIGHLIGHTS[_HIGHLIGHT_KEYS[place.typ]])
    for tag in ("meer", "see", "alpen", "wein", "fluss"):
        if tag in place.tags and place.typ not in ("insel", "gipfel"):
            pool.extend(_HIGHLIGHTS[tag])
    pool.extend(3 * _LANDMARKS.get(place.name, ()))
    gender, nom, obl = pool[s.rng.randrange(len(pool))]
    return _NP(gender, nom, obl)


def _event(s: _Slots) -> _NP:
    """An event that suits the place; also fixes the month it takes place in."""
    events = _EVENT_CACHE.setdefault(
        s.place.name, tuple(e for e in _EVENTS if not e[3] or e[3] in s.place.tags)
    )
    gender, name, months, _ = events[s.rng.randrange(len(events))]
    s.nums["ev_month"] = months[s.rng.randrange(len(months))]
    return _NP(gender, name, name)


_EVENT_CACHE: dict[str, tuple[tuple[str, str, tuple[int, ...], str], ...]] = {}


def _trail(s: _Slots) -> _NP:
    """A hiking trail named after the kind of landscape."""
    name = s.pick(_TRAILS[s.place.climate])
    return _NP("m", name, name)


def _bike_route(s: _Slots) -> _NP:
    """A cycling route."""
    name = s.pick(_BIKE_ROUTES)
    return _NP("m", name, name)


def _tax(s: _Slots) -> _NP:
    """The visitor's tax as the country calls it."""
    name = "Ortstaxe" if s.place.country in ("at", "it") else "Kurtaxe"
    return _NP("f", name, name)


_NP_BASES: dict[str, Callable[[_Slots], _NP]] = {
    "o": lambda s: s.place.np,
    "v": _intent_venue,
    "alt": _alternative,
    "hl": _highlight,
    "ev": _event,
    "pk": lambda s: _venue(s, "parkhaus").np,
    "rad": lambda s: _venue(s, "rad").np,
    "ski": lambda s: _venue(s, "skischule").np,
    "bahn": lambda s: _venue(s, "lift").np,
    "weg": _trail,
    "radweg": _bike_route,
    "kt": _tax,
}


def _event_month(s: _Slots) -> int:
    """The month of the row's event."""
    s.phrase("ev")
    return s.nums["ev_month"]


def _event_date(s: _Slots) -> str:
    """When the event takes place, within its month ("am zweiten Augustwochenende")."""
    month = _MONTHS[_event_month(s) - 1]
    form = s.rng.randrange(4)
    if form == 0:
        return f"am {s.pick(('ersten', 'zweiten', 'dritten', 'letzten'))} {month}wochenende"
    if form == 1:
        start = s.rng.randint(1, 24)
        return f"vom {start}. bis {start + s.rng.randint(2, 4)}. {month}"
    return f"{s.pick(('Anfang', 'Mitte', 'Ende'))} {month}"


def _period(s: _Slots) -> str:
    """When a traveller comes: "im Mai", "Ende Mai", "über Ostern", "vom 3. bis 7. Mai"."""
    month = s.pick(_MONTHS)
    form = s.rng.randrange(6)
    if form == 0:
        return s.pick(_HOLIDAYS)
    if form == 1:
        start = s.rng.randint(1, 24)
        return f"vom {start}. bis {start + s.rng.randint(2, 5)}. {month}"
    if form == 2:
        return f"{s.pick(('Anfang', 'Mitte', 'Ende'))} {month}"
    return f"im {month}"


def _season(s: _Slots) -> _Season:
    """The seasonal pattern of the row's place."""
    return _SEASONS[s.place.climate]


def _travel_month(s: _Slots) -> int:
    """A month that suits the row's tone: a good month for praise, a bad one for a warning."""
    if "month" not in s.nums:
        season = _season(s)
        if s.tone == "positive":
            s.nums["month"] = season.good[s.rng.randrange(len(season.good))]
        elif s.tone == "negative":
            s.nums["bad"] = s.rng.randrange(len(season.bad))
            months = season.bad[s.nums["bad"]][0]
            s.nums["month"] = months[s.rng.randrange(len(months))]
        else:
            s.nums["month"] = s.rng.randint(1, 12)
    return s.nums["month"]


def _bad_period(s: _Slots) -> tuple[tuple[int, ...], str, str, str]:
    """The row's bad period of the year, drawn once."""
    season = _season(s)
    if "bad" not in s.nums:
        s.nums["bad"] = s.rng.randrange(len(season.bad))
    return season.bad[s.nums["bad"]]


def _temperature(s: _Slots) -> str:
    """A typical daytime high for the travel month and place, in words for frost."""
    month = _travel_month(s)
    offset = _season(s).offset + (3 if "sued" in s.place.tags else 0)
    value = _BASE_TEMPERATURE[month - 1] + offset + s.rng.randint(-2, 2)
    s.nums["temp"] = value
    return f"minus {-value}" if value < 0 else str(value)


def _weather_words(s: _Slots) -> str:
    """How the days feel at the row's temperature."""
    value = s.value("temp", "temp")
    if value >= 22:
        return "warm und sonnig"
    if value >= 14:
        return "mild und angenehm"
    return "frisch, aber oft sonnig" if value >= 5 else "klar und kalt"


def _activity(s: _Slots, month: int) -> str:
    """What makes a month good at the place, as a verb-first clause."""
    season = _season(s)
    if month in _WINTER and season.winter_activities:
        return s.pick(season.winter_activities)
    return s.pick(season.activities)


def _good_month_other(s: _Slots) -> str:
    """A good month outside the row's bad period, to suggest instead."""
    season = _season(s)
    bad_months = set(_bad_period(s)[0])
    good = [m for m in season.good if m not in bad_months] or list(season.good)
    return _MONTHS[good[s.rng.randrange(len(good))] - 1]


def _money_slot(name: str, low: int, high: int, cents: bool = False) -> Callable[[_Slots], str]:
    """A slot drawing a price between low and high."""
    return lambda s: s.money(name, low, high, cents)


def _number_slot(name: str, low: int, high: int, step: int = 1) -> Callable[[_Slots], str]:
    """A slot drawing a whole number between low and high."""
    return lambda s: str(s.num(name, low, high, step))


def _word_slot(options: Sequence[str]) -> Callable[[_Slots], str]:
    """A slot drawing one of fixed words."""
    return lambda s: s.pick(options)


def _dish(s: _Slots, avoid: str = "") -> str:
    """A dish of the place's cuisine, other than `avoid`."""
    place = s.place
    pool = list(_DISHES[""]) + list(_DISHES.get(place.country, ()))
    for tag in ("meer", "see", "alpen", "wein"):
        if tag in place.tags:
            pool.extend(_DISHES[tag])
    while True:
        dish = s.pick(pool)
        if dish != avoid:
            return dish


def _view(s: _Slots) -> str:
    """What a room looks out on, in the accusative."""
    tags = s.place.tags
    pool = ["den Garten", "den Park"]
    pool += ["das Meer"] * 3 if "meer" in tags else []
    pool += ["den See"] * 3 if "see" in tags else []
    pool += ["die Berge"] * 3 if "alpen" in tags or "mittelgebirge" in tags else []
    pool += ["die Weinberge"] * 2 if "wein" in tags else []
    pool += ["die Altstadt"] * 2 if s.place.typ == "stadt" else []
    return s.pick(pool)


def _kids(s: _Slots) -> str:
    """Something children enjoy at the place, in the nominative."""
    pool = list(_KIDS[""])
    for tag in ("meer", "alpen"):
        if tag in s.place.tags:
            pool.extend(_KIDS[tag])
    return s.pick(pool)


def _opening(s: _Slots) -> tuple[str, str]:
    """Opening days and the rest day they leave, drawn once."""
    if "days" not in s.nums:
        s.nums["days"] = s.rng.randrange(len(_OPENING_DAYS))
    return _OPENING_DAYS[s.nums["days"]]


def _hours(s: _Slots, name: str, low: int, high: int) -> int:
    """A time of day in minutes, on the half hour."""
    return s.num(name, low * 2, high * 2) * 30


def _walk_duration(s: _Slots) -> str:
    """Walking time for the trail length at about 4 km/h, in words."""
    km = int(s["n_wander_km"])
    halves = max(2, round(km / 4 * 2))
    hours, half = divmod(halves, 2)
    if hours == 1:
        return "eineinhalb Stunden" if half else "eine Stunde"
    word = _NUMBERS[hours] if hours < len(_NUMBERS) else str(hours)
    return f"{word}einhalb Stunden" if half else f"{word} Stunden"


def _two_ages(s: _Slots) -> tuple[int, int]:
    """Two different children's ages, youngest first."""
    if "age_a" not in s.nums:
        a, b = sorted(s.rng.sample(range(2, 13), 2))
        s.nums["age_a"], s.nums["age_b"] = a, b
    return s.nums["age_a"], s.nums["age_b"]


def _ski_height(s: _Slots) -> str:
    """The altitude a lift reaches: alpine or low-mountain range."""
    if "alpen" in s.place.tags:
        return str(s.num("hoehe", 1600, 3200, 10))
    return str(s.num("hoehe", 800, 1400, 10))


def _pistes(s: _Slots) -> str:
    """Kilometres of pistes: alpine or low-mountain range."""
    if "alpen" in s.place.tags:
        return str(s.num("pisten", 40, 300, 5))
    return str(s.num("pisten", 8, 40))


def _tax_amount(s: _Slots) -> str:
    """A visitor's tax per night, in cents precision ("2,60 Euro")."""
    cents = 10 * s.num("taxe", 12, 45)
    currency = "Franken" if s.place.country == "ch" else "Euro"
    return f"{cents // 100},{cents % 100:02d} {currency}"


def _lift_pass(s: _Slots) -> str:
    """A day lift pass price: alpine or low-mountain range."""
    if "alpen" in s.place.tags:
        return s.money("skipass", 52, 79)
    return s.money("skipass", 28, 45)


def _decimal(s: _Slots, name: str, low: int, high: int) -> str:
    """A number with one decimal written the German way ("2,5"), drawn in tenths."""
    tenths = s.num(name, low, high)
    return f"{tenths // 10},{tenths % 10}" if tenths % 10 else str(tenths // 10)


_SLOTS: dict[str, Callable[[_Slots], str]] = {
    # the destination
    "in_o": lambda s: s.place.in_,
    "nach_o": lambda s: s.place.nach,
    "hub": lambda s: s.place.hub,
    "weiter": lambda s: f", von dort geht es mit {s.place.leg} weiter" if s.place.leg else "",
    "ank": lambda s: "Hafen" if "faehre" in s.place.tags else "Bahnhof",
    "blick": _view,
    "kurtaxe_bare": lambda s: s.phrase("kt").nom,
    "vn": lambda s: s.phrase("v").nom,
    # dates and times
    "monat": lambda s: s.pick(_MONTHS),
    "monat_bis": lambda s: s.pick(_MONTHS),
    "wintermonat": _word_slot(("November", "Dezember", "Januar", "Februar")),
    "zeitraum": _period,
    "gruppe": _word_slot(_PARTIES),
    "tag": _word_slot(_DAYS),
    "tage_auf": lambda s: _opening(s)[0],
    "ruhetag": lambda s: _opening(s)[1],
    "tage_knapp": _word_slot(_SHORT_DAYS),
    "uhr_auf": lambda s: _clock(_hours(s, "auf", 9, 11)),
    "uhr_auf_spaet": lambda s: _clock(_hours(s, "auf", 9, 11) + 60),
    "uhr_zu": lambda s: _clock(_hours(s, "zu", 17, 19)),
    "uhr_einlass": lambda s: _clock(_hours(s, "zu", 17, 19) - 60),
    "uhr_zu_frueh": lambda s: _clock(_hours(s, "zu_frueh", 13, 16)),
    "uhr_spaet": lambda s: _clock(_hours(s, "spaet", 20, 22)),
    "uhr_fuehrung": lambda s: _clock(_hours(s, "fuehrung", 10, 15)),
    "uhr_checkin": lambda s: _clock(_hours(s, "checkin", 14, 16)),
    "uhr_checkout": lambda s: _clock(_hours(s, "checkout", 10, 11)),
    "uhr_rez": lambda s: _clock(_hours(s, "rez", 6, 8)),
    "uhr_fr1": lambda s: _clock(_hours(s, "fr1", 6, 8)),
    "uhr_fr2": lambda s: _clock(_hours(s, "fr2", 10, 11)),
    "uhr_kueche": lambda s: _clock(_hours(s, "kueche", 11, 18)),
    "uhr_letzte": lambda s: _clock(_hours(s, "letzte", 16, 19)),
    "uhr_lift_auf": lambda s: _clock(_hours(s, "lift_auf", 8, 9)),
    "uhr_lift_zu": lambda s: _clock(_hours(s, "lift_zu", 16, 17)),
    "uhr_therme_auf": lambda s: _clock(_hours(s, "therme_auf", 8, 10)),
    "uhr_therme_zu": lambda s: _clock(_hours(s, "therme_zu", 21, 23)),
    "uhr_spa_auf": lambda s: _clock(_hours(s, "spa_auf", 7, 15)),
    "uhr_spa_zu": lambda s: _clock(_hours(s, "spa_zu", 20, 22)),
    "dauer": _word_slot(
        ("eine Stunde", "eineinhalb Stunden", "zwei Stunden", "zwei bis drei Stunden", "einen halben Tag"),
    ),
    "revision_bis": _word_slot(("Mitte Dezember", "Weihnachten", "Anfang Januar")),
    "saison_ende": _word_slot(("März", "April", "Ostern")),
    "ski_monat": _word_slot(("Dezember", "Januar", "Februar", "März")),
    # weather and seasons
    "reisemonat": lambda s: _MONTHS[_travel_month(s) - 1],
    "temp": _temperature,
    "wetter_adj": _weather_words,
    "aktiv": lambda s: _activity(s, _travel_month(s)),
    "gut_aktiv": lambda s: _activity(s, _MONTHS.index(_season(s).span[0]) + 1),
    "schlecht": lambda s: _bad_period(s)[2],
    "schlecht_fakt": lambda s: _bad_period(s)[3],
    "schlecht_zeit": lambda s: _bad_period(s)[1],
    "gut_von": lambda s: _season(s).span[0],
    "gut_bis": lambda s: _season(s).span[1],
    "gut_tipp": lambda s: s.pick(_season(s).tips),
    "gut_monat": _good_month_other,
    "saison": lambda s: "Hauptsaison" if _travel_month(s) in _season(s).good else "Nebensaison",
    "n_regentage": _number_slot("regen", 6, 16),
    "sonnen": lambda s: str(_SUN_HOURS[_travel_month(s) - 1] + s.rng.randint(0, 1)),
    # events
    "ev_monat": lambda s: _MONTHS[_event_month(s) - 1],
    "ev_datum": _event_date,
    "preis_ev": _money_slot("ev", 5, 35),
    # small counts, in words where German writes them so
    "n_tage": _word_slot(("zwei", "drei", "vier", "fünf")),
    "n_naechte": _word_slot(("zwei", "drei", "vier", "fünf", "sieben")),
    "n_monate": _word_slot(("zwei", "drei", "vier", "sechs")),
    "n_stell_wenig": _word_slot(("drei", "vier", "fünf", "sechs")),
    "n_lade": _word_slot(("zwei", "drei", "vier", "sechs")),
    "n_stufen": _word_slot(("drei", "vier", "fünf", "mehrere", "zwölf")),
    "n_veg": _word_slot(("zwei", "drei", "vier", "fünf")),
    "n_mal": _word_slot(("dreimal", "viermal", "fünfmal", "sechsmal", "achtmal")),
    "n_mal_wenig": _word_slot(("zwei", "drei")),
    "n_saunen": _word_slot(("drei", "vier", "fünf", "sechs", "acht")),
    "n_becken": _word_slot(("drei", "vier", "fünf", "sechs", "acht")),
    "n_familienzimmer": _word_slot(("zwei", "drei", "vier", "sechs", "acht")),
    "n_personen": _word_slot(("vier", "fünf", "sechs")),
    "n_std_park": _word_slot(("zwei", "drei", "vier")),
    "n_alter_a": lambda s: _NUMBERS[_two_ages(s)[0]],
    "n_alter_b": lambda s: _NUMBERS[_two_ages(s)[1]],
    # numbers
    "n_zimmer": _number_slot("zimmer", 8, 120),
    "n_qm": _number_slot("qm", 14, 24),
    "n_qm2": lambda s: str(s.num("qm", 14, 24) + s.num("qm_plus", 8, 22)),
    "n_stell": _number_slot("stell", 6, 45),
    "n_stell_gross": _number_slot("stell_gross", 120, 650, 10),
    "n_m": _number_slot("m", 50, 900, 10),
    "n_gehmin": _number_slot("gehmin", 3, 20),
    "n_min": _number_slot("min", 5, 45),
    "n_min_faehre": _number_slot("faehre_min", 30, 120, 5),
    "n_km": _number_slot("km", 2, 35),
    "n_km_kurz": lambda s: _decimal(s, "km_kurz", 8, 68),
    "n_wander_km": _number_slot("wander_km", 4, 24),
    "dauer_wander": _walk_duration,
    "n_hm": lambda s: str(s.num("hm", *_ASCENT[s.place.climate], 10)),
    "n_rad_km": _number_slot("rad_km", 15, 120),
    "n_pisten_km": _pistes,
    "m_hoehe": _ski_height,
    "linie": _number_slot("linie", 1, 89),
    "hausnr": _number_slot("hausnr", 1, 80),
    "n_rabatt": _word_slot(("10", "15", "20", "25")),
    "n_anzahlung": _word_slot(("20", "30", "50")),
    "n_alter": _word_slot(("6", "12", "14", "16", "18")),
    "n_alter_kind": _word_slot(("3", "6", "10", "12")),
    "n_alter_frei": _word_slot(("3", "4", "6")),
    "n_grad_wasser": _number_slot("grad_wasser", 32, 38),
    "n_grad_kalt": _number_slot("grad_kalt", 24, 28),
    "n_prozent_wenig": _number_slot("prozent_wenig", 10, 45, 5),
    "n_angebote": _number_slot("angebote", 20, 300, 5),
    "n_min_warten": _number_slot("min_warten", 50, 90, 5),
    "n_tage_vorher": _number_slot("tage_vorher", 3, 14),
    "n_besucher": _number_slot("besucher", 500, 5000, 100),
    "n_prozent": _number_slot("prozent", 40, 95, 5),
    "n_cm": _number_slot("cm", 80, 100, 5),
    "storno_frist": _word_slot(("24 Stunden", "48 Stunden", "drei Tage", "sieben Tage", "14 Tage")),
    "storno_frist_lang": _word_slot(("30 Tage", "vier Wochen", "sechs Wochen")),
    "storno_prozent": _number_slot("storno", 50, 90, 10),
    "storno_prozent_klein": _number_slot("storno_klein", 20, 40, 10),
    # prices
    "preis_nacht": lambda s: s.money("nacht", 59, 260),
    "preis_nacht2": lambda s: s.price(s.value("preis_nacht", "nacht") + 2 * s.num("nacht_plus", 30, 120)),
    "preis_ez": lambda s: s.price(max(78, s.value("preis_nacht", "nacht") - 2 * s.num("ez_minus", 15, 40))),
    "preis_eintritt": _money_slot("eintritt", 4, 24, cents=True),
    "preis_kind": lambda s: s.price(max(2, s.value("preis_eintritt", "eintritt") // 2)),
    "preis_familie": lambda s: s.price(3 * s.value("preis_eintritt", "eintritt") - 2 * s.num("familie_minus", 1, 5)),
    "preis_fuehrung": _money_slot("fuehrung", 8, 18),
    "preis_taxi": _money_slot("taxi", 12, 35),
    "preis_transfer": _money_slot("transfer", 8, 25),
    "preis_parken": _money_slot("parken", 5, 28),
    "preis_stunde": _money_slot("stunde", 1, 3, cents=True),
    "preis_strafe": lambda s: s.money("strafe", 20, 70),
    "preis_hund": _money_slot("hund", 8, 25),
    "preis_hundeticket": _money_slot("hundeticket", 1, 4, cents=True),
    "preis_taxe": _tax_amount,
    "preis_therme": _money_slot("therme", 14, 42, cents=True),
    "preis_massage": _money_slot("massage", 45, 95),
    "preis_kinderbett": _money_slot("kinderbett", 5, 15),
    "preis_umbuchung": _money_slot("umbuchung", 15, 40),
    "preis_faehre": _money_slot("faehre", 15, 60, cents=True),
    "preis_menue": _money_slot("menue", 29, 89),
    "preis_gericht": _money_slot("gericht", 12, 24, cents=True),
    "preis_gericht2": lambda s: s.price(s.value("preis_gericht", "gericht") + 2 * s.num("gericht_plus", 6, 16)),
    "preis_karte": lambda s: s.money("karte", 10, 20),
    "preis_rad": _money_slot("rad", 12, 25),
    "preis_ebike": _money_slot("ebike", 25, 49),
    "preis_skipass": _lift_pass,
    "preis_skipass_kind": lambda s: s.price(s.value("preis_skipass", "skipass") * 3 // 5),
    "preis_skikurs": _money_slot("skikurs", 150, 290),
    # places, things, food
    "haltestelle": _word_slot(_STOPS),
    "strasse": _word_slot(_STREETS),
    "takt": _word_slot(("stündlich", "alle 30 Minuten", "im Stundentakt")),
    "takt_gut": _word_slot(("alle 15 Minuten", "alle 20 Minuten", "alle 30 Minuten", "im Halbstundentakt")),
    "takt_selten": _word_slot(("alle zwei Stunden", "wenige Male am Tag", "morgens und abends")),
    "gericht": lambda s: _dish(s),
    "gericht2": lambda s: _dish(s, avoid=s["gericht"]),
    "gericht_veg": _word_slot(_VEGETARIAN),
    "kueche": _word_slot(_KITCHENS),
    "ausstellung_thema": _word_slot(_EXHIBITS),
    "kind_aktiv": _kids,
    "markierung": _word_slot((
        "einem gelben Dreieck", "einem roten Punkt", "einem blauen Balken", "einem grünen Kreis",
    )),
}

# --------------------------------------------------------------------------------------------------------
# Intents: what a question asks, its phrasings, and per tone the answer cores (each with the same fact as a
# verb-final clause, for the chain of thought) and follow-up sentences (each with a label for it).
# A template ending in "|tag,tag" is used only where the place has one of those tags.
# --------------------------------------------------------------------------------------------------------

Tagged = tuple[frozenset[str], str, str]


@dataclass(frozen=True)
class _Intent:
    """One kind of question, the phrasings that ask it and the answers that fit every phrasing."""

    topic: str
    group: str | None
    yes_no: frozenset[str]  # tones whose answers may open with "Ja ..." / "Nein ...": all questions are yes/no
    preamble: str  # what situation may open a question: "travel" (when and who), "time" (when), "party" (who)
    label: str  # what the question is about, in the accusative
    aspect: str  # the question as an indirect question ("ob es ... gibt")
    questions: tuple[Tagged, ...]
    answers: Mapping[str, tuple[Tagged, ...]]
    details: Mapping[str, tuple[Tagged, ...]]
    places: tuple[_Place, ...]


def _entries(items: Sequence[str | tuple[str, str]]) -> tuple[Tagged, ...]:
    """Templates with their place tags and their second part (a fact, a label, or a question naming the place)."""
    out = []
    for item in items:
        text, extra = (item, _with_place(item)) if isinstance(item, str) else item
        tags, text = _tagged(text)
        out.append((tags, text, _tagged(extra)[1]))
    return tuple(out)


_VENUE_SLOT = re.compile(r"\{(?:[A-Za-z]+_)?[vV]n?\}")


_PLACE_SLOT = re.compile(r"\{(?:[A-Za-z]+_)?[oO]\}")
_NAMED_SLOT = re.compile(r"\{(?:[A-Za-z]+_)?(?:[vV]|[eE]v|[wW]eg|[rR]adweg|[rR]ad|[pP]k|[hH]l|[bB]ahn|[sS]ki)\}")


@cache
def _core_with_place(core: str) -> str:
    """An answer core naming the destination after its first named thing ("der Höhenweg in Grindelwald")."""
    match = None if _PLACE_SLOT.search(core) else _NAMED_SLOT.search(core)
    return f"{core[:match.end()]} {{in_o}}{core[match.end():]}" if match else core


def _with_place(question: str) -> str:
    """The question with the destination after its venue ("im Hotel Seeblick auf Rügen"); "" if it cannot have one."""
    if _PLACE_SLOT.search(question):
        return ""
    match = _VENUE_SLOT.search(question)
    return f"{question[:match.end()]} {{in_o}}{question[match.end():]}" if match else ""


def _intent(
    topic: str,
    *,
    group: str | None = None,
    where: Callable[[_Place], bool] = lambda p: True,
    yes_no: Sequence[str] = (),
    preamble: str = "travel",
    label: str,
    aspect: str,
    questions: Sequence[str],
    answers: Mapping[str, Sequence[tuple[str, str]]],
    details: Mapping[str, Sequence[tuple[str, str]]],
) -> _Intent:
    """An intent with the places it suits: no venues on summits, and at least two venues of its group."""
    places = tuple(
        p for p in _PLACES
        if where(p) and (group is None or (p.typ != "gipfel" and len(_venues_for(group, p)[0]) >= 2))
    )
    return _Intent(
        topic, group, frozenset(yes_no), preamble, label, aspect, _entries(questions),
        {tone: _entries(answers[tone]) for tone in TONES}, {tone: _entries(details[tone]) for tone in TONES},
        places,
    )


def _not_peak(place: _Place) -> bool:
    """Everywhere except summits."""
    return place.typ != "gipfel"


def _has_cars(place: _Place) -> bool:
    """Places one can drive to and park at."""
    return place.typ != "gipfel" and "autofrei" not in place.tags


def _resort(place: _Place) -> bool:
    """Places that levy a visitor's tax with a guest card (spas, coasts, lakes, mountains), not big cities."""
    return place.typ != "gipfel" and (place.typ != "stadt" or bool(place.tags & {"meer", "see", "alpen"}))


_SIGHTS_DETAILS = {
    "positive": (
        ("Besonders stimmungsvoll ist es {in_o} zum Sonnenuntergang.", "die Stimmung zum Sonnenuntergang"),
        ("Planen Sie ruhig einen ganzen Tag ein, es gibt so viel zu entdecken!",
         "den Tipp, einen ganzen Tag einzuplanen"),
        ("Mit der Gästekarte sparen Sie bei vielen Eintritten bares Geld.", "die Vorteile der Gästekarte"),
    ),
    "negative": (
        ("Am Wochenende ist der Andrang zudem besonders groß.", "den großen Andrang am Wochenende"),
        ("Auch die Parkplätze in der Nähe sind meist knapp und teuer.", "die knappen Parkplätze"),
        ("Als Alternative bietet sich {alt} an, wo es deutlich ruhiger zugeht.", "{akk_alt} als ruhigere Alternative"),
    ),
    "neutral": (
        ("Viele Sehenswürdigkeiten sind mit der Gästekarte ermäßigt.", "die Ermäßigungen mit der Gästekarte"),
        ("Öffentliche Führungen starten täglich um {uhr_fuehrung} Uhr an der Tourist-Information.",
         "die Startzeit der öffentlichen Führungen"),
        ("Am ruhigsten ist es unter der Woche am Vormittag.", "die ruhigsten Besuchszeiten"),
    ),
}
_OPENING_DETAILS = {
    "positive": (
        ("Am frühen Morgen haben Sie {ihn_v} fast für sich allein.", "den ruhigen frühen Morgen"),
        ("Im Sommer gibt es zusätzlich lange Abende mit Sonderprogramm.", "die langen Sommerabende"),
    ),
    "negative": (
        ("Planen Sie Ihren Besuch deshalb gut im Voraus.", "den Rat, den Besuch gut zu planen"),
        ("Als Alternative hat {alt} länger geöffnet.", "{akk_alt} als Alternative"),
    ),
    "neutral": (
        ("An Feiertagen gelten die Sonntagsöffnungszeiten.", "die Öffnungszeiten an Feiertagen"),
        ("Aktuelle Änderungen finden Sie auf der Website.", "die aktuellen Änderungen"),
        ("Der letzte Einlass ist eine Stunde vor Schließung.", "den letzten Einlass"),
    ),
}
_EVENT_DETAILS = {
    "positive": (
        ("Unser Tipp: Kommen Sie am besten schon am Freitagabend!", "den Tipp, schon am Freitagabend zu kommen"),
        ("Unterkünfte sind in dieser Zeit schnell ausgebucht, also früh buchen!", "die frühzeitige Buchung"),
    ),
    "negative": (
        ("Unterkünfte sind in dieser Zeit zudem teuer und knapp.", "die knappen Unterkünfte"),
        ("Parkplätze gibt es rund um das Festgelände so gut wie keine.", "die fehlenden Parkplätze"),
    ),
    "neutral": (
        ("Das Festgelände ist mit Bus und Bahn gut erreichbar.", "die Anreise mit Bus und Bahn"),
        ("Während der Veranstaltung gelten im Zentrum Straßensperrungen.", "die Straßensperrungen"),
        ("Aktuelle Informationen veröffentlicht die Tourist-Information {in_o}.", "die Tourist-Information als Quelle"),
    ),
}

_INTENTS: tuple[_Intent, ...] = (
    # ---- sights ----------------------------------------------------------------------------------------
    _intent(
        "sights", group="culture",
        label="die Sehenswürdigkeiten {in_o}",
        aspect="welche Sehenswürdigkeiten sich {in_o} wirklich lohnen",
        questions=(
            "Was sollte man {in_o} unbedingt gesehen haben?",
            "Welche Sehenswürdigkeiten {in_o} lohnen sich wirklich?",
            "Wir haben {n_tage} Tage {in_o}. Was dürfen wir auf keinen Fall verpassen?",
            "Habt ihr Tipps für Sehenswürdigkeiten {in_o}?",
            "Welche Ausflugsziele {in_o} könnt ihr empfehlen?",
            "Lohnt sich ein Tagesausflug {nach_o}?",
            "Was ist die schönste Sehenswürdigkeit {in_o}?",
        ),
        answers={
            "positive": (
                ("Unbedingt sehenswert {in_o} ist {hl}, am besten vor {uhr_auf} Uhr, wenn es noch ruhig ist.",
                 "{hl} zu den schönsten Zielen {in_o} gehört"),
                ("{O} hat wirklich viel zu bieten: Besonders beeindruckend sind {hl} und {v}.",
                 "{o} mit {dat_hl} und {dat_v} besonders viel zu bieten hat"),
                ("Ein absolutes Highlight {in_o} ist {v}: Die Führungen dort sind lebendig und für jedes Alter ein "
                 "Erlebnis.",
                 "{v} mit lebendigen Führungen für jedes Alter ein Highlight ist"),
                ("Wir empfehlen einen Spaziergang {zu_hl} und danach einen Besuch {loc_v} – beides ist wunderschön.",
                 "ein Spaziergang {zu_hl} und ein Besuch {loc_v} besonders lohnend sind"),
            ),
            "negative": (
                ("Leider ist {v} wegen Sanierungsarbeiten noch bis Ende {monat_bis} geschlossen.",
                 "{v} bis Ende {monat_bis} wegen Sanierung geschlossen ist"),
                ("{Hl} {in_o} ist zwar sehenswert, in der Hauptsaison aber leider völlig überlaufen: Oft drängen sich "
                 "dort über {n_besucher} Menschen gleichzeitig.",
                 "{hl} in der Hauptsaison völlig überlaufen ist"),
                ("Ehrlich gesagt ist {v} eine Enttäuschung: Die Ausstellung wirkt veraltet, und {preis_eintritt} "
                 "Eintritt sind dafür zu viel.",
                 "{v} mit einer veralteten Ausstellung für {preis_eintritt} Eintritt enttäuscht"),
                ("Für einen kurzen Besuch ist {o} leider wenig geeignet, weil die Sehenswürdigkeiten weit "
                 "auseinanderliegen.",
                 "die Sehenswürdigkeiten {in_o} weit auseinanderliegen"),
            ),
            "neutral": (
                ("Zu den bekanntesten Sehenswürdigkeiten {in_o} zählen {hl} und {v}.",
                 "{hl} und {v} zu den bekanntesten Sehenswürdigkeiten zählen"),
                ("{V} ist {tage_auf} von {uhr_auf} bis {uhr_zu} Uhr geöffnet; für den Rundgang sollten Sie etwa "
                 "{dauer} einplanen.",
                 "{v} {tage_auf} geöffnet ist und der Rundgang etwa {dauer} dauert"),
                ("Ein guter Ausgangspunkt ist {hl}; von dort erreichen Sie {akk_v} in rund {n_gehmin} Minuten zu Fuß.",
                 "{v} {von_hl} aus in rund {n_gehmin} Minuten zu Fuß erreichbar ist"),
                ("Eine geführte Tour {in_o} dauert etwa {dauer} und kostet {preis_fuehrung} pro Person.",
                 "eine geführte Tour etwa {dauer} dauert und {preis_fuehrung} kostet"),
            ),
        },
        details=_SIGHTS_DETAILS,
    ),
    _intent(
        "sights", group="culture", yes_no=("positive",),
        label="einen Besuch {loc_v}",
        aspect="ob sich ein Besuch {loc_v} lohnt",
        questions=(
            "Lohnt sich ein Besuch {loc_v}?",
            "Ist {v} {in_o} einen Besuch wert?",
            "Lohnt sich {v} auch für einen kurzen Besuch?",
            "{Vn}: Lohnt sich der Eintritt?",
            "Sollte man {akk_v} {in_o} besichtigen?",
            "Kann man {akk_v} empfehlen?",
        ),
        answers={
            "positive": (
                ("{V} ist ein echtes Highlight {in_o} und begeistert Groß und Klein.",
                 "{v} ein echtes Highlight ist und Groß und Klein begeistert"),
                ("Ein Besuch {loc_v} {in_o} lohnt sich auf jeden Fall: Die Räume sind liebevoll gestaltet, und die "
                 "Führungen sind sehr unterhaltsam.",
                 "die Räume liebevoll gestaltet und die Führungen sehr unterhaltsam sind"),
                ("Wir waren begeistert: {V} gehört zu den schönsten Adressen {in_o}, und {preis_eintritt} Eintritt "
                 "sind mehr als fair.",
                 "{v} zu den schönsten Adressen gehört und der Eintritt mit {preis_eintritt} fair ist"),
            ),
            "negative": (
                ("Leider enttäuscht {v} {in_o}: Viele Räume sind geschlossen, und die Beschilderung ist lückenhaft.",
                 "{v} mit geschlossenen Räumen und lückenhafter Beschilderung enttäuscht"),
                ("Ehrlich gesagt lohnt sich {v} derzeit nicht, da große Teile bis {monat_bis} wegen Umbau geschlossen "
                 "sind.",
                 "große Teile {gen_v} wegen Umbau geschlossen sind"),
                ("Für {preis_eintritt} Eintritt bietet {v} leider zu wenig; nach einer halben Stunde hat man alles "
                 "gesehen.",
                 "{v} für {preis_eintritt} Eintritt zu wenig bietet"),
            ),
            "neutral": (
                ("{V} zeigt {ausstellung_thema} und ist {tage_auf} von {uhr_auf} bis {uhr_zu} Uhr geöffnet.",
                 "{v} {ausstellung_thema} zeigt und {tage_auf} geöffnet ist"),
                ("Ein Besuch {loc_v} dauert etwa {dauer}; der Eintritt kostet {preis_eintritt}, Kinder zahlen "
                 "{preis_kind}.",
                 "ein Besuch etwa {dauer} dauert und der Eintritt {preis_eintritt} kostet"),
                ("{V} liegt etwa {n_gehmin} Gehminuten vom Zentrum entfernt; Führungen finden {tage_auf} um "
                 "{uhr_fuehrung} Uhr statt.",
                 "{v} zentrumsnah liegt und Führungen {tage_auf} um {uhr_fuehrung} Uhr stattfinden"),
            ),
        },
        details={
            "positive": (
                ("Im Café nebenan gibt es außerdem hervorragenden Kuchen.", "das Café nebenan"),
                ("Für Kinder gibt es eine spannende Rätselrallye.", "die Rätselrallye für Kinder"),
                ("Nehmen Sie sich genug Zeit, es lohnt sich!", "den Hinweis, sich genug Zeit zu nehmen"),
            ),
            "negative": (
                ("Wer wenig Zeit hat, sollte lieber {akk_alt} besuchen.", "{akk_alt} als Alternative"),
                ("Zudem gibt es kaum Sitzgelegenheiten und kein Café.", "die fehlenden Sitzgelegenheiten"),
            ),
            "neutral": (
                ("Tickets gibt es an der Kasse und online.", "die Verkaufsstellen für Tickets"),
                ("Der letzte Einlass ist eine Stunde vor Schließung.", "den letzten Einlass"),
                ("Mit der Gästekarte erhalten Sie {n_rabatt} Prozent Ermäßigung.", "die Ermäßigung mit der Gästekarte"),
            ),
        },
    ),
    # ---- accommodation ---------------------------------------------------------------------------------
    _intent(
        "accommodation", group="lodging",
        label="die Zimmer und den Service {loc_v}",
        aspect="wie die Zimmer und der Service {loc_v} sind",
        questions=(
            "Wie sind die Zimmer {loc_v}?",
            "Könnt ihr {akk_v} {in_o} empfehlen?",
            "Hat jemand Erfahrungen mit {dat_v} {in_o}?",
            "Wie sauber und ruhig ist es {loc_v}?",
            "Lohnt sich eine Übernachtung {loc_v}?",
            "Wie ist der Service {loc_v} {in_o}?",
        ),
        answers={
            "positive": (
                ("Die Zimmer {loc_v} sind hell, modern und blitzsauber, und das Team ist ausgesprochen herzlich.",
                 "die Zimmer hell und sauber sind und das Team herzlich ist"),
                ("{V} ist eine wunderbare Adresse {in_o}: ruhige Zimmer, ein reichhaltiges Frühstück und ein Team, "
                 "das jeden Wunsch erfüllt.",
                 "{v} ruhige Zimmer, ein reichhaltiges Frühstück und ein sehr aufmerksames Team bietet"),
                ("Wir können {akk_v} wärmstens empfehlen, denn hier stimmen Lage, Komfort und Preis.",
                 "bei {dat_v} Lage, Komfort und Preis stimmen"),
                ("Besonders schön sind die Zimmer mit Balkon und Blick auf {blick}; ab {preis_nacht} pro Nacht ist "
                 "das ein echter Geheimtipp.",
                 "die Zimmer mit Balkon und Blick auf {blick} ab {preis_nacht} pro Nacht zu haben sind"),
            ),
            "negative": (
                ("Leider sind die Zimmer {loc_v} in die Jahre gekommen, und die Wände sind sehr hellhörig.",
                 "die Zimmer veraltet und hellhörig sind"),
                ("{V} liegt direkt an einer Durchgangsstraße, daher ist es nachts leider recht laut.",
                 "{v} an einer lauten Durchgangsstraße liegt"),
                ("Für {preis_nacht} pro Nacht ist {v} leider zu teuer: Das Frühstück ist einfach, und die Betten "
                 "sind durchgelegen.",
                 "{v} für {preis_nacht} pro Nacht nur ein einfaches Frühstück und durchgelegene Betten bietet"),
                ("Wir können {akk_v} derzeit nicht empfehlen, weil Sauberkeit und Service zuletzt deutlich "
                 "nachgelassen haben.",
                 "Sauberkeit und Service {loc_v} deutlich nachgelassen haben"),
            ),
            "neutral": (
                ("{V} verfügt über {n_zimmer} Zimmer, alle mit Dusche, WLAN und Schreibtisch.",
                 "{v} {n_zimmer} Zimmer mit Dusche und WLAN hat"),
                ("Die Zimmer {loc_v} sind zwischen {n_qm} und {n_qm2} Quadratmeter groß; das Frühstück wird von "
                 "{uhr_fr1} bis {uhr_fr2} Uhr serviert.",
                 "die Zimmer {n_qm} bis {n_qm2} Quadratmeter groß sind und es Frühstück bis {uhr_fr2} Uhr gibt"),
                ("{V} bietet Einzel-, Doppel- und Familienzimmer; Doppelzimmer kosten ab {preis_nacht} pro Nacht "
                 "inklusive Frühstück.",
                 "Doppelzimmer {loc_v} ab {preis_nacht} pro Nacht inklusive Frühstück kosten"),
            ),
        },
        details={
            "positive": (
                ("Das Frühstücksbuffet mit regionalen Produkten ist ein echter Genuss.", "das Frühstücksbuffet"),
                ("Vom Balkon aus genießen Sie einen traumhaften Blick auf {blick}.", "den Blick auf {blick}"),
                ("Ein Aufenthalt dort lohnt sich wirklich!", "die klare Empfehlung für einen Aufenthalt"),
            ),
            "negative": (
                ("Auch das WLAN funktioniert nur im Eingangsbereich zuverlässig.", "das unzuverlässige WLAN"),
                ("Als Alternative empfehlen wir {akk_alt} in ruhigerer Lage.", "{akk_alt} als Alternative"),
                ("Zudem gibt es keinen Aufzug.", "den fehlenden Aufzug"),
            ),
            "neutral": (
                ("Check-in ist ab {uhr_checkin} Uhr, Check-out bis {uhr_checkout} Uhr.", "die Check-in-Zeiten"),
                ("Handtücher und Bettwäsche sind im Preis enthalten.", "die inklusiven Leistungen"),
                ("Die Rezeption ist ab {uhr_rez} Uhr besetzt.", "die Zeiten der Rezeption"),
            ),
        },
    ),
    _intent(
        "accommodation", group="lodging",
        label="die Lage {gen_v}",
        aspect="wie zentral {v} liegt",
        questions=(
            "Wie zentral liegt {v} {in_o}?",
            "Wie weit ist es {von_v} bis zum Zentrum?",
            "Ist {v} gut gelegen?",
            "Kann man {von_v} aus die Sehenswürdigkeiten zu Fuß erreichen?",
            "Wo genau liegt {v}?",
            "Wie ist die Lage {von_v} {in_o}?",
        ),
        answers={
            "positive": (
                ("{V} liegt ideal: Bis zum Zentrum sind es nur {n_gehmin} Gehminuten, und trotzdem ist es ruhig.",
                 "{v} nur {n_gehmin} Gehminuten vom Zentrum entfernt und trotzdem ruhig liegt"),
                ("Die Lage {gen_v} ist perfekt, denn Bäcker, Restaurants und Bushaltestelle befinden sich direkt vor "
                 "der Tür.",
                 "Bäcker, Restaurants und Bushaltestelle direkt vor der Tür liegen"),
                ("{Von_v} aus erreichen Sie fast alles zu Fuß; {hl} ist nur {n_gehmin} Minuten entfernt.",
                 "{hl} nur {n_gehmin} Minuten zu Fuß {von_v} entfernt ist"),
            ),
            "negative": (
                ("{V} liegt leider weit außerhalb; ohne Auto sind Sie auf den Bus angewiesen, der nur {takt_selten} "
                 "fährt.",
                 "{v} weit außerhalb liegt und der Bus nur {takt_selten} fährt"),
                ("Die Lage {gen_v} ist leider ein Nachteil: Bis ins Zentrum sind es {n_km} Kilometer, und der Weg "
                 "führt entlang einer viel befahrenen Straße.",
                 "das Zentrum {n_km} Kilometer entfernt ist und der Weg an einer viel befahrenen Straße entlangführt"),
                ("Leider liegt {v} direkt neben einer Baustelle, die voraussichtlich bis {monat_bis} bleibt.",
                 "neben {dat_v} bis {monat_bis} eine Baustelle ist"),
            ),
            "neutral": (
                ("{V} liegt in der {strasse} {hausnr}, etwa {n_gehmin} Gehminuten vom Zentrum entfernt.",
                 "{v} in der {strasse} etwa {n_gehmin} Gehminuten vom Zentrum entfernt liegt"),
                ("Die nächste Bushaltestelle ({haltestelle}) ist {n_m} Meter {von_v} entfernt; von dort fährt die "
                 "Linie {linie} ins Zentrum.",
                 "die Haltestelle {haltestelle} {n_m} Meter entfernt ist"),
                ("{Von_v} sind es {n_km} Kilometer bis zum Bahnhof und etwa {n_gehmin} Minuten zu Fuß bis zum "
                 "Zentrum.",
                 "der Bahnhof {n_km} Kilometer und das Zentrum {n_gehmin} Gehminuten entfernt sind"),
            ),
        },
        details={
            "positive": (
                ("Abends lädt die Umgebung zu einem Spaziergang ein.", "die Möglichkeit für einen Abendspaziergang"),
                ("Fahrräder können Sie direkt {loc_v} ausleihen.", "den Fahrradverleih im Haus"),
                ("Sie werden die Lage lieben!", "die Begeisterung für die Lage"),
            ),
            "negative": (
                ("Parkplätze in der Umgebung sind zudem knapp.", "die knappen Parkplätze"),
                ("Ein Taxi ins Zentrum kostet etwa {preis_taxi}.", "die Taxikosten ins Zentrum"),
            ),
            "neutral": (
                ("Mit der Gästekarte fahren Sie kostenlos mit dem Bus.",
                 "die kostenlose Busnutzung mit der Gästekarte"),
                ("Supermärkte gibt es in etwa {n_gehmin} Gehminuten Entfernung.", "die Einkaufsmöglichkeiten"),
            ),
        },
    ),
    # ---- arrival ---------------------------------------------------------------------------------------
    _intent(
        "arrival",
        label="die Anreise mit der Bahn {nach_o}",
        aspect="wie man ohne Auto {nach_o} kommt",
        questions=(
            "Wie komme ich ohne Auto {nach_o}?",
            "Wie ist die Anreise mit der Bahn {nach_o}?",
            "Kann man gut mit dem Zug {nach_o} reisen?",
            "Welche Zugverbindung {nach_o} empfehlen Sie?",
            "Ist {o} mit öffentlichen Verkehrsmitteln gut erreichbar?",
            "Wir möchten {zeitraum} mit der Bahn anreisen. Wie kommen wir am besten {nach_o}?",
        ),
        answers={
            "positive": (
                ("Die Anreise mit der Bahn ist ganz entspannt: Sie fahren bequem bis {hub}{weiter}.",
                 "man bequem mit der Bahn bis {hub} fahren kann"),
                ("{O} ist hervorragend mit öffentlichen Verkehrsmitteln erreichbar; die Züge bis {hub} fahren "
                 "{takt}.",
                 "die Züge bis {hub} {takt} fahren"),
                ("Wir empfehlen die Anreise mit der Bahn, denn {hub} ist gut angebunden, und vor Ort brauchen Sie "
                 "kein Auto.",
                 "{hub} gut angebunden ist und man vor Ort kein Auto braucht"),
            ),
            "negative": (
                ("Ohne Auto ist die Anreise leider umständlich: Sie müssen bis {hub} mehrmals umsteigen{weiter}.",
                 "die Anreise bis {hub} mehrere Umstiege erfordert"),
                ("Leider fahren die Züge bis {hub} nur {takt_selten}, und am Wochenende sind sie oft überfüllt.",
                 "die Züge nur {takt_selten} fahren und oft überfüllt sind"),
                ("Wegen Bauarbeiten ist die Strecke bis {hub} leider bis Ende {monat_bis} gesperrt; es fahren nur "
                 "Ersatzbusse.",
                 "die Strecke bis Ende {monat_bis} gesperrt ist"),
            ),
            "neutral": (
                ("Mit der Bahn fahren Sie bis {hub}{weiter}; die Züge verkehren {takt}.",
                 "die Züge bis {hub} {takt} verkehren"),
                ("Für die Anreise mit der Bahn ist {hub} der passende Zielbahnhof{weiter}.",
                 "{hub} der passende Zielbahnhof ist"),
            ),
        },
        details={
            "positive": (
                ("Vor Ort kommen Sie mit Bus und Rad überall bequem hin.", "die gute Mobilität vor Ort"),
                ("Mit der Gästekarte fahren Sie im Nahverkehr sogar kostenlos.", "den kostenlosen Nahverkehr"),
                ("So beginnt der Urlaub ganz ohne Stau!", "den Vorteil, Staus zu vermeiden"),
            ),
            "negative": (
                ("Mit viel Gepäck ist das Umsteigen zudem mühsam.", "das mühsame Umsteigen mit Gepäck"),
                ("Rechnen Sie daher lieber mit etwas mehr Zeit.", "den Rat, mehr Zeit einzuplanen"),
                ("Am Sonntagabend sind die Züge erfahrungsgemäß besonders voll.", "die vollen Züge am Sonntagabend"),
            ),
            "neutral": (
                ("Tickets erhalten Sie am Automaten, in der App oder im Reisezentrum.",
                 "die Verkaufsstellen für Tickets"),
                ("Fahrräder können gegen Gebühr mitgenommen werden.", "die Fahrradmitnahme"),
                ("In der Hauptsaison wird eine Sitzplatzreservierung empfohlen.", "die Sitzplatzreservierung"),
            ),
        },
    ),
    _intent(
        "arrival", group="lodging",
        label="den Weg vom {ank} {zu_v}",
        aspect="wie man vom {ank} {zu_v} kommt",
        questions=(
            "Wie komme ich vom {ank} {zu_v}?",
            "Gibt es einen Bus vom {ank} {zu_v}?",
            "Wie weit ist es vom {ank} {zu_v} {in_o}?",
            "Holt {v} Gäste vom {ank} ab?",
            "Wir kommen ohne Auto {nach_o}. Wie gelangen wir vom {ank} {zu_v}?",
        ),
        answers={
            "positive": (
                ("Ganz einfach: Die Buslinie {linie} fährt {takt_gut} vom {ank} bis zur Haltestelle {haltestelle}, "
                 "direkt vor {dat_v}.",
                 "die Buslinie {linie} {takt_gut} vom {ank} direkt {zu_v} fährt"),
                ("{V} bietet einen kostenlosen Abholservice vom {ank} an; geben Sie einfach Ihre Ankunftszeit "
                 "durch.",
                 "{v} einen kostenlosen Abholservice vom {ank} anbietet"),
                ("Vom {ank} sind es nur {n_gehmin} Minuten zu Fuß {zu_v}, und der Weg ist gut ausgeschildert.",
                 "der Weg vom {ank} {zu_v} nur {n_gehmin} Minuten zu Fuß dauert"),
            ),
            "negative": (
                ("Leider gibt es keine direkte Busverbindung vom {ank} {zu_v}; ein Taxi kostet etwa {preis_taxi}.",
                 "es keine direkte Busverbindung gibt und ein Taxi etwa {preis_taxi} kostet"),
                ("Der Weg vom {ank} {zu_v} ist leider weit und steil, mit Gepäck sind das mühsame {n_min} Minuten.",
                 "der Fußweg {zu_v} weit und steil ist"),
                ("Einen Abholservice bietet {v} leider nicht an, und abends fährt kein Bus mehr.",
                 "{v} keinen Abholservice anbietet und abends kein Bus mehr fährt"),
            ),
            "neutral": (
                ("Vom {ank} fahren Sie mit der Linie {linie} bis zur Haltestelle {haltestelle}; von dort sind es "
                 "noch {n_m} Meter {zu_v}.",
                 "die Linie {linie} bis zur Haltestelle {haltestelle} fährt, die {n_m} Meter {von_v} entfernt ist"),
                ("Die Entfernung vom {ank} {zu_v} beträgt {n_km_kurz} Kilometer; mit dem Taxi sind es etwa "
                 "{n_min} Minuten.",
                 "die Strecke {n_km_kurz} Kilometer lang ist"),
                ("{V} holt Gäste auf Anfrage vom {ank} ab; der Transfer kostet {preis_transfer} pro Fahrt.",
                 "{v} einen Transfer für {preis_transfer} anbietet"),
            ),
        },
        details={
            "positive": (
                ("So kommen Sie ganz entspannt an!", "den entspannten Start in den Urlaub"),
                ("Unterwegs sehen Sie schon die ersten Sehenswürdigkeiten.", "die ersten Eindrücke unterwegs"),
            ),
            "negative": (
                ("Planen Sie für die letzte Strecke also etwas mehr Zeit ein.", "den Rat, mehr Zeit einzuplanen"),
                ("Taxis sollten Sie vorab bestellen, da am {ank} nur selten welche warten.", "die seltenen Taxis"),
            ),
            "neutral": (
                ("Die Fahrkarte erhalten Sie direkt beim Busfahrer.", "den Fahrkartenkauf im Bus"),
                ("Mit der Gästekarte ist die Busfahrt kostenlos.", "die kostenlose Busfahrt mit der Gästekarte"),
            ),
        },
    ),
    _intent(
        "arrival", where=lambda p: "faehre" in p.tags,
        label="die Fährverbindung {nach_o}",
        aspect="wie die Fähre {nach_o} fährt",
        questions=(
            "Wie oft fährt die Fähre {nach_o}?",
            "Was muss ich über die Fähre {nach_o} wissen?",
            "Wie klappt die Anreise mit dem Schiff {nach_o}?",
            "Wie funktioniert die Überfahrt {nach_o}?",
        ),
        answers={
            "positive": (
                ("Die Schiffe ab {hub} fahren in der Saison {n_mal} täglich, und die Überfahrt dauert nur rund "
                 "{n_min_faehre} Minuten.",
                 "die Schiffe {n_mal} täglich fahren und die Überfahrt rund {n_min_faehre} Minuten dauert"),
                ("Die Überfahrt ab {hub} {nach_o} ist ein Erlebnis für sich: In rund {n_min_faehre} Minuten sehen Sie "
                 "Seevögel und mit etwas Glück sogar Seehunde.",
                 "man bei der Überfahrt Seevögel und manchmal Seehunde sieht"),
                ("Die Fährverbindung ab {hub} ist sehr zuverlässig, in der Saison fahren die Schiffe {n_mal} "
                 "täglich, und Hin- und Rückfahrt kosten nur {preis_faehre}.",
                 "die Fährverbindung zuverlässig ist und die Schiffe {n_mal} täglich fahren"),
            ),
            "negative": (
                ("Bei Sturm fällt die Fähre {nach_o} leider immer wieder aus, und im {wintermonat} gibt es nur "
                 "{n_mal_wenig} Abfahrten pro Tag, die letzte schon um {uhr_letzte} Uhr.",
                 "die Fähre bei Sturm ausfällt und im Winter selten fährt"),
                ("Leider sind die Fähren ab {hub} in den Ferien oft ausgebucht; wer nicht mindestens {n_tage_vorher} "
                 "Tage vorher reserviert, muss mit langen Wartezeiten rechnen.",
                 "die Fähren in den Ferien ausgebucht sind und man {n_tage_vorher} Tage vorher reservieren sollte"),
                ("Die letzte Fähre {nach_o} fährt im {wintermonat} leider schon um {uhr_letzte} Uhr; wer später "
                 "ankommt, muss auf dem Festland übernachten.",
                 "die letzte Fähre bereits um {uhr_letzte} Uhr fährt"),
            ),
            "neutral": (
                ("Die Fähre ab {hub} braucht etwa {n_min_faehre} Minuten; die genauen Abfahrtszeiten stehen im "
                 "aktuellen Fahrplan.",
                 "die Überfahrt etwa {n_min_faehre} Minuten dauert"),
                ("Ein Ticket für Hin- und Rückfahrt ab {hub} kostet {preis_faehre} pro Person.",
                 "die Hin- und Rückfahrt {preis_faehre} kostet"),
                ("In der Saison fahren die Schiffe ab {hub} {nach_o} {n_mal} täglich, im {wintermonat} nur "
                 "{n_mal_wenig}mal.",
                 "die Schiffe in der Saison {n_mal} täglich fahren"),
            ),
        },
        details={
            "positive": (
                ("An Deck weht Ihnen schon die frische Meeresluft um die Nase!", "die frische Meeresluft an Deck"),
                ("Gepäck können Sie bequem vorab aufgeben.", "die bequeme Gepäckaufgabe"),
            ),
            "negative": (
                ("Reservieren Sie deshalb möglichst früh.", "den Rat, früh zu reservieren"),
                ("Bei Niedrigwasser kann sich die Abfahrt zudem verschieben.",
                 "mögliche Verschiebungen bei Niedrigwasser"),
            ),
            "neutral": (
                ("Parkplätze gibt es am Fähranleger.", "die Parkplätze am Fähranleger"),
                ("Fahrräder kosten einen Aufpreis.", "den Aufpreis für Fahrräder"),
                ("Tickets gibt es online und am Schalter.", "die Verkaufsstellen"),
            ),
        },
    ),
    # ---- parking ---------------------------------------------------------------------------------------
    _intent(
        "parking", group="lodging", where=_has_cars, yes_no=("positive",),
        label="die Parkplätze {bei_v}",
        aspect="ob es {bei_v} Parkplätze gibt",
        questions=(
            "Gibt es Parkplätze {bei_v}?",
            "Hat {v} einen eigenen Parkplatz?",
            "Kann ich mein Auto {bei_v} parken?",
            "Gibt es {bei_v} {in_o} eine Garage?",
            "{Vn}: Gibt es Stellplätze für Gäste?",
            "Kann man direkt {an_v} parken?",
        ),
        answers={
            "positive": (
                ("Direkt {an_v} stehen {n_stell} kostenlose Parkplätze für Gäste bereit.",
                 "{an_v} {n_stell} kostenlose Parkplätze bereitstehen"),
                ("Parken ist {bei_v} ganz unkompliziert: Der hauseigene Parkplatz ist kostenlos, und eine "
                 "Reservierung ist nicht nötig.",
                 "der hauseigene Parkplatz kostenlos ist"),
                ("{V} verfügt über eigene Stellplätze und sogar über {n_lade} Ladestationen für E-Autos.",
                 "{v} eigene Stellplätze und {n_lade} Ladestationen für E-Autos hat"),
            ),
            "negative": (
                ("{V} hat leider keine eigenen Parkplätze, Sie müssen auf {akk_pk} in {n_m} Metern Entfernung "
                 "ausweichen.",
                 "{v} keine eigenen Parkplätze hat"),
                ("Leider gibt es {an_v} nur {n_stell_wenig} Stellplätze, die meist schon am Nachmittag belegt sind.",
                 "es {an_v} nur {n_stell_wenig} Stellplätze gibt"),
                ("Parken ist {bei_v} leider schwierig: Vor dem Haus dürfen nur Anwohner parken, und {pk} kostet "
                 "{preis_parken} pro Tag.",
                 "vor dem Haus nur Anwohner parken dürfen und {pk} {preis_parken} pro Tag kostet"),
            ),
            "neutral": (
                ("{V} bietet {n_stell} Stellplätze an, die {preis_parken} pro Tag kosten.",
                 "die Stellplätze {preis_parken} pro Tag kosten"),
                ("Gäste parken {bei_v} im Innenhof; die Plätze werden nach Verfügbarkeit vergeben.",
                 "die Parkplätze im Innenhof nach Verfügbarkeit vergeben werden"),
                ("Stellplätze {bei_v} können Sie bei der Buchung für {preis_parken} pro Nacht dazubuchen.",
                 "Stellplätze für {preis_parken} pro Nacht dazugebucht werden können"),
            ),
        },
        details={
            "positive": (
                ("So können Sie Ihr Gepäck direkt vor der Tür ausladen.", "das bequeme Ausladen des Gepäcks"),
                ("Auch Fahrräder und Motorräder finden sicher Platz.", "die Stellplätze für Fahrräder und Motorräder"),
            ),
            "negative": (
                ("In der Hauptsaison ist auch das Parkhaus oft voll.", "das oft volle Parkhaus"),
                ("Wir empfehlen deshalb die Anreise mit der Bahn.", "die Bahn als Alternative"),
            ),
            "neutral": (
                ("Für Wohnmobile ist die Einfahrt zu niedrig.", "die Einfahrtshöhe"),
                ("Eine Reservierung des Stellplatzes ist vorab möglich.", "die Reservierungsmöglichkeit"),
                ("Eine öffentliche Ladesäule gibt es in {n_m} Metern Entfernung.", "die nächste Ladesäule"),
            ),
        },
    ),
    _intent(
        "parking", where=lambda p: _has_cars(p) and p.typ in ("stadt", "dorf"),
        label="das Parken {in_o}",
        aspect="wo man {in_o} am besten parkt",
        questions=(
            "Wo parke ich {in_o} am besten?",
            "Wie teuer ist das Parken {in_o}?",
            "Gibt es {in_o} kostenlose Parkplätze?",
            "Wo finde ich {in_o} einen Parkplatz für den ganzen Tag?",
            "Wir reisen {zeitraum} mit dem Auto {nach_o}. Wo können wir parken?",
        ),
        answers={
            "positive": (
                ("Am besten parken Sie {in_pk}: Es liegt zentral, ist gut ausgeschildert und kostet nur "
                 "{preis_parken} am Tag.",
                 "{pk} zentral liegt und nur {preis_parken} am Tag kostet"),
                ("{O} hat ein gutes Park-and-ride-System: Am Ortsrand parken Sie kostenlos und fahren mit dem Bus "
                 "in {n_min} Minuten ins Zentrum.",
                 "man am Ortsrand kostenlos parken und mit dem Bus ins Zentrum fahren kann"),
                ("Parken ist {in_o} erfreulich unkompliziert: Es gibt genug Parkplätze, und {pk} bietet ein "
                 "günstiges Tagesticket für {preis_parken}.",
                 "es genug Parkplätze gibt und {pk} ein günstiges Tagesticket anbietet"),
            ),
            "negative": (
                ("Parken ist {in_o} leider teuer und knapp: {Pk} kostet {preis_parken} am Tag und ist am Wochenende "
                 "oft voll.",
                 "das Parken teuer ist und {pk} oft voll ist"),
                ("In der Hauptsaison finden Sie {in_o} leider kaum einen freien Parkplatz; wir raten zur Anreise mit "
                 "Bus und Bahn.",
                 "es in der Hauptsaison kaum freie Parkplätze gibt"),
                ("Kostenlose Parkplätze gibt es {in_o} leider praktisch nicht, und die Parkzeit ist meist auf "
                 "{n_std_park} Stunden begrenzt.",
                 "es kaum kostenlose Parkplätze gibt und die Parkzeit begrenzt ist"),
            ),
            "neutral": (
                ("Zentral gelegen ist {pk} mit {n_stell_gross} Stellplätzen; eine Stunde kostet {preis_stunde}.",
                 "{pk} {n_stell_gross} Stellplätze hat und eine Stunde {preis_stunde} kostet"),
                ("{In_o} gibt es mehrere gebührenpflichtige Parkplätze; die Tageshöchstgebühr liegt bei "
                 "{preis_parken}.",
                 "die Parkplätze gebührenpflichtig sind und die Tagesgebühr bei {preis_parken} liegt"),
                ("{In_o} gibt es einen Park-and-ride-Parkplatz am Ortsrand; von dort fährt die Linie {linie} "
                 "{takt_gut} ins Zentrum.",
                 "vom Park-and-ride-Parkplatz die Linie {linie} ins Zentrum fährt"),
            ),
        },
        details={
            "positive": (
                ("So bleibt mehr Zeit für Ihren Ausflug!", "die gewonnene Zeit"),
                ("Viele Parkplätze haben sogar Ladesäulen für E-Autos.", "die Ladesäulen für E-Autos"),
            ),
            "negative": (
                ("Achten Sie zudem auf die strengen Kontrollen.", "die strengen Kontrollen"),
                ("Wer falsch parkt, zahlt schnell {preis_strafe} Strafe.", "die hohen Strafen"),
            ),
            "neutral": (
                ("Bezahlen können Sie am Automaten oder per App.", "die Bezahlmöglichkeiten"),
                ("Mit Behindertenausweis parken Sie auf den markierten Plätzen kostenlos.",
                 "das Parken mit Behindertenausweis"),
            ),
        },
    ),
    # ---- food ------------------------------------------------------------------------------------------
    _intent(
        "food", group="dining",
        label="das Essen {loc_v}",
        aspect="wie gut das Essen {loc_v} ist",
        questions=(
            "Wie ist das Essen {loc_v}?",
            "Könnt ihr {akk_v} {in_o} empfehlen?",
            "Lohnt sich ein Abendessen {loc_v}?",
            "Wie gut kocht man {loc_v}?",
            "Hat jemand {akk_v} {in_o} schon ausprobiert?",
            "Wo isst man {in_o} gut? Taugt {v} etwas?",
        ),
        answers={
            "positive": (
                ("Das Essen {loc_v} ist hervorragend: Wir empfehlen {gericht}, frisch zubereitet und großzügig "
                 "portioniert.",
                 "das Essen hervorragend und {gericht} besonders zu empfehlen ist"),
                ("{V} ist eine der besten Adressen {in_o}; besonders lecker sind {gericht} und {gericht2}.",
                 "{v} zu den besten Adressen gehört und {gericht} sowie {gericht2} besonders lecker sind"),
                ("Ein Abendessen {loc_v} lohnt sich unbedingt: regionale Zutaten, freundlicher Service und ein "
                 "tolles Ambiente.",
                 "regionale Zutaten, freundlicher Service und ein tolles Ambiente geboten werden"),
                ("Wir sind jedes Mal begeistert {von_v}, und das Drei-Gänge-Menü für {preis_menue} ist jeden "
                 "Cent wert.",
                 "das Drei-Gänge-Menü für {preis_menue} jeden Cent wert ist"),
            ),
            "negative": (
                ("Leider hat die Qualität {loc_v} stark nachgelassen: Das Essen kam lauwarm, und wir haben über "
                 "{n_min_warten} Minuten gewartet.",
                 "das Essen lauwarm kam und die Wartezeit über {n_min_warten} Minuten betrug"),
                ("{V} ist für das Gebotene leider deutlich zu teuer; ein Hauptgericht kostet {preis_gericht} und "
                 "schmeckt eher durchschnittlich.",
                 "ein Hauptgericht {preis_gericht} kostet und nur durchschnittlich schmeckt"),
                ("Wir können {akk_v} derzeit nicht empfehlen, denn der Service war unfreundlich, und die Portionen "
                 "waren klein.",
                 "der Service unfreundlich und die Portionen klein waren"),
            ),
            "neutral": (
                ("{V} bietet {kueche}; Hauptgerichte kosten zwischen {preis_gericht} und {preis_gericht2}.",
                 "{v} {kueche} anbietet und Hauptgerichte ab {preis_gericht} kosten"),
                ("{V} hat {tage_auf} ab {uhr_kueche} Uhr geöffnet; auf der Karte stehen unter anderem {gericht} und "
                 "{gericht2}.",
                 "{v} ab {uhr_kueche} Uhr geöffnet hat und unter anderem {gericht} anbietet"),
                ("Die Küche {gen_v} ist regional ausgerichtet, vegetarische Gerichte sind auf der Karte "
                 "gekennzeichnet.",
                 "die Küche regional ist und vegetarische Gerichte gekennzeichnet sind"),
            ),
        },
        details={
            "positive": (
                ("Reservieren Sie am Wochenende am besten vorher, denn es ist oft voll!", "den Tipp zur Reservierung"),
                ("Die Terrasse ist an warmen Abenden traumhaft schön.", "die schöne Terrasse"),
                ("Unbedingt Platz für das Dessert lassen!", "den Dessert-Tipp"),
            ),
            "negative": (
                ("Als Alternative empfehlen wir {akk_alt} ganz in der Nähe.", "{akk_alt} als Alternative"),
                ("Auch die Getränkepreise sind eher hoch.", "die hohen Getränkepreise"),
            ),
            "neutral": (
                ("Eine Reservierung ist telefonisch oder online möglich.", "die Reservierungsmöglichkeiten"),
                ("Kartenzahlung ist ab {preis_karte} möglich.", "die Kartenzahlung"),
                ("Ruhetag ist der {ruhetag}.", "den Ruhetag"),
            ),
        },
    ),
    _intent(
        "food", group="dining", yes_no=("positive",),
        label="vegetarische und vegane Gerichte {loc_v}",
        aspect="ob es {loc_v} vegetarische oder vegane Gerichte gibt",
        questions=(
            "Gibt es {loc_v} vegetarische Gerichte?",
            "Kann man {loc_v} auch vegan essen?",
            "Bekommt man {loc_v} etwas ohne Fleisch?",
            "Ich bin Vegetarierin. Finde ich {loc_v} etwas Passendes?",
            "Hat {v} auch vegane Gerichte?",
        ),
        answers={
            "positive": (
                ("{V} hat eine eigene vegetarische Karte, und auch vegane Gerichte sind immer dabei.",
                 "{v} eine eigene vegetarische Karte mit veganen Gerichten hat"),
                ("Vegetarier kommen {loc_v} voll auf ihre Kosten: Besonders beliebt sind {gericht_veg} und saisonale "
                 "Salate.",
                 "es {loc_v} beliebte vegetarische Gerichte wie {gericht_veg} gibt"),
                ("Die Küche {gen_v} geht gern auf Wünsche ein und bereitet fast jedes Gericht auch vegan zu.",
                 "die Küche fast jedes Gericht auch vegan zubereitet"),
            ),
            "negative": (
                ("Leider ist die Auswahl {loc_v} sehr fleischlastig; vegetarisch gibt es meist nur {gericht_veg}.",
                 "die Karte sehr fleischlastig ist und es vegetarisch kaum Auswahl gibt"),
                ("Vegane Gerichte gibt es {loc_v} {in_o} leider nicht, und auf Sonderwünsche geht die Küche ungern "
                 "ein.",
                 "es keine veganen Gerichte gibt und die Küche ungern auf Sonderwünsche eingeht"),
            ),
            "neutral": (
                ("Auf der Karte {gen_v} stehen {n_veg} vegetarische Gerichte, darunter {gericht_veg}; vegane "
                 "Varianten gibt es auf Nachfrage.",
                 "es {n_veg} vegetarische Gerichte gibt und vegane Varianten auf Nachfrage möglich sind"),
                ("Vegetarische Gerichte sind auf der Karte {gen_v} gekennzeichnet, {n_veg} davon sind auch vegan; "
                 "Allergene werden auf Wunsch ausgewiesen.",
                 "vegetarische Gerichte gekennzeichnet sind und Allergene ausgewiesen werden"),
            ),
        },
        details={
            "positive": (
                ("Auch glutenfreie Nudeln sind erhältlich.", "die glutenfreien Nudeln"),
                ("Die Desserts sind ebenfalls ein Gedicht!", "die Desserts"),
            ),
            "negative": (
                ("Eine bessere Auswahl bietet {alt}.", "{akk_alt} als Alternative"),
                ("Bei Allergien kann das Personal leider kaum Auskunft geben.", "die fehlende Allergenauskunft"),
            ),
            "neutral": (
                ("Bitte weisen Sie bei der Reservierung auf Allergien hin.", "den Hinweis auf Allergien"),
                ("Die Karte wechselt mit den Jahreszeiten.", "die saisonale Karte"),
            ),
        },
    ),
    # ---- events ----------------------------------------------------------------------------------------
    _intent(
        "events", where=_not_peak, preamble="party",
        label="den Termin für {akk_ev} {in_o}",
        aspect="wann {ev} {in_o} stattfindet",
        questions=(
            "Wann findet {ev} {in_o} statt?",
            "Wann ist dieses Jahr {ev} {in_o}?",
            "Wir möchten {akk_ev} {in_o} besuchen. Wann ist der Termin?",
            "Weiß jemand, wann {ev} {in_o} stattfindet?",
            "Lohnt sich {ev} {in_o}, und wann findet {er_ev} statt?",
        ),
        answers={
            "positive": (
                ("{Ev} findet {ev_datum} statt und ist jedes Jahr ein echtes Highlight mit Musik, gutem Essen und "
                 "bester Stimmung.",
                 "{ev} {ev_datum} stattfindet und ein echtes Highlight ist"),
                ("{Ev_datum} ist es wieder so weit: {Ev} lockt mit einem tollen Programm für die ganze Familie.",
                 "{ev} {ev_datum} mit einem tollen Programm lockt"),
                ("Am schönsten ist es {in_o} {ev_datum}, wenn {ev} stattfindet; die Atmosphäre ist einfach "
                 "großartig.",
                 "{ev} {ev_datum} stattfindet und die Atmosphäre großartig ist"),
            ),
            "negative": (
                ("{Ev} findet {ev_datum} statt, ist aber leider völlig überlaufen, und die Preise sind gesalzen.",
                 "{ev} überlaufen und teuer ist"),
                ("Leider fällt {ev} {in_o} in diesem Jahr aus; die Veranstalter haben keinen Ersatztermin genannt.",
                 "{ev} in diesem Jahr ausfällt"),
                ("{Ev} ist {ev_datum}, aber wir müssen leider abraten: Zuletzt gab es lange Schlangen und kaum "
                 "Sitzplätze.",
                 "es beim letzten Mal lange Schlangen und kaum Sitzplätze gab"),
            ),
            "neutral": (
                ("{Ev} findet {ev_datum} statt; der Eintritt ist frei.",
                 "{ev} {ev_datum} stattfindet und der Eintritt frei ist"),
                ("{Ev} findet {ev_datum} statt; Tagestickets kosten {preis_ev}, Kinder unter zwölf Jahren haben "
                 "freien Eintritt.",
                 "{ev} {ev_datum} stattfindet und Tagestickets {preis_ev} kosten"),
                ("Nach aktuellem Stand findet {ev} {ev_datum} statt; das genaue Programm erscheint einige Wochen "
                 "vorher.",
                 "{ev} nach aktuellem Stand {ev_datum} stattfindet"),
            ),
        },
        details=_EVENT_DETAILS,
    ),
    _intent(
        "events", where=_not_peak, preamble="party",
        label="die Veranstaltungen {in_o} im {ev_monat}",
        aspect="welche Veranstaltungen es {in_o} im {ev_monat} gibt",
        questions=(
            "Was ist {in_o} im {ev_monat} los?",
            "Gibt es {in_o} im {ev_monat} Veranstaltungen?",
            "Welche Feste finden {in_o} im {ev_monat} statt?",
            "Wir sind im {ev_monat} {in_o}. Gibt es dann besondere Veranstaltungen?",
        ),
        answers={
            "positive": (
                ("Im {ev_monat} ist {in_o} richtig viel los: Höhepunkt ist {ev} {ev_datum}.",
                 "{ev} {ev_datum} stattfindet und viel los ist"),
                ("Sie reisen zur besten Zeit an, denn {ev_datum} findet {ev} statt.",
                 "{ev} {ev_datum} stattfindet"),
            ),
            "negative": (
                ("Im {ev_monat} ist {in_o} leider wenig los; {ev} ist die einzige größere Veranstaltung und oft "
                 "überfüllt.",
                 "{ev} die einzige größere Veranstaltung ist"),
                ("Außer {dat_ev} {ev_datum} gibt es im {ev_monat} leider kaum Veranstaltungen, und viele Lokale "
                 "haben Betriebsferien.",
                 "es außer {dat_ev} kaum Veranstaltungen gibt"),
            ),
            "neutral": (
                ("Im {ev_monat} findet {in_o} {ev} statt, und zwar {ev_datum}.", "{ev} {ev_datum} stattfindet"),
                ("Der wichtigste Termin im {ev_monat} ist {ev} {ev_datum}; weitere Termine stehen im "
                 "Veranstaltungskalender.",
                 "{ev} {ev_datum} der wichtigste Termin ist"),
            ),
        },
        details=_EVENT_DETAILS,
    ),
    # ---- prices ----------------------------------------------------------------------------------------
    _intent(
        "prices", group="attraction",
        label="die Eintrittspreise {gen_v}",
        aspect="was der Eintritt {ins_v} kostet",
        questions=(
            "Was kostet der Eintritt {loc_v}?",
            "Wie viel kostet ein Besuch {loc_v} für eine Familie?",
            "Was zahlt man für {akk_v} {in_o}?",
            "{Vn}: Was kosten die Tickets?",
            "Wie teuer sind die Eintrittskarten {von_v} {in_o}?",
        ),
        answers={
            "positive": (
                ("Der Eintritt {ins_v} ist mit {preis_eintritt} sehr fair, und Kinder unter sechs Jahren sind frei.",
                 "der Eintritt mit {preis_eintritt} fair ist und kleine Kinder frei sind"),
                ("Mit der Familienkarte für {preis_familie} ist ein Besuch {loc_v} ein echtes Schnäppchen.",
                 "die Familienkarte nur {preis_familie} kostet"),
                ("Tolles Preis-Leistungs-Verhältnis: Für {preis_eintritt} erleben Sie {loc_v} einen ganzen Tag "
                 "voller Eindrücke.",
                 "man für {preis_eintritt} einen ganzen Tag voller Eindrücke bekommt"),
            ),
            "negative": (
                ("Leider ist {v} mit {preis_eintritt} pro Person ziemlich teuer, und Ermäßigungen gibt es kaum.",
                 "der Eintritt mit {preis_eintritt} teuer ist und es kaum Ermäßigungen gibt"),
                ("Die Preise {gen_v} wurden leider deutlich erhöht: Erwachsene zahlen jetzt {preis_eintritt}, "
                 "Kinder {preis_kind}.",
                 "die Preise deutlich erhöht wurden"),
                ("Für eine vierköpfige Familie kommen {loc_v} schnell über {preis_familie} zusammen, das ist leider "
                 "zu viel.",
                 "eine Familie schnell über {preis_familie} bezahlt"),
            ),
            "neutral": (
                ("Der Eintritt {ins_v} kostet {preis_eintritt} für Erwachsene und {preis_kind} für Kinder.",
                 "Erwachsene {preis_eintritt} und Kinder {preis_kind} zahlen"),
                ("Erwachsene zahlen {preis_eintritt}, die Familienkarte kostet {preis_familie}; Kinder unter sechs "
                 "Jahren haben freien Eintritt.",
                 "Erwachsene {preis_eintritt} zahlen und die Familienkarte {preis_familie} kostet"),
                ("Tickets für {akk_v} kosten {preis_eintritt}; mit der Gästekarte erhalten Sie {n_rabatt} Prozent "
                 "Ermäßigung.",
                 "Tickets {preis_eintritt} kosten und es mit der Gästekarte {n_rabatt} Prozent Ermäßigung gibt"),
            ),
        },
        details={
            "positive": (
                ("Online-Tickets sind sogar noch etwas günstiger.", "die günstigeren Online-Tickets"),
                ("Das ist jeden Cent wert!", "das gute Preis-Leistungs-Verhältnis"),
            ),
            "negative": (
                ("Dazu kommen noch die Parkgebühren.", "die zusätzlichen Parkgebühren"),
                ("Günstiger ist ein Besuch {loc_alt}.", "{akk_alt} als günstigere Alternative"),
            ),
            "neutral": (
                ("Bezahlen können Sie bar oder mit Karte.", "die Zahlungsmöglichkeiten"),
                ("Jahreskarten sind an der Kasse erhältlich.", "die Jahreskarten"),
                ("Gruppen ab zehn Personen erhalten Ermäßigung.", "die Gruppenermäßigung"),
            ),
        },
    ),
    _intent(
        "prices", group="lodging",
        label="die Übernachtungspreise {loc_v}",
        aspect="was eine Übernachtung {loc_v} kostet",
        questions=(
            "Was kostet eine Nacht {loc_v}?",
            "Wie teuer ist ein Doppelzimmer {loc_v}?",
            "Mit welchen Preisen muss man {loc_v} {in_o} rechnen?",
            "Ist {v} {in_o} preiswert?",
            "Wie viel zahlt man {loc_v} im {monat}?",
        ),
        answers={
            "positive": (
                ("{V} ist erfreulich günstig: Ein Doppelzimmer mit Frühstück gibt es schon ab {preis_nacht} pro "
                 "Nacht.",
                 "ein Doppelzimmer mit Frühstück ab {preis_nacht} pro Nacht kostet"),
                ("Für die Lage und den Komfort ist {v} mit {preis_nacht} pro Nacht ein echtes Schnäppchen.",
                 "{v} mit {preis_nacht} pro Nacht sehr günstig ist"),
                ("Ab {n_naechte} Nächten gibt es {loc_v} {n_rabatt} Prozent Rabatt, und schon der Normalpreis von "
                 "{preis_nacht} ist fair.",
                 "es ab {n_naechte} Nächten {n_rabatt} Prozent Rabatt gibt"),
            ),
            "negative": (
                ("Leider ist {v} mit {preis_nacht} pro Nacht für das Gebotene zu teuer.",
                 "{v} mit {preis_nacht} pro Nacht zu teuer ist"),
                ("In der Hauptsaison steigen die Preise {loc_v} leider auf über {preis_nacht} pro Nacht, und das "
                 "Frühstück kostet extra.",
                 "die Preise in der Hauptsaison über {preis_nacht} steigen und das Frühstück extra kostet"),
                ("Günstig ist {v} leider nicht: Selbst das kleinste Zimmer kostet {preis_nacht}, und dazu kommt "
                 "noch die Kurtaxe.",
                 "selbst das kleinste Zimmer {preis_nacht} kostet"),
            ),
            "neutral": (
                ("Ein Doppelzimmer {loc_v} kostet je nach Saison zwischen {preis_nacht} und {preis_nacht2} pro "
                 "Nacht.",
                 "ein Doppelzimmer zwischen {preis_nacht} und {preis_nacht2} pro Nacht kostet"),
                ("Die Preise {loc_v} beginnen bei {preis_nacht} pro Nacht inklusive Frühstück; Einzelzimmer kosten "
                 "ab {preis_ez}.",
                 "die Preise bei {preis_nacht} pro Nacht beginnen"),
                ("Eine Übernachtung {loc_v} kostet ab {preis_nacht}; hinzu kommen {preis_taxe} Kurtaxe pro Person "
                 "und Nacht.",
                 "eine Übernachtung ab {preis_nacht} kostet und Kurtaxe hinzukommt"),
            ),
        },
        details={
            "positive": (
                ("Kinder bis sechs Jahre übernachten kostenlos im Zimmer der Eltern.",
                 "die kostenlose Übernachtung für Kinder"),
                ("Frühbucher sparen zusätzlich!", "den Frühbucherrabatt"),
            ),
            "negative": (
                ("Parken kostet zusätzlich {preis_parken} pro Tag.", "die zusätzlichen Parkkosten"),
                ("Vergleichbare Häuser {in_o} sind deutlich günstiger.", "die günstigeren Alternativen"),
            ),
            "neutral": (
                ("Die aktuellen Preise finden Sie auf der Website des Hauses.", "die aktuellen Preise online"),
                ("In der Nebensaison gelten reduzierte Tarife.", "die Tarife der Nebensaison"),
            ),
        },
    ),
    _intent(
        "prices", where=_resort,
        label="{akk_kt} {in_o}",
        aspect="wie hoch {kt} {in_o} ist",
        questions=(
            "Wie hoch ist {kt} {in_o}?",
            "Muss man {in_o} {akk_kt} zahlen?",
            "Was bringt die Gästekarte {in_o}?",
            "Wofür zahlt man {in_o} {akk_kt}?",
            "Wie viel {kurtaxe_bare} fällt {in_o} pro Nacht an?",
        ),
        answers={
            "positive": (
                ("{Kt} beträgt nur {preis_taxe} pro Person und Nacht, und dafür bekommen Sie die Gästekarte mit "
                 "vielen Vorteilen.",
                 "{kt} nur {preis_taxe} beträgt und die Gästekarte viele Vorteile bietet"),
                ("Die Gästekarte {in_o} lohnt sich richtig: Damit fahren Sie kostenlos Bus, und viele Museen sind "
                 "ermäßigt.",
                 "man mit der Gästekarte kostenlos Bus fährt und Ermäßigungen erhält"),
                ("Mit {preis_taxe} pro Nacht ist {kt} {in_o} günstig, und Kinder unter {n_alter} Jahren zahlen "
                 "nichts.",
                 "{kt} günstig ist und Kinder nichts zahlen"),
            ),
            "negative": (
                ("{Kt} {in_o} ist leider vergleichsweise hoch: {preis_taxe} pro Person und Nacht, auch für "
                 "Jugendliche.",
                 "{kt} mit {preis_taxe} pro Nacht vergleichsweise hoch ist"),
                ("Leider wurde {kt} {in_o} erhöht und liegt nun bei {preis_taxe}; die Gästekarte bietet dafür kaum "
                 "Vorteile.",
                 "{kt} erhöht wurde und die Gästekarte kaum Vorteile bietet"),
            ),
            "neutral": (
                ("{Kt} {in_o} beträgt {preis_taxe} pro Person und Nacht und wird von der Unterkunft eingezogen.",
                 "{kt} {preis_taxe} pro Person und Nacht beträgt"),
                ("Kinder unter {n_alter} Jahren sind von {dat_kt} befreit; Erwachsene zahlen {preis_taxe} pro Nacht.",
                 "Erwachsene {preis_taxe} pro Nacht zahlen"),
                ("Die Gästekarte {in_o} erhalten Sie bei der Anreise in Ihrer Unterkunft; sie gilt für den gesamten "
                 "Aufenthalt und kostet {preis_taxe} pro Nacht.",
                 "man die Gästekarte bei der Anreise in der Unterkunft erhält"),
            ),
        },
        details={
            "positive": (
                ("Damit sparen Sie schnell mehr, als Sie bezahlen!", "die Ersparnis durch die Gästekarte"),
                ("Auch geführte Wanderungen sind mit der Karte oft kostenlos.", "die kostenlosen Führungen"),
            ),
            "negative": (
                ("Ausnahmen gibt es nur für Menschen mit Schwerbehinderung.", "die wenigen Ausnahmen"),
                ("Auch Tagesgäste müssen an manchen Stellen zahlen.", "die Gebühren für Tagesgäste"),
            ),
            "neutral": (
                ("Tagesgäste zahlen keine {kurtaxe_bare}.", "die Regelung für Tagesgäste"),
                ("Die genauen Leistungen der Gästekarte stehen auf der Website der Gemeinde.",
                 "die Leistungen der Gästekarte"),
            ),
        },
    ),
    # ---- weather ---------------------------------------------------------------------------------------
    _intent(
        "weather", preamble="party",
        label="das Wetter {in_o} im {reisemonat}",
        aspect="ob der {reisemonat} eine gute Reisezeit für {akk_o} ist",
        questions=(
            "Ist der {reisemonat} eine gute Reisezeit für {akk_o}?",
            "Wie ist das Wetter {in_o} im {reisemonat}?",
            "Lohnt sich eine Reise {nach_o} im {reisemonat}?",
            "Wir überlegen, im {reisemonat} {nach_o} zu fahren. Ist das eine gute Idee?",
            "Was erwartet uns {in_o} im {reisemonat}?",
            "Kann man im {reisemonat} gut Urlaub {in_o} machen?",
        ),
        answers={
            "positive": (
                ("Der {reisemonat} ist eine wunderbare Reisezeit für {akk_o}: Bei Temperaturen um {temp} Grad "
                 "{aktiv}.",
                 "es im {reisemonat} etwa {temp} Grad hat und die Bedingungen ideal sind"),
                ("Im {reisemonat} zeigt sich {o} von {sein_o}er schönsten Seite, und die Tage sind {wetter_adj}.",
                 "sich {o} im {reisemonat} von {sein_o}er schönsten Seite zeigt"),
                ("Eine bessere Reisezeit als den {reisemonat} gibt es für {akk_o} kaum, denn dann {aktiv}.",
                 "der {reisemonat} eine ideale Reisezeit für {akk_o} ist"),
            ),
            "negative": (
                ("Der {reisemonat} ist leider keine gute Reisezeit für {akk_o}: {schlecht}",
                 "{schlecht_fakt}"),
                ("Von einer Reise {nach_o} im {reisemonat} raten wir eher ab, weil {schlecht_fakt}.",
                 "{schlecht_fakt}"),
                ("Im {reisemonat} erleben Sie {akk_o} leider nicht von {sein_o}er besten Seite: {schlecht}",
                 "{schlecht_fakt}"),
            ),
            "neutral": (
                ("Im {reisemonat} liegen die Temperaturen {in_o} meist bei etwa {temp} Grad.",
                 "die Temperaturen im {reisemonat} bei etwa {temp} Grad liegen"),
                ("Im {reisemonat} ist {in_o} {saison}; die Tageshöchstwerte erreichen etwa {temp} Grad.",
                 "im {reisemonat} {saison} ist und es etwa {temp} Grad warm wird"),
                ("Der {reisemonat} bringt {in_o} im Schnitt {n_regentage} Regentage und etwa {sonnen} "
                 "Sonnenstunden pro Tag.",
                 "es im {reisemonat} durchschnittlich {n_regentage} Regentage gibt"),
            ),
        },
        details={
            "positive": (
                ("Packen Sie trotzdem eine leichte Jacke für die Abende ein.", "den Tipp mit der Jacke"),
                ("Unterkünfte sind dann meist noch gut verfügbar.", "die gute Verfügbarkeit der Unterkünfte"),
                ("Sie werden es lieben!", "die Vorfreude"),
            ),
            "negative": (
                ("Wenn möglich, verschieben Sie die Reise lieber auf den {gut_monat}.",
                 "den {gut_monat} als besseren Reisemonat"),
                ("Auch die Preise sind in dieser Zeit nicht niedriger.", "die Preise"),
            ),
            "neutral": (
                ("Wettervorhersagen sind etwa eine Woche im Voraus verlässlich.", "die Verlässlichkeit der Vorhersage"),
                ("Ein Regenschirm gehört zu jeder Jahreszeit ins Gepäck.", "den Regenschirm"),
            ),
        },
    ),
    _intent(
        "weather", preamble="party",
        label="die beste Reisezeit für {akk_o}",
        aspect="wann die beste Reisezeit für {akk_o} ist",
        questions=(
            "Wann ist die beste Reisezeit für {akk_o}?",
            "Wann sollte man {nach_o} reisen?",
            "Zu welcher Jahreszeit ist es {in_o} am schönsten?",
            "Welcher Monat eignet sich am besten für einen Urlaub {in_o}?",
            "Wann lohnt sich ein Besuch {in_o} am meisten?",
        ),
        answers={
            "positive": (
                ("Am schönsten ist es {in_o} zwischen {gut_von} und {gut_bis}, denn dann {gut_aktiv}.",
                 "zwischen {gut_von} und {gut_bis} die besten Bedingungen herrschen"),
                ("Für {akk_o} empfehlen wir die Monate {gut_von} bis {gut_bis}: Dann {gut_aktiv}, und die Stimmung "
                 "ist herrlich.",
                 "von {gut_von} bis {gut_bis} die Bedingungen ideal sind"),
                ("Unser Tipp für {akk_o} ist der {gut_tipp}: Dann ist es wunderbar ruhig und trotzdem schön.",
                 "der {gut_tipp} ruhig und trotzdem schön ist"),
            ),
            "negative": (
                ("Meiden sollten Sie {in_o} leider {schlecht_zeit}: {schlecht}", "{schlecht_fakt}"),
                ("Eine ideale Reisezeit gibt es {in_o} leider kaum: Im Sommer drängen sich bis zu {n_besucher} "
                 "Tagesgäste, im Winter hat vieles geschlossen.",
                 "es im Sommer überlaufen ist und im Winter vieles geschlossen hat"),
            ),
            "neutral": (
                ("Die Hauptsaison {in_o} dauert von {gut_von} bis {gut_bis}; in dieser Zeit liegen die Preise um "
                 "bis zu {n_prozent_wenig} Prozent höher.",
                 "die Hauptsaison von {gut_von} bis {gut_bis} dauert"),
                ("Rund {n_prozent} Prozent der Gäste kommen zwischen {gut_von} und {gut_bis} {nach_o}; in der "
                 "Nebensaison ist es ruhiger und günstiger.",
                 "{n_prozent} Prozent der Gäste zwischen {gut_von} und {gut_bis} kommen"),
            ),
        },
        details={
            "positive": (
                ("Buchen Sie Ihre Unterkunft rechtzeitig!", "die rechtzeitige Buchung"),
                ("Dann finden auch viele Feste statt.", "die vielen Feste"),
            ),
            "negative": (
                ("In der Nebensaison sind viele Angebote eingeschränkt.", "die eingeschränkten Angebote"),
                ("Auch Unterkünfte sind dann oft teurer.", "die höheren Preise"),
            ),
            "neutral": (
                ("Die Schulferien sind die gefragteste Zeit.", "die Schulferien als Hauptreisezeit"),
                ("Im Frühjahr und Herbst ist das Wetter wechselhafter.", "das wechselhafte Wetter"),
            ),
        },
    ),
    # ---- accessibility ---------------------------------------------------------------------------------
    _intent(
        "accessibility", group="barrierefrei", yes_no=("positive", "negative"),
        label="die Barrierefreiheit {gen_v}",
        aspect="ob {v} barrierefrei ist",
        questions=(
            "Ist {v} barrierefrei?",
            "Kann man {akk_v} mit dem Rollstuhl besuchen?",
            "Ist {v} {in_o} für Rollstuhlfahrer geeignet?",
            "Meine Mutter ist auf einen Rollator angewiesen. Kommt sie {loc_v} gut zurecht?",
            "Gibt es {loc_v} einen Aufzug?",
        ),
        answers={
            "positive": (
                ("{V} ist vollständig barrierefrei: Alle Bereiche sind stufenlos erreichbar, und es gibt ein "
                 "rollstuhlgerechtes WC.",
                 "alle Bereiche stufenlos erreichbar sind und es ein rollstuhlgerechtes WC gibt"),
                ("{V} hat einen Aufzug und breite Türen, sodass Sie sich auch mit Rollstuhl oder Rollator problemlos "
                 "bewegen können.",
                 "{v} einen Aufzug und breite Türen hat"),
                ("Barrierefreiheit wird {loc_v} großgeschrieben: Rampen, Aufzug und Behindertenparkplätze sind "
                 "selbstverständlich vorhanden.",
                 "Rampen, Aufzug und Behindertenparkplätze vorhanden sind"),
            ),
            "negative": (
                ("Leider ist {v} nicht barrierefrei: Der Eingang ist nur über {n_stufen} Stufen erreichbar, und "
                 "einen Aufzug gibt es nicht.",
                 "der Eingang nur über Stufen erreichbar ist und es keinen Aufzug gibt"),
                ("Für Rollstuhlfahrer ist {v} leider ungeeignet, da es keinen Aufzug gibt und die Türen zu schmal "
                 "sind.",
                 "es keinen Aufzug gibt und die Türen zu schmal sind"),
                ("{V} liegt in einem historischen Gebäude, daher sind viele Bereiche leider nur über Treppen "
                 "erreichbar.",
                 "viele Bereiche nur über Treppen erreichbar sind"),
            ),
            "neutral": (
                ("{V} ist teilweise barrierefrei: Das Erdgeschoss ist stufenlos zugänglich, das Obergeschoss nur "
                 "über eine Treppe.",
                 "nur das Erdgeschoss stufenlos zugänglich ist"),
                ("Der Zugang {zu_v} erfolgt über eine Rampe; ein Aufzug und ein barrierefreies WC sind vorhanden.",
                 "der Zugang über eine Rampe erfolgt und ein Aufzug vorhanden ist"),
                ("Die Türen {loc_v} sind mindestens {n_cm} Zentimeter breit; Behindertenparkplätze gibt es direkt "
                 "am Eingang.",
                 "die Türen mindestens {n_cm} Zentimeter breit sind"),
            ),
        },
        details={
            "positive": (
                ("Das Personal hilft jederzeit gern.", "die hilfsbereiten Mitarbeiter"),
                ("Rollstühle können Sie vor Ort kostenlos ausleihen.", "den kostenlosen Rollstuhlverleih"),
            ),
            "negative": (
                ("Eine barrierefreie Alternative ist {alt}.", "{akk_alt} als barrierefreie Alternative"),
                ("Auch die Zufahrt ist steil und mit Kopfsteinpflaster belegt.", "die steile Zufahrt"),
            ),
            "neutral": (
                ("Assistenzhunde sind erlaubt.", "die Regelung für Assistenzhunde"),
                ("Bitte melden Sie besonderen Bedarf vorab an.", "die vorherige Anmeldung"),
            ),
        },
    ),
    _intent(
        "accessibility", where=_not_peak,
        label="einen barrierefreien Urlaub {in_o}",
        aspect="wie gut {o} für Menschen mit Behinderung geeignet ist",
        questions=(
            "Ist {o} für Rollstuhlfahrer geeignet?",
            "Wie barrierefrei ist {o}?",
            "Kann man {in_o} auch mit Rollstuhl Urlaub machen?",
            "Gibt es {in_o} barrierefreie Ausflugsziele?",
            "Wir reisen {zeitraum} mit einem Rollstuhlfahrer {nach_o}. Worauf müssen wir achten?",
        ),
        answers={
            "positive": (
                ("{O} ist sehr gut auf Gäste mit Handicap eingestellt: Viele Wege sind eben, und die Busse haben "
                 "Rampen.",
                 "viele Wege eben sind und die Busse Rampen haben"),
                ("Barrierefreier Urlaub ist {in_o} gut möglich: Es gibt zahlreiche rollstuhlgerechte Unterkünfte "
                 "und barrierefreie Rundwege.",
                 "es rollstuhlgerechte Unterkünfte und barrierefreie Rundwege gibt"),
                ("Die Tourist-Information {in_o} berät ausgezeichnet zu barrierefreien Angeboten und verleiht sogar "
                 "Elektromobile.",
                 "die Tourist-Information gut berät und Elektromobile verleiht"),
            ),
            "negative": (
                ("Leider ist {o} für Rollstuhlfahrer nur bedingt geeignet: Viele Wege sind steil, und nur "
                 "{n_prozent_wenig} Prozent der Unterkünfte sind barrierefrei.",
                 "viele Wege steil und nur wenige Unterkünfte barrierefrei sind"),
                ("Barrierefreie Angebote sind {in_o} leider rar; nur {n_prozent_wenig} Prozent der Busse sind "
                 "stufenlos zugänglich.",
                 "barrierefreie Angebote rar sind"),
            ),
            "neutral": (
                ("Die Tourist-Information {in_o} stellt eine Liste mit {n_angebote} barrierefreien Unterkünften und "
                 "Ausflugszielen bereit.",
                 "es eine Liste mit {n_angebote} barrierefreien Angeboten gibt"),
                ("{In_o} sind etwa {n_prozent} Prozent der Buslinien mit Niederflurfahrzeugen ausgestattet.",
                 "{n_prozent} Prozent der Buslinien Niederflurfahrzeuge haben"),
            ),
        },
        details={
            "positive": (
                ("Einem entspannten Urlaub steht also nichts im Weg!",
                 "die gute Nachricht für einen entspannten Urlaub"),
                ("Viele Ausflugsschiffe und Bergbahnen sind ebenfalls rollstuhlgerecht.",
                 "die rollstuhlgerechten Ausflüge"),
            ),
            "negative": (
                ("Planen Sie Ausflüge deshalb sorgfältig.", "den Rat zur sorgfältigen Planung"),
                ("Auch barrierefreie Toiletten sind selten.", "die seltenen barrierefreien Toiletten"),
            ),
            "neutral": (
                ("Behindertenparkplätze sind im Zentrum ausgeschildert.", "die Behindertenparkplätze"),
                ("Einige Museen bieten Führungen in Gebärdensprache an.", "die Führungen in Gebärdensprache"),
            ),
        },
    ),
    # ---- opening hours ---------------------------------------------------------------------------------
    _intent(
        "opening_hours", group="attraction",
        label="die Öffnungszeiten {gen_v}",
        aspect="wann {v} geöffnet hat",
        questions=(
            "Wann hat {v} geöffnet?",
            "Wie sind die Öffnungszeiten {von_v}?",
            "Zu welchen Zeiten kann man {akk_v} {in_o} besuchen?",
            "{Vn}: Wie sind die Öffnungszeiten?",
        ),
        answers={
            "positive": (
                ("{V} hat {tage_auf} von {uhr_auf} bis {uhr_zu} Uhr geöffnet, da bleibt genug Zeit für einen "
                 "ausgiebigen Besuch.",
                 "{v} {tage_auf} von {uhr_auf} bis {uhr_zu} Uhr geöffnet hat"),
                ("{V} hat täglich geöffnet, im Sommer sogar bis {uhr_spaet} Uhr, da bleibt viel Zeit für einen Besuch.",
                 "{v} täglich und im Sommer bis {uhr_spaet} Uhr geöffnet hat"),
                ("{V} {in_o} ist das ganze Jahr über täglich ab {uhr_auf} Uhr geöffnet, sogar an Feiertagen.",
                 "{v} ganzjährig und auch an Feiertagen ab {uhr_auf} Uhr geöffnet ist"),
            ),
            "negative": (
                ("Leider ist {v} nur {tage_knapp} von {uhr_auf} bis {uhr_zu_frueh} Uhr geöffnet.",
                 "{v} nur {tage_knapp} und nur bis {uhr_zu_frueh} Uhr geöffnet ist"),
                ("{V} ist wegen Renovierung leider bis Ende {monat_bis} geschlossen.",
                 "{v} bis Ende {monat_bis} geschlossen ist"),
                ("Von November bis März hat {v} {in_o} leider Winterpause, und im Sommer schließt {er_v} schon um "
                 "{uhr_zu_frueh} Uhr.",
                 "{v} von November bis März Winterpause hat"),
            ),
            "neutral": (
                ("{V} ist {tage_auf} von {uhr_auf} bis {uhr_zu} Uhr geöffnet; Ruhetag ist der {ruhetag}.",
                 "{v} {tage_auf} geöffnet ist und der {ruhetag} Ruhetag ist"),
                ("Von April bis Oktober öffnet {v} um {uhr_auf} Uhr, im Winter erst um {uhr_auf_spaet} Uhr.",
                 "{v} im Sommer um {uhr_auf} Uhr und im Winter später öffnet"),
                ("{V} hat {tage_auf} von {uhr_auf} bis {uhr_zu} Uhr geöffnet; der letzte Einlass ist um "
                 "{uhr_einlass} Uhr.",
                 "der letzte Einlass um {uhr_einlass} Uhr ist"),
            ),
        },
        details=_OPENING_DETAILS,
    ),
    _intent(
        "opening_hours", group="attraction", yes_no=("positive", "negative"), preamble="party",
        label="die Öffnungszeiten {gen_v} {tag}",
        aspect="ob {v} {tag} geöffnet hat",
        questions=(
            "Hat {v} {tag} geöffnet?",
            "Kann man {akk_v} {tag} besuchen?",
            "Ist {v} {in_o} auch {tag} offen?",
            "Wir sind {tag} {in_o}. Hat {v} dann geöffnet?",
        ),
        answers={
            "positive": (
                ("{V} hat auch {tag} geöffnet, und zwar von {uhr_auf} bis {uhr_zu} Uhr.",
                 "{v} auch {tag} von {uhr_auf} bis {uhr_zu} Uhr geöffnet hat"),
                ("Sie haben Glück: {Tag} ist {v} ganz regulär geöffnet, und es gibt sogar ein Sonderprogramm.",
                 "{v} {tag} regulär geöffnet ist und es ein Sonderprogramm gibt"),
            ),
            "negative": (
                ("{Tag} ist {v} leider geschlossen.", "{v} {tag} geschlossen ist"),
                ("Leider bleibt {v} {tag} geschlossen; am Tag danach öffnet {er_v} wieder um {uhr_auf} Uhr.",
                 "{v} {tag} geschlossen bleibt"),
            ),
            "neutral": (
                ("{Tag} hat {v} verkürzt von {uhr_auf} bis {uhr_zu_frueh} Uhr geöffnet.",
                 "{v} {tag} verkürzt bis {uhr_zu_frueh} Uhr geöffnet hat"),
                ("{Tag} gelten {loc_v} die Sonntagsöffnungszeiten von {uhr_auf} bis {uhr_zu} Uhr.",
                 "{tag} die Sonntagsöffnungszeiten gelten"),
            ),
        },
        details=_OPENING_DETAILS,
    ),
    # ---- families --------------------------------------------------------------------------------------
    _intent(
        "families", group="lodging", yes_no=("positive",), preamble="time",
        label="die Familienfreundlichkeit {gen_v}",
        aspect="ob {v} für Familien mit Kindern geeignet ist",
        questions=(
            "Ist {v} für Familien mit Kindern geeignet?",
            "Wir reisen mit zwei kleinen Kindern. Ist {v} das Richtige für uns?",
            "Gibt es {loc_v} Familienzimmer?",
            "Ist {v} {in_o} kinderfreundlich?",
            "Gibt es {loc_v} einen Spielplatz oder ein Kinderprogramm?",
        ),
        answers={
            "positive": (
                ("{V} ist ein echtes Familienparadies: Es gibt Familienzimmer, einen großen Spielplatz und in den "
                 "Ferien ein Kinderprogramm.",
                 "{v} Familienzimmer, einen Spielplatz und ein Kinderprogramm bietet"),
                ("Kinder sind {loc_v} herzlich willkommen; Babybett und Hochstuhl stehen kostenlos bereit.",
                 "Babybett und Hochstuhl kostenlos bereitstehen"),
                ("Familien fühlen sich {loc_v} rundum wohl, und Kinder bis {n_alter_kind} Jahre übernachten "
                 "kostenlos.",
                 "Kinder bis {n_alter_kind} Jahre kostenlos übernachten"),
            ),
            "negative": (
                ("Für kleine Kinder ist {v} leider wenig geeignet: Es gibt keine Familienzimmer und keinen "
                 "Spielplatz.",
                 "es keine Familienzimmer und keinen Spielplatz gibt"),
                ("{V} ist eher auf ruhesuchende Paare ausgerichtet; Kinder unter {n_alter_kind} Jahren sind leider "
                 "nicht erlaubt.",
                 "Kinder unter {n_alter_kind} Jahren nicht erlaubt sind"),
            ),
            "neutral": (
                ("{V} bietet {n_familienzimmer} Familienzimmer für bis zu {n_personen} Personen; ein Kinderbett "
                 "kostet {preis_kinderbett} pro Nacht.",
                 "es {n_familienzimmer} Familienzimmer gibt und ein Kinderbett {preis_kinderbett} kostet"),
                ("Kinder bis {n_alter_kind} Jahre zahlen {loc_v} {n_rabatt} Prozent weniger; einen Spielplatz gibt "
                 "es im Garten.",
                 "Kinder {n_rabatt} Prozent weniger zahlen"),
            ),
        },
        details={
            "positive": (
                ("Die Kleinen werden begeistert sein!", "die Begeisterung der Kinder"),
                ("Im Frühstücksraum gibt es sogar eine Spielecke.", "die Spielecke"),
            ),
            "negative": (
                ("Familienfreundlicher ist {alt} ganz in der Nähe.", "{akk_alt} als Alternative"),
                ("Auch der Garten ist nicht eingezäunt.", "den nicht eingezäunten Garten"),
            ),
            "neutral": (
                ("Babyphone können an der Rezeption ausgeliehen werden.", "den Babyphon-Verleih"),
                ("Bitte geben Sie das Alter der Kinder bei der Buchung an.", "die Altersangabe bei der Buchung"),
            ),
        },
    ),
    _intent(
        "families", group="kinder", preamble="time",
        label="Ausflüge mit Kindern {in_o}",
        aspect="was man {in_o} mit Kindern unternehmen kann",
        questions=(
            "Was kann man {in_o} mit Kindern unternehmen?",
            "Was kann man {in_o} mit Kindern im Alter von {n_alter_a} und {n_alter_b} Jahren unternehmen?",
            "Habt ihr Ausflugstipps für Familien {in_o}?",
            "Ist {o} ein gutes Reiseziel für Familien?",
            "Wir sind mit zwei Kindern ({n_alter_a} und {n_alter_b} Jahre) {in_o}. Was könnt ihr empfehlen?",
            "Was gibt es {in_o} für Kinder zu erleben?",
        ),
        answers={
            "positive": (
                ("{O} ist ideal für Familien: Ein Ausflug {zu_v} begeistert Kinder jeden Alters.",
                 "ein Ausflug {zu_v} Kinder jeden Alters begeistert"),
                ("Mit Kindern wird es {in_o} nie langweilig: Besonders beliebt sind {v} und {kind_aktiv}.",
                 "{v} und {kind_aktiv} bei Kindern besonders beliebt sind"),
            ),
            "negative": (
                ("Für kleine Kinder ist das Angebot {in_o} leider überschaubar; {v} ist die einzige größere "
                 "Attraktion.",
                 "{v} die einzige größere Attraktion für Kinder ist"),
                ("{V} ist mit {preis_eintritt} pro Person leider teuer und in den Ferien sehr voll, sodass sich der "
                 "Ausflug mit Kindern kaum lohnt.",
                 "{v} teuer und in den Ferien überfüllt ist"),
            ),
            "neutral": (
                ("Familien besuchen {in_o} gern {akk_v}; Kinder unter {n_alter_frei} Jahren haben dort freien "
                 "Eintritt.",
                 "Kinder unter {n_alter_frei} Jahren freien Eintritt haben"),
                ("Die Tourist-Information {in_o} hat eine Broschüre mit Familienangeboten, darunter {v}.",
                 "es eine Broschüre mit Familienangeboten gibt"),
            ),
        },
        details={
            "positive": (
                ("Und abends fallen die Kinder glücklich ins Bett!", "den glücklichen Tagesabschluss"),
                ("Picknickplätze gibt es fast überall.", "die Picknickplätze"),
            ),
            "negative": (
                ("Bei schlechtem Wetter gibt es kaum Alternativen.", "die fehlenden Schlechtwetter-Alternativen"),
                ("Auch die Spielplätze sind in die Jahre gekommen.", "die veralteten Spielplätze"),
            ),
            "neutral": (
                ("Viele Unterkünfte bieten Familienermäßigungen an.", "die Familienermäßigungen"),
                ("Kinderwagen können an den meisten Ausflugszielen mitgenommen werden.",
                 "die Mitnahme von Kinderwagen"),
            ),
        },
    ),
    # ---- pets ------------------------------------------------------------------------------------------
    _intent(
        "pets", group="lodging", yes_no=("positive", "negative"),
        label="den Aufenthalt mit Hund {loc_v}",
        aspect="ob Hunde {loc_v} erlaubt sind",
        questions=(
            "Sind Hunde {loc_v} erlaubt?",
            "Darf ich meinen Hund {dir_v} mitbringen?",
            "Ist {v} hundefreundlich?",
            "Wir kommen mit unserem Hund {nach_o}. Können wir {loc_v} übernachten?",
            "Nimmt {v} auch Gäste mit Hund auf?",
        ),
        answers={
            "positive": (
                ("Vierbeiner sind {loc_v} herzlich willkommen, es gibt sogar eine Hundedusche und Leckerli zur "
                 "Begrüßung.",
                 "Hunde willkommen sind und es eine Hundedusche gibt"),
                ("{V} ist ausgesprochen hundefreundlich: Ihr Hund übernachtet kostenlos, und direkt hinter dem Haus "
                 "beginnt die Gassirunde.",
                 "Hunde kostenlos übernachten und die Gassirunde direkt hinter dem Haus beginnt"),
            ),
            "negative": (
                ("Leider sind Hunde {loc_v} nicht erlaubt, auch nicht gegen Aufpreis.",
                 "Hunde {loc_v} nicht erlaubt sind"),
                ("Haustiere sind {loc_v} leider nicht gestattet; eine hundefreundliche Alternative ist {alt}.",
                 "Haustiere nicht gestattet sind"),
            ),
            "neutral": (
                ("Hunde sind {loc_v} nach vorheriger Anmeldung erlaubt; pro Nacht werden {preis_hund} berechnet.",
                 "Hunde nach Anmeldung erlaubt sind und {preis_hund} pro Nacht kosten"),
                ("{V} erlaubt einen Hund pro Zimmer gegen eine Gebühr von {preis_hund} pro Nacht; im "
                 "Frühstücksraum sind Hunde nicht gestattet.",
                 "ein Hund pro Zimmer für {preis_hund} pro Nacht erlaubt ist"),
            ),
        },
        details={
            "positive": (
                ("Wanderwege beginnen direkt vor der Tür.", "die nahen Wanderwege"),
                ("Auf Wunsch gibt es Näpfe und eine Hundedecke.", "die Näpfe und die Hundedecke"),
            ),
            "negative": (
                ("Auch in der Umgebung gibt es kaum Hundewiesen.", "die fehlenden Hundewiesen"),
                ("Assistenzhunde sind davon allerdings ausgenommen.", "die Ausnahme für Assistenzhunde"),
            ),
            "neutral": (
                ("Bitte bringen Sie den Impfpass mit.", "den Impfpass"),
                ("In der Umgebung gilt für Hunde Leinenpflicht.", "die Leinenpflicht"),
            ),
        },
    ),
    _intent(
        "pets", where=_not_peak,
        label="den Urlaub mit Hund {in_o}",
        aspect="was man beim Urlaub mit Hund {in_o} beachten muss",
        questions=(
            "Was muss ich beim Urlaub mit Hund {in_o} beachten?",
            "Ist {o} hundefreundlich?",
            "Wie hundefreundlich ist {o}?",
            "Wir kommen {zeitraum} mit Hund {nach_o}. Was sollten wir wissen?",
        ),
        answers={
            "positive": (
                ("{O} ist sehr hundefreundlich: Es gibt ausgewiesene Hundestrände, und viele Cafés stellen "
                 "Wassernäpfe bereit.|meer,see",
                 "es Hundestrände gibt und viele Cafés Wassernäpfe bereitstellen"),
                ("Mit Hund ist {o} ein Traum: Viele Wanderwege, Freilaufflächen und hundefreundliche Gastgeber "
                 "machen den Urlaub entspannt.",
                 "es viele Wanderwege, Freilaufflächen und hundefreundliche Gastgeber gibt"),
                ("Hunde sind {in_o} fast überall willkommen, sogar in vielen Restaurants, und rund {n_prozent} Prozent "
                 "der Unterkünfte nehmen Vierbeiner auf.",
                 "Hunde fast überall willkommen sind"),
            ),
            "negative": (
                ("Leider gilt {in_o} fast überall Leinenpflicht, und an den Badestränden sind Hunde in der Saison "
                 "verboten.|meer,see",
                 "fast überall Leinenpflicht gilt und Hunde an Badestränden verboten sind"),
                ("Mit Hund ist {o} leider nur bedingt zu empfehlen: In Naturschutzgebieten herrscht strenge "
                 "Leinenpflicht, und nur etwa {n_prozent} Prozent der Unterkünfte nehmen Tiere auf.",
                 "strenge Leinenpflicht herrscht und nur {n_prozent} Prozent der Unterkünfte Tiere aufnehmen"),
            ),
            "neutral": (
                ("{In_o} gilt in Naturschutzgebieten und während der Brut- und Setzzeit von April bis Juli "
                 "Leinenpflicht; Verstöße kosten bis zu {preis_strafe}.",
                 "in der Brut- und Setzzeit Leinenpflicht gilt"),
                ("Hundestrände gibt es {in_o} an mehreren ausgeschilderten Abschnitten.|meer,see",
                 "es ausgeschilderte Hundestrände gibt"),
                ("In Bussen und Bahnen gilt {in_o} für Hunde Leinen- und teilweise Maulkorbpflicht; ein Hundeticket "
                 "kostet {preis_hundeticket}.",
                 "in Bussen und Bahnen Leinenpflicht gilt"),
            ),
        },
        details={
            "positive": (
                ("Ihr Vierbeiner wird begeistert sein!", "die Freude des Hundes"),
                ("Kotbeutel gibt es kostenlos an vielen Spendern.", "die kostenlosen Kotbeutel"),
            ),
            "negative": (
                ("Bei Verstößen drohen empfindliche Bußgelder.", "die drohenden Bußgelder"),
                ("Auch viele Ausflugsschiffe nehmen keine Hunde mit.|meer,see", "die Ausflugsschiffe ohne Hunde"),
            ),
            "neutral": (
                ("Adressen von Tierärzten nennt Ihnen die Tourist-Information.", "die Kontakte zu Tierärzten"),
                ("Für Hunde gibt es eine eigene Gästekarte mit Hundekotbeuteln.", "die Gästekarte für Hunde"),
            ),
        },
    ),
    # ---- outdoor ---------------------------------------------------------------------------------------
    _intent(
        "outdoor",
        label="Wanderungen {in_o}",
        aspect="welche Wanderungen sich {in_o} lohnen",
        questions=(
            "Welche Wanderungen könnt ihr {in_o} empfehlen?",
            "Wo kann man {in_o} gut wandern?",
            "Gibt es {in_o} leichte Wanderwege für Anfänger?",
            "Welche Tour {in_o} lohnt sich für einen halben Tag?",
            "Wir wandern gern und sind {zeitraum} {in_o}. Welche Touren lohnen sich?",
        ),
        answers={
            "positive": (
                ("Unser Favorit ist {weg}: {n_wander_km} Kilometer, gut ausgeschildert und mit herrlichen "
                 "Ausblicken.",
                 "{weg} {n_wander_km} Kilometer lang und gut ausgeschildert ist"),
                ("{O} ist ein Paradies für Wanderer; besonders schön ist {weg} mit seinen Aussichtspunkten.",
                 "{weg} mit seinen Aussichtspunkten besonders schön ist"),
                ("Für Einsteiger ideal ist {weg}: Er ist {n_wander_km} Kilometer lang, kaum steil und führt an "
                 "mehreren Einkehrmöglichkeiten vorbei.",
                 "{weg} auch für Einsteiger ideal ist"),
            ),
            "negative": (
                ("Leider ist {weg} {in_o} nach Unwetterschäden bis Ende {monat_bis} gesperrt, und viele andere Wege "
                 "sind schlecht markiert.",
                 "{weg} gesperrt ist und viele Wege schlecht markiert sind"),
                ("Für Anfänger ist {o} leider wenig geeignet: Die meisten Touren haben über {n_hm} Höhenmeter und "
                 "sind teils ausgesetzt.|alpen",
                 "die meisten Touren über {n_hm} Höhenmeter haben"),
                ("Zum Wandern ist {o} leider nur mäßig geeignet: Viele Wege führen an Straßen entlang, und "
                 "Einkehrmöglichkeiten sind rar.|stadt,dorf,see,insel",
                 "viele Wege an Straßen entlangführen und Einkehrmöglichkeiten rar sind"),
            ),
            "neutral": (
                ("{Weg} ist {n_wander_km} Kilometer lang, hat {n_hm} Höhenmeter und dauert etwa {dauer_wander}.",
                 "{weg} {n_wander_km} Kilometer lang ist und etwa {dauer_wander} dauert"),
                ("Wanderkarten erhalten Sie bei der Tourist-Information {in_o}; die Wege sind mit {markierung} "
                 "markiert.|stadt,dorf,insel,see,region",
                 "die Wege mit {markierung} markiert sind"),
            ),
        },
        details={
            "positive": (
                ("Unterwegs laden urige Hütten zur Einkehr ein.|alpen", "die Einkehrmöglichkeiten"),
                ("Festes Schuhwerk genügt, und die Aussicht ist einfach grandios!", "die grandiose Aussicht"),
                ("Am schönsten ist die Tour am frühen Morgen.", "die schönste Tageszeit"),
            ),
            "negative": (
                ("Informieren Sie sich vorher über Sperrungen.", "den Hinweis auf Sperrungen"),
                ("Auch die Beschilderung lässt zu wünschen übrig.", "die mangelhafte Beschilderung"),
            ),
            "neutral": (
                ("Die Tourist-Information bietet auch geführte Wanderungen an.", "die geführten Wanderungen"),
                ("GPS-Daten der Touren stehen online zum Download bereit.", "die GPS-Daten"),
            ),
        },
    ),
    _intent(
        "outdoor", where=_not_peak,
        label="Radtouren {in_o}",
        aspect="wie gut man {in_o} Rad fahren kann",
        questions=(
            "Kann man {in_o} gut Rad fahren?",
            "Wie sind die Radwege {in_o}?",
            "Welche Radtour {in_o} könnt ihr empfehlen?",
            "Ist {o} gut für einen Radurlaub geeignet?",
            "Lohnt sich {in_o} ein Urlaub mit dem Fahrrad?",
        ),
        answers={
            "positive": (
                ("{O} ist ein Traum für Radfahrer: Gut ausgebaute Wege wie {radweg} laden zu Touren ein.",
                 "es gut ausgebaute Wege wie {akk_radweg} gibt"),
                ("Räder und E-Bikes leihen Sie {in_o} am besten {bei_rad}, schon ab {preis_rad} pro Tag und mit tollen "
                 "Tourentipps.",
                 "man {bei_rad} Räder und E-Bikes leihen kann"),
                ("Unser Tipp ist {radweg}: {n_rad_km} Kilometer fast ohne Steigungen und mit vielen schönen "
                 "Rastplätzen.",
                 "{radweg} {n_rad_km} Kilometer lang und fast eben ist"),
            ),
            "negative": (
                ("Radfahren ist {in_o} leider kein reines Vergnügen: Es gibt kaum Radwege, und viele Straßen sind "
                 "stark befahren.",
                 "es kaum Radwege gibt und viele Straßen stark befahren sind"),
                ("Leihräder sind {in_o} leider knapp und teuer; {rad} verlangt {preis_ebike} pro Tag für ein "
                 "E-Bike.",
                 "ein E-Bike {preis_ebike} pro Tag kostet"),
            ),
            "neutral": (
                ("{Rad} verleiht Tourenräder für {preis_rad} und E-Bikes für {preis_ebike} pro Tag.",
                 "{rad} Räder für {preis_rad} und E-Bikes für {preis_ebike} pro Tag verleiht"),
                ("{Radweg} ist {n_rad_km} Kilometer lang und durchgehend beschildert; unterwegs gibt es "
                 "Ladestationen für E-Bikes.",
                 "{radweg} {n_rad_km} Kilometer lang und beschildert ist"),
            ),
        },
        details={
            "positive": (
                ("Die Mitnahme im Zug ist meist problemlos möglich.", "die Fahrradmitnahme im Zug"),
                ("Unterwegs locken gemütliche Gasthäuser zur Rast.", "die Rastmöglichkeiten"),
            ),
            "negative": (
                ("Reservieren Sie Leihräder unbedingt vorab.", "die Reservierung der Leihräder"),
                ("Auch abschließbare Abstellplätze sind selten.", "die fehlenden Abstellplätze"),
            ),
            "neutral": (
                ("Helme können gegen Gebühr ausgeliehen werden.", "den Helmverleih"),
                ("Eine Radkarte gibt es bei der Tourist-Information.", "die Radkarte"),
            ),
        },
    ),
    _intent(
        "outdoor", where=lambda p: "ski" in p.tags, preamble="party",
        label="das Skifahren {in_o}",
        aspect="wie gut man {in_o} Ski fahren kann",
        questions=(
            "Kann man {in_o} gut Ski fahren?",
            "Lohnt sich ein Skiurlaub {in_o}?",
            "Wir sind im {ski_monat} {n_tage} Tage {in_o}. Lohnt sich dort ein Skiurlaub?",
            "Wie gut sind die Pisten {in_o} im {ski_monat}?",
            "Wie ist das Skigebiet {in_o}?",
            "Wie schneesicher ist {o} im {ski_monat}?",
        ),
        answers={
            "positive": (
                ("{O} ist ein Top-Skigebiet: {n_pisten_km} Pistenkilometer, moderne Lifte und meist beste "
                 "Schneeverhältnisse.",
                 "es {n_pisten_km} Pistenkilometer und moderne Lifte gibt"),
                ("Für Anfänger ist {o} ideal: {Ski} bietet Kurse für alle Altersgruppen, und die Übungshänge sind "
                 "flach und breit.",
                 "{ski} Kurse für alle Altersgruppen anbietet und die Übungshänge flach sind"),
                ("{Mit_bahn} sind Sie in wenigen Minuten auf {m_hoehe} Metern, wo Schneesicherheit und ein "
                 "herrliches Panorama warten.",
                 "{bahn} bis auf {m_hoehe} Meter hinaufführt"),
            ),
            "negative": (
                ("Leider ist die Schneelage {in_o} im {ski_monat} oft unsicher, und viele Pisten werden nur künstlich "
                 "beschneit.",
                 "die Schneelage im {ski_monat} unsicher ist"),
                ("Ein Tagesskipass kostet {in_o} inzwischen {preis_skipass}, und an Wochenenden sind die Lifte "
                 "völlig überlaufen.",
                 "der Skipass {preis_skipass} kostet und die Lifte überlaufen sind"),
                ("{Bahn} {in_o} ist wegen Revision leider bis {revision_bis} außer Betrieb, dadurch sind {n_prozent} "
                 "Prozent der Pisten nicht erreichbar.",
                 "{bahn} außer Betrieb ist"),
            ),
            "neutral": (
                ("Ein Tagesskipass kostet {in_o} {preis_skipass}, Kinder zahlen {preis_skipass_kind}.",
                 "ein Tagesskipass {preis_skipass} kostet"),
                ("Die Lifte {in_o} sind von {uhr_lift_auf} bis {uhr_lift_zu} Uhr in Betrieb; die Saison dauert von "
                 "Dezember bis {saison_ende}.",
                 "die Lifte von {uhr_lift_auf} bis {uhr_lift_zu} Uhr fahren"),
                ("{Ski} bietet Gruppenkurse über drei Tage ab {preis_skikurs} an; Privatstunden sind ebenfalls "
                 "möglich.",
                 "{ski} Gruppenkurse ab {preis_skikurs} anbietet"),
            ),
        },
        details={
            "positive": (
                ("Die Stimmung auf den Hütten nach dem Skifahren ist legendär!", "die Stimmung auf den Hütten"),
                ("Auch Langläufer kommen voll auf ihre Kosten.", "die Loipen für Langläufer"),
            ),
            "negative": (
                ("Planen Sie daher Alternativen wie Winterwandern ein.", "Winterwandern als Alternative"),
                ("Auch die Leihausrüstung ist teuer.", "die teure Leihausrüstung"),
            ),
            "neutral": (
                ("Skiausrüstung können Sie an der Talstation leihen.", "den Skiverleih"),
                ("Skibusse fahren mit dem Skipass kostenlos.", "die kostenlosen Skibusse"),
            ),
        },
    ),
    # ---- wellness --------------------------------------------------------------------------------------
    _intent(
        "wellness", group="therme",
        label="einen Besuch {loc_v}",
        aspect="wie empfehlenswert {v} ist",
        questions=(
            "Wie ist {v} {in_o}?",
            "Lohnt sich ein Besuch {loc_v}?",
            "Könnt ihr {akk_v} zum Entspannen empfehlen?",
            "Wie ist die Saunalandschaft {loc_v}?",
            "Wir suchen einen Wellnesstag {in_o}. Ist {v} zu empfehlen?",
        ),
        answers={
            "positive": (
                ("{V} ist eine Oase der Ruhe {in_o}: warme Thermalbecken, {n_saunen} Saunen und ein herrlicher Blick "
                 "ins Grüne.",
                 "{v} warme Thermalbecken, {n_saunen} Saunen und viel Ruhe bietet"),
                ("Ein Besuch {loc_v} {in_o} ist pure Erholung; besonders das Solebecken unter freiem Himmel mit "
                 "{n_grad_wasser} Grad warmem Wasser ist ein Erlebnis.",
                 "das Solebecken unter freiem Himmel ein Erlebnis ist"),
                ("Wir lieben {akk_v}: Die Saunen sind sauber, die Aufgüsse kreativ, und {preis_therme} für drei "
                 "Stunden sind fair.",
                 "die Saunen sauber und die Preise fair sind"),
            ),
            "negative": (
                ("Leider ist {v} {in_o} am Wochenende hoffnungslos überfüllt, und Liegen sind schon ab {uhr_auf} Uhr "
                 "kaum zu bekommen.",
                 "{v} am Wochenende überfüllt ist"),
                ("{V} {in_o} wirkt leider in die Jahre gekommen: Die Becken haben nur {n_grad_kalt} Grad, und die "
                 "Umkleiden sind renovierungsbedürftig.",
                 "die Becken kühl und die Umkleiden renovierungsbedürftig sind"),
                ("Wegen Sanierung ist der Saunabereich {gen_v} {in_o} leider bis Ende {monat_bis} geschlossen.",
                 "der Saunabereich bis Ende {monat_bis} geschlossen ist"),
            ),
            "neutral": (
                ("{V} ist täglich von {uhr_therme_auf} bis {uhr_therme_zu} Uhr geöffnet; drei Stunden kosten "
                 "{preis_therme}.",
                 "drei Stunden {preis_therme} kosten"),
                ("{V} bietet {n_becken} Becken mit Wassertemperaturen bis {n_grad_wasser} Grad sowie eine "
                 "Saunalandschaft.",
                 "{v} {n_becken} Becken und eine Saunalandschaft hat"),
            ),
        },
        details={
            "positive": (
                ("Gönnen Sie sich zusätzlich eine Massage!", "die Massage als Extra"),
                ("Am Abend ist die Stimmung bei Kerzenlicht besonders schön.", "die Abendstimmung"),
            ),
            "negative": (
                ("Auch das Bistro ist überteuert.", "das überteuerte Bistro"),
                ("Parkplätze sind ebenfalls knapp.", "die knappen Parkplätze"),
            ),
            "neutral": (
                ("Bademäntel können ausgeliehen werden.", "den Bademantelverleih"),
                ("Kinder unter sechs Jahren haben keinen Zutritt zur Sauna.", "die Altersgrenze für die Sauna"),
            ),
        },
    ),
    _intent(
        "wellness", group="hotel", yes_no=("positive", "negative"),
        label="den Wellnessbereich {gen_v}",
        aspect="ob {v} einen Wellnessbereich hat",
        questions=(
            "Hat {v} einen Wellnessbereich?",
            "Gibt es {loc_v} eine Sauna?",
            "Gibt es {loc_v} einen Wellnessbereich mit Sauna?",
            "Bietet {v} Wellness an?",
        ),
        answers={
            "positive": (
                ("{V} hat einen wunderschönen Spa mit Hallenbad, Panoramasauna und Ruheraum, der für Gäste "
                 "inklusive ist.",
                 "{v} einen Spa mit Hallenbad, Sauna und Ruheraum hat"),
                ("Wellness wird {loc_v} großgeschrieben: Sauna, Dampfbad und ein beheizter Außenpool warten auf "
                 "Sie, Massagen gibt es ab {preis_massage}.",
                 "es Sauna, Dampfbad, Massagen und einen beheizten Außenpool gibt"),
            ),
            "negative": (
                ("Leider hat {v} keinen eigenen Wellnessbereich; die nächste Therme ist {n_km} Kilometer entfernt.",
                 "{v} keinen eigenen Wellnessbereich hat"),
                ("Einen Wellnessbereich gibt es {loc_v} leider nicht mehr, er wurde zu Gästezimmern umgebaut.",
                 "der Wellnessbereich umgebaut wurde"),
            ),
            "neutral": (
                ("{V} verfügt über eine Sauna und ein Dampfbad, die täglich von {uhr_spa_auf} bis {uhr_spa_zu} Uhr "
                 "geöffnet sind.",
                 "{v} eine Sauna und ein Dampfbad hat"),
                ("Der Wellnessbereich {gen_v} umfasst Sauna, Ruheraum und Fitnessraum; Massagen kosten ab "
                 "{preis_massage}.",
                 "der Wellnessbereich Sauna, Ruheraum und Fitnessraum umfasst"),
            ),
        },
        details={
            "positive": (
                ("Bademantel und Handtücher liegen im Zimmer bereit.", "die bereitgelegten Bademäntel"),
                ("Die Massagen sind ein Traum!", "die Massagen"),
            ),
            "negative": (
                ("Eine Alternative mit Spa ist {alt}.", "{akk_alt} als Alternative"),
                ("Auch einen Fitnessraum gibt es nicht.", "den fehlenden Fitnessraum"),
            ),
            "neutral": (
                ("Massagen sollten Sie vorab reservieren.", "die Reservierung von Massagen"),
                ("Der Zutritt ist ab 16 Jahren erlaubt.", "die Altersgrenze"),
            ),
        },
    ),
    # ---- booking ---------------------------------------------------------------------------------------
    _intent(
        "booking", group="lodging",
        label="die Stornobedingungen {gen_v}",
        aspect="ob man eine Buchung {loc_v} kostenlos stornieren kann",
        questions=(
            "Kann ich meine Buchung {loc_v} kostenlos stornieren?",
            "Wie sind die Stornobedingungen {von_v}?",
            "Was passiert, wenn ich meinen Aufenthalt {loc_v} absagen muss?",
            "Bis wann kann man {akk_v} kostenfrei stornieren?",
            "Wir müssen unsere Reise {nach_o} leider absagen. Was kostet die Stornierung {loc_v}?",
        ),
        answers={
            "positive": (
                ("{V} ist sehr kulant: Bis {storno_frist} vor Anreise stornieren Sie kostenlos.",
                 "eine kostenlose Stornierung bis {storno_frist} vor Anreise möglich ist"),
                ("{Loc_v} können Sie bis {storno_frist} vor der Anreise kostenfrei stornieren, ganz ohne Angabe von "
                 "Gründen.",
                 "man bis {storno_frist} vor Anreise kostenfrei stornieren kann"),
            ),
            "negative": (
                ("Leider ist {v} bei Stornierungen sehr streng: Ab {storno_frist_lang} vor Anreise werden "
                 "{storno_prozent} Prozent des Preises fällig.",
                 "ab {storno_frist_lang} vor Anreise {storno_prozent} Prozent fällig werden"),
                ("Eine kostenlose Stornierung ist {loc_v} leider nicht möglich; wir empfehlen dringend eine "
                 "Reiserücktrittsversicherung.",
                 "eine kostenlose Stornierung nicht möglich ist"),
            ),
            "neutral": (
                ("Bis {storno_frist_lang} vor Anreise ist die Stornierung {loc_v} kostenlos, danach werden "
                 "{storno_prozent} Prozent berechnet.",
                 "die Stornierung bis {storno_frist_lang} vor Anreise kostenlos ist"),
                ("Für Buchungen {loc_v} gelten gestaffelte Stornogebühren: {storno_prozent_klein} Prozent ab "
                 "{storno_frist_lang} vor Anreise, {storno_prozent} Prozent in der letzten Woche.",
                 "gestaffelte Stornogebühren gelten"),
            ),
        },
        details={
            "positive": (
                ("So können Sie ganz entspannt planen!", "die entspannte Planung"),
                ("Eine Umbuchung ist ebenfalls kostenlos.", "die kostenlose Umbuchung"),
            ),
            "negative": (
                ("Auch Umbuchungen kosten eine Gebühr von {preis_umbuchung}.", "die Umbuchungsgebühr"),
                ("Bei Nichtanreise wird sogar der volle Preis berechnet.", "die Kosten bei Nichtanreise"),
            ),
            "neutral": (
                ("Die Stornierung muss schriftlich erfolgen.", "die schriftliche Stornierung"),
                ("Eine Reiserücktrittsversicherung kann bei der Buchung abgeschlossen werden.",
                 "die Reiserücktrittsversicherung"),
            ),
        },
    ),
    _intent(
        "booking", group="lodging", preamble="party",
        label="die Verfügbarkeit {gen_v} im {monat}",
        aspect="wie früh man {akk_v} für den {monat} buchen sollte",
        questions=(
            "Wie früh sollte man {akk_v} für den {monat} buchen?",
            "Ist {v} im {monat} noch frei?",
            "Gibt es {loc_v} im {monat} einen Mindestaufenthalt?",
            "Wir möchten im {monat} {n_naechte} Nächte {loc_v} bleiben. Ist das möglich?",
            "Kann man {akk_v} für den {monat} auch kurzfristig buchen?",
        ),
        answers={
            "positive": (
                ("Im {monat} ist {v} meist gut verfügbar, und Sie können schon ab einer Nacht buchen.",
                 "{v} im {monat} gut verfügbar und ab einer Nacht buchbar ist"),
                ("Sie haben Glück: Für den {monat} gibt es {loc_v} noch freie Zimmer, sogar mit Frühbucherrabatt.",
                 "es im {monat} noch freie Zimmer mit Frühbucherrabatt gibt"),
            ),
            "negative": (
                ("Leider ist {v} im {monat} fast immer ausgebucht; Anfragen sollten Sie mindestens {n_monate} "
                 "Monate vorher stellen.",
                 "{v} im {monat} fast ausgebucht ist"),
                ("Im {monat} vergibt {v} Zimmer leider nur ab {n_naechte} Nächten, kürzere Aufenthalte sind nicht "
                 "möglich.",
                 "es im {monat} einen Mindestaufenthalt von {n_naechte} Nächten gibt"),
            ),
            "neutral": (
                ("Im {monat} gilt {loc_v} ein Mindestaufenthalt von {n_naechte} Nächten; Buchungen sind online oder "
                 "telefonisch möglich.",
                 "im {monat} ein Mindestaufenthalt von {n_naechte} Nächten gilt"),
                ("Für den {monat} empfiehlt sich eine Buchung etwa {n_monate} Monate im Voraus; {v} bestätigt "
                 "Anfragen innerhalb eines Tages.",
                 "eine Buchung {n_monate} Monate im Voraus sinnvoll ist"),
            ),
        },
        details={
            "positive": (
                ("Frühbucher erhalten zusätzlich {n_rabatt} Prozent Rabatt.", "den Frühbucherrabatt"),
                ("Am besten fragen Sie gleich an!", "die Einladung zur Anfrage"),
            ),
            "negative": (
                ("Eine Warteliste gibt es leider nicht.", "die fehlende Warteliste"),
                ("Auch in der Umgebung sind dann kaum Zimmer frei.", "die knappen Zimmer in der Umgebung"),
            ),
            "neutral": (
                ("Bei Buchung ist eine Anzahlung von {n_anzahlung} Prozent fällig.", "die Anzahlung"),
                ("Die Buchungsbestätigung erhalten Sie per E-Mail.", "die Buchungsbestätigung"),
            ),
        },
    ),
)
_BY_TOPIC: dict[str, tuple[_Intent, ...]] = {
    topic: tuple(i for i in _INTENTS if i.topic == topic and i.places) for topic in TOPICS
}

# --------------------------------------------------------------------------------------------------------
# Sentences around the core: question preambles and endings, answer openers and closers, reasoning frames.
# --------------------------------------------------------------------------------------------------------

_PARTY_PREAMBLES = (
    "Wir sind zu zweit unterwegs.", "Wir reisen zu viert.", "Wir sind ein älteres Ehepaar.", "Ich reise allein.",
    "Wir sind drei Freundinnen auf Kurztrip.", "Wir sind zum ersten Mal {in_o}.", "Wir waren schon oft {in_o}.",
)
_TIME_PREAMBLES = (
    "Wir planen {zeitraum} einen Kurzurlaub {in_o}.", "Wir sind {zeitraum} {in_o}.",
    "Ich reise {zeitraum} {nach_o}.", "Wir fahren {zeitraum} {nach_o}.",
    "Wir verbringen {zeitraum} ein paar Tage {in_o}.",
)
_PREAMBLES = {
    "party": _PARTY_PREAMBLES,
    "time": _TIME_PREAMBLES,
    "travel": (*_PARTY_PREAMBLES, *_TIME_PREAMBLES, "Wir sind {gruppe} und kommen {zeitraum} {nach_o}."),
}
_SUFFIXES = (
    "Danke im Voraus!", "Vielen Dank!", "Über eine kurze Antwort würde ich mich freuen.", "Danke für eure Tipps!",
)
_YES = ("Ja, auf jeden Fall.", "Ja, absolut.", "Ja!")
_NO = ("Leider nein.", "Nein, leider nicht.", "Nein.")
_OPENERS = {
    "positive": ("Gute Nachrichten!", "Sehr gern geben wir Auskunft!", "Vielen Dank für Ihr Interesse!"),
    "negative": (
        "Hier müssen wir Sie leider enttäuschen.", "Leider haben wir keine guten Nachrichten.",
        "Das tut uns leid, aber wir wollen ehrlich sein.",
    ),
    "neutral": ("Vielen Dank für Ihre Frage.", "Gerne informieren wir Sie.", "Hier die wichtigsten Informationen."),
}
_CLOSERS = {
    "positive": (
        "Wir wünschen Ihnen einen wunderschönen Aufenthalt {in_o}!", "Viel Spaß {in_o}!", "Sie werden begeistert sein!",
        "Wir freuen uns auf Ihren Besuch!", "Genießen Sie Ihre Zeit {in_o}!",
    ),
    "negative": (
        "Wir bitten um Ihr Verständnis.", "Es tut uns leid, dass wir keine bessere Nachricht haben.",
        "Wir hoffen, Sie finden eine passende Alternative.",
    ),
    "neutral": (
        "Alle Angaben ohne Gewähr.", "Bitte informieren Sie sich vor der Anreise über mögliche Änderungen.",
        "Weitere Auskünfte erhalten Sie bei der Tourist-Information {in_o}.",
        "Bei Fragen hilft Ihnen das Team {gen_v} gern weiter.",
    ),
}
_INTRO = ("Die Frage betrifft {label}.", "Es geht um {label}.", "Der Gast möchte etwas über {label} wissen.")
_CHECK = ("Zuerst kläre ich, {aspect}.", "Zunächst prüfe ich, {aspect}.", "Wichtig ist vor allem, {aspect}.")
_FACT = (
    "Da {fact}, {consequence}.", "Bekannt ist, dass {fact}.", "Die vorliegenden Informationen zeigen, dass {fact}.",
    "Entscheidend ist, dass {fact}.",
)
_CONSEQUENCE = {
    "positive": (
        "fällt die Antwort eindeutig positiv aus", "kann ich eine klare Empfehlung geben",
        "ist das eine gute Nachricht für den Gast",
    ),
    "negative": (
        "muss die Antwort leider negativ ausfallen", "ist das für den Gast ein klarer Nachteil",
        "muss ich ehrlich auf diese Einschränkung hinweisen",
    ),
    "neutral": (
        "reicht eine sachliche Auskunft", "gebe ich die Fakten neutral wieder",
        "beschränke ich mich auf die wichtigsten Fakten",
    ),
}
_DETAIL_NOTE = ("Ergänzend erwähne ich {detail}.", "Zusätzlich nenne ich {detail}.", "Außerdem ergänze ich {detail}.")
_CONCLUSION = {
    "positive": (
        "Deshalb antworte ich begeistert und mit einer klaren Empfehlung.",
        "Deshalb fällt meine Antwort positiv und einladend aus.",
        "Deshalb formuliere ich eine freundliche, empfehlende Antwort.",
    ),
    "negative": (
        "Deshalb weise ich freundlich, aber deutlich auf den Nachteil hin.",
        "Deshalb formuliere ich die Antwort ehrlich und mit Bedauern.",
        "Deshalb fällt meine Antwort zurückhaltend und kritisch aus.",
    ),
    "neutral": (
        "Deshalb antworte ich sachlich und ohne Wertung.", "Deshalb gebe ich eine kurze, neutrale Auskunft.",
        "Deshalb fasse ich die Fakten knapp zusammen.",
    ),
}
_P_INTRO = 0.85
_P_CHECK = 0.7
_P_DETAIL_NOTE = 0.7

# --------------------------------------------------------------------------------------------------------
# Composition.
# --------------------------------------------------------------------------------------------------------


def _choose(rng: random.Random, options: Sequence[Tagged], place: _Place) -> Tagged:
    """One of the options that suit the place."""
    fitting = [o for o in options if _fits(o[0], place)]
    return fitting[rng.randrange(len(fitting))]


def _fill(template: str, s: _Slots) -> str:
    """A template with the row's slots filled in."""
    return template.format_map(s)


def _question(rng: random.Random, s: _Slots, intent: _Intent) -> str:
    """The question: a phrasing, maybe the place, a preamble, a closing thanks or a greeting."""
    _, template, with_place = _choose(rng, intent.questions, s.place)
    if with_place and rng.random() < _P_PLACE_IN_QUESTION:
        template = with_place
    text = _fill(template, s)
    # A question that already opens with its own situation ("Wir haben zwei Tage ...") gets no second one.
    if ". " not in template and rng.random() < _P_PREAMBLE:
        preambles = _PREAMBLES[intent.preamble]
        text = f"{_fill(preambles[rng.randrange(len(preambles))], s)} {text}"
    if rng.random() < _P_SUFFIX:
        text = f"{text} {_SUFFIXES[rng.randrange(len(_SUFFIXES))]}"
    if rng.random() < _P_GREETING:
        text = f"Hallo! {text}"
    return text


def _row(rng: random.Random, tone: str, topic: str, with_reasoning: bool) -> dict[str, str]:
    """One row of a tone and topic drawn from the stream: intent, place, then the texts in a fixed order."""
    intents = _BY_TOPIC[topic]
    intent = intents[rng.randrange(len(intents))]
    place = intent.places[rng.randrange(len(intent.places))]
    s = _Slots(rng, place, tone, intent.group)

    question = _question(rng, s, intent)
    _, core, fact = _choose(rng, intent.answers[tone], place)
    # An answer usually names the destination again when the question did (the relevance reward checks that).
    if place.name in question and rng.random() < _P_PLACE_IN_ANSWER:
        core = _core_with_place(core)
    sentences = []
    if tone in intent.yes_no and rng.random() < _P_YES_NO_OPENER:
        options = _YES if tone == "positive" else _NO
        sentences.append(options[rng.randrange(len(options))])
    elif rng.random() < _P_OPENER:
        sentences.append(_OPENERS[tone][rng.randrange(len(_OPENERS[tone]))])
    sentences.append(_fill(core, s))
    detail_label = ""
    if rng.random() < _P_DETAIL:
        _, detail, detail_label = _choose(rng, intent.details[tone], place)
        sentences.append(_fill(detail, s))
    if rng.random() < _P_CLOSER:
        closers = [c for c in _CLOSERS[tone] if intent.group or "_v}" not in c]
        sentences.append(_fill(closers[rng.randrange(len(closers))], s))
    row = {
        "question": question,
        "answer": " ".join(sentences),
        "tone": tone,
        "topic": topic,
        "destination": place.name,
    }
    if with_reasoning:
        row["reasoning"] = _reasoning(rng, s, intent, fact, detail_label)
    return row


def _reasoning(rng: random.Random, s: _Slots, intent: _Intent, fact: str, detail_label: str) -> str:
    """A 2 to 5 sentence chain of thought from the question's subject to the answer's fact and tone."""
    tone = s.tone
    sentences = []
    if rng.random() < _P_INTRO:
        sentences.append(_INTRO[rng.randrange(len(_INTRO))].replace("{label}", intent.label))
    if rng.random() < _P_CHECK:
        sentences.append(_CHECK[rng.randrange(len(_CHECK))].replace("{aspect}", intent.aspect))
    frame = _FACT[rng.randrange(len(_FACT))]
    consequence = _CONSEQUENCE[tone][rng.randrange(len(_CONSEQUENCE[tone]))]
    sentences.append(frame.replace("{fact}", fact).replace("{consequence}", consequence))
    if detail_label and rng.random() < _P_DETAIL_NOTE:
        sentences.append(_DETAIL_NOTE[rng.randrange(len(_DETAIL_NOTE))].replace("{detail}", detail_label))
    sentences.append(_CONCLUSION[tone][rng.randrange(len(_CONCLUSION[tone]))])
    return " ".join(_fill(sentence, s) for sentence in sentences)


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


def write_jsonl(records: list[dict[str, str]], path: str | os.PathLike[str]) -> None:
    """Write records as UTF-8 JSON Lines, one object a line, non-ASCII kept as is."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="\n") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: generate a QA or CoT set and write it as JSON Lines."""
    parser = argparse.ArgumentParser(prog="python -m tourism_grpo.data.synthetic", description=main.__doc__)
    parser.add_argument("kind", choices=("qa", "cot"))
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", required=True, help="output .jsonl path")
    args = parser.parse_args(argv)
    generate = generate_qa if args.kind == "qa" else generate_cot
    write_jsonl(generate(args.rows, args.seed), args.out)


if __name__ == "__main__":
    main()
