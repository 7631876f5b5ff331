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
from pathlib import Path

from tourism_grpo.data.gazetteer import PLACES, VENUE_KINDS

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
_P_PREAMBLE = 0.2
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

    def form(self, case: str) -> str:
        """The phrase in a case or after a preposition: "", akk, dat, in, ins, loc, dir, an, bei, zu, ..."""
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
        if case == "loc":
            return f"{_PREP_DAT[self.loc][g]} {self.obl}"
        if case == "dir":
            return f"{_PREP_AKK[self.loc][g]} {self.nom if g != 'm' else self.obl}"
        if case == "ins":
            return f"{_PREP_AKK['in'][g]} {self.nom if g != 'm' else self.obl}"
        return f"{_PREP_DAT[case][g]} {self.obl}"


def _cap(text: str) -> str:
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
    "Spreewald": ("Lübbenau", ""), "Harz": ("Wernigerode", ""), "Schwarzwald": ("Freiburg im Breisgau", "der Regionalbahn"),
    "Allgäu": ("Kempten", ""), "Eifel": ("Gerolstein", ""), "Sauerland": ("Winterberg", ""),
    "Rhön": ("Fulda", "dem Bus"), "Erzgebirge": ("Annaberg-Buchholz", ""), "Sächsische Schweiz": ("Bad Schandau", ""),
    "Bayerischer Wald": ("Zwiesel", ""), "Fichtelgebirge": ("Marktredwitz", "dem Bus"),
    "Mecklenburgische Seenplatte": ("Waren (Müritz)", ""), "Lüneburger Heide": ("Lüneburg", ""),
    "Altes Land": ("Stade", "dem Bus"), "Moseltal": ("Koblenz", "der Regionalbahn"),
    "Rheingau": ("Wiesbaden", "der Regionalbahn"), "Pfalz": ("Neustadt an der Weinstraße", ""),
    "Chiemsee": ("Prien am Chiemsee", ""), "Tegernsee": ("Tegernsee", ""), "Königssee": ("Berchtesgaden", "dem Bus"),
    "Starnberger See": ("Starnberg", ""), "Ammersee": ("Herrsching", ""), "Bodensee": ("Friedrichshafen", ""),
    "Titisee": ("Titisee", ""), "Müritz": ("Waren (Müritz)", ""), "Zugspitze": ("Garmisch-Partenkirchen", "der Zahnradbahn"),
    "Brocken": ("Wernigerode", "der Brockenbahn"), "Wachau": ("Krems an der Donau", ""),
    "Zillertal": ("Jenbach", "der Zillertalbahn"), "Ötztal": ("Ötztal Bahnhof", "dem Bus"),
    "Salzkammergut": ("Bad Ischl", ""), "Wörthersee": ("Klagenfurt", ""), "Attersee": ("Attnang-Puchheim", "der Regionalbahn"),
    "Wolfgangsee": ("Salzburg", "dem Bus"), "Neusiedler See": ("Neusiedl am See", ""),
    "Großglockner": ("Zell am See", "dem Bus"), "Vierwaldstättersee": ("Luzern", ""), "Thunersee": ("Thun", ""),
    "Brienzersee": ("Interlaken Ost", ""), "Engadin": ("St. Moritz", ""), "Jungfraujoch": ("Interlaken Ost", "der Jungfraubahn"),
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
    if name in _HUBS:
        hub, leg = _HUBS[name]
    else:
        hub, leg = (f"{name} Hauptbahnhof" if name in _MAIN_STATIONS else name), ""
    country = "at" if name in _AUSTRIA else "ch" if name in _SWITZERLAND else "it" if name in _SOUTH_TYROL else "de"
    return _Place(name, np, in_, nach, typ, tags, _climate(typ, tags), country, hub, leg)


_PLACES: tuple[_Place, ...] = tuple(_make_place(name) for name in PLACES if name not in _EXCLUDED)

