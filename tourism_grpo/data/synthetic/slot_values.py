"""The slots that work out a value (dates, weather, prices, food): each takes the row's Slots and returns the text;
templates/slots.yaml adds the slots that only draw one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from tourism_grpo.data.synthetic.tables import table

if TYPE_CHECKING:
    from tourism_grpo.data.synthetic.slots import Slots

Slot = Callable[["Slots"], str]
# The months in which a climate's winter activities, where it has any, replace its other ones.
_WINTER = frozenset({12, 1, 2, 3})


@dataclass(frozen=True)
class _BadPeriod:
    """A bad time to come: its months, the period in the accusative, a sentence starting "Dann", a verb-final clause."""

    months: Sequence[int]
    period: str
    sentence: str
    clause: str


@dataclass(frozen=True)
class _Season:
    """When a climate is at its best and worst, what one does there, how warm it is (templates/seasons.yaml)."""

    good: Sequence[int]
    span: Sequence[str]
    tips: Sequence[str]
    bad: Sequence[_BadPeriod]
    activities: Sequence[str]
    winter_activities: Sequence[str]
    offset: int


@cache
def _seasons() -> dict[str, _Season]:
    """The seasonal pattern of every climate."""
    return {
        climate: _Season(**{**spec, "bad": tuple(_BadPeriod(**bad) for bad in spec["bad"])})
        for climate, spec in table("seasons").items()
    }


def _months() -> list[str]:
    """The German month names, January first."""
    return table("values")["months"]


def _clock(minutes: int) -> str:
    """A time of day as written in German text ("9", "9:30")."""
    hours, rest = divmod(minutes, 60)
    return f"{hours}:{rest:02d}" if rest else str(hours)


def _event_month(s: Slots) -> int:
    """The month of the row's event."""
    s.phrase("ev")
    return s.nums["ev_month"]


def _event_date(s: Slots) -> str:
    """When the event takes place, within its month ("am zweiten Augustwochenende")."""
    month = _months()[_event_month(s) - 1]
    form = s.rng.randrange(4)
    if form == 0:
        return f"am {s.pick(('ersten', 'zweiten', 'dritten', 'letzten'))} {month}wochenende"
    if form == 1:
        start = s.rng.randint(1, 24)
        return f"vom {start}. bis {start + s.rng.randint(2, 4)}. {month}"
    return f"{s.pick(('Anfang', 'Mitte', 'Ende'))} {month}"


def _period(s: Slots) -> str:
    """When a traveller comes: "im Mai", "Ende Mai", "über Ostern", "vom 3. bis 7. Mai"."""
    month = s.pick(_months())
    form = s.rng.randrange(6)
    if form == 0:
        return s.pick(table("values")["holidays"])
    if form == 1:
        start = s.rng.randint(1, 24)
        return f"vom {start}. bis {start + s.rng.randint(2, 5)}. {month}"
    if form == 2:
        return f"{s.pick(('Anfang', 'Mitte', 'Ende'))} {month}"
    return f"im {month}"


def _season(s: Slots) -> _Season:
    """The seasonal pattern of the row's place."""
    return _seasons()[s.place.climate]


def _travel_month(s: Slots) -> int:
    """A month that suits the row's tone: a good month for praise, a bad one for a warning."""
    if "month" not in s.nums:
        season = _season(s)
        if s.tone == "positive":
            s.nums["month"] = season.good[s.rng.randrange(len(season.good))]
        elif s.tone == "negative":
            s.nums["bad"] = s.rng.randrange(len(season.bad))
            months = season.bad[s.nums["bad"]].months
            s.nums["month"] = months[s.rng.randrange(len(months))]
        else:
            s.nums["month"] = s.rng.randint(1, 12)
    return s.nums["month"]


def _bad_period(s: Slots) -> _BadPeriod:
    """The row's bad period of the year, drawn once."""
    season = _season(s)
    if "bad" not in s.nums:
        s.nums["bad"] = s.rng.randrange(len(season.bad))
    return season.bad[s.nums["bad"]]


def _temperature(s: Slots) -> str:
    """A typical daytime high for the travel month and place, in words for frost."""
    month = _travel_month(s)
    offset = _season(s).offset + (3 if "sued" in s.place.tags else 0)
    value = table("values")["base_temperature"][month - 1] + offset + s.rng.randint(-2, 2)
    s.nums["temp"] = value
    return f"minus {-value}" if value < 0 else str(value)


def _weather_words(s: Slots) -> str:
    """How the days feel at the row's temperature."""
    value = s.value("temp", "temp")
    if value >= 22:
        return "warm und sonnig"
    if value >= 14:
        return "mild und angenehm"
    return "frisch, aber oft sonnig" if value >= 5 else "klar und kalt"


