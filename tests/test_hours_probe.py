"""The hours probe on hand-made evidence: where hours are shown, the status, and agreement."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import opening_hours as oh
import pytest

from crawler.journey import CrawlSettings, ShopVisit
from crawler.politeness import HostPacer
from crawler.runner import shop_target
from crawler.shoplist import read_shop_list
from crawler.storage import Database
from crawler.storage.db import ShopEntry
from probes import hours as probe
from probes.artifacts import (
    ChatInteraction,
    DomMarker,
    PageCapture,
    Timings,
    VisitArtifacts,
    WidgetView,
    load_visit,
    write_visit,
)
from probes.registry import PROBE_MODULES, load_probes, run_all
from tests.test_hours_text import ALL_CASES

# --- hand-made evidence -----------------------------------------------------------------------

# Tuesday 1 September 2026, 10:30 in Tallinn and Helsinki (EEST, UTC+3).
TUESDAY_MORNING = "2026-09-01T07:30:00Z"
# The same Tuesday, 18:30 local.
TUESDAY_EVENING = "2026-09-01T15:30:00Z"


def page(
    role: str = "home",
    profile: str = "desktop",
    html: str | None = None,
    started_at: str = TUESDAY_MORNING,
    markers: list[DomMarker] | None = None,
) -> PageCapture:
    return PageCapture(
        role=role,  # type: ignore[arg-type]
        profile=profile,  # type: ignore[arg-type]
        requested_url=f"https://shop.example/{role}",
        timings=Timings(started_at=started_at),
        html=html,
        dom_markers=markers or [],
    )


def widget(
    text: str = "",
    *,
    page_key: str = "home-desktop",
    vendor: str | None = "tawk",
    status: str = "unknown",
    status_call: str | None = None,
    status_raw: Any = None,
    offline_form: bool = False,
) -> ChatInteraction:
    return ChatInteraction(
        page=page_key,
        vendor=vendor,
        opened_by="api",
        opened=True,
        status=status,  # type: ignore[arg-type]
        status_call=status_call,
        status_raw=status_raw,
        view=WidgetView(composer=not offline_form, offline_form=offline_form, text=text),
    )


def visit(
    *pages: PageCapture,
    chat: list[ChatInteraction] | None = None,
    country: str | None = "EE",
    zone: str | None = None,
    shop: str = "https://shop.example",
    started_at: str = TUESDAY_MORNING,
) -> VisitArtifacts:
    return VisitArtifacts(
        tool_version="test",
        campaign="test",
        shop=shop,
        start_url=shop + "/",
        started_at=started_at,
        status="ok",
        pages=list(pages) or [page(html="<html><body><p>Tere tulemast</p></body></html>")],
        chat=chat or [],
        shop_country=country,
        shop_timezone=zone,
    )


def judge(v: VisitArtifacts) -> dict[str, Any]:
    result = probe.run(v)
    json.dumps(result)  # the finding value must be JSON-safe
    assert result["outcome"] in ("ok", "not_applicable")
    assert result["status_at_visit"] in probe.STATUSES
    assert result["source"] in (*probe.WHERES, None)
    assert result["shown"] == (result["opening_hours"] is not None)
    for source in result["sources"]:
        assert {"where", "page", "text", "opening_hours"} <= set(source)
        assert source["text"] in source["context"]
        oh.OpeningHours(source["opening_hours"])  # valid OSM syntax
    for item in result["evidence"]:
        assert {"kind", "page", "value"} <= set(item)
    return result


TAWK_STATUS = "window.Tawk_API.getStatus()"


def html(body: str) -> str:
    return f"<!doctype html><html><head><title>x</title></head><body>{body}</body></html>"


# --- where the hours are shown ----------------------------------------------------------------


def test_hours_in_the_widget_estonian() -> None:
    text = "Tere! Klienditeenindus E–R 9–17, L 10–14. Kirjuta meile, vastame kiiresti."
    result = judge(visit(chat=[widget(text)]))
    assert result["shown"] is True
    assert result["opening_hours"] == "Mo-Fr 09:00-17:00; Sa 10:00-14:00"
    assert result["source"] == "widget"
    (source,) = result["sources"]
    assert source["where"] == "widget" and source["page"] == "home-desktop"
    assert source["text"] == "E–R 9–17, L 10–14"
    assert source["language"] == "et" and source["topic"] == "service"


def test_hours_only_on_the_contact_page() -> None:
    contact = html(
        "<header><nav>Etusivu Tuotteet Ostoskori</nav></header>"
        "<main><h1>Ota yhteyttä</h1><p>Asiakaspalvelu palvelee <b>ma</b>–pe klo 9–16.</p>"
        "<p>Puhelin 040 123 4567</p></main><footer>© 2026 Kauppa Oy</footer>"
    )
    home = html("<main><p>Uutuudet 19,90 €</p></main><footer>© 2026 Kauppa Oy</footer>")
    result = judge(
        visit(page("home", html=home), page("contact", html=contact), chat=[], country="FI")
    )
    assert result["opening_hours"] == "Mo-Fr 09:00-16:00"
    assert result["source"] == "contact"
    assert [(s["where"], s["page"], s["text"]) for s in result["sources"]] == [
        ("contact", "contact-desktop", "ma–pe klo 9–16")
    ]


@pytest.mark.parametrize(
    "footer",
    [
        "<footer><p>Öppettider kundtjänst: mån–fre 9–17</p></footer>",
        '<div role="contentinfo"><p>Kundtjänst mån–fre 9–17</p></div>',
        '<div class="site-footer__inner"><p>Kundtjänst mån–fre 9–17</p></div>',
        '<section id="Footer"><div class="footer-col"><footer>Kundtjänst mån–fre 9–17'
        "</footer></div></section>",
    ],
)
def test_hours_in_the_footer(footer: str) -> None:
    home = html(f"<main><h1>Välkommen</h1><p>Fri frakt över 499 kr</p></main>{footer}")
    product = html(f"<main><h1>Tröja</h1><p>299 kr</p></main>{footer}")
    result = judge(visit(page("home", html=home), page("product", html=product), country="SE"))
    assert result["opening_hours"] == "Mo-Fr 09:00-17:00"
    assert result["source"] == "footer"
    # The same footer on two pages, and nested footers, are one statement.
    assert [(s["where"], s["page"]) for s in result["sources"]] == [("footer", "home-desktop")]


def test_a_page_wide_footer_class_is_not_a_footer() -> None:
    body = (
        '<div class="sticky-footer-wrapper"><main><p>Asiakaspalvelu ma–pe 9–16</p></main>'
        "<footer>© Kauppa</footer></div>"
    )
    result = judge(visit(page("home", html=html(body)), country="FI"))
    assert result["source"] == "page"


def test_greeting_bubble_before_opening() -> None:
    bubble = DomMarker(
        selector="#tidio-chat", text="Hei! 👋 Chat palvelee arkisin 8–20", visible=True
    )
    hidden = DomMarker(selector="#tidio-chat", text="Chat palvelee ma–su 0–24", visible=False)
    result = judge(visit(page("home", html=html("<p>Tervetuloa</p>"), markers=[bubble, hidden])))
    assert result["source"] == "greeting"
    assert result["opening_hours"] == "Mo-Fr 08:00-20:00"
    assert len(result["sources"]) == 1


def test_no_hours_anywhere() -> None:
    home = html(
        "<main><p>Hinta 9–16 €</p><p>Toimitus 1–3 arkipäivässä</p><p>Tilausnumero 12-3456</p>"
        "<p>Soita +358 40 123 4567</p><p>Mo–Fr Sneaker, koko 36–42</p></main>"
        "<footer>Kampanja 1.12.–24.12.</footer>"
    )
    result = judge(visit(page("home", html=home), chat=[widget("Hei! Miten voimme auttaa?")]))
    assert result["shown"] is False and result["opening_hours"] is None
    assert result["source"] is None and result["sources"] == []
    assert result["status_matches_hours"] is None
    assert result["reason"] == "no hours shown"


def test_round_the_clock_in_the_widget() -> None:
    chat = widget("We're online 24/7 – ask us anything", status="online", status_call=TAWK_STATUS)
    result = judge(visit(chat=[chat], started_at=TUESDAY_EVENING))
    assert result["opening_hours"] == "24/7" and result["source"] == "widget"
    assert result["open_at_visit"] is True
    assert result["status_matches_hours"] is True


def test_order_online_24_7_on_a_page_is_not_service_hours() -> None:
    home = html("<main><p>Tilaa verkosta 24/7!</p><p>Nouto klo 12–18</p></main>")
    result = judge(visit(page("home", html=home), country="FI"))
    assert result["shown"] is False


def test_round_the_clock_service_in_the_footer_counts() -> None:
    home = html("<main></main><footer>Asiakaspalvelu 24/7: info@kauppa.fi</footer>")
    result = judge(visit(page("home", html=home), country="FI"))
    assert result["opening_hours"] == "24/7" and result["source"] == "footer"


def test_widget_beats_contact_and_all_are_listed() -> None:
    contact = html("<main><p>Klienditeenindus E–R 9–17</p></main>")
    home = html("<main></main><footer>Klienditeenindus E-R 10-18</footer>")
    result = judge(
        visit(
            page("home", html=home),
            page("contact", html=contact),
            chat=[widget("Vestlus on avatud iga päev 9–21")],
        )
    )
    assert result["source"] == "widget"
    assert result["opening_hours"] == "Mo-Su 09:00-21:00"
    assert [s["where"] for s in result["sources"]] == ["widget", "contact", "footer"]
    assert result["conflict"] is True


def test_chat_hours_beat_store_hours_on_the_same_page() -> None:
    contact = html(
        "<main><p>Myymälä avoinna ma–pe 10–18, la 10–15.</p><p>Chat palvelee ma–pe 9–20.</p></main>"
    )
    result = judge(visit(page("contact", html=contact), country="FI"))
    assert result["opening_hours"] == "Mo-Fr 09:00-20:00"
    assert {s["topic"] for s in result["sources"]} == {"store", "chat"}


def test_nothing_captured_is_not_applicable() -> None:
    v = visit(page("home", html=None))
    v.pages[0].html = None
    result = judge(v)
    assert result["outcome"] == "not_applicable"


def test_html_is_read_from_the_saved_file(tmp_path: Path) -> None:
    v = visit(page("contact"), chat=[])
    v.pages[0].html_file = "contact-desktop.html"
    write_visit(v, tmp_path)
    (tmp_path / "contact-desktop.html").write_text(
        html("<main><p>Klientu apkalpošana: P.–Pk. 9:00–18:00</p></main>"), encoding="utf-8"
    )
    result = judge(load_visit(tmp_path))
    assert result["opening_hours"] == "Mo-Fr 09:00-18:00" and result["source"] == "contact"


# --- status at the visit ----------------------------------------------------------------------


def test_status_call_beats_widget_words() -> None:
    chat = widget(
        "Oleme võrgus! E–R 9–17",
        status="offline",
        status_call=TAWK_STATUS,
        status_raw="offline",
    )
    result = judge(visit(chat=[chat]))
    assert result["status_at_visit"] == "offline"
    assert result["status_source"] == "status_call"
    assert result["status_measures"] == "agents"
    item = next(e for e in result["evidence"] if e["kind"] == "status_call")
    assert item["call"] == TAWK_STATUS and item["raw"] == "offline"


def test_an_unknown_status_call_falls_back_to_words() -> None:
    chat = widget("Oleme võrgus", status="unknown", status_call=TAWK_STATUS, status_raw=None)
    result = judge(visit(chat=[chat]))
    assert (result["status_at_visit"], result["status_source"]) == ("online", "widget_text")


def test_status_call_that_measures_hours() -> None:
    call = probe.status_call("gorgias")
    assert call is not None
    chat = widget("", vendor="gorgias", status="online", status_call=call.call, status_raw=True)
    result = judge(visit(chat=[chat]))
    assert result["status_measures"] == "hours"


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Oleme võrgus, kirjuta meile!", "online"),
        ("Olemme paikalla – kysy meiltä", "online"),
        ("We're online. Ask us anything", "online"),
        ("Vi är online nu", "online"),
        ("Esam tiešsaistē", "online"),
        ("Esame prisijungę", "online"),
        # Widget headers: the status, a dash, then the hours.
        ("Vi är online – Kundtjänst mån–fre 9–17 Linnea Hej!", "online"),
        ("Tukitiimi on paikalla Asiakaspalvelu ma–pe klo 8–16 Moi!", "online"),
        ("We are online – We reply Mon–Fri 9am–5pm (EET)", "online"),
        ("Мы в сети", "online"),
        ("Оператор в сети", "online"),
        ("Operatorius prisijungęs", "online"),
        ("Wir sind online", "online"),
        ("Jätä viesti, niin vastaamme pian", "offline"),
        ("Jäta sõnum ja me vastame", "offline"),
        ("Lämna ett meddelande", "offline"),
        ("We're offline. Leave a message", "offline"),
        ("Emme ole nyt paikalla", "offline"),
        ("Me ei ole hetkel võrgus", "offline"),
        ("Оператор не в сети, оставьте сообщение", "offline"),
        ("Wir sind nicht online", "offline"),
        ("Atstājiet ziņu", "offline"),
        ("Palikite žinutę", "offline"),
        ("We're away, back soon", "away"),
        ("Olemme hetkeksi poissa", "away"),
    ],
)
def test_status_from_widget_words(text: str, status: str) -> None:
    result = judge(visit(chat=[widget(text)]))
    assert (result["status_at_visit"], result["status_source"]) == (status, "widget_text")


@pytest.mark.parametrize(
    "text",
    [
        "Olemme paikalla ma–pe 9–16",  # a statement of hours, not presence
        "Our team is online Monday–Friday 9:30 AM - 6 PM",
        "Tervetuloa verkkokauppaamme! Online-kauppa palvelee",
        "Welcome to our online store",
        "Kysy meiltä mitä vain",
        "We're online. Leave a message",  # both: undecided
        "Hi! We're here to help.",
        "Wir sind für Sie da",
        "Prisijunkite prie savo paskyros",  # "log in to your account"
        "Iepērcies tiešsaistē ērti",  # "shop online"
        "Заказывайте в сети магазинов",  # "in the chain of stores"
        "Artikel nicht verfügbar",
    ],
)
def test_no_status_from_these_words(text: str) -> None:
    result = judge(visit(chat=[widget(text)]))
    assert result["status_at_visit"] == "unknown" and result["status_source"] is None


def test_offline_form_is_offline() -> None:
    result = judge(visit(chat=[widget("Kirjuta meile", offline_form=True)]))
    assert (result["status_at_visit"], result["status_source"]) == ("offline", "widget_text")


# --- agreement with the hours -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "when", "agrees", "local"),
    [
        ("online", TUESDAY_MORNING, True, "2026-09-01T10:30:00+03:00"),
        ("online", TUESDAY_EVENING, False, "2026-09-01T18:30:00+03:00"),
        ("offline", TUESDAY_EVENING, True, "2026-09-01T18:30:00+03:00"),
        ("offline", TUESDAY_MORNING, False, "2026-09-01T10:30:00+03:00"),
        ("away", TUESDAY_MORNING, True, "2026-09-01T10:30:00+03:00"),  # away is online-ish
        ("away", TUESDAY_EVENING, False, "2026-09-01T18:30:00+03:00"),
    ],
)
def test_agreement_at_the_visit_time(status: str, when: str, agrees: bool, local: str) -> None:
    chat = widget("Klienditeenindus E–R 9–17", status=status, status_call=TAWK_STATUS)
    result = judge(visit(page("home", started_at=when, html=html("<p>x</p>")), chat=[chat]))
    assert result["timezone"] == "Europe/Tallinn" and result["timezone_source"] == "country"
    assert result["local_time"] == local
    assert result["status_matches_hours"] is agrees


def test_the_chat_pages_time_is_used_not_the_visits_start() -> None:
    chat = widget("E–R 9–17", page_key="cart-desktop", status="online", status_call=TAWK_STATUS)
    result = judge(
        visit(
            page("home", started_at=TUESDAY_MORNING, html=html("")),
            page("cart", started_at=TUESDAY_EVENING, html=html("")),
            chat=[chat],
            started_at=TUESDAY_MORNING,
        )
    )
    assert result["local_time"] == "2026-09-01T18:30:00+03:00"
    assert result["status_matches_hours"] is False


@pytest.mark.parametrize(
    ("when", "local", "agrees"),
    [
        # Friday before the spring change: 06:30 UTC is 08:30 EET, before opening.
        ("2026-03-27T06:30:00Z", "2026-03-27T08:30:00+02:00", False),
        # Monday after it: the same UTC time is 09:30 EEST, open.
        ("2026-03-30T06:30:00Z", "2026-03-30T09:30:00+03:00", True),
        # The night of the change itself: 00:59 UTC is 02:59 EET, 01:00 UTC is 04:00 EEST.
        ("2026-03-29T00:59:00Z", "2026-03-29T02:59:00+02:00", False),
        # Autumn: Friday 23 October 09:30 EEST open, Monday 26 October 08:30 EET closed.
        ("2026-10-23T06:30:00Z", "2026-10-23T09:30:00+03:00", True),
        ("2026-10-26T06:30:00Z", "2026-10-26T08:30:00+02:00", False),
    ],
)
def test_daylight_saving_edges(when: str, local: str, agrees: bool) -> None:
    chat = widget("Asiakaspalvelu ma–pe 9–16", status="online", status_call=TAWK_STATUS)
    result = judge(visit(page("home", started_at=when, html=html("")), chat=[chat], country="FI"))
    assert result["timezone"] == "Europe/Helsinki"
    assert result["local_time"] == local
    assert result["status_matches_hours"] is agrees


def test_timezone_override_from_the_shop_list() -> None:
    # 07:30 UTC is 10:30 in Tallinn (open) but 08:30 in London (closed).
    chat = widget("Klienditeenindus E–R 9–17", status="online", status_call=TAWK_STATUS)
    result = judge(
        visit(page("home", html=html("")), chat=[chat], country="EE", zone="Europe/London")
    )
    assert (result["timezone"], result["timezone_source"]) == ("Europe/London", "shop_list")
    assert result["local_time"] == "2026-09-01T08:30:00+01:00"
    assert result["status_matches_hours"] is False


def test_timezone_from_the_domain_when_no_country() -> None:
    chat = widget("ma–pe 9–16", status="online", status_call=TAWK_STATUS)
    v = visit(page("home", html=html("")), chat=[chat], country=None, shop="https://kauppa.fi")
    result = judge(v)
    assert (result["timezone"], result["timezone_source"]) == ("Europe/Helsinki", "tld")
    assert result["status_matches_hours"] is True


def test_no_timezone_no_agreement() -> None:
    chat = widget("Mon–Fri 9am–5pm", status="online", status_call=TAWK_STATUS)
    v = visit(page("home", html=html("")), chat=[chat], country="US", shop="https://shop.com")
    result = judge(v)
    assert result["timezone"] is None and result["local_time"] is None
    assert result["status_matches_hours"] is None
    assert result["reason"] == "no shop time zone"


def test_public_holidays_make_agreement_unknown_only_when_they_matter() -> None:
    text = "Avoinna: ma-pe 10-20, la 10-18, su ja pyhäpäivinä suljettu"
    chat = widget(text, status="online", status_call=TAWK_STATUS)
    # Tuesday 10:30: open unless it is a public holiday, which is not known.
    tuesday = judge(visit(page("home", html=html("")), chat=[chat], country="FI"))
    assert tuesday["opening_hours"] == "Mo-Fr 10:00-20:00; Sa 10:00-18:00; Su,PH off"
    assert tuesday["open_at_visit"] is None and tuesday["status_matches_hours"] is None
    assert "public holidays" in tuesday["reason"]
    # Sunday 13:00: closed either way, so an online chat disagrees.
    sunday = judge(
        visit(
            page("home", started_at="2026-09-06T10:00:00Z", html=html("")),
            chat=[chat],
            country="FI",
        )
    )
    assert sunday["open_at_visit"] is False and sunday["status_matches_hours"] is False


def test_unknown_status_gives_no_agreement_but_keeps_the_hours_verdict() -> None:
    result = judge(visit(chat=[widget("Klienditeenindus E–R 9–17")]))
    assert result["status_at_visit"] == "unknown"
    assert result["open_at_visit"] is True and result["status_matches_hours"] is None


# --- the evaluator against opening-hours-py ---------------------------------------------------

EXTRA_HOURS = [
    "Mo-Fr 22:00-02:00; Sa 10:00-12:00",
    "Sa 10:00-12:00; Mo-Fr 22:00-02:00",
    "Fr 18:00-02:00",
    "Mo-Su 20:00-02:00; Sa off",
    "Mo-Fr 09:00-17:00; Fr 09:00-15:00",
    "Sa-Mo 10:00-12:00",
    "Mo-Fr 18:00-00:00",
    "Mo-Fr 08:00-16:00; Mo-Fr 08:00-20:00; Sa 10:00-16:00",
]


def _all_outputs() -> list[str]:
    return sorted({e for _, _, e in ALL_CASES if e} | set(EXTRA_HOURS))


@pytest.mark.parametrize("hours", _all_outputs())
def test_evaluator_agrees_with_opening_hours_py(hours: str) -> None:
    reference = oh.OpeningHours(hours)
    start = datetime(2026, 3, 2)  # a Monday in a week without holidays
    decided = 0
    for step in range(7 * 96 + 1):
        when = start + timedelta(minutes=15 * step)
        mine = probe.is_open(hours, when)
        if "PH" in hours:
            # Holidays unknown: any answer given must hold on a holiday and off it.
            if mine is not None:
                decided += 1
                assert mine == reference.is_open(when), when
            continue
        assert mine is not None
        assert mine == reference.is_open(when), when
        decided += 1
    assert decided > 0


def test_public_holiday_answers_hold_on_a_real_holiday() -> None:
    # 6 December 2026 (Finland's Independence Day) is a Sunday; 1 May 2026 a Friday.
    hours = "Mo-Fr 10:00-20:00; Sa 10:00-18:00; Su,PH off"
    reference = oh.OpeningHours(hours, country="FI")
    may_day = datetime(2026, 5, 1, 12, 0)
    assert reference.is_open(may_day) is False  # the reference knows the holiday
    assert probe.is_open(hours, may_day) is None  # we do not, so we do not guess
    sunday = datetime(2026, 12, 6, 12, 0)
    assert probe.is_open(hours, sunday) is False is reference.is_open(sunday)


@pytest.mark.parametrize("bad", ["Jan-Mar Mo 10:00-12:00", "Mo-Fr 09:00-17:00 open", "", "Mo"])
def test_evaluator_refuses_what_it_does_not_know(bad: str) -> None:
    assert probe.is_open(bad, datetime(2026, 3, 2, 12)) is None


def test_every_country_zone_exists() -> None:
    for country, zone in probe.COUNTRY_ZONES.items():
        assert ZoneInfo(zone).key == zone, country


# --- export columns and registry --------------------------------------------------------------


def test_columns() -> None:
    assert probe.columns(None) == {
        "hours_shown": None,
        "hours": "",
        "hours_source": "",
        "status_at_visit": "",
        "status_matches_hours": None,
    }
    value = judge(visit(chat=[widget("E–R 9–17", status="online", status_call=TAWK_STATUS)]))
    finding = SimpleNamespace(outcome="ok", value=value)
    assert probe.columns(finding) == {
        "hours_shown": True,
        "hours": "Mo-Fr 09:00-17:00",
        "hours_source": "widget",
        "status_at_visit": "online",
        "status_matches_hours": True,
    }
    failed = SimpleNamespace(outcome="error", value={"error": "boom"})
    assert probe.columns(failed) == probe.columns(None)


def test_registered_after_access_and_run_by_the_registry() -> None:
    assert PROBE_MODULES.index("probes.hours") == PROBE_MODULES.index("probes.access") + 1
    modules = load_probes(("probes.vendor", "probes.access", "probes.hours"))
    results = {r.probe: r for r in run_all(visit(chat=[widget("E–R 9–17")]), modules)}
    hours = results["hours"]
    assert hours.outcome == "ok" and hours.value["opening_hours"] == "Mo-Fr 09:00-17:00"
    assert "evidence" not in hours.value and hours.evidence


# --- the shop list's country and time zone reach the evidence ---------------------------------


def test_country_and_timezone_flow_from_the_shop_list_into_the_evidence(tmp_path: Path) -> None:
    shops_csv = tmp_path / "shops.csv"
    shops_csv.write_text(
        "url,country,timezone\nkauppa.fi,FI,\npood.ee,EE,Europe/Helsinki\nshop.com,,\n",
        encoding="utf-8",
    )
    rows = read_shop_list(shops_csv).shops
    db = Database(f"sqlite:///{tmp_path / 'db.sqlite'}")
    try:
        campaign = db.open_campaign("c", shop_list=str(shops_csv), tool_version="t", config={})
        assert campaign.id is not None
        entries = (
            ShopEntry(origin=r.origin, url=r.url, country=r.country, extra=r.extra) for r in rows
        )
        db.add_shops(campaign.id, entries)
        pairs = db.visits(campaign.id)
    finally:
        db.dispose()
    seen = {}
    for visit_row, shop in pairs:
        target = shop_target(shop, visit_row)
        journey = ShopVisit(
            playwright=None,  # type: ignore[arg-type]
            browser=None,  # type: ignore[arg-type]
            target=target,
            campaign="c",
            folder=tmp_path / target.slug,
            settings=CrawlSettings(marker_selectors=[], globals=[]),
            pacer=HostPacer(0),
        )
        artifacts = journey.artifacts
        seen[shop.origin] = (artifacts.shop_country, artifacts.shop_timezone)
    assert seen == {
        "https://kauppa.fi": ("FI", None),
        "https://pood.ee": ("EE", "Europe/Helsinki"),
        "https://shop.com": (None, None),
    }
