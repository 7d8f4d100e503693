"""The ``findability`` probe: can a customer see the chat without looking for it?

Pure and deterministic: it reads each page's ``launcher_scan`` (what the
crawler's page observer and scan measured before anything was clicked), never a
browser. For home, product and cart, on desktop and on mobile, a chat launcher
is *visible* only when it is in the first viewport without scrolling or
clicking and passes every test in this order:

1. ``hidden``: not ``display:none`` (on it or an ancestor), not ``visibility:hidden``;
2. ``transparent``: no ``opacity: 0`` on it or an ancestor;
3. ``zero_size``: at least 2×2 CSS pixels (a zero-sized container stands for its
   largest visible child, also inside an open shadow root);
4. ``offscreen``: its centre inside the first viewport (fixed elements where they
   are drawn, others where they sit in the document at scroll 0);
5. ``covered``: ``elementFromPoint`` at its centre is the launcher, its own widget
   or frame, not another element; an open cookie banner covers like any element
   until consent is handled, and the reason says it was the banner.

A page has a verdict from its best candidate (visible before covered before
offscreen before transparent before zero-sized before hidden); ``absent`` when no
candidate is there at all. A link to WhatsApp, Messenger, Telegram or Viber is a
launcher only when it floats (position fixed or sticky). A page the journey did
not reach, or captured with an error, is ``unknown`` (``visible: null``), never
``false``.

``launcher_delay_ms`` is home-desktop's: ms from navigation start until the
launcher was first seen visible by the page observer. ``auto_open`` is true when,
on a home page and before anything was clicked, within ``AUTO_OPEN_WINDOW_MS``,
the widget grew to a panel or showed a greeting bubble, or the vendor's
documented "is open" call said open. ``contact_only`` is true when the contact
page shows a chat and none of the shopping pages does.
"""

from __future__ import annotations

from typing import Any

from probes.artifacts import (
    Box,
    LauncherObservation,
    PageCapture,
    VisitArtifacts,
)
from probes.catalogue import catalogue

META: dict[str, Any] = {
    "id": "findability",
    "version": "1",
    "title": "Chat findability",
    "description": (
        "Whether a chat launcher is visible to a customer in the first viewport without"
        " scrolling or clicking (not hidden, transparent, zero-sized, off-screen or covered,"
        " a cookie banner included) on home, product and cart pages on desktop and mobile;"
        " the time until it appeared, its size and corner, whether the widget opened itself"
        " or greeted the visitor, and whether the chat is reachable only from the contact page."
    ),
    "requires": ["pages", "consent"],
}

ROLES = ("home", "product", "cart")
PROFILES = ("desktop", "mobile")
PAGE_KEYS = tuple(f"{role}-{profile}" for profile in PROFILES for role in ROLES)
STATE_ORDER = ("visible", "covered", "offscreen", "transparent", "zero_size", "hidden")
AUTO_OPEN_WINDOW_MS = 20_000.0  # a panel or greeting after this long is not "on arrival"
PANEL_MIN = (250.0, 300.0)  # width, height of an open chat window
GREETING_MIN = (180.0, 70.0)  # a bubble bigger than any launcher button, smaller than a panel
NOT_LAUNCHER_TAGS = ("script", "link", "style", "meta", "noscript", "template")
# Launchers the catalogue's DOM markers do not name (a stop-gap until they become catalogue
# entries): (vendor id, selector, where the markup comes from).
EXTRA_LAUNCHERS: tuple[tuple[str, str, str], ...] = (
    ("whatsapp", ".joinchat", "Joinchat (WordPress plugin creame-whatsapp-me): floating div"),
    ("whatsapp", ".joinchat__button", "Joinchat's round button inside div.joinchat"),
)
MAX_OTHERS = 4
LATE_PART_MS = 500.0  # a second part of the widget that came this long after the first


def launcher_selectors() -> list[tuple[str, str]]:
    """(vendor id, selector) of catalogue DOM rules that can match a launcher or its container."""
    out: list[tuple[str, str]] = []
    for vendor in catalogue():
        for rule in vendor.rules_for("dom"):
            if rule.flags & {"dead_plugin", "not_chat_alone"}:
                continue
            tag = rule.source.split("[", 1)[0].split("#", 1)[0].split(".", 1)[0]
            if tag.strip().lower() in NOT_LAUNCHER_TAGS:
                continue
            out.append((vendor.id, rule.source))
    out.extend((vendor_id, selector) for vendor_id, selector, _note in EXTRA_LAUNCHERS)
    return out