def _activity(s: Slots, month: int) -> str:
    """What makes a month good at the place, as a verb-first clause."""
    season = _season(s)
    if month in _WINTER and season.winter_activities:
        return s.pick(season.winter_activities)
    return s.pick(season.activities)


def _good_month_other(s: Slots) -> str:
    """A good month outside the row's bad period, to suggest instead."""
    season = _season(s)
    bad_months = set(_bad_period(s).months)
    good = [m for m in season.good if m not in bad_months] or list(season.good)
    return _months()[good[s.rng.randrange(len(good))] - 1]


def _money_slot(name: str, low: int, high: int, cents: bool = False) -> Slot:
    """A slot drawing a price between low and high."""
    return lambda s: s.money(name, low, high, cents)


def _number_slot(name: str, low: int, high: int, step: int = 1) -> Slot:
    """A slot drawing a whole number between low and high."""
    return lambda s: str(s.num(name, low, high, step))


def _word_slot(options: Sequence[str]) -> Slot:
    """A slot drawing one of fixed words."""
    return lambda s: s.pick(options)


def _pool(s: Slots, pools: dict[str, list[str]], tags: Sequence[str]) -> list[str]:
    """The "all" pool with the pools of the place's country and of those of the tags it has."""
    pool = list(pools["all"]) + list(pools.get(s.place.country, ()))
    for tag in tags:
        if tag in s.place.tags:
            pool.extend(pools[tag])
    return pool


def _dish(s: Slots, avoid: str = "") -> str:
    """A dish of the place's cuisine, other than `avoid`."""
    pool = _pool(s, table("values")["dishes"], ("meer", "see", "alpen", "wein"))
    while True:
        dish = s.pick(pool)
        if dish != avoid:
            return dish


def _view(s: Slots) -> str:
    """What a room looks out on, in the accusative."""
    tags = s.place.tags
    pool = ["den Garten", "den Park"]
    pool += ["das Meer"] * 3 if "meer" in tags else []
    pool += ["den See"] * 3 if "see" in tags else []
    pool += ["die Berge"] * 3 if "alpen" in tags or "mittelgebirge" in tags else []
    pool += ["die Weinberge"] * 2 if "wein" in tags else []
    pool += ["die Altstadt"] * 2 if s.place.typ == "stadt" else []
    return s.pick(pool)


def _opening(s: Slots) -> list[str]:
    """Opening days and the rest day they leave, drawn once."""
    days = table("values")["opening_days"]
    if "days" not in s.nums:
        s.nums["days"] = s.rng.randrange(len(days))
    return days[s.nums["days"]]


def _clock_slot(name: str, low: int, high: int, shift: int = 0) -> Slot:
    """A slot giving a time of day on the half hour from low to high o'clock, drawn once per name, plus `shift`
    minutes (so that "uhr_auf_spaet" is an hour after "uhr_auf")."""
    return lambda s: _clock(s.num(name, low * 2, high * 2) * 30 + shift)


def _walk_duration(s: Slots) -> str:
    """Walking time for the trail length at about 4 km/h, in words."""
    km = int(s["n_wander_km"])
    halves = max(2, round(km / 4 * 2))
    hours, half = divmod(halves, 2)
    if hours == 1:
        return "eineinhalb Stunden" if half else "eine Stunde"
    words = table("values")["number_words"]
    word = words[hours] if hours < len(words) else str(hours)
    return f"{word}einhalb Stunden" if half else f"{word} Stunden"


def _age_word(s: Slots, which: int) -> str:
    """One of two different children's ages (youngest first), drawn once, in words."""
    if "age_a" not in s.nums:
        a, b = sorted(s.rng.sample(range(2, 13), 2))
        s.nums["age_a"], s.nums["age_b"] = a, b
    return table("values")["number_words"][s.nums["age_b" if which else "age_a"]]


def _alpine(low_range: Slot, alpine: Slot) -> Slot:
    """A slot drawn from an alpine range in the Alps and a low-mountain one elsewhere."""
    return lambda s: alpine(s) if "alpen" in s.place.tags else low_range(s)


def _tax_amount(s: Slots) -> str:
    """A visitor's tax per night, in cents precision ("2,60 Euro")."""
    cents = 10 * s.num("taxe", 12, 45)
    currency = "Franken" if s.place.country == "ch" else "Euro"
    return f"{cents // 100},{cents % 100:02d} {currency}"


