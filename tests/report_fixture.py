"""A stored history of campaigns for report tests: three months of one shop list.

``build_fixture(db)`` writes shops, campaigns, visits and findings in the shapes
the probes store (``vendor``, ``access``, ``findability``, ``hours``,
``persistence``), plus small PNG screenshots in an evidence folder. What it
holds, by design:

- campaigns ``april`` (created first), ``march`` and ``february`` (created last,
  dated only by ``created_at``) of ``shops/baltics.csv``: names, creation order
  and dates all disagree, so only dates give February < March < April; and a
  ``pilot-fi`` campaign of another list dated between March and April;
- eleven shops in EE, FI and LV, three categories;
- February to March: Lauku Labumi (no chat) starts showing its hours on the
  contact page, Kodukaup's conversation starts to persist, Elektroonika Turg
  drops the phone field and loses the chat in the mobile cart;
- movements from March to April: Elektroonika Turg up (form gate removed with a
  switch from Zendesk to Smartsupp, chat now in the mobile cart), Kotikeittiö down (only a dead Messenger plugin
  left), Saunamaailma down (chat gone from the cart), Kodukaup the same,
  Uus Pood new, Suletud Pood gone, Mobilia Tallinn unreachable and Tukkumyynti
  timed out in April (no score);
- two shops with the same findings, hence the same score (a tie), whose names
  are hostile: ``<img src=x onerror=alert(1)>`` and ``../../etc/evil``; the new
  shop's name starts with ``=`` (a spreadsheet formula).
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from crawler.storage import Database
from crawler.storage.db import ShopEntry
from crawler.storage.models import Campaign, Finding

SHOP_LIST = "shops/baltics.csv"
PILOT_LIST = "shops/finland-pilot.csv"
HOSTILE_NAME = "<img src=x onerror=alert(1)>"
EVIL_NAME = "../../etc/evil"
FORMULA_NAME = '=HYPERLINK("http://evil.example","Uus Pood")'
# In date order; created in the order april, march, february.
CAMPAIGNS = ("february", "march", "april")
CAMPAIGN_DATES = {
    "february": datetime(2026, 2, 2, 8, 0, tzinfo=UTC),
    "march": datetime(2026, 3, 2, 8, 0, tzinfo=UTC),
    "april": datetime(2026, 4, 6, 8, 0, tzinfo=UTC),
    "pilot-fi": datetime(2026, 3, 20, 8, 0, tzinfo=UTC),
}

KODUKAUP = "https://www.kodukaup.ee"
ELEKTROONIKA = "https://www.elektroonika-turg.ee"
KOTIKEITTIO = "https://www.kotikeittio.fi"
SAUNAMAAILMA = "https://www.saunamaailma.fi"
LAUKU = "https://www.lauku-labumi.lv"
HOSTILE = "https://www.pilt-pood.ee"
EVIL = "https://www.rada.lv"
MOBILIA = "https://www.mobilia-tallinn.ee"
TUKKU = "https://www.tukkumyynti.fi"
UUS = "https://www.uus-pood.ee"
SULETUD = "https://www.suletud-pood.ee"

SHOPS: dict[str, tuple[str, str, str]] = {  # origin -> name, country, category
    KODUKAUP: ("Kodukaup", "EE", "home"),
    ELEKTROONIKA: ("Elektroonika Turg", "EE", "electronics"),
    KOTIKEITTIO: ("Kotikeittiö", "FI", "home"),
    SAUNAMAAILMA: ("Saunamaailma", "FI", "home"),
    LAUKU: ("Lauku Labumi", "LV", "food"),
    HOSTILE: (HOSTILE_NAME, "EE", "electronics"),
    EVIL: (EVIL_NAME, "LV", "electronics"),
    MOBILIA: ("Mobilia Tallinn", "EE", "home"),
    TUKKU: ("Tukkumyynti", "FI", "electronics"),
    UUS: (FORMULA_NAME, "EE", "home"),
    SULETUD: ("Suletud Pood", "EE", "food"),
}

PAGE_KEYS = (
    "home-desktop",
    "product-desktop",
    "cart-desktop",
    "home-mobile",
    "product-mobile",
    "cart-mobile",
)
ALL_PAGES = frozenset(PAGE_KEYS)
DESKTOP = frozenset(p for p in PAGE_KEYS if p.endswith("desktop"))

VENDORS: dict[str, tuple[str, str, str, str]] = {  # id -> name, category, kind, script
    "tawk": ("Tawk.to", "live_chat", "widget", "https://embed.tawk.to/5f1a2b3c4d5e6f/default"),
    "smartsupp": (
        "Smartsupp",
        "live_chat",
        "widget",
        "https://www.smartsuppchat.com/loader.js?",
    ),
    "zendesk": (
        "Zendesk Web Widget (Classic) / Chat (Zopim)",
        "live_chat",
        "widget",
        "https://static.zdassets.com/ekr/snippet.js?key=0f1e2d3c",
    ),
    "giosg": ("Giosg", "live_chat", "widget", "https://service.giosg.com/live2/a1b2c3"),
    "messenger": (
        "Facebook Messenger (m.me links; retired Chat Plugin)",
        "messaging_link",
        "messenger",
        "https://connect.facebook.net/fi_FI/sdk/xfbml.customerchat.js",
    ),
    "whatsapp": (
        "WhatsApp click-to-chat",
        "messaging_link",
        "link_out",
        "https://wa.me/37255512345",
    ),
}


@dataclass(frozen=True)
class Seen:
    """What one visit of one shop saw, in the terms of the probes."""

    status: str = "ok"
    error: str | None = None
    vendor: str | None = "tawk"
    kind: str = "anonymous_widget"
    fields: tuple[str, ...] = ()
    dead_plugin: bool = False
    visible: frozenset[str] = ALL_PAGES
    delay_ms: int | None = 1400
    contact_only: bool = False
    hours_source: str | None = "widget"
    hours_text: str = "E-R 9-17"
    opening_hours: str | None = "Mo-Fr 09:00-17:00"
    status_at_visit: str = "online"
    status_matches: bool | None = True
    persistence: str = "persists"
    extra: dict[str, Any] = field(default_factory=dict)


FULL = Seen()
GATED3 = Seen(vendor="zendesk", kind="form_gated_widget", fields=("name", "email", "phone"))
GATED2 = Seen(
    vendor="zendesk",
    kind="form_gated_widget",
    fields=("name", "email"),
    visible=ALL_PAGES - {"cart-mobile"},
)
OPEN_NOW = Seen(vendor="zendesk", delay_ms=2100)
MESSENGER = Seen(
    vendor="messenger",
    kind="messenger",
    hours_source="contact",
    hours_text="ma-pe 9-16",
    opening_hours="Mo-Fr 09:00-16:00",
    status_at_visit="unknown",
    status_matches=None,
    persistence="unknown",
)
DEAD_MESSENGER = Seen(
    vendor="messenger",
    kind="none",
    dead_plugin=True,
    visible=frozenset(),
    delay_ms=None,
    hours_source="contact",
    hours_text="ma-pe 9-16",
    opening_hours="Mo-Fr 09:00-16:00",
    status_at_visit="unknown",
    status_matches=None,
    persistence="unknown",
)
OFFLINE_CART = Seen(
    vendor="giosg",
    kind="offline_form",
    hours_source="footer",
    hours_text="Asiakaspalvelu palvelee ma-pe 9-16",
    opening_hours="Mo-Fr 09:00-16:00",
    status_at_visit="offline",
    status_matches=True,
    persistence="lost",
)
OFFLINE_NO_CART = Seen(
    vendor="giosg",
    kind="offline_form",
    visible=ALL_PAGES - {"cart-desktop", "cart-mobile"},
    hours_source="footer",
    hours_text="Asiakaspalvelu palvelee ma-pe 9-16",
    opening_hours="Mo-Fr 09:00-16:00",
    status_at_visit="offline",
    status_matches=True,
    persistence="lost",
)
NO_CHAT = Seen(
    vendor=None,
    kind="none",
    visible=frozenset(),
    delay_ms=None,
    hours_source="contact",
    hours_text="Darba laiks P-Pk 9-17",
    opening_hours="Mo-Fr 09:00-17:00",
    status_at_visit="unknown",
    status_matches=None,
    persistence="unknown",
)
DESKTOP_ONLY = Seen(
    vendor="smartsupp",
    visible=DESKTOP,
    delay_ms=5200,
    hours_source=None,
    status_at_visit="unknown",
    status_matches=None,
    persistence="lost",
)
WHATSAPP = Seen(
    vendor="whatsapp",
    kind="link_out",
    delay_ms=None,
    hours_source=None,
    status_at_visit="unknown",
    status_matches=None,
    persistence="unknown",
)
SWITCHED = Seen(vendor="smartsupp", delay_ms=2100)
KEPT_LOST = Seen(persistence="lost")
NO_CHAT_NO_HOURS = Seen(
    vendor=None,
    kind="none",
    visible=frozenset(),
    delay_ms=None,
    hours_source=None,
    opening_hours=None,
    status_at_visit="unknown",
    status_matches=None,
    persistence="unknown",
)
HOME_ONLY = Seen(vendor="smartsupp", visible=frozenset({"home-desktop", "home-mobile"}))
TIMEOUT = Seen(status="timeout", error="the shop's budget of 150 s was spent before any page")
UNREACHABLE = Seen(status="unreachable", error="net::ERR_NAME_NOT_RESOLVED")

# campaign -> origin -> what the visit saw; a shop absent from a month was not in its list.
PLAN: dict[str, dict[str, Seen]] = {
    "february": {
        KODUKAUP: KEPT_LOST,
        ELEKTROONIKA: GATED3,
        KOTIKEITTIO: MESSENGER,
        SAUNAMAAILMA: OFFLINE_CART,
        LAUKU: NO_CHAT_NO_HOURS,
        HOSTILE: DESKTOP_ONLY,
        EVIL: DESKTOP_ONLY,
        MOBILIA: OPEN_NOW,
        TUKKU: WHATSAPP,
        SULETUD: HOME_ONLY,
    },
    "march": {
        KODUKAUP: FULL,
        ELEKTROONIKA: GATED2,
        KOTIKEITTIO: MESSENGER,
        SAUNAMAAILMA: OFFLINE_CART,
        LAUKU: NO_CHAT,
        HOSTILE: DESKTOP_ONLY,
        EVIL: DESKTOP_ONLY,
        MOBILIA: OPEN_NOW,
        TUKKU: WHATSAPP,
        SULETUD: HOME_ONLY,
    },
    "april": {
        KODUKAUP: FULL,
        ELEKTROONIKA: SWITCHED,
        KOTIKEITTIO: DEAD_MESSENGER,
        SAUNAMAAILMA: OFFLINE_NO_CART,
        LAUKU: NO_CHAT,
        HOSTILE: DESKTOP_ONLY,
        EVIL: DESKTOP_ONLY,
        MOBILIA: UNREACHABLE,
        TUKKU: TIMEOUT,
        UUS: HOME_ONLY,
    },
    "pilot-fi": {KOTIKEITTIO: FULL},
}
# The order the campaigns are created in: not their date order, not their name order.
CREATION_ORDER = ("april", "march", "pilot-fi", "february")


# -- evidence files ----------------------------------------------------------------------


def png_bytes(
    width: int = 24, height: int = 16, rgb: tuple[int, int, int] = (40, 90, 160)
) -> bytes:
    """A small valid PNG of one colour (no imaging library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


# -- findings in the probes' shapes ------------------------------------------------------


def _vendor(seen: Seen) -> tuple[dict[str, Any], list[Any]]:
    if seen.vendor is None:
        return {
            "vendors": [],
            "primary": None,
            "ignored": [],
            "pages_checked": list(PAGE_KEYS),
        }, []
    name, category, kind, script = VENDORS[seen.vendor]
    pages = sorted(seen.visible, key=PAGE_KEYS.index) or ["home-desktop"]
    hit_kind = "link" if kind in ("link_out",) else "html" if seen.dead_plugin else "script"
    evidence = [
        {
            "kind": hit_kind,
            "page": page,
            "value": script,
            "pattern": script.split("?")[0],
            "flags": ["dead_plugin"] if seen.dead_plugin else [],
        }
        for page in pages[:3]
    ]
    flags = ["dead_plugin", "no_live_evidence"] if seen.dead_plugin else []
    result = {
        "id": seen.vendor,
        "name": name,
        "category": category,
        "kind": kind,
        "confidence": 0.6 if seen.dead_plugin else 0.95,
        "loaded": not seen.dead_plugin and kind == "widget",
        "flags": flags,
        "pages": pages,
        "evidence": evidence,
        "evidence_total": len(pages),
        "shopping_pages": 0 if seen.dead_plugin else len({p.split("-")[0] for p in pages}),
    }
    value = {
        "vendors": [result],
        "primary": None if seen.dead_plugin else seen.vendor,
        "ignored": [],
        "pages_checked": list(PAGE_KEYS),
    }
    return value, [{"vendor": seen.vendor, **item} for item in evidence]


def _access(seen: Seen) -> tuple[dict[str, Any], list[Any]]:
    decided_by = {
        "anonymous_widget": "widget_composer",
        "form_gated_widget": "widget_required_fields",
        "offline_form": "widget_offline_form",
        "messenger": "widget_to_messenger",
        "link_out": f"link_out_{seen.vendor}",
        "none": "dead_plugin_only" if seen.dead_plugin else "no_chat_evidence",
    }[seen.kind]
    page = "home-desktop"
    evidence: list[dict[str, Any]] = []
    if seen.kind in ("anonymous_widget", "form_gated_widget", "offline_form", "messenger"):
        evidence += [
            {"kind": "opened_by", "page": page, "value": "click: div.chat-launcher"},
            {
                "kind": "screenshot",
                "page": page,
                "value": f"chat-{page}-before.png",
                "when": "before",
            },
            {
                "kind": "screenshot",
                "page": page,
                "value": f"chat-{page}-after.png",
                "when": "after",
            },
        ]
    if seen.kind == "anonymous_widget":
        evidence.insert(0, {"kind": "composer", "page": page, "value": "Kirjuta sõnum"})
    for kind in seen.fields:
        label = {"name": "Nimi", "email": "E-post", "phone": "Telefon"}.get(kind, kind)
        evidence.insert(
            0, {"kind": "field", "page": page, "value": label, "field": kind, "required": True}
        )
    if seen.kind == "messenger":
        evidence.insert(
            0, {"kind": "navigation", "page": page, "value": "https://m.me/kotikeittio"}
        )
    if seen.kind == "link_out":
        evidence.append({"kind": "link", "page": page, "value": VENDORS["whatsapp"][3]})
    if seen.dead_plugin:
        evidence.append(
            {
                "kind": "html",
                "page": page,
                "value": '<div class="fb-customerchat" page_id="1234567890">',
                "flag": "dead_plugin",
            }
        )
    value = {
        "chat_type": seen.kind,
        "prechat_fields": list(seen.fields),
        "dead_plugin": seen.dead_plugin,
        "bot_first": False,
        "vendor": None if seen.kind == "none" else seen.vendor,
        "decided_by": decided_by,
        "confidence": "low" if seen.kind == "none" else "high",
        "pages": [] if seen.kind == "none" else sorted(seen.visible, key=PAGE_KEYS.index),
        "other_kinds": [],
        "consent": {"cmp": "Cybotcookiebot", "action": "accepted", "mode": "accept"},
    }
    return value, evidence


_CORNER_BOX = {"x": 1300.0, "y": 820.0, "width": 60.0, "height": 60.0}
_MOBILE_BOX = {"x": 330.0, "y": 760.0, "width": 56.0, "height": 56.0}


def _findability(seen: Seen) -> tuple[dict[str, Any], list[Any]]:
    pages: dict[str, Any] = {}
    evidence: list[dict[str, Any]] = []
    for key in PAGE_KEYS:
        shown = key in seen.visible
        has_widget = seen.kind != "none"
        state = "visible" if shown else ("hidden" if has_widget else "absent")
        pages[key] = {
            "visible": shown,
            "state": state,
            "reason": (
                "launcher in the first viewport"
                if shown
                else "launcher element present but display:none"
                if has_widget
                else "no launcher on the page"
            ),
            "launcher": "div.chat-launcher" if has_widget else None,
            "vendor": seen.vendor if has_widget else None,
            "appeared_ms": (seen.delay_ms or 900) if shown else None,
            "box": (_MOBILE_BOX if key.endswith("mobile") else _CORNER_BOX) if shown else None,
            "corner": "bottom-right" if shown else None,
            "covered_by": None,
        }
        evidence.append({"kind": "screenshot", "page": key, "value": f"{key}.png"})
    value = {
        "pages": pages,
        "launcher_delay_ms": seen.delay_ms if "home-desktop" in seen.visible else None,
        "auto_open": False if seen.kind != "none" else None,
        "contact_only": seen.contact_only,
        "visible_pages": len(seen.visible),
        "known_pages": len(PAGE_KEYS),
    }
    return value, evidence


def _hours(seen: Seen, when: datetime) -> tuple[dict[str, Any], list[Any]]:
    shown = seen.hours_source is not None
    page = {"widget": "home-desktop", "footer": "home-desktop"}.get(
        seen.hours_source or "", "contact-desktop"
    )
    sources = (
        [
            {
                "where": seen.hours_source,
                "page": page,
                "text": seen.hours_text,
                "opening_hours": seen.opening_hours,
                "context": f"Klienditeenindus {seen.hours_text}",
                "topic": "service",
                "language": "et",
            }
        ]
        if shown
        else []
    )
    local = when + timedelta(hours=3)
    value = {
        "shown": shown,
        "opening_hours": seen.opening_hours if shown else None,
        "source": seen.hours_source,
        "sources": sources,
        "conflict": False,
        "status_at_visit": seen.status_at_visit,
        "status_source": "status_call" if seen.status_at_visit != "unknown" else None,
        "status_measures": None,
        "status_matches_hours": seen.status_matches,
        "open_at_visit": True if shown else None,
        "reason": (
            f"{seen.status_at_visit} at {local:%a %H:%M} (Europe/Tallinn); hours say open"
            if seen.status_matches is not None
            else "no hours shown"
            if not shown
            else "status unknown"
        ),
        "timezone": "Europe/Tallinn",
        "timezone_source": "country",
        "local_time": local.isoformat(timespec="seconds"),
        "texts_read": 4,
    }
    evidence = [
        {"kind": "hours_text", "where": s["where"], "page": s["page"], "value": s["context"]}
        for s in sources
    ]
    return value, evidence


def _persistence(seen: Seen) -> tuple[dict[str, Any], list[Any]]:
    decided = {"persists": "history", "lost": "history", "unknown": None}[seen.persistence]
    reason = {
        "persists": "the greeting and the widget state were there after reload and navigation",
        "lost": "the widget came back empty after a reload",
        "unknown": "no chat session to check" if seen.kind != "messenger" else "chat left the shop",
    }[seen.persistence]

    def move(url: str) -> dict[str, Any] | None:
        if seen.persistence == "unknown":
            return None
        kept = seen.persistence == "persists"
        return {
            "result": seen.persistence,
            "decided_by": decided,
            "reason": reason,
            "url": url,
            "open": kept,
            "kept": ["greeting text"] if kept else [],
            "changed": [] if kept else ["visitor id"],
            "missing": [] if kept else ["greeting text"],
        }

    value = {
        "persistence": seen.persistence,
        "decided_by": decided,
        "reason": reason,
        "vendor": seen.vendor if seen.kind != "none" else None,
        "page": "home-desktop",
        "after_reload": move("/"),
        "after_navigation": move("/cart"),
        "navigation_url": "/cart",
        "expiry": [],
        "errors": [],
    }
    return value, []


def findings_for(seen: Seen, when: datetime) -> list[Finding]:
    """The five findings a visit leaves, as the registry would store them."""
    probes = ("vendor", "access", "findability", "hours", "persistence")
    if seen.status != "ok":
        reason = (
            f"the visit ended {seen.status}: {seen.error}"
            if seen.status != "timeout"
            else "no page was captured"
        )
        return [
            Finding(probe=p, outcome="not_applicable", value={"reason": reason}, evidence=[])
            for p in probes
        ]
    made = {
        "vendor": _vendor(seen),
        "access": _access(seen),
        "findability": _findability(seen),
        "hours": _hours(seen, when),
        "persistence": _persistence(seen),
    }
    return [
        Finding(probe=p, probe_version="1", outcome="ok", value=made[p][0], evidence=made[p][1])
        for p in probes
    ]


def _screenshot_names(findings: list[Finding]) -> set[str]:
    return {
        str(item["value"])
        for finding in findings
        for item in finding.evidence
        if isinstance(item, dict) and item.get("kind") == "screenshot"
    }


def build_fixture(db_url_or_path: str | Path, evidence_root: Path | None = None) -> Database:
    """Create the fixture's campaigns in a new database; screenshots go to ``evidence_root``.

    ``evidence_root`` defaults to an ``evidence`` folder beside a SQLite file.
    """
    target = str(db_url_or_path)
    if evidence_root is None:
        if "://" in target:
            raise ValueError("give evidence_root for a database URL")
        evidence_root = Path(target).parent / "evidence"
    db = Database(target)
    for name in CREATION_ORDER:
        plan = PLAN[name]
        when = CAMPAIGN_DATES[name]
        shop_list = PILOT_LIST if name == "pilot-fi" else SHOP_LIST
        record = db.open_campaign(
            name, shop_list=shop_list, tool_version="0.5.0", config={"fixture": True}
        )
        assert record.id is not None
        db.add_shops(
            record.id,
            [
                ShopEntry(
                    origin=origin,
                    url=origin + "/",
                    name=SHOPS[origin][0],
                    country=SHOPS[origin][1],
                    category=SHOPS[origin][2],
                    tags=("fixture",),
                )
                for origin in plan
            ],
        )
        for n, (visit, shop) in enumerate(db.visits(record.id)):
            assert visit.id is not None
            seen = plan[shop.origin]
            started = when + timedelta(minutes=2 * n)
            findings = findings_for(seen, started)
            folder = evidence_root / name / shop.origin.split("://", 1)[1]
            path: str | None = None
            if seen.status in ("ok", "timeout"):
                folder.mkdir(parents=True, exist_ok=True)
                for shot in _screenshot_names(findings):
                    (folder / shot).write_bytes(png_bytes())
                path = str(folder.resolve())
            db.mark_running(visit.id)
            db.finish_visit(
                visit.id,
                status=seen.status,
                error=seen.error,
                http_status=200 if seen.status == "ok" else None,
                final_url=shop.url if seen.status == "ok" else None,
                evidence_path=path,
                started_at=started,
                finished_at=started + timedelta(seconds=95 if seen.status == "ok" else 150),
                findings=findings,
            )
        with db.session() as session:
            stored = session.get(Campaign, record.id)
            assert stored is not None
            if name == "february":  # dated by its creation only
                stored.started_at = None
                stored.created_at = when
            else:
                stored.started_at = when
            stored.finished_at = when + timedelta(hours=1)
            session.commit()
    return db


if __name__ == "__main__":  # python -m tests.report_fixture /tmp/fixture.db
    import sys

    built = build_fixture(sys.argv[1] if len(sys.argv) > 1 else "report-fixture.db")
    print(f"fixture written to {built.safe_url}")
