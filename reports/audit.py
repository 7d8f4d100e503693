"""The audit report: one shop, as a consultant hands it over (HTML and PDF).

Scores with their rubric items, each finding with its evidence and the
screenshots the crawler kept (the pages, the launcher, the opened widget, the
pre-chat form), the shop's place among its peers, recommendations drawn from
the findings, and what changed since the previous campaign of the same list.
Findings come from the database; screenshots from the visit's evidence folder.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from crawler import __version__
from crawler.storage import Database
from reports.benchmark import KIND_LABELS, filter_frame, number, reached_mask
from reports.html import (
    PHONE_WIDTH,
    SHRINK_WIDTH,
    ScreenshotInliner,
    inside,
    print_pdf,
    safe_filename,
    write_html,
)

PROBE_ORDER = ("access", "vendor", "findability", "hours", "persistence")
PAGE_LABELS = {
    "home-desktop": "Home page, desktop",
    "product-desktop": "Product page, desktop",
    "cart-desktop": "Cart, desktop",
    "contact-desktop": "Contact page, desktop",
    "home-mobile": "Home page, phone",
    "product-mobile": "Product page, phone",
    "cart-mobile": "Cart, phone",
    "contact-mobile": "Contact page, phone",
}
SHOWN_PAGES = ("home-desktop", "cart-desktop", "home-mobile", "cart-mobile")
MAX_EVIDENCE = 12
MAX_CHAT_SHOTS = 4
FindingMap = dict[str, tuple[str, dict[str, Any]]]


class ShopNotFound(LookupError):
    """SHOP names no shop of the campaign, or more than one."""


# --- which shop ----------------------------------------------------------------------------


def find_shop(table: pd.DataFrame, shop: str) -> pd.Series:
    """The campaign-table row of SHOP given as origin, URL, host (with or without www.) or name."""
    wanted = shop.strip()
    lowered = wanted.lower().rstrip("/")
    host = (urlsplit(lowered).hostname or "") if "://" in lowered else lowered.split("/")[0]
    bare = host.removeprefix("www.")
    by_origin, by_host, by_name = [], [], []
    for index, row in table.iterrows():
        origin = str(row["shop"]).lower().rstrip("/")
        row_host = urlsplit(origin).hostname or ""
        if origin == lowered:
            by_origin.append(index)
        if row_host and row_host.removeprefix("www.") == bare:
            by_host.append(index)
        if str(row.get("name") or "").strip().casefold() == wanted.casefold():
            by_name.append(index)
    for matches in (by_origin, by_host, by_name):
        if len(matches) == 1:
            return table.loc[matches[0]]
        if len(matches) > 1:
            names = ", ".join(str(table.loc[i, "shop"]) for i in matches)
            raise ShopNotFound(f"{shop!r} matches several shops: {names}; give the origin")
    raise ShopNotFound(f"no shop {shop!r} in this campaign (give its origin, host or name)")


_YES_NO: dict[Any, str] = {True: "yes", False: "no"}


# --- recommendations -----------------------------------------------------------------------


@dataclass(frozen=True)
class Recommendation:
    title: str
    why: str
    based_on: str  # the finding it comes from, in words


def _ok(findings: FindingMap, probe: str) -> dict[str, Any] | None:
    found = findings.get(probe)
    return found[1] if found is not None and found[0] == "ok" else None


_ANONYMOUS_WHY = (
    "About 25–30 % of customers would rather not ask at all than identify themselves; "
    "a shop without anonymous chat loses 10–30 % of its enquiries."
)


def recommendations(findings: FindingMap) -> list[Recommendation]:
    """Concrete advice from the findings, most important first; empty when nothing is wrong."""
    recs: list[Recommendation] = []
    access = _ok(findings, "access")
    kind = access.get("chat_type") if access else None
    has_chat = kind not in (None, "none")
    if access is not None:
        fields = [str(f) for f in access.get("prechat_fields") or []]
        if access.get("dead_plugin"):
            recs.append(
                Recommendation(
                    "Remove the dead Messenger chat plugin and put an on-site anonymous chat "
                    "in its place",
                    "Meta switched the Messenger chat plugin off on 9 May 2024: its snippet still "
                    "loads on the shop but shows customers no working chat.",
                    "access: dead_plugin",
                )
            )
        if kind == "messenger":
            recs.append(
                Recommendation(
                    "Replace Messenger with an on-site chat widget customers can use anonymously",
                    "Messenger ties the question to the customer's personal Facebook profile and "
                    "on a phone throws the customer out of the shop into the Messenger app. "
                    + _ANONYMOUS_WHY,
                    "access: chat kind messenger",
                )
            )
        elif kind == "form_gated_widget":
            asked = ", ".join(fields) or "contact details"
            recs.append(
                Recommendation(
                    f"Remove the required fields ({asked}) before the first message",
                    "Let the customer type the question at once and ask for contact details only "
                    "when an answer must go by e-mail. A pre-chat form is a listed cause of "
                    "abandoned carts. " + _ANONYMOUS_WHY,
                    f"access: form-gated widget, required {asked}",
                )
            )
        elif kind == "offline_form":
            recs.append(
                Recommendation(
                    "Offer a live conversation, and show when it is staffed",
                    "The widget only takes a message to answer later; a customer in the middle of "
                    "a purchase wants an answer now.",
                    "access: offline form only",
                )
            )
        elif kind == "link_out":
            recs.append(
                Recommendation(
                    "Add an on-site anonymous chat next to the app link",
                    "A WhatsApp or other app link takes the customer out of the shop, and ties the "
                    "question to a phone number. " + _ANONYMOUS_WHY,
                    "access: link out",
                )
            )
        elif kind == "none" and not access.get("dead_plugin"):
            recs.append(
                Recommendation(
                    "Add an on-site chat that customers can use at once and anonymously",
                    "No chat was found on the home, product, cart or contact pages. "
                    + _ANONYMOUS_WHY,
                    "access: no chat",
                )
            )
    find = _ok(findings, "findability")
    if find is not None and has_chat:
        pages = find.get("pages") or {}

        def hidden(key: str) -> bool:
            page = pages.get(key)
            return isinstance(page, Mapping) and page.get("visible") is False

        if find.get("contact_only"):
            recs.append(
                Recommendation(
                    "Show the chat on every page, not only on the contact page",
                    "A chat the customer must hunt for on a separate tab is rarely found.",
                    "findability: contact page only",
                )
            )
        if hidden("cart-desktop") or hidden("cart-mobile"):
            where = " and ".join(
                w for k, w in (("cart-desktop", "desktop"), ("cart-mobile", "phone")) if hidden(k)
            )
            recs.append(
                Recommendation(
                    "Show the chat in the cart",
                    "The cart is the weak spot of the purchase path, where a chat saves carts; the "
                    f"launcher was not visible in the cart ({where}).",
                    f"findability: cart ({where}) not visible",
                )
            )
        mobile_hidden = [k for k in ("home-mobile", "product-mobile") if hidden(k)]
        if mobile_hidden:
            recs.append(
                Recommendation(
                    "Show the chat on mobile",
                    "Customers shop on phones too; the launcher was not visible on "
                    + ", ".join(PAGE_LABELS[k].lower() for k in mobile_hidden)
                    + ".",
                    "findability: " + ", ".join(mobile_hidden) + " not visible",
                )
            )
        if hidden("home-desktop"):
            recs.append(
                Recommendation(
                    "Show the chat launcher on the front page at once",
                    "The front page is where a customer first looks for someone to ask.",
                    "findability: home-desktop not visible",
                )
            )
        delay = find.get("launcher_delay_ms")
        if isinstance(delay, int | float) and delay > 5000:
            recs.append(
                Recommendation(
                    "Make the launcher appear sooner",
                    f"It appeared {delay / 1000:.1f} s after the page started loading; a "
                    "customer looking for help may have given up by then.",
                    f"findability: launcher after {delay / 1000:.1f} s",
                )
            )
    hours = _ok(findings, "hours")
    if hours is not None:
        places = {str(s.get("where")) for s in hours.get("sources") or [] if isinstance(s, dict)}
        if hours.get("source"):
            places.add(str(hours["source"]))
        if hours.get("shown") is False:
            recs.append(
                Recommendation(
                    "Show the service hours" + (" in the chat widget" if has_chat else ""),
                    "Hours not shown are a listed cause of abandoned carts: the customer cannot "
                    "tell whether an answer comes in a minute or tomorrow.",
                    "hours: not shown",
                )
            )
        elif has_chat and hours.get("shown") and not places & {"widget", "greeting"}:
            recs.append(
                Recommendation(
                    "Show the service hours in the chat widget too",
                    "They are shown only on the "
                    + ", ".join(sorted(places or {"page"}))
                    + "; the customer asking in the chat should see there when an answer comes.",
                    "hours: not in the widget",
                )
            )
        if hours.get("status_matches_hours") is False:
            recs.append(
                Recommendation(
                    "Make the widget's online status tell the truth",
                    f"It said {hours.get('status_at_visit') or 'unknown'} at a time the shown "
                    f"hours ({hours.get('opening_hours') or '?'}) say otherwise.",
                    "hours: status contradicts the hours",
                )
            )
    persistence = _ok(findings, "persistence")
    if has_chat and persistence is not None and persistence.get("persistence") == "lost":
        recs.append(
            Recommendation(
                "Keep the conversation across pages and reloads",
                "History that vanishes when the customer moves on to the cart or reloads is a "
                "listed cause of abandoned carts.",
                "persistence: lost",
            )
        )
    return recs


# --- changes since the previous campaign ------------------------------------------------------


def _facts(findings: FindingMap) -> dict[str, str]:
    """What is compared between two campaigns, as short texts ("" when unknown)."""
    facts: dict[str, str] = {}
    access = _ok(findings, "access")
    if access is not None:
        facts["Chat kind"] = KIND_LABELS.get(access.get("chat_type") or "", "")
        facts["Required fields"] = ", ".join(access.get("prechat_fields") or []) or "none"
        facts["Dead Messenger plugin"] = "yes" if access.get("dead_plugin") else "no"
    vendor = _ok(findings, "vendor")
    if vendor is not None:
        facts["Chat vendor"] = str(vendor.get("primary") or "none")
    find = _ok(findings, "findability")
    if find is not None:
        for key in ("home-desktop", "cart-desktop", "home-mobile", "cart-mobile"):
            page = (find.get("pages") or {}).get(key)
            if isinstance(page, Mapping) and page.get("visible") is not None:
                facts[f"Chat visible: {PAGE_LABELS[key].lower()}"] = (
                    "yes" if page["visible"] else "no"
                )
    hours = _ok(findings, "hours")
    if hours is not None and hours.get("shown") is not None:
        facts["Service hours shown"] = "yes" if hours["shown"] else "no"
        if hours.get("opening_hours"):
            facts["Service hours"] = str(hours["opening_hours"])
    persistence = _ok(findings, "persistence")
    if persistence is not None:
        facts["Conversation persists"] = str(persistence.get("persistence") or "")
    return {k: v for k, v in facts.items() if v}


def changes(before: FindingMap, after: FindingMap) -> list[tuple[str, str, str]]:
    """(what, before, now) for every compared fact that differs."""
    old, new = _facts(before), _facts(after)
    return [
        (key, old.get(key, "–"), new.get(key, "–"))
        for key in list(dict.fromkeys([*new, *old]))
        if old.get(key) != new.get(key)
    ]


# --- evidence ------------------------------------------------------------------------------


@dataclass
class Figure:
    caption: str
    file: str
    uri: str | None
    mobile: bool = False


@dataclass
class FindingView:
    probe: str
    title: str
    outcome: str
    facts: list[tuple[str, str]]
    evidence: list[dict[str, str]]
    more: int = 0
    figures: list[Figure] = field(default_factory=list)
    pages: list[dict[str, str]] = field(default_factory=list)


def _probe_title(probe: str) -> str:
    import importlib

    try:
        meta = importlib.import_module(f"probes.{probe}").META
        return str(meta.get("title") or probe)
    except (ImportError, AttributeError):
        return probe


def _plain(value: Any) -> str:
    """A value as a reader wants it: lists joined, boxes as size and place, no Python reprs."""
    if isinstance(value, dict):
        if {"x", "y", "width", "height"} <= set(value):
            return (
                f"{float(value['width']):.0f}×{float(value['height']):.0f} px at "
                f"({float(value['x']):.0f}, {float(value['y']):.0f})"
            )
        return "; ".join(
            f"{k}: {_plain(v)}" for k, v in value.items() if v not in (None, "", [], {})
        )
    if isinstance(value, list | tuple):
        return ", ".join(_plain(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def _text(value: Any, limit: int = 240) -> str:
    text = _plain(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# What an evidence item is and what it points at, in the keys the probes use.
_KIND_KEYS = ("kind", "state", "where", "source")
_VALUE_KEYS = ("value", "selector", "url", "text", "launcher")


def _evidence_rows(items: list[Any]) -> tuple[list[dict[str, str]], int]:
    rows = []
    for item in items[:MAX_EVIDENCE]:
        if isinstance(item, dict):
            kind_key = next((k for k in _KIND_KEYS if item.get(k) not in (None, "")), None)
            value_key = next((k for k in _VALUE_KEYS if item.get(k) not in (None, "")), None)
            extra = {k: v for k, v in item.items() if k not in ("page", kind_key, value_key)}
            rows.append(
                {
                    "kind": _text(item.get(kind_key) if kind_key else ""),
                    "page": _text(item.get("page")),
                    "value": _text(item.get(value_key) if value_key else ""),
                    "extra": _text(extra),
                }
            )
        else:
            rows.append({"kind": "", "page": "", "value": _text(item), "extra": ""})
    return rows, max(0, len(items) - MAX_EVIDENCE)


def _facts_of(probe: str, outcome: str, value: dict[str, Any]) -> list[tuple[str, str]]:
    if outcome != "ok":
        return [("Outcome", outcome), ("Why", _text(value.get("reason") or value.get("error")))]
    if probe == "access":
        return [
            ("Chat kind", KIND_LABELS.get(value.get("chat_type") or "", "")),
            ("Required before the first message", _text(value.get("prechat_fields")) or "nothing"),
            ("Dead Messenger plugin", "yes" if value.get("dead_plugin") else "no"),
            ("A bot answers first", "yes" if value.get("bot_first") else "no"),
            ("Vendor", _text(value.get("vendor")) or "–"),
            ("Decided by", f"{_text(value.get('decided_by'))} ({value.get('confidence')})"),
            ("Pages", _text(value.get("pages")) or "–"),
            ("Cookie banner", _text(value.get("consent")) or "–"),
        ]
    if probe == "vendor":
        vendors = [
            f"{v.get('name') or v.get('id')} ({v.get('confidence')}"
            + (", loaded" if v.get("loaded") else "")
            + ")"
            for v in value.get("vendors") or []
            if isinstance(v, dict)
        ]
        return [
            ("Primary", _text(value.get("primary")) or "none"),
            ("Found", _text(vendors) or "none"),
        ]
    if probe == "findability":
        delay = value.get("launcher_delay_ms")
        return [
            (
                "Launcher appeared after",
                f"{delay / 1000:.1f} s" if isinstance(delay, int | float) else "–",
            ),
            (
                "Opens itself / greets",
                _YES_NO.get(value.get("auto_open"), "unknown"),
            ),
            ("Only on the contact page", "yes" if value.get("contact_only") else "no"),
            (
                "Pages with a visible launcher",
                f"{value.get('visible_pages')}/{value.get('known_pages')}",
            ),
        ]
    if probe == "hours":
        return [
            ("Shown", "yes" if value.get("shown") else "no"),
            ("Hours (OSM syntax)", _text(value.get("opening_hours")) or "–"),
            ("Where", _text(value.get("source")) or "–"),
            (
                "As written",
                _text(
                    [
                        f"{s.get('page')}: {s.get('text')}"
                        for s in value.get("sources") or []
                        if isinstance(s, dict)
                    ]
                )
                or "–",
            ),
            ("Status at the visit", _text(value.get("status_at_visit")) or "unknown"),
            (
                "Status agrees with the hours",
                _YES_NO.get(value.get("status_matches_hours"), "cannot tell"),
            ),
            ("Shop's local time", _text(value.get("local_time")) or "–"),
        ]
    if probe == "persistence":
        return [
            ("Conversation", _text(value.get("persistence"))),
            ("Decided by", _text(value.get("decided_by")) or "–"),
            ("Why", _text(value.get("reason")) or "–"),
        ]
    return [(str(k), _text(v)) for k, v in value.items()]


def _page_rows(value: dict[str, Any]) -> list[dict[str, str]]:
    rows = []
    for key, page in (value.get("pages") or {}).items():
        if not isinstance(page, dict):
            continue
        visible = page.get("visible")
        rows.append(
            {
                "page": PAGE_LABELS.get(key, key),
                "visible": _YES_NO.get(visible, "unknown"),
                "state": _text(page.get("state")),
                "where": _text(page.get("corner")) or "–",
                "reason": _text(page.get("reason")),
            }
        )
    return rows


def _load_artifacts(folder: str) -> tuple[Any, str]:
    from probes.artifacts import load_visit

    if not folder:
        return None, "no evidence folder was recorded for this visit"
    try:
        return load_visit(Path(folder), with_html=False), ""
    except FileNotFoundError:
        return None, "no artifacts.json in it"
    except (OSError, ValueError) as exc:
        return None, f"artifacts.json not readable: {exc}"


def _screenshot_items(finding: Any) -> list[dict[str, Any]]:
    if finding is None:
        return []
    return [
        item
        for item in finding.evidence or []
        if isinstance(item, dict) and item.get("kind") == "screenshot" and item.get("value")
    ]


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _width(page: str) -> int:
    return PHONE_WIDTH if page.endswith("-mobile") else SHRINK_WIDTH


def _chat_caption(when: str, page: str, access: dict[str, Any], chat: Any) -> str:
    """What a chat screenshot shows: the launcher, the opened widget, the pre-chat form."""
    label = PAGE_LABELS.get(page, page)
    if when == "before":
        return f"{label}: the launcher before opening"
    kind = access.get("chat_type")
    view = getattr(chat, "view", None)
    required = [f.kind for f in view.fields if f.required] if view is not None else []
    required = required or list(access.get("prechat_fields") or [])
    if kind == "form_gated_widget" or (view is not None and required):
        what = "the pre-chat form (" + ", ".join(required or ["fields"]) + " required)"
    elif kind == "offline_form" or (view is not None and view.offline_form):
        what = "the offline form"
    elif kind == "messenger":
        what = "after opening: the way to Messenger"
    elif chat is not None and not chat.opened:
        what = "after trying to open the chat" + (f" ({chat.error})" if chat.error else "")
    else:
        what = "the opened widget"
    how = f", opened by {chat.opened_by}" if chat is not None and chat.opened_by != "none" else ""
    return f"{label}: {what}{how}"


def _figures(
    artifacts: Any,
    folder: str,
    inliner: ScreenshotInliner,
    findings: FindingMap,
    stored: Mapping[str, Any],
) -> tuple[list[Figure], list[Figure]]:
    """(page screenshots, chat screenshots) with captions saying what each shows.

    The files are the ones the findings name as evidence; the visit's own
    ``artifacts.json``, when readable, adds the pages and chat attempts they left out.
    """
    if not folder:
        return [], []
    base = Path(folder)
    find = _ok(findings, "findability") or {}
    access = _ok(findings, "access") or {}

    chats = {}
    if artifacts is not None:
        for chat in artifacts.chat:
            for name in (chat.screenshot_before, chat.screenshot_after):
                if name:
                    chats[name] = chat
    shots: list[tuple[str, str, str]] = []  # (file, when, page)
    for item in _screenshot_items(stored.get("access")):
        shots.append((str(item["value"]), str(item.get("when") or ""), str(item.get("page"))))
    if not shots and artifacts is not None:  # the access finding named none: the attempts
        wanted = list(access.get("pages") or [])
        for chat in sorted(artifacts.chat, key=lambda c: (c.page not in wanted, not c.opened)):
            for when, name in (
                ("before", chat.screenshot_before),
                ("after", chat.screenshot_after),
            ):
                if name:
                    shots.append((name, when, chat.page))
    shots = list(dict.fromkeys(shots))[:MAX_CHAT_SHOTS]
    figures = [
        Figure(
            _chat_caption(when, page, access, chats.get(name)),
            name,
            inliner.uri(base / name, _width(page)),
            mobile=page.endswith("-mobile"),
        )
        for name, when, page in shots
    ]
    shown = {name for name, _, _ in shots}
    shown_digests = {_digest(base / name) for name in shown} - {None}

    page_files: dict[str, str] = {}
    for item in _screenshot_items(stored.get("findability")):
        page_files.setdefault(str(item.get("page")), str(item["value"]))
    finding = stored.get("findability")
    for item in (finding.evidence or []) if finding is not None else []:
        if isinstance(item, dict) and item.get("page") and item.get("screenshot"):
            page_files.setdefault(str(item["page"]), str(item["screenshot"]))
    if artifacts is not None:
        for capture in artifacts.pages:
            if capture.screenshot_file:
                page_files.setdefault(capture.key, capture.screenshot_file)
    pages: list[Figure] = []
    for key in SHOWN_PAGES:
        name = page_files.get(key)
        if name is None or name in shown or _digest(base / name) in shown_digests:
            continue  # not kept, or the same picture is shown with the chat already
        seen = (find.get("pages") or {}).get(key)
        state = seen.get("state") if isinstance(seen, dict) else None
        pages.append(
            Figure(
                PAGE_LABELS[key] + (f" — launcher {state}" if state else ""),
                name,
                inliner.uri(base / name, _width(key)),
                mobile=key.endswith("-mobile"),
            )
        )
    return pages, figures


# --- peers ---------------------------------------------------------------------------------


def peer_standing(table: pd.DataFrame, origin: str) -> dict[str, Any] | None:
    """Rank and percentile of the shop's overall score among the scored shops of ``table``."""
    cells = [
        (str(row["shop"]), number(row.get("score_overall")))
        for _, row in table[reached_mask(table)].iterrows()
    ]
    scored = [(shop, score) for shop, score in cells if score is not None]
    mine = next((score for shop, score in scored if shop == origin), None)
    if mine is None:
        return None
    others = [score for shop, score in scored if shop != origin]
    below = sum(1 for s in others if s < mine)
    return {
        "rank": 1 + sum(1 for s in others if s > mine),
        "peers": len(scored),
        "below": below,
        "percentile": round(100 * below / len(others)) if others else None,
        "median": float(pd.Series([s for _, s in scored]).median()),
        "best": max(s for _, s in scored),
    }


