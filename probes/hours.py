"""The ``hours`` probe: service hours a customer can see, and whether the chat keeps them.

Pure and deterministic: it reads the visit's ``ChatInteraction`` records (the opened
widget's text and the vendor's documented status call), the chat widgets' own
elements on the pages (``DomMarker`` text: a proactive greeting or launcher bubble),
and the saved HTML of the captured pages; never a browser or the network.

Where hours are looked for, most trusted first (``WHERES``):

1. ``widget``: the opened widget's text (its greeting, its "we answer ma–pe 9–16");
2. ``greeting``: the text of the chat vendor's elements on a page before opening;
3. ``contact``: the contact / customer-service page (role ``contact``), footer excluded;
4. ``footer``: ``<footer>``, ``role=contentinfo`` or an element whose id or class holds
   "footer", on any page;
5. ``page``: the rest of the text of the other pages.

Every statement found is listed in ``sources``; the one shown in ``opening_hours`` comes
from the most trusted place, and within a place from text about the chat, then about
customer service, then about opening hours, then other text, then text about a physical
store (``TOPICS``), then the statement that names days over a bare time or "24/7".
Outside the widget a bare time range ("klo 10–18") or "24/7" counts only next to words
about the chat, customer service or opening hours, because shop pages are full of
pick-up times and "order online 24/7".

The status at the visit comes from the vendor's status call when it answered
(``ChatInteraction.status``), else from the widget's own words (online / away / offline
words in the eight languages, and the collector's ``offline_form``). It is compared with
the hours at the local time of the page where the chat was read, in the shop's time
zone: the shop list's ``timezone``, else its country's zone, else the zone of the shop's
country-code domain (``timezone_source`` says which).

Decisions:

- ``away`` counts as online-ish: staff are signed in but not at the desk, and vendors
  (Tawk, Zendesk Classic) still take the conversation or queue it, so ``away`` agrees
  with open hours and disagrees with closed ones.
- Public holidays (``PH``) are unknown: the hours are evaluated as if the day were and
  were not a holiday, and when the two answers differ the result is ``None``.
- A status call that ``measures`` the vendor's configured schedule (Gorgias, Kustomer) is
  still compared; ``status_measures`` says so, because agreement then shows a consistent
  set-up rather than people at work.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from probes.artifacts import ChatInteraction, PageCapture, VisitArtifacts
from probes.catalogue import status_call
from probes.hours_text import HoursMatch, find_hours

META: dict[str, Any] = {
    "id": "hours",
    "version": "1",
    "title": "Service hours",
    "description": (
        "Service hours shown in the widget, its greeting, the contact page, the footer or other"
        " page text, in OSM opening_hours syntax with where each statement was found; the chat's"
        " status at the visit (vendor status call, else the widget's own words); and whether"
        " that status agrees with the hours at the visit time in the shop's time zone."
    ),
    "requires": ["pages", "chat"],
}

WHERES: tuple[str, ...] = ("widget", "greeting", "contact", "footer", "page")
STATUSES: tuple[str, ...] = ("online", "away", "offline", "unknown")
MAX_SOURCES = 30
MAX_TEXT_CHARS = 200_000  # of one page's text; a long catalogue page is cut there
CONTEXT_BEFORE, CONTEXT_AFTER = 80, 40

# The zone of each country the shops are in (and neighbours). Countries with several
# zones get their capital's (ES, PT, RU): override per shop in the shop list.
COUNTRY_ZONES: dict[str, str] = {
    "EE": "Europe/Tallinn",
    "FI": "Europe/Helsinki",
    "AX": "Europe/Mariehamn",
    "SE": "Europe/Stockholm",
    "LV": "Europe/Riga",
    "LT": "Europe/Vilnius",
    "NO": "Europe/Oslo",
    "DK": "Europe/Copenhagen",
    "FO": "Atlantic/Faroe",
    "IS": "Atlantic/Reykjavik",
    "DE": "Europe/Berlin",
    "PL": "Europe/Warsaw",
    "AT": "Europe/Vienna",
    "CH": "Europe/Zurich",
    "LI": "Europe/Vaduz",
    "NL": "Europe/Amsterdam",
    "BE": "Europe/Brussels",
    "LU": "Europe/Luxembourg",
    "FR": "Europe/Paris",
    "IT": "Europe/Rome",
    "ES": "Europe/Madrid",
    "PT": "Europe/Lisbon",
    "IE": "Europe/Dublin",
    "GB": "Europe/London",
    "CZ": "Europe/Prague",
    "SK": "Europe/Bratislava",
    "HU": "Europe/Budapest",
    "SI": "Europe/Ljubljana",
    "HR": "Europe/Zagreb",
    "RO": "Europe/Bucharest",
    "BG": "Europe/Sofia",
    "GR": "Europe/Athens",
    "CY": "Asia/Nicosia",
    "MT": "Europe/Malta",
    "UA": "Europe/Kyiv",
    "BY": "Europe/Minsk",
    "MD": "Europe/Chisinau",
    "RU": "Europe/Moscow",
}
# Country-code domains that differ from the ISO code.
_TLD_COUNTRY = {"uk": "GB"}

# --- words around a statement of hours: what it is about ------------------------------------
# Read in this order (a store's "avoinna" is about the store); ranked by ``_topic_rank``.

TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(rf"(?<!\w)(?:{pattern})", re.IGNORECASE))
    for name, pattern in (
        (
            "chat",
            r"(?:live\s*)?chat\w*|chatt\w*|vestlus\w*|juttel\w*|keskustel\w*|tērzē\w*"
            r"|pokalb\w*|čat\w*|чат\w*",
        ),
        (
            "service",
            r"asiakaspalvelu\w*|asiakastuki\w*|klienditeenindus\w*|teenindus\w*|kundtjänst\w*"
            r"|kund(?:e)?service\w*|kundendienst\w*|kundenservice\w*|servicezeit\w*|support\w*"
            r"|customer\s+(?:service|care|support)|help\s*desk|klientu\s+apkalpošan\w*"
            r"|klientų\s+aptarnavim\w*|служб\w*\s+поддержк\w*|поддержк\w*|операторы?"
            r"|palvelemme|palvelee|palvelu\w*|vastaamme|vastame|oleme\s+kättesaadavad"
            r"|we\s+(?:are\s+)?(?:answer|reply|respond)\w*|reachable|erreichbar|tavoitettavissa"
            r"|kontakt\w*|contact\w*|yhteys\w*|puhelin\w*|telefon\w*|phone|телефон\w*|e-?mail",
        ),
        (
            "store",
            r"myymälä\w*|kivijalka\w*|kauplus\w*|butik\w*|veikal\w*|parduotuv\w*|магазин\w*"
            r"|filiale\w*|ladengeschäft\w*|showroom\w*|store|nouto\w*|pick-?up|abhol\w*"
            r"|hämtning\w*|tilaa\s+ennen|order\s+before",
        ),
        (
            "open",
            r"aukiolo\w*|avoinna|auki|lahtioleku\w*|avatud|tööaeg\w*|öppettid\w*|öppet"
            r"|darba\s+laik\w*|atvērt\w*|darbo\s+laik\w*|atidaryt\w*|dirbame|strādājam"
            r"|режим\s+работы|время\s+работы|работаем|открыт\w*|öffnungszeit\w*|geöffnet"
            r"|opening\s+hours|business\s+hours|office\s+hours|open(?:ing)?|hours|työaika"
            r"|åpningstid\w*|åbningstid\w*|åpent|åben",
        ),
    )
)
_SENTENCE_END = re.compile(r"[.!?\n]")
# Topics under which a bare time range or "24/7" outside the widget still counts.
_TRUSTED_TOPICS = frozenset({"chat", "service", "open"})

# --- status words in the widget's text ------------------------------------------------------

# Checked in this order, each match blanked before the next list, so "not online" and
# "ei ole paikalla" are read as offline and never again as online.
_OFFLINE_WORDS = (
    r"off-?line|оф+лайн|bezsaistē"
    r"|not\s+(?:currently\s+)?(?:online|available)|currently\s+(?:unavailable|closed)"
    r"|we'?re\s+(?:currently\s+)?(?:unavailable|closed)|we\s+are\s+(?:currently\s+)?(?:unavailable|closed)"
    r"|no\s+(?:agents?|operators?|one)\s+(?:is\s+|are\s+)?(?:online|available)"
    r"|leave\s+(?:us\s+)?a\s+message|outside\s+(?:of\s+)?(?:our\s+)?(?:business|office|opening)\s+hours"
    r"|jätä\s+(?:meille\s+)?viesti\w*|e(?:mme|i)\s+(?:ole\s+)?(?:nyt\s+|tällä\s+hetkellä\s+)?"
    r"(?:paikalla|linjoilla|tavoitettavissa)|nyt\s+suljettu|poissa\s+linjoilta"
    r"|jäta\s+(?:meile\s+)?sõnum\w*|(?:me\s+ei\s+ole|pole)\s+(?:hetkel\s+|praegu\s+)?"
    r"(?:võrgus|kohal|saadaval)|hetkel\s+suletud"
    r"|lämna\s+(?:ett\s+)?meddelande|(?:inte|ej)\s+(?:online|tillgängliga?|här)|just\s+nu\s+stängt"
    r"|atstāj\w*\s+(?:ziņ\w*|ziņojum\w*)|neesam\s+tiešsaistē|šobrīd\s+(?:nav\s+pieejam\w*|slēgts)"
    r"|palik\w*\s+(?:žinut\w*|pranešim\w*)|nesame\s+prisijung\w*|neprisijung(?:ę|ęs|usi|usios)"
    r"|šiuo\s+metu\s+(?:nepasiekiam\w*|uždaryta)|atsijung(?:ę|ęs|usi|usios)"
    r"|не\s+в\s+сети|оставьте\s+(?:нам\s+)?сообщение|(?:сейчас\s+)?(?:мы\s+)?не\s+(?:онлайн|на\s+связи)"
    r"|нет\s+(?:операторов|свободных\s+операторов)|сейчас\s+закрыто"
    r"|hinterlassen\s+sie\s+(?:uns\s+)?eine\s+nachricht"
    r"|(?:wir\s+sind|derzeit|zurzeit|gerade)\s+(?:derzeit\s+|zurzeit\s+|gerade\s+)?nicht\s+"
    r"(?:online|erreichbar|verfügbar|besetzt)|zurzeit\s+geschlossen|derzeit\s+geschlossen"
)
_AWAY_WORDS = (
    r"we'?re\s+(?:currently\s+)?away|we\s+are\s+(?:currently\s+)?away|status:?\s+away"
    r"|(?:agents?|operators?|team)\s+(?:is\s+|are\s+)?away|be\s+right\s+back|back\s+soon"
    r"|hetkeksi\s+poissa|palaamme\s+pian|oleme\s+(?:hetkel\s+)?eemal|tuleme\s+kohe\s+tagasi"
    r"|tillbaka\s+snart|vi\s+är\s+borta|prombūtnē|netrukus\s+grįšime"
    r"|отош[её]л\w*|скоро\s+верн[её]м?\w*|abwesend|gleich\s+zurück|bin\s+gleich\s+wieder\s+da"
)
_ONLINE_WORDS = (
    r"on-?line(?!\s*-?\s*(?:shop|store|kauppa|pood|butik|handel|veikal|parduotuv|магазин"
    r"|order|tilau|tellim|beställ|payment|maks|banking|pank))"
    # Not "we're here to help", "Wir sind für Sie da": greetings, not presence.
    r"|онлайн(?!\s*-?\s*магазин)|we'?re\s+here\s+now|we\s+are\s+here\s+now|available\s+now"
    r"|(?:agents?|operators?|team)\s+(?:is\s+|are\s+)?(?:online|available)"
    r"|(?:olemme|on|ovat)\s+(?:nyt\s+)?(?:paikalla|linjoilla|tavoitettavissa)|paikalla\s+nyt"
    r"|oleme\s+(?:praegu\s+|hetkel\s+)?(?:võrgus|kohal)"
    r"|vi\s+är\s+(?:här\s+nu|tillgängliga\s+nu|online)|esam\s+tiešsaistē"
    r"|(?:operators|konsultants)\s+(?:ir\s+)?tiešsaistē"
    r"|esame\s+prisijung\w*|(?:operatorius|konsultantas)\s+prisijung(?:ęs|usi)"
    # "в сети магазинов" is a chain of stores; only a person is "в сети".
    r"|(?:мы|оператор\w*|консультант\w*|менеджер\w*|сейчас)\s+в\s+сети|на\s+связи"
    r"|wir\s+sind\s+(?:jetzt\s+)?(?:online|erreichbar)|jetzt\s+erreichbar"
)
_STATUS_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (status, re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE))
    for status, pattern in (
        ("offline", _OFFLINE_WORDS),
        ("away", _AWAY_WORDS),
        ("online", _ONLINE_WORDS),
    )
)
# "Olemme paikalla ma–pe 9–16" states hours, not presence: an online word followed by a
# statement of hours with nothing but blanks between belongs to the statement. A header
# such as "Vi är online – Kundtjänst mån–fre 9–17" still reads as a status.
_HOURS_LEAD = re.compile(r"[\s:,]*")

_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head", "title"})
_VOID_TAGS = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)
_SCRIPT_BLOCK = re.compile(
    r"<(script|style|noscript|template|svg)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
_LINE_BREAKS = re.compile(r"[ \t\r\f\v\xa0]*\n\s*")
_BLANKS = re.compile(r"[^\S\n]+")
_BLOCK_SET = frozenset(
    "address article aside blockquote br dd details div dl dt fieldset figcaption figure"
    " footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table"
    " tbody td tfoot th thead tr ul button option label".split()
)


# --------------------------------------------------------------------------------------------
# Opening hours evaluation (the subset probes.hours_text emits)
# --------------------------------------------------------------------------------------------

_DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
_SPAN = re.compile(r"(\d{2}):(\d{2})-(\d{2}):(\d{2})")


@dataclass(frozen=True)
class _OhRule:
    days: frozenset[int]  # weekday numbers, Monday 0
    holiday: bool  # the selector names PH
    always: bool  # no selector: every day
    spans: tuple[tuple[int, int], ...]  # minutes; end < start runs past midnight; () is off


def _parse_selector(text: str) -> tuple[frozenset[int], bool]:
    days: set[int] = set()
    holiday = False
    for item in text.split(","):
        if item == "PH":
            holiday = True
            continue
        first, dash, last = item.partition("-")
        if first not in _DAYS or (dash and last not in _DAYS):
            raise ValueError(f"unsupported day selector {item!r}")
        a = _DAYS.index(first)
        b = _DAYS.index(last) if dash else a
        days.update((a + i) % 7 for i in range((b - a) % 7 + 1))
    return frozenset(days), holiday


def _parse_spans(text: str) -> tuple[tuple[int, int], ...]:
    if text == "off":
        return ()
    spans = []
    for part in text.split(","):
        m = _SPAN.fullmatch(part)
        if not m:
            raise ValueError(f"unsupported time span {part!r}")
        h1, m1, h2, m2 = (int(g) for g in m.groups())
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if start > 24 * 60 or end > 24 * 60 or m1 > 59 or m2 > 59:
            raise ValueError(f"time out of range in {part!r}")
        spans.append((start, end))
    return tuple(spans)


def parse_opening_hours(opening_hours: str) -> list[_OhRule]:
    """Rules of an opening_hours string as ``probes.hours_text`` writes them.

    Raises ValueError on anything outside that subset (months, week numbers, "+",
    comments...), so a hand-edited string is never half-understood.
    """
    rules: list[_OhRule] = []
    for raw in opening_hours.split(";"):
        rule = raw.strip()
        if not rule:
            continue
        if rule == "24/7":
            rules.append(_OhRule(frozenset(range(7)), False, True, ((0, 24 * 60),)))
            continue
        selector, _, times = rule.rpartition(" ")
        spans = _parse_spans(times)
        if selector:
            days, holiday = _parse_selector(selector)
            rules.append(_OhRule(days, holiday, False, spans))
        else:
            rules.append(_OhRule(frozenset(range(7)), False, True, spans))
    if not rules:
        raise ValueError("empty opening_hours")
    return rules


def _selects(rule: _OhRule, weekday: int, holiday: bool) -> bool:
    return rule.always or weekday in rule.days or (holiday and rule.holiday)


def _day_spans(
    rules: list[_OhRule], weekday: int, holiday: tuple[bool, bool]
) -> list[tuple[int, int]]:
    """The day's open spans in minutes, given whether yesterday and today are holidays.

    The last rule that selects a day gives its spans ("Mo-Fr 09:00-17:00; Fr 09:00-15:00"
    closes Friday at 15:00). A span past midnight ("Fr 22:00-02:00") runs into the next
    day unless another rule takes that day, even where a later rule replaced the day the
    span started on; this is how opening-hours-py reads it.
    """
    today = None
    for rule in rules:
        if _selects(rule, weekday, holiday[1]):
            today = rule
    spans = [(a, b) if a < b else (a, 24 * 60) for a, b in (today.spans if today else ())]
    for rule in rules:
        if _selects(rule, (weekday - 1) % 7, holiday[0]) and (today is None or today is rule):
            spans += [(0, b) for a, b in rule.spans if b < a]
    return spans


def _open_at(rules: list[_OhRule], when: datetime, holiday: tuple[bool, bool]) -> bool:
    """Open at a local wall time, given whether yesterday and today are holidays."""
    minute = when.hour * 60 + when.minute
    return any(a <= minute < b for a, b in _day_spans(rules, when.weekday(), holiday))


def is_open(opening_hours: str, when: datetime) -> bool | None:
    """Whether ``opening_hours`` says open at the local wall time ``when``.

    None when the string is outside the supported subset, or when the answer hangs
    on public holidays (``PH``), which this evaluator does not know.
    """
    try:
        rules = parse_opening_hours(opening_hours)
    except ValueError:
        return None
    if not any(rule.holiday for rule in rules):
        return _open_at(rules, when, (False, False))
    answers = {
        _open_at(rules, when, (yesterday, today))
        for yesterday in (False, True)
        for today in (False, True)
    }
    return answers.pop() if len(answers) == 1 else None


# --------------------------------------------------------------------------------------------
# Time zone and visit time
# --------------------------------------------------------------------------------------------


def shop_zone(visit: VisitArtifacts) -> tuple[str | None, str | None]:
    """(IANA zone, where it came from: "shop_list" | "country" | "tld") or (None, None)."""
    if visit.shop_timezone:
        try:
            ZoneInfo(visit.shop_timezone)
            return visit.shop_timezone, "shop_list"
        except (ZoneInfoNotFoundError, ValueError):
            pass
    country = (visit.shop_country or "").upper()
    if country in COUNTRY_ZONES:
        return COUNTRY_ZONES[country], "country"
    if not country:
        host = urlsplit(visit.shop).hostname or ""
        tld = host.rsplit(".", 1)[-1].lower()
        code = _TLD_COUNTRY.get(tld, tld.upper())
        if len(tld) == 2 and code in COUNTRY_ZONES:
            return COUNTRY_ZONES[code], "tld"
    return None, None


def _parse_instant(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _page_started(visit: VisitArtifacts, page_key: str | None) -> datetime | None:
    for capture in visit.pages:
        if capture.key == page_key:
            return _parse_instant(capture.timings.started_at)
    return None


# --------------------------------------------------------------------------------------------
# Where the text comes from
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextSource:
    where: str  # one of WHERES
    page: str | None  # page key, e.g. "contact-desktop"
    text: str


def _is_footer(tag: str, attrs: dict[str, str]) -> bool:
    if tag in ("html", "body", "main"):
        return False
    if tag == "footer" or attrs.get("role", "").lower() == "contentinfo":
        return True
    return "footer" in attrs.get("id", "").lower() or "footer" in attrs.get("class", "").lower()


def _hidden(attrs: dict[str, str]) -> bool:
    """Hidden by the HTML itself (``hidden``, ``aria-hidden``, an inline ``display:none``)."""
    style = attrs.get("style", "").replace(" ", "").lower()
    return (
        "hidden" in attrs
        or attrs.get("aria-hidden", "").lower() == "true"
        or "display:none" in style
        or "visibility:hidden" in style
    )


def _clean(parts: list[str]) -> str:
    """Joined text with blanks collapsed and one line break where blocks met."""
    text = _LINE_BREAKS.sub("\n", "".join(parts))
    return _BLANKS.sub(" ", text).strip()


class _PageText(HTMLParser):
    """One pass over a page's HTML: the footers' text apart, the rest together.

    Text is joined as a browser lays it out: inline tags join ("<b>ma</b>–pe"), blocks
    and ``<br>`` break lines. Saved pages are the browser's own serialisation, so every
    element is closed; a stray end tag closes back to its opening one.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rest: list[str] = []
        self.footers: list[list[str]] = []
        self.footer: list[str] | None = None
        self.footer_depth = 0  # the stack depth the open footer started at
        self.skip_depth = 0  # > 0: inside script, style, svg, head or a hidden element
        self.stack: list[str] = []

    def _sink(self) -> list[str]:
        return self.footer if self.footer is not None else self.rest

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID_TAGS:
            if tag in ("br", "hr") and not self.skip_depth:
                self._sink().append("\n")
            return
        self.stack.append(tag)
        if self.skip_depth:
            self.skip_depth += 1
            return
        values = {name: value or "" for name, value in attrs}
        if tag in _SKIP_TAGS or _hidden(values):
            self.skip_depth = 1
            return
        main = tag == "main" or values.get("role", "").lower() == "main"
        if self.footer is not None and main:
            # A "footer" class on a wrapper of the whole page is not a footer.
            self.rest.extend(self.footer)
            self.footer = None
        elif self.footer is None and _is_footer(tag, values):
            self.footer, self.footer_depth = [], len(self.stack)
        if tag in _BLOCK_SET:
            self._sink().append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID_TAGS or tag not in self.stack:
            return
        while self.stack:
            closed = self.stack.pop()
            if self.skip_depth:
                self.skip_depth -= 1
            elif closed in _BLOCK_SET:
                self._sink().append("\n")
            if self.footer is not None and len(self.stack) < self.footer_depth:
                self.footers.append(self.footer)
                self.footer = None
            if closed == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self._sink().append(data)