def corner(box: Box | None, viewport: Box | None) -> str | None:
    """Where the box's centre sits: thirds of the viewport, named by the corner or side."""
    if box is None or viewport is None or viewport.width <= 0 or viewport.height <= 0:
        return None
    cx = (box.x + box.width / 2) / viewport.width
    cy = (box.y + box.height / 2) / viewport.height
    horizontal = "left" if cx < 1 / 3 else "right" if cx > 2 / 3 else "centre"
    vertical = "top" if cy < 1 / 3 else "bottom" if cy > 2 / 3 else "middle"
    if horizontal == "centre":
        return "other"
    return f"{vertical}-{horizontal}"


def _is_link(obs: LauncherObservation) -> bool:
    return obs.source == "link" or obs.tag == "a"


def is_launcher(obs: LauncherObservation) -> bool:
    """A link button counts only when it floats; an in-page link is a link, not a launcher."""
    return obs.floating or not _is_link(obs)


def _area(box: Box | None) -> float:
    return box.width * box.height if box else 0.0


def _rank(obs: LauncherObservation) -> tuple[int, int, float]:
    return (STATE_ORDER.index(obs.state), 1 if obs.nested else 0, -_area(obs.box))


def _describe(obs: LauncherObservation) -> str:
    shown = obs.selector or obs.element
    if obs.element and obs.element != shown:
        shown += f" ({obs.element})"
    if obs.url:
        shown += f" → {obs.url[:120]}"
    if obs.in_shadow:
        shown += " [in shadow root]"
    return shown


def _box_json(box: Box | None) -> dict[str, float] | None:
    if box is None:
        return None
    return {k: round(getattr(box, k), 1) for k in ("x", "y", "width", "height")}


def _unknown(reason: str) -> dict[str, Any]:
    return {
        "visible": None,
        "state": "unknown",
        "reason": reason,
        "launcher": None,
        "vendor": None,
        "appeared_ms": None,
        "box": None,
        "corner": None,
        "covered_by": None,
    }


def _from_markers(capture: PageCapture) -> list[LauncherObservation]:
    """Older evidence without a launcher scan: the DOM snapshot's markers, less precisely."""
    vendors = dict((selector, vendor) for vendor, selector in reversed(launcher_selectors()))
    out: list[LauncherObservation] = []
    for marker in capture.dom_markers:
        if marker.selector not in vendors or marker.tag in NOT_LAUNCHER_TAGS:
            continue
        if not marker.visible:
            state, reason = "hidden", "not visible (display, visibility, opacity or size)"
        elif not marker.in_first_viewport:
            state, reason = "offscreen", "outside the first viewport"
        elif marker.covered_by:
            state, reason = "covered", f"covered at its centre by {marker.covered_by}"
        else:
            state, reason = "visible", ""
        out.append(
            LauncherObservation(
                selector=marker.selector,
                vendor=vendors[marker.selector],
                tag=marker.tag,
                element=marker.tag + (f"#{marker.id}" if marker.id else ""),
                box=marker.box,
                state=state,  # type: ignore[arg-type]
                visible=state == "visible",
                reasons=[reason + " (DOM snapshot; no launcher scan)"] if reason else [],
                covered_by=marker.covered_by,
                # The DOM snapshot cannot tell a floating link from an in-page one.
                floating=marker.tag != "a",
            )
        )
    return out


def _candidates(capture: PageCapture) -> list[LauncherObservation] | str:
    """The page's launcher candidates, or the reason they cannot be known."""
    scan = capture.launcher_scan
    if scan is not None:
        return [obs for obs in scan.launchers if is_launcher(obs)]
    failed = [e for e in capture.collector_errors if e.collector in ("launchers", "dom")]
    if failed:
        return f"the launcher scan failed: {failed[0].message}"
    if capture.viewport is None:  # the DOM snapshot sets it; without one nothing was seen
        return "the page was not captured (no DOM snapshot)"
    return [obs for obs in _from_markers(capture) if is_launcher(obs)]


