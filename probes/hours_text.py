"""Find service hours in shop text and turn them into OSM ``opening_hours``.

A pure parser: it reads free text (a chat widget's greeting, a contact page, a
footer) in Finnish, Estonian, Swedish, Latvian, Lithuanian, Russian, German or
English (and Norwegian / Danish, reported as "no") and returns each stretch that
states hours, e.g.
``"Asiakaspalvelu palvelee ma–pe 9–16"`` gives ``Mo-Fr 09:00-16:00``.

Shop text is full of numbers that look like hours (phone numbers, prices,
dates, delivery times, sizes), and weekday abbreviations are also ordinary
syllables ("ma", "to", "la") or single capital letters (Estonian E T K N R L P).
So a stretch only counts when a weekday word sits right before a plausible
time range or a "closed" word, or when a time range carries a marker that only
clock times carry (``klo``, ``kell``, ``Uhr``, ``am``/``pm``, ``09:00``...).
Precision matters more than recall here: a shop wrongly credited with hours
is a wrong finding in an audit.

Standard library only, and every regex is compiled once at import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

__all__ = ["HoursMatch", "find_hours", "parse_hours"]

_OSM_DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")

# Weight of one piece of language evidence. Whole words ("suletud", "klo",
# "perjantaihin") say far more about the language than two-letter
# abbreviations, which several languages share ("Mo", "Sa", "Su").
_WORD_WEIGHT = 3.0
_ABBR_WEIGHT = 1.0


@dataclass(frozen=True)
class HoursMatch:
    """One stretch of text that states hours, and its ``opening_hours`` form."""

    opening_hours: str
    source: str  # the exact substring matched, text[start:end]
    start: int
    end: int
    language: str | None  # ISO 639-1 code, or None when the text does not tell


# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

# Full weekday names as regex stems; any inflection may follow, because the
# languages here decline them ("maanantaista", "reedeni", "пятницу").
_FULL_DAY_STEMS: dict[str, tuple[str, ...]] = {
    "fi": ("maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai", "sunnuntai"),
    "et": ("esmaspäev", "teisipäev", "kolmapäev", "neljapäev", "reede", "laupäev", "pühapäev"),
    "sv": ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"),
    # Norwegian and Danish write the weekdays alike; "no" stands for both.
    "no": ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"),
    "lv": ("pirmdien", "otrdien", "trešdien", "ceturtdien", "piektdien", "sestdien", "svētdien"),
    "lt": (
        "pirmadien",
        "antradien",
        "trečiadien",
        "ketvirtadien",
        "penktadien",
        "šeštadien",
        "sekmadien",
    ),
    # "сред" alone would also match "средство"; only the weekday's endings count.
    "ru": (
        "понедельник",
        "вторник",
        "сред(?=[аеуы])",
        "четверг",
        "пятниц",
        "суббот",
        "воскресень",
    ),
    "de": (
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "s(?:amstag|onnabend)",
        "sonntag",
    ),
    "en": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
}

# Abbreviations matched in any case ("MA-PE", "Mon–Fri").
_ABBR_CI_LISTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("fi", ("ma", "ti", "ke", "to", "pe", "la", "su")),
    ("sv", ("mån", "tis", "ons", "tor", "fre", "lör", "sön")),
    ("sv", ("mån", "tisd", "onsd", "tors", "fred", "lörd", "sönd")),
    ("no", ("man", "tir", "ons", "tor", "fre", "lør", "søn")),
    ("de", ("mo", "di", "mi", "do", "fr", "sa", "so")),
    ("en", ("mon", "tue", "wed", "thu", "fri", "sat", "sun")),
    ("en", ("mo", "tues", "we", "thur", "fr", "sa", "su")),
    ("en", ("mo", "tu", "we", "thurs", "fr", "sa", "su")),
    ("en", ("mo", "tu", "we", "th", "fr", "sa", "su")),
    ("ru", ("пн", "вт", "ср", "чт", "пт", "сб", "вс")),
)

# Abbreviations matched only as written: single capitals are ordinary letters
# in lower case, and "an"/"tr" are ordinary words. Order matters for the
# letters shared by Estonian and Latvian (P, T): Estonian is listed first and
# wins when nothing else in the text tells the two apart.
_ABBR_CS_LISTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("et", ("E", "T", "K", "N", "R", "L", "P")),
    ("lv", ("P", "O", "T", "C", "Pk", "S", "Sv")),
    ("lv", ("P", "O", "T", "C", "PK", "S", "SV")),
    ("lt", ("Pr", "An", "Tr", "Kt", "Pn", "Št", "Sk")),
    ("lt", ("PR", "AN", "TR", "KT", "PN", "ŠT", "SK")),
    # Lithuanian shops number the weekdays with Roman numerals: I–V, VI, VII.
    ("lt", ("I", "II", "III", "IV", "V", "VI", "VII")),
)

# Words that stand for a set of days. (regex, OSM selector, languages, may
# follow the times). Only every-day words may follow a time range on weak
# evidence; "7–14 vardagar" is a delivery time, not hours.
_MO_SU, _MO_FR, _SA_SU, _PH = "Mo-Su", "Mo-Fr", "Sa-Su", "PH"
_GROUP_WORDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    # every day
    (r"joka\s+päivä|jokapäivä|päivittäin|kaikkina\s+päivinä", _MO_SU, ("fi",)),
    (r"iga\s*päev|igapäevaselt|(?:7|seitse)\s+päeva\s+nädalas", _MO_SU, ("et",)),
    (r"alla\s+dagar|dagligen|varje\s+dag|(?:7|sju)\s+dagar\s+i\s+veckan", _MO_SU, ("sv",)),
    (r"alle\s+dager|alle\s+dage|daglig|hver\s+dag", _MO_SU, ("no",)),
    (r"katru\s+dienu|ik\s+dienu|visas\s+dienas|bez\s+brīvdienām", _MO_SU, ("lv",)),
    (r"kasdien|kiekvieną\s+dieną|visomis\s+dienomis|be\s+išeiginių", _MO_SU, ("lt",)),
    (r"ежедневно|каждый\s+день|без\s+выходных|7\s+дней\s+в\s+неделю", _MO_SU, ("ru",)),
    (r"täglich|jeden\s+tag|7\s+tage\s+die\s+woche", _MO_SU, ("de",)),
    (r"daily|every\s+day|(?:7|seven)\s+days\s+a\s+week", _MO_SU, ("en",)),
    # weekdays
    (r"arkisin|arkipäivisin|arkipäivinä|arkena|ark\.", _MO_FR, ("fi",)),
    (r"tööpäeviti|tööpäevadel|argipäeviti|argipäevadel", _MO_FR, ("et",)),
    (r"vardagar(?:na)?|vardag", _MO_FR, ("sv",)),
    (r"hverdager|hverdage|på\s+hverdager", _MO_FR, ("no",)),
    (r"darba\s+dienās|darbdienās|darbadienās", _MO_FR, ("lv",)),
    (r"darbo\s+dienomis|darbo\s+dienos", _MO_FR, ("lt",)),
    (r"по\s+будням|в\s+будни(?:е\s+дни)?|будни(?:е\s+дни)?", _MO_FR, ("ru",)),
    (r"werktags|wochentags|an\s+werktagen", _MO_FR, ("de",)),
    (r"(?:on\s+)?weekdays", _MO_FR, ("en",)),
    # weekends
    (r"viikonloppuisin|viikonloppuna", _SA_SU, ("fi",)),
    (r"nädalavahetusel|nädalavahetustel", _SA_SU, ("et",)),
    (r"helger(?:na)?", _SA_SU, ("sv",)),
    (r"i\s+helgen|i\s+weekenden|lørdag\s+og\s+søndag", _SA_SU, ("no",)),
    (r"brīvdienās|nedēļas\s+nogalēs?", _SA_SU, ("lv",)),
    (r"savaitgaliais|savaitgalį", _SA_SU, ("lt",)),
    (r"в\s+выходные(?:\s+дни)?|по\s+выходным", _SA_SU, ("ru",)),
    (r"am\s+wochenende|wochenends", _SA_SU, ("de",)),
    (r"(?:on\s+|at\s+)?weekends?", _SA_SU, ("en",)),
    # public holidays
    (r"pyhäpäivinä|pyhinä|arkipyhinä", _PH, ("fi",)),
    (r"riigipühadel|pühadel", _PH, ("et",)),
    (r"helgdagar(?:na)?|röda\s+dagar", _PH, ("sv",)),
    (r"helligdager|helligdage", _PH, ("no",)),
    (r"svētku\s+dienās", _PH, ("lv",)),
    (r"švenčių\s+dienomis|šventinėmis\s+dienomis", _PH, ("lt",)),
    (r"в\s+праздничные\s+дни|в\s+праздники|праздничные\s+дни", _PH, ("ru",)),
    (r"an\s+feiertagen|feiertags|feiertage", _PH, ("de",)),
    (r"(?:on\s+)?(?:public|bank)\s+holidays", _PH, ("en",)),
)

_CLOSED_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"suljettu|kiinni", ("fi",)),
    (r"suletud|kinni|puhkepäev", ("et",)),
    (r"stängt|stängd", ("sv",)),
    (r"stengt|lukket", ("no",)),
    (r"slēgts|nestrādājam|brīvdiena", ("lv",)),
    (r"nedirbame|nedirba|uždaryta|poilsio\s+diena|išeiginė", ("lt",)),
    (r"выходн(?:ой|ые)(?:\s+дни|\s+день)?|закрыто|не\s+работаем", ("ru",)),
    (r"geschlossen|ruhetag", ("de",)),
    (r"closed", ("en",)),
)

# Round-the-clock claims, kept as their own match: they are usually about the
# web shop, not about people answering the chat.
_ALWAYS_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"ympäri\s+vuorokauden", ("fi",)),
    (r"ööpäevaringselt", ("et",)),
    (r"dygnet\s+runt", ("sv",)),
    (r"døgnet\s+rundt|hele\s+døgnet", ("no",)),
    (r"visu\s+diennakti", ("lv",)),
    (r"visą\s+parą", ("lt",)),
    (r"круглосуточно", ("ru",)),
    (r"rund\s+um\s+die\s+uhr", ("de",)),
    (r"around\s+the\s+clock|24\s+hours\s+a\s+day", ("en",)),
)

# Words near a time range that tell its language.
_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"klo|kello", ("fi",)),
    (r"kell|kella|kuni", ("et",)),
    (r"klockan", ("sv",)),
    (r"kl", ("sv", "no")),
    (r"klokken", ("no",)),
    (r"till", ("sv", "en")),
    (r"uhr|bis|von", ("de",)),
    (r"līdz", ("lv",)),
    (r"nuo|iki|val", ("lt",)),
    (r"с|со|до|ч", ("ru",)),
    (r"[ap]\.?m\.?|to|from|until", ("en",)),
)


def _alt(patterns: Iterable[str]) -> str:
    """Join regex fragments into one alternation."""
    return "|".join(f"(?:{p})" for p in patterns)


def _by_length(words: Iterable[str]) -> list[str]:
    """Escape literal words, longest first so no word hides a longer one."""
    return [re.escape(w) for w in sorted(set(words), key=len, reverse=True)]


def _day_table(
    lists: Iterable[tuple[str, tuple[str, ...]]], fold: bool
) -> dict[str, dict[str, int]]:
    """Map each abbreviation to {language: weekday index}."""
    table: dict[str, dict[str, int]] = {}
    for lang, names in lists:
        for index, name in enumerate(names):
            table.setdefault(name.lower() if fold else name, {}).setdefault(lang, index)
    return table


_ABBR_CI = _day_table(_ABBR_CI_LISTS, fold=True)
_ABBR_CS = _day_table(_ABBR_CS_LISTS, fold=False)
_FULL_DAYS: list[tuple[re.Pattern[str], str, int]] = [
    (re.compile(rf"(?i:{stem})\w*"), lang, index)
    for lang, stems in _FULL_DAY_STEMS.items()
    for index, stem in enumerate(stems)
]

# --------------------------------------------------------------------------
# Regex building blocks
# --------------------------------------------------------------------------

_DASH = "-–—‑−"  # hyphen, en dash, em dash, non-breaking hyphen, minus

_DAY = (
    r"(?<!\w)(?:"
    + _alt(f"(?i:{stem})\\w*" for stems in _FULL_DAY_STEMS.values() for stem in stems)
    + "|(?i:"
    + "|".join(_by_length(_ABBR_CI))
    + ")|"
    + "|".join(_by_length(_ABBR_CS))
    + r")(?!\w)\.?"
)
_GROUP = r"(?<!\w)(?i:" + _alt(p for p, _, _ in _GROUP_WORDS) + r")(?!\w)"
_TRAIL_GROUP = r"(?<!\w)(?i:" + _alt(p for p, sel, _ in _GROUP_WORDS if sel != _PH) + r")(?!\w)"
_CLOSED = r"(?<!\w)(?i:" + _alt(p for p, _ in _CLOSED_WORDS) + r")(?!\w)"
_ALWAYS = (
    r"(?<![\d/.,])24\s?/\s?7(?:\s?/\s?365)?(?![\d/])"
    r"|(?<!\w)(?i:" + _alt(p for p, _ in _ALWAYS_WORDS) + r")(?!\w)"
)

# Between two weekdays: a range ("ma–pe", "Mon to Fri", "с ... по ...") ...
_DAY_RANGE_SEP = (
    rf"\s*[{_DASH}]\s*|\s+(?i:to|till|through|thru|until|bis|kuni|по|до|līdz|iki)\s+"
    # ... or the elative case alone: "maanantaista perjantaihin", "esmaspäevast reedeni".
    r"|(?i:(?<=sta)|(?<=stä)|(?<=st))\s+"
)
# ... or a list ("la, su", "Sa und So").
_DAY_LIST_SEP = r"\s*[,&+/]\s*|\s+(?i:ja|and|und|och|og|un|ir|и|ning|sekä|samt)\s+"
_DAY_PREFIX = r"(?<!\w)(?i:from|von|vom|с|со|no|nuo|från|alates)\s+"
_DAY_ITEM = rf"(?:{_GROUP}|{_DAY})"
# Bounded repeats: a week has seven days and a day a few shifts, and an
# unbounded chain would make "ma-ma-ma-..." quadratic.
_DAYSPEC = (
    rf"(?:{_DAY_PREFIX})?{_DAY_ITEM}(?:(?:{_DAY_RANGE_SEP}|{_DAY_LIST_SEP}){_DAY_ITEM}){{0,7}}"
)
_DAY_TIME_SEP = rf"\s*(?::|,|[{_DASH}](?=\s))?\s*"

_CLOCK_WORDS = frozenset({"klockan", "klokken", "kello", "klo", "kl", "kella", "kell"})
_TIME_PREFIX = (
    r"(?<!\w)(?i:"
    + "|".join(sorted(_CLOCK_WORDS, key=len, reverse=True))
    + r"|from|von|с|со|no|nuo|från)"
    r"(?!\w)\.?\s*"
)
# Only the abbreviations keep their dot: "Uhr." ends a sentence.
_TIME_SUFFIX = r"\s?(?:(?i:uhr|h)(?!\w)|(?i:val|ч)(?!\w)\.?)"
_MERIDIEM = r"\s?(?i:[ap]\.?m\b\.?)"
# A clock time is one or two digits not glued to other digits: that alone
# rules out phone numbers ("5123 4567"), years and order numbers.
_NOT_AFTER_NUMBER = r"(?<!\d)(?<!\d[.,:/])"
_NOT_BEFORE_NUMBER = r"(?!\d)(?![.,:]\d)"
_RANGE_SEP = rf"\s*[{_DASH}]\s*|\s+(?i:to|till|until|bis|kuni|до|līdz|iki)\s+"
_TIME_LIST_SEP = r"\s*[,/&+]\s*|\s+(?i:ja|and|und|och|og|un|ir|и|sekä|samt|ning)\s+"


def _time_range(named: bool) -> str:
    """A time range regex; with named groups for parsing, without for the big regex."""

    def g(name: str, body: str) -> str:
        return f"(?P<{name}>{body})" if named else f"(?:{body})"

    def atom(n: str, first: bool) -> str:
        # The first clock time must not follow "digit-", or "2024-05-09" would
        # yield 05-09; the second one necessarily follows a dash.
        lead = _NOT_AFTER_NUMBER + (rf"(?<!\d[{_DASH}])" if first else "")
        return (
            g(f"p{n}", _TIME_PREFIX)
            + "?"
            + lead
            + g(f"h{n}", r"\d{1,2}")
            + r"(?:"
            + g(f"c{n}", "[:.]")
            + g(f"m{n}", r"[0-5]\d")
            + ")?"
            + _NOT_BEFORE_NUMBER
            + g(f"a{n}", _MERIDIEM)
            + "?"
            + g(f"s{n}", _TIME_SUFFIX)
            + "?"
        )

    return atom("1", True) + g("r", _RANGE_SEP) + atom("2", False)


_TIME_RANGE = _time_range(named=False)
_TIMES = rf"{_TIME_RANGE}(?:(?:{_TIME_LIST_SEP}){_TIME_RANGE}){{0,3}}"

_RULE_RE = re.compile(
    rf"(?P<a>(?P<a_days>{_DAYSPEC}){_DAY_TIME_SEP}(?:(?P<a_times>{_TIMES})|(?P<a_closed>{_CLOSED})))"
    # "closed on weekends", "suljettu viikonloppuisin": the closed word first.
    rf"|(?P<c>(?P<c_closed>{_CLOSED})(?:\s*[{_DASH}:]\s*|\s+)(?:(?i:on|am|an)\s+)?(?P<c_days>{_DAYSPEC}))"
    rf"|(?P<always>{_ALWAYS})"
    rf"|(?P<b>(?P<b_times>{_TIMES})\s*,?\s*(?P<b_group>{_TRAIL_GROUP}))"
    rf"|(?P<d>{_TIMES})"
)
_TIME_RANGE_RE = re.compile(_time_range(named=True))
_DAY_RE = re.compile(_DAY)
_GROUP_RE = re.compile(_GROUP)
_DAY_PREFIX_RE = re.compile(_DAY_PREFIX)
_DAY_RANGE_SEP_RE = re.compile(_DAY_RANGE_SEP)
_DAY_LIST_SEP_RE = re.compile(_DAY_LIST_SEP)
_GROUP_LOOKUP = [(re.compile(rf"(?i:{p})"), sel, langs) for p, sel, langs in _GROUP_WORDS]
_CLOSED_LOOKUP = [(re.compile(rf"(?i:{p})"), langs) for p, langs in _CLOSED_WORDS]
_ALWAYS_LOOKUP = [(re.compile(rf"(?i:{p})"), langs) for p, langs in _ALWAYS_WORDS]
# Not glued to letters, but digits may touch: "5pm", "9h".
_KEYWORD_RE = [(re.compile(rf"(?<![^\W\d])(?i:{p})(?![^\W\d])"), langs) for p, langs in _KEYWORDS]
_TRAIL_GROUP_RE = re.compile(rf"\s*{_TRAIL_GROUP}")

# What follows a number range that is not a clock time: money, percentages,
# units, durations ("toimitus 1–3 arkipäivässä", "tarne 2-5 tööpäeva"), ages.
_UNIT_AFTER_RE = re.compile(
    r"\s*(?:[€$£₽%]|:-"
    r"|(?i:eur|euro|usd|sek|nok|dkk|kr|руб|р|cm|mm|km|kg|ml|kpl|tk|st|stk|pcs|шт)(?!\w)"
    # A lone lower-case letter is a unit or an abbreviated "years" ("10–12 a",
    # "3–6 v"); upper case is kept for weekdays ("E-R 9-18 L-P suletud"), and
    # "h" is a clock suffix.
    r"|[a-gi-z](?![\w'’\-–])"
    r"|(?i:euro|päiv|arkipäiv|vrk|viiko|viikko|kuukau|tunti|tunni|minuut|sekunt|vuo"
    r"|päev|tööpäev|argipäev|nädal|kuud|tund|minut|aasta"
    r"|dag|vardag|arbetsdag|veck|månad|timm|år"
    r"|dien|darbdien|nedēļ|mēneš|stund|gad"
    r"|darbo|savait|mėnes|valand|metų|met"
    r"|дн|день|недел|месяц|час|минут|год|лет"
    r"|tag|werktag|woche|monat|stunde|jahr|minute"
    r"|day|business|working|week|month|hour|hrs|year|min"
    r"|size|koko|suurus|storlek|größe|размер|izmēr|dydis"
    # head counts: "La 10–12 henkilöä", "Sa 10–12 Personen" (group sizes, ages of players)
    r"|henk|hlö|osallistuj|inime|isik|osalej|person|people|guest|gäst|deltag|participant"
    r"|teilnehm|cilvēk|dalībniek|asmen|žmon|dalyv|человек|чел|участник|spieler|player"
    r"|stück|piece|kappale|tükk|gab|vnt))"
)
_CURRENCY_BEFORE_RE = re.compile(
    r"(?:[€$£₽]|(?i:eur|hinta|hind|pris|cena|kaina|цена|preis|price)\s*:?)\s*$"
)
# A day glued to a word and a dash ("xyz–fre 9–16") ends a range in words this parser does
# not know; reading "fre 9–16" alone would credit Friday only.
_GLUED_RANGE_BEFORE_RE = re.compile(rf"[^\W\d][{_DASH}]\s*$")
# "pe 13.12. klo 10–14" is one event, not weekly hours.
_DATE_BEFORE_RE = re.compile(r"\d{1,2}\.\d{1,2}\.?(?:\d{2,4})?\s*(?:\w{1,5}\.?\s*)?$")
# Text allowed between two rules of one statement: "ma–pe 9–16, la 10–14".
_GAP_RE = re.compile(
    # The dashes go first in the class: after "]" a "-" would make a range over most letters.
    r"[" + _DASH + r"\s,;.:|/·•()\[\]]*(?:(?i:ja|and|und|och|og|un|ir|и|sekä|samt|ning|&)[\s,;]*)?"
)
_MAX_GAP = 24

# Letters that belong to one target language only; a fallback when a
# statement itself does not tell Estonian "P" (Sunday) from Latvian "P" (Monday).
_LETTER_HINTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile("[õÕ]"), "et"),
    (re.compile("[āēīģķļņĀĒĪĢĶĻŅ]"), "lv"),
    (re.compile("[ąęėįųĄĘĖĮŲ]"), "lt"),
    (re.compile("[åÅ]"), "sv"),
    (re.compile("[ßẞ]"), "de"),
    (re.compile("[а-яА-ЯёЁ]"), "ru"),
)

# --------------------------------------------------------------------------
# Parsing one rule
# --------------------------------------------------------------------------

_Evidence = list[tuple[tuple[str, ...], float]]
_DayMap = Mapping[str, int]
# A day-selector item: a fixed OSM selector ("Mo-Fr", "PH"), or one weekday,
# or a range of two weekdays, each weekday given per language.
_Item = str | tuple[_DayMap] | tuple[_DayMap, _DayMap]


@dataclass
class _Rule:
    """One day selector with its times (or "off"), before languages are settled."""

    start: int
    end: int
    items: list[_Item] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    closed: bool = False
    always: bool = False
    weak: bool = False  # a lone abbreviation such as "su" or "L"
    evidence: _Evidence = field(default_factory=list)


def _lookup_day(token: str) -> tuple[_DayMap, _Evidence] | None:
    """Weekday index per language for one matched day token."""
    word = token.rstrip(".")
    for pattern, lang, index in _FULL_DAYS:
        if pattern.fullmatch(word):
            return {lang: index}, [((lang,), _WORD_WEIGHT)]
    found = _ABBR_CS.get(word) or _ABBR_CI.get(word.lower())
    if found is None:
        return None
    return found, [(tuple(found), _ABBR_WEIGHT)]


def _parse_days(text: str) -> tuple[list[_Item], _Evidence, bool] | None:
    """Split a matched day specification into selector items.

    Returns the items, the language evidence, and whether the specification
    is one weak abbreviation.
    """
    items: list[_Item] = []
    evidence: _Evidence = []
    pos = 0
    prefix = _DAY_PREFIX_RE.match(text)
    if prefix:
        pos = prefix.end()
    join = "list"
    abbreviations = 0
    strong = False
    while pos < len(text):
        group = _GROUP_RE.match(text, pos)
        day = None if group else _DAY_RE.match(text, pos)
        if group:
            word = group.group()
            for pattern, selector, langs in _GROUP_LOOKUP:
                if pattern.fullmatch(word):
                    items.append(selector)
                    evidence.append((langs, _WORD_WEIGHT))
                    break
            strong = True
            pos = group.end()
        elif day:
            looked = _lookup_day(day.group())
            if looked is None:
                return None
            day_map, day_evidence = looked
            evidence.extend(day_evidence)
            if day_evidence[0][1] == _WORD_WEIGHT:
                strong = True
            else:
                abbreviations += 1
            previous = items[-1] if items else None
            if join == "range" and isinstance(previous, tuple):
                items[-1] = (previous[0], day_map)
            else:
                items.append((day_map,))
            pos = day.end()
        else:
            return None
        if pos >= len(text):
            break
        range_sep = _DAY_RANGE_SEP_RE.match(text, pos)
        list_sep = None if range_sep else _DAY_LIST_SEP_RE.match(text, pos)
        if range_sep:
            join, pos = "range", range_sep.end()
        elif list_sep:
            join, pos = "list", list_sep.end()
        else:
            return None
    if not items:
        return None
    weak = not strong and abbreviations == 1 and len(items) == 1
    return items, evidence, weak


def _to_24h(hour: int, meridiem: str) -> int:
    """Convert a 12-hour clock hour; meridiem is "a" or "p"."""
    if meridiem == "a":
        return 0 if hour == 12 else hour
    return hour if hour == 12 else hour + 12


def _parse_time_range(m: re.Match[str]) -> tuple[str, bool, int, int] | None:
    """One clock range as "HH:MM-HH:MM", whether it is clearly a clock time,
    and its start and end in minutes; None when it cannot be opening hours."""
    h1, h2 = int(m["h1"]), int(m["h2"])
    m1, m2 = int(m["m1"] or 0), int(m["m2"] or 0)
    ap1 = m["a1"].strip()[0].lower() if m["a1"] else ""
    ap2 = m["a2"].strip()[0].lower() if m["a2"] else ""
    hours_only = not (m["m1"] or m["m2"] or ap1 or ap2)
    # "klo 9–16" and "von 9 bis 17" are clock times; "no 9-5" alone is not.
    prefix = (m["p1"] or "").strip().rstrip(".").lower()
    word_range = bool(m["r"].strip().strip(_DASH))
    strong = (
        prefix in _CLOCK_WORDS
        or (bool(prefix) and word_range)
        or bool(m["s1"] or m["s2"] or ap1 or ap2)
        or (m["c1"] == ":" and m["c2"] == ":")
    )
    if m1 % 5 or m2 % 5:  # "1.06–15.06" is a date range; shops open on the five
        return None
    if ap1 or ap2:
        if not (1 <= h1 <= 12 and 1 <= h2 <= 12):
            return None
        if ap1 and ap2:
            h1, h2 = _to_24h(h1, ap1), _to_24h(h2, ap2)
        elif ap2:  # "9-5pm": the start shares the end's half of the day unless that is later
            h2 = _to_24h(h2, ap2)
            h1 = _to_24h(h1, ap2)
            if h1 * 60 + m1 >= h2 * 60 + m2:
                h1 -= 12
        else:  # "9am-5": the end shares the start's half of the day unless that is earlier
            h1 = _to_24h(h1, ap1)
            h2 = _to_24h(h2, ap1)
            if h2 * 60 + m2 <= h1 * 60 + m1:
                h2 = (h2 + 12) % 24
        if h1 < 0:
            return None
    if h1 > 24 or h2 > 24 or (h1 == 24 and m1) or (h2 == 24 and m2):
        return None
    if hours_only:
        if (h1, h2) == (0, 24):
            strong = True  # "E–P 0–24" is how Estonian shops say round the clock
        else:
            if h2 < h1 and h2 <= 12 and h2 + 12 > h1:  # English "9-5"
                h2 += 12
            # Bare small numbers ("1–3", "2-5") are counts, not opening hours.
            if not 5 <= h1 < h2 <= 24:
                return None
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if start == end or h1 == 24:
        return None
    if end == 0:
        end = 24 * 60  # "18:00-00:00" closes at midnight
    if end < start and not (end <= 6 * 60 and start >= 12 * 60):
        return None  # only late evenings may run past midnight
    if h1 < 5 and start != 0 and not end < start:
        return None  # "1.05–15.05" is a date range, not 01:05
    text = f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"
    return text, strong, start, end


def _parse_times(text: str) -> list[tuple[str, bool, int, int]] | None:
    """All clock ranges in a matched times string, or None if any is implausible."""
    ranges = []
    for m in _TIME_RANGE_RE.finditer(text):
        parsed = _parse_time_range(m)
        if parsed is None:
            return None
        ranges.append(parsed)
    return ranges or None


def _keyword_evidence(text: str) -> _Evidence:
    """Language evidence from words such as "klo", "kell", "Uhr" around times."""
    evidence: _Evidence = []
    for pattern, langs in _KEYWORD_RE:
        evidence.extend((langs, _WORD_WEIGHT) for _ in pattern.finditer(text))
    return evidence


def _word_langs(word: str, table: list[tuple[re.Pattern[str], tuple[str, ...]]]) -> tuple[str, ...]:
    """Languages of a closed-word or round-the-clock phrase."""
    for pattern, langs in table:
        if pattern.fullmatch(word):
            return langs
    return ()


def _followed_by_unit(text: str, end: int) -> bool:
    """Whether a number range is followed by money, a unit or a duration."""
    if _TRAIL_GROUP_RE.match(text, end):
        return False
    return _UNIT_AFTER_RE.match(text, end) is not None


def _rule_from_match(text: str, m: re.Match[str]) -> _Rule | None:
    """Validate one regex match and turn it into a rule, or None to drop it."""
    rule = _Rule(start=m.start(), end=m.end())
    if m["always"]:
        rule.always = True
        rule.evidence = [(_word_langs(m["always"], _ALWAYS_LOOKUP), _WORD_WEIGHT)]
        return rule
    if m["a"] and _GLUED_RANGE_BEFORE_RE.search(text, max(0, m.start() - 3), m.start()):
        return None
    if m["a"] or m["c"]:
        days = _parse_days(m["a_days"] or m["c_days"])
        if days is None:
            return None
        rule.items, rule.evidence, rule.weak = days
        closed = m["a_closed"] or m["c_closed"]
        if closed:
            rule.closed = True
            rule.evidence.append((_word_langs(closed, _CLOSED_LOOKUP), _WORD_WEIGHT))
            return rule
        times_text = m["a_times"]
    elif m["b"]:
        group = m["b_group"]
        for pattern, selector, langs in _GROUP_LOOKUP:
            if pattern.fullmatch(group):
                rule.items = [selector]
                rule.evidence = [(langs, _WORD_WEIGHT)]
                break
        times_text = m["b_times"]
    else:
        times_text = m["d"]
    ranges = _parse_times(times_text)
    if ranges is None:
        return None
    if not m["b"] and _followed_by_unit(text, m.end()):
        return None
    if m["b"]:
        # A time range before "daily" may be plain ("10–20 joka päivä"), but
        # before any other day word it must look like a clock ("kl. 9–17 vardagar").
        everyday = rule.items == [_MO_SU]
        if not all(s or (everyday and a >= 6 * 60 and b - a >= 4 * 60) for _, s, a, b in ranges):
            return None
    if m["d"]:
        if not all(s for _, s, _, _ in ranges):
            return None
        before = text[max(0, m.start() - 16) : m.start()]
        if _DATE_BEFORE_RE.search(before) or _CURRENCY_BEFORE_RE.search(before):
            return None
    rule.times = [t for t, _, _, _ in ranges]
    rule.evidence.extend(_keyword_evidence(times_text))
    return rule


# --------------------------------------------------------------------------
# Statements: rules that stand together
# --------------------------------------------------------------------------


def _choose_language(evidence: _Evidence) -> str | None:
    """The language with the most evidence, or None on a tie or none at all."""
    scores: dict[str, float] = {}
    for langs, weight in evidence:
        for lang in langs:
            scores[lang] = scores.get(lang, 0.0) + weight / len(langs)
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def _text_language(text: str) -> str | None:
    """A language told by letters only one target language uses."""
    for pattern, lang in _LETTER_HINTS:
        if pattern.search(text):
            return lang
    return None


def _resolve(day_map: _DayMap, langs: tuple[str | None, ...]) -> int:
    """Pick the weekday index of a token for the first language that has one."""
    for lang in langs:
        if lang is not None and lang in day_map:
            return day_map[lang]
    return next(iter(day_map.values()))


def _format_rule(rule: _Rule, langs: tuple[str | None, ...]) -> str:
    """One rule in opening_hours syntax."""
    if rule.always:
        return "24/7"
    parts = []
    for item in rule.items:
        if isinstance(item, str):
            parts.append(item)
        elif len(item) == 1:
            parts.append(_OSM_DAYS[_resolve(item[0], langs)])
        else:
            a, b = _resolve(item[0], langs), _resolve(item[1], langs)
            parts.append(_OSM_DAYS[a] if a == b else f"{_OSM_DAYS[a]}-{_OSM_DAYS[b]}")
    selector = ",".join(parts)
    hours = "off" if rule.closed else ",".join(rule.times)
    return f"{selector} {hours}" if selector else hours


def _statements(text: str, rules: list[_Rule]) -> list[list[_Rule]]:
    """Group rules that follow each other with only punctuation or "and" between."""
    groups: list[list[_Rule]] = []
    for rule in rules:
        if groups and not rule.always and not groups[-1][-1].always:
            gap = text[groups[-1][-1].end : rule.start]
            if len(gap) <= _MAX_GAP and _GAP_RE.fullmatch(gap):
                groups[-1].append(rule)
                continue
        groups.append([rule])
    return groups


def find_hours(text: str) -> list[HoursMatch]:
    """Every statement of hours in ``text``, in order of appearance."""
    if not text:
        return []
    rules = [r for m in _RULE_RE.finditer(text) if (r := _rule_from_match(text, m)) is not None]
    text_lang = _text_language(text)
    matches: list[HoursMatch] = []
    for group in _statements(text, rules):
        # "Su suletud" on its own says little; next to "Mo-Fr 9-17" it is a rule.
        if not any(r.times or r.always for r in group):
            group = [r for r in group if not r.weak]
        if not group:
            continue
        evidence = [e for r in group for e in r.evidence]
        language = _choose_language(evidence)
        langs = (language, text_lang)
        rendered: list[str] = []
        for rule in group:
            formatted = _format_rule(rule, langs)
            if formatted not in rendered:
                rendered.append(formatted)
        start, end = group[0].start, group[-1].end
        matches.append(
            HoursMatch(
                opening_hours="; ".join(rendered),
                source=text[start:end],
                start=start,
                end=end,
                language=language,
            )
        )
    return matches


def _has_day_selector(opening_hours: str) -> bool:
    """Whether any rule names days, unlike a bare "10:00-18:00" or "24/7"."""
    return any(rule[:1].isalpha() for rule in opening_hours.split("; "))


def parse_hours(text: str) -> str | None:
    """The merged ``opening_hours`` of all statements in ``text``, or None.

    Statements that name days win over bare time ranges and round-the-clock
    claims, which are kept only when nothing more specific was found: "24/7"
    on a shop page is usually about ordering, and a bare rule would override
    every day-specific one in opening_hours semantics.
    """
    found = [m.opening_hours for m in find_hours(text)]
    if not found:
        return None
    specific = [h for h in found if _has_day_selector(h)]
    chosen = specific or [h for h in found if h != "24/7"] or found
    rules: list[str] = []
    for hours in chosen:
        for rule in hours.split("; "):
            if rule not in rules:
                rules.append(rule)
    return "; ".join(rules)