def split_page_text(html: str) -> tuple[list[str], str]:
    """The page's footer texts (outermost footers only) and the rest of its visible text.

    Footers are ``<footer>``, ``role=contentinfo`` and elements whose id or class holds
    "footer". A streaming parser, not a tree: a catalogue page of a megabyte is read in
    one pass.
    """
    parser = _PageText()
    parser.feed(_SCRIPT_BLOCK.sub(" ", html))
    parser.close()
    if parser.footer is not None:
        parser.footers.append(parser.footer)
    return [t for t in (_clean(parts) for parts in parser.footers) if t], _clean(parser.rest)


def text_sources(visit: VisitArtifacts) -> list[TextSource]:
    """Every text a customer could read hours in, most trusted place first."""
    sources: list[TextSource] = []
    for chat in visit.chat:
        if chat.view is not None and chat.view.text.strip():
            sources.append(TextSource("widget", chat.page, chat.view.text))
    for capture in visit.pages:
        for marker in capture.dom_markers:
            if marker.visible and marker.text.strip():
                sources.append(TextSource("greeting", capture.key, marker.text))
    page_sources: list[TextSource] = []
    for capture in _pages_in_order(visit.pages):
        if not capture.html:
            continue
        footers, rest = split_page_text(capture.html)
        where = "contact" if capture.role == "contact" else "page"
        page_sources.append(TextSource(where, capture.key, rest[:MAX_TEXT_CHARS]))
        page_sources.extend(TextSource("footer", capture.key, t[:MAX_TEXT_CHARS]) for t in footers)
    sources.extend(page_sources)
    return sorted(sources, key=lambda s: WHERES.index(s.where))  # stable: page order kept