# How a place is called back in a later sentence ("die Insel", "der Ort"), with its location preposition.
_AREA = {
    "stadt": _NP("f", "Stadt", "Stadt"), "dorf": _NP("m", "Ort", "Ort"), "insel": _NP("f", "Insel", "Insel", "auf"),
    "see": _NP("m", "See", "See", "an"), "region": _NP("f", "Region", "Region"), "gipfel": _NP("f", "Bergwelt", "Bergwelt"),
}

# --------------------------------------------------------------------------------------------------------
# Venues. Every name starts with a VENUE_KINDS word, so the relevance reward recognises it; names are all
# capitalised words so that reward's pattern takes the whole name. "name|tag,tag": only where a place has
# one of those tags.
# --------------------------------------------------------------------------------------------------------

# kind: gender, location preposition ("im Hotel", "auf dem Ferienhof", "auf der Burg")
_KIND_GRAMMAR: dict[str, tuple[str, str]] = {
    "Hotel": ("n", "in"), "Gasthof": ("m", "in"), "Gasthaus": ("n", "in"), "Pension": ("f", "in"),
    "Ferienhof": ("m", "auf"), "Jugendherberge": ("f", "in"), "Berghütte": ("f", "auf"),
    "Restaurant": ("n", "in"), "Wirtshaus": ("n", "in"), "Brauhaus": ("n", "in"), "Weinstube": ("f", "in"),
    "Museum": ("n", "in"), "Galerie": ("f", "in"), "Schloss": ("n", "in"), "Burg": ("f", "auf"),
    "Zoo": ("m", "in"), "Tierpark": ("m", "in"), "Freizeitpark": ("m", "in"), "Therme": ("f", "in"),
    "Seilbahn": ("f", "in"), "Bergbahn": ("f", "in"), "Strandbad": ("n", "in"), "Parkhaus": ("n", "in"),
    "Fahrradverleih": ("m", "in"), "Skischule": ("f", "in"),
}
_VENUE_NAMES: dict[str, tuple[str, ...]] = {
    "Hotel": (
        "Zur Post", "Goldener Hirsch", "Schwarzer Adler", "Lindenhof", "Am Markt", "Kaiserhof", "Rosengarten",
        "Bellevue", "Parkresidenz", "Drei Kronen", "Sonnenhof", "Am Schlossberg", "Waldesruh", "Alte Schule",
        "Kastanienhof", "Zum Löwen", "Stadtpalais|stadt", "Seeblick|see", "Seeperle|see", "Uferhaus|see,fluss",
        "Dünenhof|meer", "Meeresrauschen|meer", "Strandperle|meer", "Hafenblick|meer", "Alpenblick|alpen",
        "Bergkristall|alpen", "Edelweiß|alpen", "Alpenrose|alpen", "Bergfrieden|alpen,mittelgebirge",
        "Weinberg|wein", "Rebenhof|wein",
    ),
    "Gasthof": (
        "Zur Linde", "Zum Hirschen", "Zum Ochsen", "Zur Krone", "Zum Adler", "Zur Sonne", "Zum Lamm",
        "Zum Schwan", "Zum Bären", "Zur Traube", "Alte Post", "Zum Löwen",
    ),
    "Gasthaus": ("Zum Anker", "Zur Eiche", "Zum Stern", "Krone", "Zur Mühle", "Zum Fährhaus|fluss,see,meer"),
    "Pension": (
        "Sonnenschein", "Waldblick", "Haus Erika", "Rosenhof", "Am Kurpark", "Lindenhof", "Haus Sonnenblick",
        "Am Deich|meer", "Möwennest|meer", "Bergblick|alpen", "Alpenrose|alpen", "Seerose|see",
    ),
    "Ferienhof": (
        "Brandner|dorf,insel,see,region", "Wiesengrund|dorf,insel,see,region", "Lindenau|dorf,insel,see,region",
        "Am Bach|dorf,region", "Sonnleiten|alpen", "Hofer|alpen", "Friesenhof|insel",
    ),
    "Jugendherberge": ("Am Stadtpark|stadt", "Burgblick", "Waldhaus", "Am Hafen|meer", "Am See|see"),
    "Berghütte": ("Edelweiß|alpen", "Adlerhorst|alpen", "Gamsalm|alpen", "Enzian|alpen", "Gipfelblick|alpen"),
    "Restaurant": (
        "Alte Mühle", "Ratskeller|stadt", "Lindengarten", "Panorama", "Goldener Anker", "Alte Post", "Rosmarin",
        "Kuckucksnest", "Zum Fischer|meer", "Fischerstube|meer,see", "Seeterrasse|see", "Am Hafen|meer",
        "Uferlos|see,meer,fluss", "Weinberg|wein", "Almstube|alpen", "Bergblick|alpen",
    ),
    "Wirtshaus": ("Zum Ochsen", "Am Dorfplatz|dorf", "Zur Alten Brücke|fluss", "Zum Hirschwirt", "Zum Stiefel"),
    "Brauhaus": ("Am Markt", "Alte Schmiede", "Zur Glocke", "Kupferkessel", "Zum Stiefel"),
    "Weinstube": ("Rebstock", "Zum Winzer", "Alte Kelter", "Traubenhof", "Zum Weinberg"),
    "Museum": (
        "Alte Schmiede", "Zeughaus", "Kunstspeicher", "Altes Rathaus", "Villa Lindenhof", "Heimathaus",
        "Alte Zollstation", "Seefahrt|meer", "Alpinum|alpen",
    ),
    "Galerie": ("Am Markt", "Lichtblick", "Kunstraum", "Alte Post"),
    "Schloss": ("Hohenlinden", "Sonnberg", "Eichenau", "Falkenau", "Lindenhain", "Wildenau"),
    "Burg": ("Falkenstein", "Rabenfels", "Greifenstein", "Adlerstein", "Hohenwart", "Rotenfels"),
    "Zoo": ("Sonnenberg", "Lindental", "Waldau"),
    "Tierpark": ("Hirschau", "Lindenhof", "Waldwiese", "Sonnenhang"),
    "Freizeitpark": ("Abenteuerland", "Märchenwald", "Piratenbucht", "Zauberwelt"),
    "Therme": ("Sonnenquell", "Vitalis", "Aqua Vita", "Quellenhof", "Lindenquelle", "Bergkristall|alpen"),
    "Seilbahn": ("Hochalm", "Gamskogel", "Sonnenjoch", "Adlerhorst"),
    "Bergbahn": ("Panorama", "Sonnenkopf", "Hochfirst"),
    "Strandbad": ("Seeblick|see", "Am Nordufer|see", "Sonnenbucht|see", "Birkenwiese|see"),
    "Parkhaus": ("Altstadt|stadt", "Am Bahnhof", "Zentrum", "Am Hafen|meer", "Rathaus", "Kurpark", "Am Markt"),
    "Fahrradverleih": ("Radhaus", "Pedalo", "Radstation", "Kettenblatt", "Zweirad Sommer"),
    "Skischule": ("Alpin", "Schneefuchs", "Gipfelstürmer", "Pulverschnee", "Edelweiß"),
}
# Venue groups: the kinds a template fits, with draw weights.
_GROUPS: dict[str, tuple[tuple[str, int], ...]] = {
    "lodging": (("Hotel", 5), ("Gasthof", 2), ("Pension", 2), ("Ferienhof", 1), ("Jugendherberge", 1), ("Berghütte", 1)),
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
    return not tags or bool(tags & place.tags)


@dataclass(frozen=True)
class _Venue:
    """A named venue: its declinable noun phrase and its bare name ("Hotel Seeblick")."""

    np: _NP
    name: str


def _venues_for(group: str, place: _Place) -> tuple[tuple[_Venue, ...], tuple[int, ...]]:
    """The venues of a group that suit a place, and their draw weights (a kind's weight spread over its names)."""
    venues: list[_Venue] = []
    weights: list[int] = []
    for kind, weight in _GROUPS[group]:
        gender, loc = _KIND_GRAMMAR[kind]
        names = [text for tags, text in map(_tagged, _VENUE_NAMES[kind]) if _fits(tags, place)]
        for text in names:
            full = f"{kind} {text}"
            venues.append(_Venue(_NP(gender, full, full, loc), full))
            weights.append(weight * 60 // len(names))
    return tuple(venues), tuple(weights)


# --------------------------------------------------------------------------------------------------------
# Value pools for slots.
# --------------------------------------------------------------------------------------------------------

# Sights by the kind of place: gender, nominative core, oblique core ("die historische Altstadt").
_HIGHLIGHTS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "stadt": (
        ("f", "historische Altstadt", "historischen Altstadt"), ("m", "Marktplatz", "Marktplatz"),
        ("n", "alte Rathaus", "alten Rathaus"), ("f", "Stadtmauer", "Stadtmauer"), ("m", "Stadtpark", "Stadtpark"),
        ("m", "Domplatz", "Domplatz"),
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
_HIGHLIGHT_KEYS = {"stadt": "stadt", "dorf": "dorf", "insel": "meer", "see": "see", "region": "region", "gipfel": "gipfel"}

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
        ("macht das Wandern durch die Weinberge besonders viel Spaß", "locken überall Weinfeste und Straußwirtschaften"),
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

_NP_CASES = frozenset({"akk", "dat", "in", "ins", "loc", "dir", "an", "auf", "bei", "zu", "von", "mit", "er", "ihn", "sein"})


def _clock(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours}:{rest:02d}" if rest else str(hours)


class _Slots(dict[str, str]):
    """The values of one row, drawn lazily in a fixed order from the row's random stream."""

    def __init__(self, rng: random.Random, place: _Place, tone: str, group: str | None) -> None:
        super().__init__()
        self.rng = rng
        self.place = place
        self.tone = tone
        self.group = group
        self.nums: dict[str, int] = {}
        self.nps: dict[str, _NP] = {}

    def __missing__(self, key: str) -> str:
        if key[0].isupper():
            value = _cap(self[key[0].lower() + key[1:]])
        else:
            case, _, base = key.rpartition("_")
            if case in _NP_CASES or not case and base in _NP_BASES:
                np = self._np(base)
                value = np.form(case) if base != "o" or case not in ("in", "nach") else ""
            else:
                value = _SLOTS[key](self)
        self[key] = value
        return value

    def _np(self, base: str) -> _NP:
        if base not in self.nps:
            self.nps[base] = _NP_BASES[base](self)
        return self.nps[base]

    # helpers for slot functions
    def pick(self, options: Sequence[str]) -> str:
        return options[self.rng.randrange(len(options))]

    def num(self, name: str, low: int, high: int, step: int = 1) -> int:
        if name not in self.nums:
            self.nums[name] = low + step * self.rng.randrange((high - low) // step + 1)
        return self.nums[name]

    def money(self, name: str, low: int, high: int, cents: bool = False) -> str:
        """A price in the place's currency; cents=True draws half-euro prices such as "8,50 Euro"."""
        swiss = self.place.country == "ch"
        if swiss:
            low, high = low * 6 // 5, high * 6 // 5
        value = self.num(name, low * 2, high * 2) if cents else self.num(name, low, high) * 2
        return _format_money(value, swiss)


def _format_money(halves: int, swiss: bool) -> str:
    whole, half = divmod(halves, 2)
    return f"{whole},50 {'Franken' if swiss else 'Euro'}" if half else f"{whole} {'Franken' if swiss else 'Euro'}"


def _venue_np(s: _Slots, group: str, avoid: str = "") -> _NP:
    venues, weights = _VENUE_CACHE.setdefault((group, s.place.name), _venues_for(group, s.place))
    while True:
        venue = s.rng.choices(venues, weights)[0]
        if venue.name != avoid:
            return venue.np


_VENUE_CACHE: dict[tuple[str, str], tuple[tuple[_Venue, ...], tuple[int, ...]]] = {}


def _intent_venue(s: _Slots) -> _NP:
    if s.group is None:
        raise KeyError("venue slot in an intent without a venue group")
    return _venue_np(s, s.group)


def _alternative(s: _Slots) -> _NP:
    return _venue_np(s, s.group or "culture", avoid=s._np("v").nom)


def _highlight(s: _Slots) -> _NP:
    place = s.place
    pool = list(_HIGHLIGHTS[_HIGHLIGHT_KEYS[place.typ]])
    for tag in ("meer", "alpen", "wein", "fluss"):
        if tag in place.tags and place.typ not in ("insel", "gipfel"):
            pool.extend(_HIGHLIGHTS[tag])
    gender, nom, obl = pool[s.rng.randrange(len(pool))]
    return _NP(gender, nom, obl)


def _event(s: _Slots) -> _NP:
    events = _EVENT_CACHE.setdefault(
        s.place.name, tuple(e for e in _EVENTS if not e[3] or e[3] in s.place.tags)
    )
    gender, name, months, _ = events[s.rng.randrange(len(events))]
    s.nums["ev_month"] = months[s.rng.randrange(len(months))]
    return _NP(gender, name, name)


_EVENT_CACHE: dict[str, tuple[tuple[str, str, tuple[int, ...], str], ...]] = {}


def _trail(s: _Slots) -> _NP:
    name = s.pick(_TRAILS[s.place.climate])
    return _NP("m", name, name)


def _bike_route(s: _Slots) -> _NP:
    name = s.pick(_BIKE_ROUTES)
    return _NP("m", name, name)


def _tax(s: _Slots) -> _NP:
    name = "Ortstaxe" if s.place.country in ("at", "it") else "Kurtaxe"
    return _NP("f", name, name)


_NP_BASES: dict[str, Callable[[_Slots], _NP]] = {
    "o": lambda s: s.place.np,
    "v": _intent_venue,
    "alt": _alternative,
    "hl": _highlight,
    "ev": _event,
    "pk": lambda s: _venue_np(s, "parkhaus"),
    "rad": lambda s: _venue_np(s, "rad"),
    "ski": lambda s: _venue_np(s, "skischule"),
    "bahn": lambda s: _venue_np(s, "lift"),
    "geb": lambda s: _AREA[s.place.typ],
    "weg": _trail,
    "radweg": _bike_route,
    "kt": _tax,
}


def _event_month(s: _Slots) -> int:
    s._np("ev")
    return s.nums["ev_month"]


def _event_date(s: _Slots) -> str:
    month = _MONTHS[_event_month(s) - 1]
    form = s.rng.randrange(4)
    if form == 0:
        return f"am {s.pick(('ersten', 'zweiten', 'dritten', 'letzten'))} {month}wochenende"
    if form == 1:
        start = s.rng.randint(1, 24)
        return f"vom {start}. bis {start + s.rng.randint(2, 4)}. {month}"
    return f"{s.pick(('Anfang', 'Mitte', 'Ende'))} {month}"


def _season(s: _Slots) -> _Season:
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
    season = _season(s)
    if "bad" not in s.nums:
        s.nums["bad"] = s.rng.randrange(len(season.bad))
    return season.bad[s.nums["bad"]]


def _temperature(s: _Slots) -> str:
    month = _travel_month(s)
    offset = _season(s).offset + (3 if "sued" in s.place.tags else 0)
    value = _BASE_TEMPERATURE[month - 1] + offset + s.rng.randint(-2, 2)
    s.nums["temp"] = value
    return f"minus {-value}" if value < 0 else str(value)


def _weather_words(s: _Slots) -> str:
    s["temp"]
    value = s.nums["temp"]
    if value >= 22:
        return "warm und sonnig"
    if value >= 14:
        return "mild und angenehm"
    return "frisch, aber oft sonnig" if value >= 5 else "klar und kalt"


def _activity(s: _Slots, month: int) -> str:
    season = _season(s)
    if month in _WINTER and season.winter_activities:
        return s.pick(season.winter_activities)
    return s.pick(season.activities)


def _good_month_other(s: _Slots) -> str:
    season = _season(s)
    bad_months = set(_bad_period(s)[0])
    good = [m for m in season.good if m not in bad_months] or list(season.good)
    return _MONTHS[good[s.rng.randrange(len(good))] - 1]


def _money_slot(name: str, low: int, high: int, cents: bool = False) -> Callable[[_Slots], str]:
    return lambda s: s.money(name, low, high, cents)


def _number_slot(name: str, low: int, high: int, step: int = 1) -> Callable[[_Slots], str]:
    return lambda s: str(s.num(name, low, high, step))


def _word_slot(options: Sequence[str]) -> Callable[[_Slots], str]:
    return lambda s: s.pick(options)


def _dish(s: _Slots, avoid: str = "") -> str:
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
    tags = s.place.tags
    pool = ["den Garten", "den Park"]
    pool += ["das Meer"] * 3 if "meer" in tags else []
    pool += ["den See"] * 3 if "see" in tags else []
    pool += ["die Berge"] * 3 if "alpen" in tags or "mittelgebirge" in tags else []
    pool += ["die Weinberge"] * 2 if "wein" in tags else []
    pool += ["die Altstadt"] * 2 if s.place.typ == "stadt" else []
    return s.pick(pool)


def _kids(s: _Slots) -> str:
    pool = list(_KIDS[""])
    for tag in ("meer", "alpen"):
        if tag in s.place.tags:
            pool.extend(_KIDS[tag])
    return s.pick(pool)


def _opening(s: _Slots) -> tuple[str, str]:
    if "days" not in s.nums:
        s.nums["days"] = s.rng.randrange(len(_OPENING_DAYS))
    return _OPENING_DAYS[s.nums["days"]]


def _hours(s: _Slots, name: str, low: int, high: int) -> int:
    """A time of day in minutes, on the half hour."""
    return s.num(name, low * 2, high * 2) * 30


def _walk_duration(s: _Slots) -> str:
    km = int(s["n_wander_km"])
    halves = max(2, round(km / 4 * 2))
    hours, half = divmod(halves, 2)
    if hours == 1:
        return "eineinhalb Stunden" if half else "eine Stunde"
    word = _NUMBERS[hours] if hours < len(_NUMBERS) else str(hours)
    return f"{word}einhalb Stunden" if half else f"{word} Stunden"


def _two_ages(s: _Slots) -> tuple[int, int]:
    if "age_a" not in s.nums:
        a, b = sorted(s.rng.sample(range(2, 13), 2))
        s.nums["age_a"], s.nums["age_b"] = a, b
    return s.nums["age_a"], s.nums["age_b"]


def _ski_height(s: _Slots) -> str:
    if "alpen" in s.place.tags:
        return str(s.num("hoehe", 1600, 3200, 10))
    return str(s.num("hoehe", 800, 1400, 10))


def _pistes(s: _Slots) -> str:
    if "alpen" in s.place.tags:
        return str(s.num("pisten", 40, 300, 5))
    return str(s.num("pisten", 8, 40))


def _lift_pass(s: _Slots) -> str:
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
    "kurtaxe_bare": lambda s: s._np("kt").nom,
    # dates and times
    "monat": lambda s: s.pick(_MONTHS),
    "monat_bis": lambda s: s.pick(_MONTHS),
    "ferien": _word_slot(_HOLIDAYS),
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
    "n_stell": _number_slot("stell", 8, 80),
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
    "n_rabatt": lambda s: str(s.pick((10, 15, 20, 25))),  # type: ignore[arg-type]
    "n_anzahlung": lambda s: str(s.pick((20, 30, 50))),  # type: ignore[arg-type]
    "n_alter": lambda s: str(s.pick((6, 12, 14, 16, 18))),  # type: ignore[arg-type]
    "n_alter_kind": lambda s: str(s.pick((3, 6, 10, 12))),  # type: ignore[arg-type]
    "n_alter_frei": lambda s: str(s.pick((3, 4, 6))),  # type: ignore[arg-type]
    "n_grad_wasser": _number_slot("grad_wasser", 32, 38),
    "n_prozent": _number_slot("prozent", 40, 95, 5),
    "n_cm": _number_slot("cm", 80, 100, 5),
    "storno_frist": _word_slot(("24 Stunden", "48 Stunden", "drei Tage", "sieben Tage", "14 Tage")),
    "storno_frist_lang": _word_slot(("30 Tage", "vier Wochen", "sechs Wochen")),
    "storno_prozent": _number_slot("storno", 50, 90, 10),
    "storno_prozent_klein": _number_slot("storno_klein", 20, 40, 10),
    # prices
    "preis_nacht": lambda s: s.money("nacht", 59, 260),
    "preis_nacht2": lambda s: _format_money(
        (s.nums.get("nacht") or (s["preis_nacht"] and s.nums["nacht"])) + 2 * s.num("nacht_plus", 30, 120),
        s.place.country == "ch",
    ),
    "preis_ez": lambda s: _format_money(
        max(78, (s.nums.get("nacht") or (s["preis_nacht"] and s.nums["nacht"])) - 2 * s.num("ez_minus", 15, 40)),
        s.place.country == "ch",
    ),
    "preis_eintritt": _money_slot("eintritt", 4, 24, cents=True),
    "preis_kind": lambda s: _format_money(
        max(2, (s["preis_eintritt"] and s.nums["eintritt"]) // 2), s.place.country == "ch",
    ),
    "preis_familie": lambda s: _format_money(
        (s["preis_eintritt"] and s.nums["eintritt"]) * 3 - 2 * s.num("familie_minus", 1, 5),
        s.place.country == "ch",
    ),
    "preis_fuehrung": _money_slot("fuehrung", 8, 18),
    "preis_taxi": _money_slot("taxi", 12, 35),
    "preis_transfer": _money_slot("transfer", 8, 25),
    "preis_parken": _money_slot("parken", 5, 28),
    "preis_stunde": _money_slot("stunde", 1, 3, cents=True),
    "preis_strafe": lambda s: s.money("strafe", 20, 70),
    "preis_hund": _money_slot("hund", 8, 25),
    "preis_taxe": lambda s: f"{_decimal(s, 'taxe', 12, 45)} {'Franken' if s.place.country == 'ch' else 'Euro'}",
    "preis_therme": _money_slot("therme", 14, 42, cents=True),
    "preis_massage": _money_slot("massage", 45, 95),
    "preis_kinderbett": _money_slot("kinderbett", 5, 15),
    "preis_umbuchung": _money_slot("umbuchung", 15, 40),
    "preis_faehre": _money_slot("faehre", 15, 60, cents=True),
    "preis_menue": _money_slot("menue", 29, 89),
    "preis_gericht": _money_slot("gericht", 12, 24, cents=True),
    "preis_gericht2": lambda s: _format_money(
        (s["preis_gericht"] and s.nums["gericht"]) + 2 * s.num("gericht_plus", 6, 16), s.place.country == "ch",
    ),
    "preis_karte": lambda s: s.money("karte", 10, 20),
    "preis_rad": _money_slot("rad", 12, 25),
    "preis_ebike": _money_slot("ebike", 25, 49),
    "preis_skipass": _lift_pass,
    "preis_skipass_kind": lambda s: _format_money(
        (s["preis_skipass"] and s.nums["skipass"]) * 2 * 3 // 5, s.place.country == "ch",
    ),
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
    "markierung": _word_slot(("einem gelben Dreieck", "einem roten Punkt", "einem blauen Balken", "einem grünen Kreis")),
}