# --- writing -------------------------------------------------------------------------------


class CampaignFindings:
    """Every finding of a campaign by shop origin, read in one query (for many audits)."""

    def __init__(self, db: Database, campaign_name: str) -> None:
        campaign = db.require_campaign(campaign_name)
        assert campaign.id is not None
        self.name = campaign_name
        origins = {visit.id: shop.origin for visit, shop in db.visits(campaign.id)}
        self.by_shop: dict[str, dict[str, Any]] = {origin: {} for origin in origins.values()}
        for visit, finding in db.findings(campaign.id):
            self.by_shop[origins[visit.id]][finding.probe] = finding

    def of(self, origin: str) -> dict[str, Any]:
        return self.by_shop.get(origin, {})


def load_previous(
    db: Database, campaign_name: str
) -> tuple[Any, pd.DataFrame, CampaignFindings] | None:
    """The previous campaign of the same shop list, its table and findings, or None."""
    from reports.data import campaign_table, previous_campaign

    prev = previous_campaign(db, campaign_name)
    if prev is None:
        return None
    return prev, campaign_table(db, prev.name), CampaignFindings(db, prev.name)


def _since(
    previous: tuple[Any, pd.DataFrame, CampaignFindings], origin: str, findings: FindingMap
) -> dict[str, Any]:
    """What changed for this shop since the previous campaign."""
    prev, table, found = previous
    since: dict[str, Any] = {"campaign": prev.name, "date": prev.started_at, "changes": None}
    try:
        before_row = find_shop(table, origin)
    except ShopNotFound:
        return since  # the shop was not in that campaign
    before = found.of(str(before_row["shop"]))
    before_score = before.get("score")
    since["judged_now"] = bool(_facts(findings))
    since["changes"] = changes(
        _finding_map({p: f for p, f in before.items() if p != "score"}), findings
    )
    since["score_before"] = before_score.value.get("overall") if before_score is not None else None
    since["status_before"] = str(before_row.get("status") or "")
    return since