def _pages_in_order(pages: Iterable[PageCapture]) -> list[PageCapture]:
    roles = ("contact", "home", "product", "cart")
    return sorted(pages, key=lambda p: (p.profile != "desktop", roles.index(p.role)))


# --------------------------------------------------------------------------------------------
# Statements of hours
# --------------------------------------------------------------------------------------------


def _topic(text: str, match: HoursMatch, previous_end: int = 0) -> str | None:
    """What a statement is about, from the words before it (back to the previous statement)
    and after it to the end of its sentence; the first topic in ``TOPICS`` order wins."""
    before = text[max(previous_end, match.start - CONTEXT_BEFORE) : match.start]
    after = _SENTENCE_END.split(text[match.end : match.end + 30], maxsplit=1)[0]
    window = before + text[match.start : match.end] + after
    for name, pattern in TOPICS:
        if pattern.search(window):
            return name
    return None


def _context(text: str, match: HoursMatch) -> str:
    start = max(0, match.start - CONTEXT_BEFORE)
    end = min(len(text), match.end + CONTEXT_AFTER)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def _specificity(opening_hours: str) -> int:
    """0: names days; 1: a bare time range; 2: round the clock."""
    if opening_hours == "24/7":
        return 2
    return 0 if any(rule[:1].isalpha() for rule in opening_hours.split("; ")) else 1


