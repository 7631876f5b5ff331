"""German polarity words for the offline sentiment scorer, written for tourism answers (base forms, lower case)."""

from __future__ import annotations

POSITIVE: frozenset[str] = frozenset(
    """
    gut besser beste bestens schön wunderschön herrlich traumhaft toll super prima wunderbar großartig
    hervorragend ausgezeichnet exzellent fantastisch phantastisch perfekt ideal empfehlenswert empfehlen
    empfiehlt lohnend lohnt lohnenswert sehenswert beliebt gemütlich ruhig idyllisch malerisch charmant
    reizvoll attraktiv beeindruckend eindrucksvoll atemberaubend spektakulär faszinierend einzigartig
    freundlich herzlich gastfreundlich hilfsbereit sauber gepflegt komfortabel bequem günstig preiswert
    erschwinglich lecker köstlich vielfältig abwechslungsreich entspannt erholsam angenehm
    familienfreundlich kinderfreundlich barrierefrei zufrieden begeistert genießen genießt gerne gern
    vorteil highlight höhepunkt geheimtipp sonnig kostenlos gratis geeignet sicher zuverlässig pünktlich
    liebevoll romantisch prächtig erstklassig hochwertig lebendig spannend unvergesslich
    """.split()  # noqa: SIM905 - a word list reads best as plain words
)

NEGATIVE: frozenset[str] = frozenset(
    """
    schlecht schlimm schrecklich furchtbar katastrophal enttäuschend enttäuscht teuer
    teurer überteuert laut überfüllt schmutzig dreckig ungepflegt veraltet unfreundlich unhöflich langweilig
    gefährlich gesperrt geschlossen ausgebucht leider problem probleme mangel mängel ärger ärgerlich unbequem
    regnerisch stau verspätet verspätung ausfall baustelle lärm beschwerde vorsicht warnung nachteil abzocke
    unsicher unzuverlässig unpünktlich nervig anstrengend mühsam schwierig kompliziert riskant verboten schade
    mies miserabel unzumutbar unsauber stressig hektisch kaputt defekt ungenießbar lästig
    """.split()  # noqa: SIM905 - a word list reads best as plain words
)

# Words that turn the polarity of a word shortly after them ("nicht schön", "ohne Probleme").
NEGATORS: frozenset[str] = frozenset(
    "nicht kein keine keinen keinem keiner keines nie niemals kaum ohne weder nichts".split()  # noqa: SIM905
)

# Adjective endings tried when an inflected form is not listed itself ("schönen", "günstigste").
SUFFIXES: tuple[str, ...] = (
    "esten",
    "estem",
    "ester",
    "estes",
    "este",
    "sten",
    "stem",
    "ster",
    "stes",
    "ste",
    "en",
    "em",
    "er",
    "es",
    "e",
    "s",
)