@dataclass
class AuditResult:
    shop: str
    html: Path
    pdf: Path | None


def _item_titles(version: str) -> dict[str, str]:
    from reports.scoring import RUBRICS

    rubric = RUBRICS.get(version)
    if rubric is None:
        return {}
    return {item.ref: item.title for category in rubric.categories for item in category.items}


def _finding_map(found: Mapping[str, Any]) -> FindingMap:
    return {probe: (f.outcome, dict(f.value)) for probe, f in found.items()}


def write_audit(
    db: Database,
    campaign_name: str,
    shop: str,
    out: Path,
    *,
    country: str | None = None,
    category: str | None = None,
    pdf: bool = True,
    inliner: ScreenshotInliner | None = None,
    back_link: str | None = None,
    table: pd.DataFrame | None = None,
    found: CampaignFindings | None = None,
    previous: Any = "auto",
) -> AuditResult:
    """Write ``out/<safe name>.html`` (and ``.pdf``) for SHOP of the campaign.

    ``table``, ``found`` and ``previous`` (from ``load_previous``) may be passed in when many
    audits of one campaign are written, so they are read once.
    """
    from reports.data import campaign_table, shop_findings
    from reports.scoring import ShopScore, get_rubric, score_visit

    campaign = db.require_campaign(campaign_name)
    if table is None:
        table = campaign_table(db, campaign_name)
    row = find_shop(table, shop)
    origin = str(row["shop"])
    stored = found.of(origin) if found is not None else shop_findings(db, campaign_name, origin)
    findings = _finding_map({p: f for p, f in stored.items() if p != "score"})
    score_finding = stored.get("score")
    if score_finding is not None:
        score = ShopScore.from_json(score_finding.value)
    else:  # not scored yet: score it now with the current rubric, and say so
        score = score_visit(str(row.get("status") or ""), findings, get_rubric())
    peers_table = filter_frame(table, country, category)
    peer_scope = ", ".join(p for p in (country.upper() if country else "", category or "") if p)

    if isinstance(previous, str):
        previous = load_previous(db, campaign_name)
    since = _since(previous, origin, findings) if previous is not None else None

    own_inliner = inliner is None
    inliner = inliner or ScreenshotInliner()
    try:
        folder = str(row.get("evidence") or "")
        artifacts, evidence_note = _load_artifacts(folder)
        page_figs, chat_figs = _figures(artifacts, folder, inliner, findings, stored)
    finally:
        if own_inliner:
            inliner.close()

    stored_rows = {p: stored[p] for p in stored if p != "score"}
    views: list[FindingView] = []
    for probe in [*PROBE_ORDER, *sorted(set(stored_rows) - set(PROBE_ORDER))]:
        finding = stored_rows.get(probe)
        if finding is None:
            continue
        evidence, more = _evidence_rows(list(finding.evidence or []))
        view = FindingView(
            probe=probe,
            title=_probe_title(probe),
            outcome=finding.outcome,
            facts=_facts_of(probe, finding.outcome, dict(finding.value)),
            evidence=evidence,
            more=more,
        )
        if probe == "access":
            view.figures = chat_figs
        if probe == "findability":
            view.figures = page_figs
            view.pages = _page_rows(dict(finding.value))
        views.append(view)
    if "findability" not in stored_rows and page_figs:
        views.append(FindingView("pages", "Pages seen", "ok", [], [], figures=page_figs))

    name = str(row.get("name") or "") or origin
    out.mkdir(parents=True, exist_ok=True)
    html_path = inside(out, safe_filename(origin))
    write_html(
        html_path,
        "audit.html",
        campaign=campaign,
        shop=row.to_dict(),
        name=name,
        origin=origin,
        status=str(row.get("status") or ""),
        error=str(row.get("error") or ""),
        score=score,
        scored_now=score_finding is None,
        categories=[(key, cat) for key, cat in score.categories.items() if cat.items],
        titles=_item_titles(score.rubric),
        standing=peer_standing(peers_table, origin),
        peer_scope=peer_scope or "all shops of the campaign",
        recommendations=recommendations(findings),
        judged=_ok(findings, "access") is not None,
        findings=views,
        evidence_folder=folder,
        evidence_note="" if page_figs or chat_figs else evidence_note,
        since=since,
        back_link=back_link,
        rubric=score.rubric,
        tool_version=__version__,
        generated_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )
    pdf_path = None
    if pdf:
        pdf_path = print_pdf(html_path, html_path.with_suffix(".pdf"))
    return AuditResult(shop=origin, html=html_path, pdf=pdf_path)