def page_verdict(
    capture: PageCapture | None, visit: VisitArtifacts, missing: str = "page not reached"
) -> dict[str, Any]:
    """One page's ``P`` (see contracts): visible / not visible / unknown, with the reason."""
    if capture is None:
        return _unknown(missing)
    if capture.error:
        return _unknown(f"captured with an error: {capture.error[:200]}")
    found = _candidates(capture)
    if isinstance(found, str):
        return _unknown(found)
    viewport = (capture.launcher_scan.viewport if capture.launcher_scan else None) or (
        capture.viewport
    )
    if not found:
        return {
            **_unknown(""),
            "visible": False,
            "state": "absent",
            "reason": "no chat launcher on the page (catalogue selectors, chat frames,"
            " floating WhatsApp/Messenger/Telegram/Viber links)",
        }
    best = min(found, key=_rank)
    visible = best.state == "visible"
    appeared = [
        obs.first_visible_ms
        for obs in found
        if obs.state == "visible" and obs.first_visible_ms is not None
    ]
    if visible:
        size = f"{best.box.width:.0f}x{best.box.height:.0f} px" if best.box else "size unknown"
        reason = f"visible in the first viewport, {size}, {corner(best.box, viewport)}"
    else:
        reason = "; ".join(best.reasons) or best.state
        if best.state == "covered" and best.covered_by_consent:
            action = visit.consent.action if visit.consent else "unknown"
            reason += f"; the cookie banner was still open (consent: {action})"
    return {
        "visible": visible,
        "state": best.state,
        "reason": reason,
        "launcher": _describe(best),
        "vendor": best.vendor,
        "appeared_ms": round(min(appeared)) if visible and appeared else None,
        "box": _box_json(best.box),
        "corner": corner(best.box, viewport),
        "covered_by": best.covered_by,
        "covered_by_consent": best.covered_by_consent,
        "others": [
            {"launcher": _describe(o), "state": o.state}
            for o in sorted(found, key=_rank)
            if o is not best
        ][:MAX_OTHERS],
    }


def _missing_reason(visit: VisitArtifacts, role: str, profile: str) -> str:
    if profile == "mobile" and "mobile" not in visit.settings.get("profiles", PROFILES):
        return "the mobile profile was not crawled"
    if visit.page(role, "desktop") is None and role != "home":  # type: ignore[arg-type]
        return f"no {role} page was found"
    return "page not reached"


def _how_it_came(
    obs: LauncherObservation, box: Box, parts: list[LauncherObservation], observer: bool
) -> str | None:
    """How a large widget part came to be: it grew, or it came after the launcher."""
    if obs.first_box is not None and _area(box) >= 2 * _area(obs.first_box):
        return "grew"
    if obs.first_visible_ms is not None:
        for other in parts:
            if (
                other is not obs
                and other.vendor == obs.vendor
                and other.first_visible_ms is not None
                and obs.first_visible_ms - other.first_visible_ms >= LATE_PART_MS
            ):
                return "appeared after the launcher"
    if not observer or obs.first_box is None:
        return "size only (no observer record)"
    return None


def _auto_open(visit: VisitArtifacts) -> tuple[bool | None, list[dict[str, Any]]]:
    """Widget panels and greetings that came before any click, on the home pages."""
    checked = False
    found: list[dict[str, Any]] = []
    for profile in PROFILES:
        capture = visit.page("home", profile)  # type: ignore[arg-type]
        if capture is None or capture.error or capture.launcher_scan is None:
            continue
        scan = capture.launcher_scan
        checked = True
        key = capture.key
        for check in scan.open_state:
            if check.error is None and check.value is True:
                found.append(
                    {"page": key, "kind": "open_call", "vendor": check.vendor, "call": check.call}
                )
        parts = [obs for obs in scan.launchers if not _is_link(obs)]
        for obs in parts:
            box, at = obs.largest_box, obs.largest_ms
            if box is None and obs.visible:
                box, at = obs.box, scan.at_ms
            if box is None or (at is not None and at > AUTO_OPEN_WINDOW_MS):
                continue
            if box.width >= PANEL_MIN[0] and box.height >= PANEL_MIN[1]:
                kind = "panel"
            elif box.width >= GREETING_MIN[0] and box.height >= GREETING_MIN[1]:
                kind = "greeting"
            else:
                continue
            basis = _how_it_came(obs, box, parts, scan.observer)
            if basis is None:
                continue  # that large from its first frame: a container, not an opening
            if any(f["page"] == key and f.get("box") == _box_json(box) for f in found):
                continue  # the widget's container and its frame: one opening
            found.append(
                {
                    "page": key,
                    "kind": kind,
                    "basis": basis,
                    "vendor": obs.vendor,
                    "launcher": _describe(obs),
                    "first_box": _box_json(obs.first_box),
                    "box": _box_json(box),
                    "at_ms": round(at) if at is not None else None,
                    "screenshot": capture.screenshot_file,
                }
            )
    if found:
        return True, found
    return (False if checked else None), []