def _topic_rank(topic: str | None) -> int:
    order = ("chat", "service", "open", None, "store")
    return order.index(topic) if topic in order else len(order)


def statements(sources: Iterable[TextSource]) -> list[dict[str, Any]]:
    """Every statement of hours found, deduplicated, with where it was found."""
    found: list[dict[str, Any]] = []
    seen: set[tuple[str, str, str]] = set()
    for source in sources:
        previous_end = 0
        for match in find_hours(source.text):
            topic = _topic(source.text, match, previous_end)
            previous_end = match.end
            specific = _specificity(match.opening_hours)
            in_widget = source.where in ("widget", "greeting")
            if specific and not in_widget and topic not in _TRUSTED_TOPICS:
                continue  # "Nouto klo 12–18", "Tilaa verkosta 24/7"
            key = (source.where, match.source, match.opening_hours)
            if key in seen:
                continue  # the same footer on every page, the same widget on two pages
            seen.add(key)
            found.append(
                {
                    "where": source.where,
                    "page": source.page,
                    "text": match.source,
                    "opening_hours": match.opening_hours,
                    "context": _context(source.text, match),
                    "topic": topic,
                    "language": match.language,
                }
            )
    return found


def choose(found: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The statement to report: most trusted place, then topic, then the most specific."""
    if not found:
        return None
    ranked = sorted(
        enumerate(found),
        key=lambda pair: (
            WHERES.index(pair[1]["where"]),
            _topic_rank(pair[1]["topic"]),
            _specificity(pair[1]["opening_hours"]),
            pair[0],
        ),
    )
    return ranked[0][1]


# --------------------------------------------------------------------------------------------
# Status
# --------------------------------------------------------------------------------------------


def status_words(text: str) -> dict[str, list[str]]:
    """Status words in a widget's text, by status; negated ones count as offline only."""
    spans = [(m.start, m.end) for m in find_hours(text)]
    remaining = text
    out: dict[str, list[str]] = {}
    for status, pattern in _STATUS_WORDS:
        hits: list[str] = []
        for m in pattern.finditer(remaining):
            if status == "online" and any(
                start <= m.start() < end
                or (m.end() <= start and _HOURS_LEAD.fullmatch(text, m.end(), start))
                for start, end in spans
            ):
                continue  # "Olemme paikalla ma–pe 9–16": a statement of hours
            hits.append(text[m.start() : m.end()])
        if hits:
            out[status] = list(dict.fromkeys(hits))
        remaining = pattern.sub(lambda m: " " * len(m.group()), remaining)
    return out


def _status_from_words(chat: ChatInteraction) -> tuple[str, dict[str, Any]] | None:
    view = chat.view
    if view is None:
        return None
    words = status_words(view.text)
    detail: dict[str, Any] = {"page": chat.page, "words": words, "offline_form": view.offline_form}
    kinds = set(words)
    if view.offline_form:
        return "offline", detail
    if len(kinds) == 1:
        return kinds.pop(), detail
    if kinds:
        detail["conflict"] = True
    return None


def _status_from_marker_words(visit: VisitArtifacts) -> tuple[str, dict[str, Any]] | None:
    for capture in visit.pages:
        for marker in capture.dom_markers:
            if not marker.visible or not marker.text.strip():
                continue
            words = status_words(marker.text)
            if len(words) == 1:
                status = next(iter(words))
                return status, {"page": capture.key, "words": words, "greeting": True}
    return None


def status_at_visit(
    visit: VisitArtifacts,
) -> tuple[str, str | None, dict[str, Any], list[dict[str, Any]]]:
    """(status, status_source, detail of the deciding record, evidence)."""
    evidence: list[dict[str, Any]] = []
    called = [c for c in visit.chat if c.status_call]
    for chat in called:
        evidence.append(
            {
                "kind": "status_call",
                "page": chat.page,
                "value": chat.status,
                "call": chat.status_call,
                "raw": chat.status_raw if _small(chat.status_raw) else str(chat.status_raw)[:200],
                "vendor": chat.vendor,
            }
        )
    for chat in called:
        if chat.status in ("online", "away", "offline"):
            call = status_call(chat.vendor) if chat.vendor else None
            detail = {"page": chat.page, "vendor": chat.vendor}
            detail["measures"] = call.measures if call and call.call == chat.status_call else None
            return chat.status, "status_call", detail, evidence
    for chat in visit.chat:
        decided = _status_from_words(chat)
        if decided is not None:
            status, detail = decided
            evidence.append({"kind": "status_words", "page": chat.page, "value": status, **detail})
            return status, "widget_text", detail, evidence
    decided = _status_from_marker_words(visit)
    if decided is not None:
        status, detail = decided
        evidence.append({"kind": "status_words", "value": status, **detail})
        return status, "widget_text", detail, evidence
    return "unknown", None, {}, evidence


def _small(value: Any) -> bool:
    return (
        value is None
        or isinstance(value, bool | int | float)
        or (isinstance(value, str) and len(value) <= 200)
    )


# --------------------------------------------------------------------------------------------
# The probe
# --------------------------------------------------------------------------------------------


def agrees(status: str, open_now: bool | None) -> bool | None:
    """Whether a status agrees with the hours; ``away`` counts as online-ish."""
    if open_now is None or status not in ("online", "away", "offline"):
        return None
    return open_now if status in ("online", "away") else not open_now


def run(visit: VisitArtifacts) -> dict[str, Any]:
    sources = text_sources(visit)
    found = statements(sources)
    chosen = choose(found)
    status, status_source, status_detail, evidence = status_at_visit(visit)

    zone_name, zone_source = shop_zone(visit)
    moment = _page_started(visit, status_detail.get("page")) or _parse_instant(visit.started_at)
    local: datetime | None = None
    if zone_name and moment is not None:
        local = moment.astimezone(ZoneInfo(zone_name))
    open_now = is_open(chosen["opening_hours"], local) if chosen and local else None
    agree = agrees(status, open_now)

    if agree is None:
        if not chosen:
            reason = "no hours shown"
        elif status == "unknown":
            reason = "status unknown"
        elif local is None:
            reason = "no shop time zone" if not zone_name else "no visit time"
        else:
            reason = "hours depend on public holidays, which are not known"
    else:
        reason = (
            f"{status} at {local:%a %H:%M} ({zone_name}); hours say "
            f"{'open' if open_now else 'closed'}"
            if local
            else ""
        )

    seen_any = bool(sources) or any(c.view is not None for c in visit.chat)
    value: dict[str, Any] = {
        "shown": chosen is not None,
        "opening_hours": chosen["opening_hours"] if chosen else None,
        "source": chosen["where"] if chosen else None,
        "sources": found[:MAX_SOURCES],
        "conflict": len({s["opening_hours"] for s in found}) > 1,
        "status_at_visit": status,
        "status_source": status_source,
        "status_measures": status_detail.get("measures"),
        "status_matches_hours": agree,
        "open_at_visit": open_now,
        "reason": reason,
        "timezone": zone_name,
        "timezone_source": zone_source,
        "local_time": local.isoformat(timespec="seconds") if local else None,
        "texts_read": len(sources),
    }
    evidence = [
        *(
            {"kind": "hours_text", "where": s["where"], "page": s["page"], "value": s["context"]}
            for s in found[:MAX_SOURCES]
        ),
        *evidence,
    ]
    if zone_name:
        evidence.append({"kind": "timezone", "page": None, "value": zone_name, "from": zone_source})
    value["evidence"] = evidence
    value["outcome"] = "ok"
    if not seen_any:
        value["outcome"] = "not_applicable"
        value["reason"] = "no page text and no widget text was captured"
    return value


_EMPTY_COLUMNS: dict[str, Any] = {
    "hours_shown": None,
    "hours": "",
    "hours_source": "",
    "status_at_visit": "",
    "status_matches_hours": None,
}


def columns(finding: Any) -> dict[str, Any]:
    """The export cells of an ``hours`` finding (a Finding row), or empty ones for None."""
    if finding is None or getattr(finding, "outcome", None) != "ok":
        return dict(_EMPTY_COLUMNS)
    value = finding.value or {}
    return {
        "hours_shown": bool(value.get("shown")),
        "hours": value.get("opening_hours") or "",
        "hours_source": value.get("source") or "",
        "status_at_visit": value.get("status_at_visit") or "unknown",
        "status_matches_hours": value.get("status_matches_hours"),
    }