def _decimal(s: Slots, name: str, low: int, high: int) -> str:
    """A number with one decimal written the German way ("2,5"), drawn in tenths."""
    tenths = s.num(name, low, high)
    return f"{tenths // 10},{tenths % 10}" if tenths % 10 else str(tenths // 10)


# The slots worked out here; templates/slots.yaml adds the ones that only draw a value.
_COMPUTED: dict[str, Slot] = {
    # the destination and the things in it
    "in_o": lambda s: s.place.in_,
    "nach_o": lambda s: s.place.nach,
    "hub": lambda s: s.place.hub,
    "weiter": lambda s: f", von dort geht es mit {s.place.leg} weiter" if s.place.leg else "",
    "ank": lambda s: "Hafen" if "faehre" in s.place.tags else "Bahnhof",
    "blick": _view,
    "kurtaxe_bare": lambda s: s.phrase("kt").nom,
    "vn": lambda s: s.phrase("v").nom,
    "gericht": _dish,
    "gericht2": lambda s: _dish(s, avoid=s["gericht"]),
    "kind_aktiv": lambda s: s.pick(_pool(s, table("values")["kids"], ("meer", "alpen"))),
    # dates, weather and seasons
    "monat": lambda s: s.pick(_months()),
    "monat_bis": lambda s: s.pick(_months()),
    "zeitraum": _period,
    "tage_auf": lambda s: _opening(s)[0],
    "ruhetag": lambda s: _opening(s)[1],
    "reisemonat": lambda s: _months()[_travel_month(s) - 1],
    "temp": _temperature,
    "wetter_adj": _weather_words,
    "aktiv": lambda s: _activity(s, _travel_month(s)),
    "gut_aktiv": lambda s: _activity(s, _months().index(_season(s).span[0]) + 1),
    "schlecht": lambda s: _bad_period(s).sentence,
    "schlecht_fakt": lambda s: _bad_period(s).clause,
    "schlecht_zeit": lambda s: _bad_period(s).period,
    "gut_von": lambda s: _season(s).span[0],
    "gut_bis": lambda s: _season(s).span[1],
    "gut_tipp": lambda s: s.pick(_season(s).tips),
    "gut_monat": _good_month_other,
    "saison": lambda s: "Hauptsaison" if _travel_month(s) in _season(s).good else "Nebensaison",
    "sonnen": lambda s: str(table("values")["sun_hours"][_travel_month(s) - 1] + s.rng.randint(0, 1)),
    "ev_monat": lambda s: _months()[_event_month(s) - 1],
    "ev_datum": _event_date,
    # counts, distances and prices that depend on other slots or on the place
    "n_alter_a": lambda s: _age_word(s, 0),
    "n_alter_b": lambda s: _age_word(s, 1),
    "n_qm2": lambda s: str(s.num("qm", 14, 24) + s.num("qm_plus", 8, 22)),
    "n_km_kurz": lambda s: _decimal(s, "km_kurz", 8, 68),
    "dauer_wander": _walk_duration,
    "n_hm": lambda s: str(s.num("hm", *table("values")["ascent"][s.place.climate], 10)),
    "n_pisten_km": _alpine(_number_slot("pisten", 8, 40), _number_slot("pisten", 40, 300, 5)),
    "m_hoehe": _alpine(_number_slot("hoehe", 800, 1400, 10), _number_slot("hoehe", 1600, 3200, 10)),
    "preis_nacht2": lambda s: s.price(s.value("preis_nacht", "nacht") + 2 * s.num("nacht_plus", 30, 120)),
    "preis_ez": lambda s: s.price(max(78, s.value("preis_nacht", "nacht") - 2 * s.num("ez_minus", 15, 40))),
    "preis_kind": lambda s: s.price(max(2, s.value("preis_eintritt", "eintritt") // 2)),
    "preis_familie": lambda s: s.price(
        3 * s.value("preis_eintritt", "eintritt") - 2 * s.num("familie_minus", 1, 5)
    ),
    "preis_taxe": _tax_amount,
    "preis_gericht2": lambda s: s.price(s.value("preis_gericht", "gericht") + 2 * s.num("gericht_plus", 6, 16)),
    "preis_skipass": _alpine(_money_slot("skipass", 28, 45), _money_slot("skipass", 52, 79)),
    "preis_skipass_kind": lambda s: s.price(s.value("preis_skipass", "skipass") * 3 // 5),
}


@cache
def slot_table() -> dict[str, Slot]:
    """Every slot a template may name, by name, except the noun phrases ({v}, {akk_hl}, ...)."""
    data = table("slots")
    return {
        **_COMPUTED,
        **{name: _clock_slot(*spec) for name, spec in data["clocks"].items()},
        **{name: _word_slot(options) for name, options in data["words"].items()},
        **{name: _number_slot(*spec) for name, spec in data["numbers"].items()},
        **{name: _money_slot(*spec) for name, spec in data["prices"].items()},
        **{name: _money_slot(*spec, cents=True) for name, spec in data["prices_with_cents"].items()},
    }