def _contact_chat(visit: VisitArtifacts) -> dict[str, Any] | None:
    """What shows a chat on the contact page: a visible launcher, chat link or opened widget."""
    capture = visit.page("contact", "desktop")
    if capture is None or capture.error:
        return None
    scan = capture.launcher_scan
    for obs in scan.launchers if scan else _from_markers(capture):
        if obs.state == "visible":  # on the contact page an in-page chat link counts too
            return {"page": capture.key, "launcher": _describe(obs), "vendor": obs.vendor}
    for chat in visit.chat:
        if chat.page == capture.key and (chat.opened or chat.opened_by == "link"):
            return {
                "page": capture.key,
                "launcher": chat.launcher or chat.link,
                "vendor": chat.vendor,
            }
    return None


def run(visit: VisitArtifacts) -> dict[str, Any]:
    pages: dict[str, dict[str, Any]] = {}
    evidence: list[dict[str, Any]] = []
    for profile in PROFILES:
        for role in ROLES:
            key = f"{role}-{profile}"
            capture = visit.page(role, profile)  # type: ignore[arg-type]
            verdict = page_verdict(capture, visit, _missing_reason(visit, role, profile))
            pages[key] = verdict
            evidence.append(
                {
                    "page": key,
                    "state": verdict["state"],
                    "selector": verdict["launcher"],
                    "box": verdict["box"],
                    "reason": verdict["reason"],
                    "screenshot": capture.screenshot_file if capture else None,
                }
            )
    ordered = {key: pages[key] for key in PAGE_KEYS}
    visible_pages = sum(1 for p in ordered.values() if p["visible"] is True)
    known_pages = sum(1 for p in ordered.values() if p["visible"] is not None)
    home = ordered["home-desktop"]
    auto_open, auto_evidence = _auto_open(visit)
    contact = _contact_chat(visit)
    contact_only = bool(contact and visible_pages == 0 and known_pages > 0)
    if contact_only and contact:
        evidence.append({"kind": "contact_only", **contact})
    evidence.extend({"kind": "auto_open", **item} for item in auto_evidence)
    return {
        "outcome": "ok" if known_pages else "not_applicable",
        "pages": ordered,
        "launcher_delay_ms": home["appeared_ms"] if home["visible"] else None,
        "auto_open": auto_open,
        "auto_open_evidence": auto_evidence,
        "contact_only": contact_only,
        "contact_chat": contact,
        "visible_pages": visible_pages,
        "known_pages": known_pages,
        "evidence": evidence,
    }


def _cell(visible: Any) -> str:
    return "true" if visible is True else "false" if visible is False else "unknown"


def columns(finding: Any) -> dict[str, Any]:
    """Export cells: launcher_<role>_<profile> as true/false/unknown, delay and auto_open."""
    names = [f"launcher_{key.replace('-', '_')}" for key in PAGE_KEYS]
    if finding is None:  # never judged (pending): empty, not "unknown"
        return {**{name: "" for name in names}, "launcher_delay_ms": None, "auto_open": None}
    outcome = finding.get("outcome") if isinstance(finding, dict) else finding.outcome
    value = finding.get("value") if isinstance(finding, dict) else finding.value
    if outcome != "ok" or not isinstance(value, dict):
        return {**{name: "unknown" for name in names}, "launcher_delay_ms": None, "auto_open": None}
    pages = value.get("pages") or {}
    cells: dict[str, Any] = {
        name: _cell((pages.get(key) or {}).get("visible"))
        for name, key in zip(names, PAGE_KEYS, strict=True)
    }
    delay = value.get("launcher_delay_ms")
    cells["launcher_delay_ms"] = int(delay) if isinstance(delay, (int, float)) else None
    auto = value.get("auto_open")
    cells["auto_open"] = auto if isinstance(auto, bool) else None
    return cells
