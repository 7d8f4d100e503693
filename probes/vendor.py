"""The ``vendor`` probe: which chat vendors a shop runs, and which one is primary.

Pure and deterministic: it reads a visit's captured pages and the vendor
catalogue (``vendors.json``), never a browser or the network. Every vendor it
reports carries the evidence that led to it: request URLs, globals, DOM
markers, frames, cookies, storage keys, links, and (weakly) raw HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from probes.artifacts import PageCapture, VisitArtifacts
from probes.catalogue import Catalogue, Rule, Vendor, catalogue

META: dict[str, Any] = {
    "id": "vendor",
    "version": "1",
    "title": "Chat vendors",
    "description": (
        "Which live chat, messaging-link and bot vendors the shop runs, found with the vendor"
        " catalogue in captured requests, globals, DOM markers, frames, cookies, storage, links"
        " and HTML, with the evidence for each and a primary vendor chosen by evidence strength."
    ),
    # Every page field is optional: a collector that failed leaves it empty and the probe goes on.
    "requires": ["pages"],
}

# How much one piece of evidence says that the vendor is there. Kinds combine by
# noisy-OR over the strongest item of each kind, so twenty requests to one host do
# not outweigh a loaded global. Chosen so that loaded global + request + visible
# DOM (~0.99) beats a link (0.6), which beats a raw HTML snippet (0.15).
WEIGHTS: dict[tuple[str, str], float] = {
    ("global", "loaded"): 0.9,  # the vendor's own marker evaluated true in the page
    ("frame", ""): 0.75,  # an iframe only the vendor's bundle creates
    ("request", "ok"): 0.7,  # the vendor's script or API answered
    ("dom", "visible"): 0.6,
    ("link", "visible"): 0.6,
    ("global", "no_marker"): 0.45,  # defined, but no reliable loaded marker is known
    ("link", "hidden"): 0.45,
    ("cookie", ""): 0.45,
    ("storage", ""): 0.45,
    ("dom", "hidden"): 0.4,
    ("request", "self_hosted"): 0.4,  # a path signature on the shop's own host
    ("request", "failed"): 0.35,  # the page asked for it, but it was blocked or failed
    ("global", "stub"): 0.3,  # the snippet's stub: installed, not loaded
    ("html", ""): 0.15,  # a string in the HTML: weak, may be dead template code
}
RULE_FACTORS = {"weak": 0.5, "not_chat_alone": 0.5, "site_markup": 0.8}
HTML_ONLY_CAP = 0.25
MAX_EVIDENCE = 20
MAX_IGNORED_EVIDENCE = 5
MAX_VALUE = 300
MAX_HTML = 5_000_000  # characters of rendered HTML scanned per page

_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)


@dataclass(frozen=True)
class Hit:
    """One piece of evidence for one vendor."""

    vendor_id: str
    kind: str  # request, global, dom, frame, cookie, storage, link, html
    page: str
    page_index: int
    value: str
    rule: Rule
    flags: tuple[str, ...]
    weight: float

    @property
    def dead(self) -> bool:
        return "dead_plugin" in self.flags

    @property
    def counts(self) -> bool:
        """Whether this hit alone may make the vendor count as chat."""
        return "not_chat_alone" not in self.flags

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "page": self.page,
            "value": self.value,
            "pattern": self.rule.source,
            "flags": list(self.flags),
        }


def strip_html_comments(html: str) -> str:
    """Remove ``<!-- ... -->`` so a commented-out snippet is not taken for a live one."""
    return _COMMENT.sub(" ", html)


def _clip(text: str) -> str:
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def _weight(kind: str, state: str, flags: Iterable[str]) -> float:
    weight = WEIGHTS[(kind, state)]
    for flag in flags:
        weight *= RULE_FACTORS.get(flag, 1.0)
    return round(weight, 4)


def _hit(
    rule: Rule, kind: str, state: str, page: str, index: int, value: str, extra: Iterable[str] = ()
) -> Hit:
    flags = tuple(sorted(set(rule.flags) | set(extra)))
    weight = _weight(kind, state, rule.flags)
    return Hit(rule.vendor_id, kind, page, index, _clip(value), rule, flags, weight)


def _describe_marker(tag: str, element_id: str, classes: str, selector: str) -> str:
    if not (tag or element_id or classes):
        return selector
    text = tag or "element"
    if element_id:
        text += f"#{element_id}"
    if classes:
        text += "." + ".".join(classes.split()[:4])
    return text


def page_hits(capture: PageCapture, index: int, cat: Catalogue) -> list[Hit]:
    """Every catalogue hit on one captured page."""
    page = capture.key
    hits: list[Hit] = []
    for request in capture.requests:
        status = request.status
        failed = request.failure is not None or (status is not None and status >= 400)
        for rule, _ in cat.match_request(request.url):
            self_hosted = rule.field == "self_hosted_paths"
            state = "failed" if failed else ("self_hosted" if self_hosted else "ok")
            extra = [flag for flag, on in (("failed", failed), ("self_hosted", self_hosted)) if on]
            hits.append(_hit(rule, "request", state, page, index, request.url, extra))
    for frame in capture.frames:
        for rule, _ in cat.match_frame(frame.url, frame.title):
            has_src = frame.url and frame.url != "about:blank"
            value = frame.url if has_src else f"title={frame.title or ''}"
            hits.append(_hit(rule, "frame", "", page, index, value))
    for cookie in capture.cookies:  # names only: values may identify a person
        for rule, _ in cat.match_cookie(cookie.name):
            hits.append(_hit(rule, "cookie", "", page, index, cookie.name))
    for entry in capture.storage:
        for rule, _ in cat.match_storage(entry.key):
            hits.append(_hit(rule, "storage", "", page, index, f"{entry.area}:{entry.key}"))
    for link in capture.links:
        for rule, _ in cat.match_link(link.href):
            state = "visible" if link.visible else "hidden"
            hits.append(_hit(rule, "link", state, page, index, link.href, [state]))
    for marker in capture.dom_markers:
        for rule in cat.rules_for_selector(marker.selector):
            state = "visible" if marker.visible else "hidden"
            value = _describe_marker(marker.tag, marker.id, marker.classes, marker.selector)
            hits.append(_hit(rule, "dom", state, page, index, value, [state]))
    for seen in capture.globals:
        if not seen.defined:
            continue
        for rule in cat.rules_for_global(seen.name):
            # A marker that threw counts as not loaded; no marker means we cannot tell.
            if seen.loaded is True and seen.error is None:
                state = "loaded"
            elif seen.loaded is False or (seen.error is not None and rule.loaded):
                state = "stub"
            else:
                state = "no_marker"
            label = f"{seen.name} ({seen.type})"
            hits.append(_hit(rule, "global", state, page, index, label, [state]))
    if capture.html:
        text = strip_html_comments(capture.html[:MAX_HTML])
        for rule, matched in cat.match_html(text):
            hits.append(_hit(rule, "html", "", page, index, matched))
    return hits


def _marker_said_no(vendor: Vendor, capture: PageCapture) -> bool:
    """True when the crawler read a loaded marker of the vendor on this page and it was not true."""
    markers = {
        rule.source
        for rule in vendor.rules_for("globals")
        if rule.loaded and not rule.flags & {"dead_plugin", "not_chat_alone"}
    }
    return any(
        seen.name in markers and (seen.loaded is False or not seen.defined)
        for seen in capture.globals
    )


def _loaded(vendor: Vendor, hits: list[Hit], pages: list[PageCapture]) -> bool:
    """Whether the vendor's real widget code ran on any page (never from a stub or dead markup)."""
    live = [hit for hit in hits if not hit.dead and hit.counts]
    for index, capture in enumerate(pages):
        on_page = [hit for hit in live if hit.page_index == index]
        if any(hit.kind == "global" and "loaded" in hit.flags for hit in on_page):
            return True
        if any(hit.kind == "frame" for hit in on_page):
            return True
        if any(hit.kind == "dom" and "site_markup" not in hit.flags for hit in on_page):
            return True
        # A script that answered counts as loaded only where no marker contradicts it.
        answered = any(hit.kind == "request" and "failed" not in hit.flags for hit in on_page)
        if answered and not _marker_said_no(vendor, capture):
            return True
    return False


def _confidence(hits: list[Hit]) -> float:
    strongest: dict[str, float] = {}
    for hit in hits:
        strongest[hit.kind] = max(strongest.get(hit.kind, 0.0), hit.weight)
    miss = 1.0
    for weight in strongest.values():
        miss *= 1.0 - weight
    confidence = 1.0 - miss
    if set(strongest) == {"html"}:
        confidence = min(confidence, HTML_ONLY_CAP)
    return round(confidence, 3)


def _tier(loaded: bool, hits: list[Hit]) -> int:
    """Evidence strength for choosing the primary vendor: loaded > installed > link > HTML."""
    live = [hit for hit in hits if not hit.dead and hit.counts]
    if loaded:
        return 3
    if any(hit.kind not in ("link", "html") for hit in live):
        return 2
    if any(hit.kind == "link" for hit in live):
        return 1
    return 0


def _kind(vendor: Vendor, hits: list[Hit]) -> str:
    """How the customer reaches this vendor's chat: widget, messenger or link_out."""
    live = [hit for hit in hits if not hit.dead]
    if not live:  # dead plugin markup was a widget once
        return "widget" if "widget" in vendor.kinds else vendor.kinds[0]
    on_page = any(hit.kind not in ("link", "html") for hit in live)
    if on_page and "widget" in vendor.kinds and vendor.category != "messaging_link":
        return "widget"
    return next((kind for kind in vendor.kinds if kind != "widget"), "widget")


def _ordered(hits: list[Hit]) -> list[Hit]:
    # One observed thing is one piece of evidence, even when two rules match it.
    unique: dict[tuple[str, str, str], Hit] = {}
    for hit in sorted(hits, key=lambda h: -h.weight):
        unique.setdefault((hit.kind, hit.page, hit.value), hit)
    return sorted(
        unique.values(), key=lambda h: (-h.weight, h.page_index, h.kind, h.value, h.rule.source)
    )


def _resolve_families(
    cat: Catalogue, qualified: dict[str, list[Hit]]
) -> tuple[dict[str, str], set[str]]:
    """Drop family members seen only through shared identifiers.

    Returns (dropped vendor id -> reason, vendor ids whose variant is unknown).
    """
    dropped: dict[str, str] = {}
    unknown: set[str] = set()
    families: dict[str, list[str]] = {}
    for vendor_id in qualified:
        family = cat.vendor(vendor_id).family
        if family:
            families.setdefault(family, []).append(vendor_id)
    for members in families.values():
        distinct = [
            member
            for member in members
            if any("shared" not in hit.flags and hit.counts for hit in qualified[member])
        ]
        if distinct:
            for member in members:
                if member not in distinct:
                    dropped[member] = f"only identifiers shared with {', '.join(sorted(distinct))}"
            continue
        default = next((m for m in members if cat.vendor(m).family_default), sorted(members)[0])
        unknown.add(default)
        for member in members:
            if member != default:
                dropped[member] = f"only shared identifiers; reported as {default}"
    return dropped, unknown


def _retired(vendor: Vendor, visit: VisitArtifacts) -> bool:
    # ISO 8601 dates compare correctly as strings.
    return vendor.retired_on is not None and visit.started_at[:10] >= vendor.retired_on


def run(visit: VisitArtifacts, cat: Catalogue | None = None) -> dict[str, Any]:
    """Judge one visit: the vendors seen, their evidence, and the primary one."""
    cat = cat if cat is not None else catalogue()
    pages = list(visit.pages)
    by_vendor: dict[str, list[Hit]] = {}
    for index, capture in enumerate(pages):
        for hit in page_hits(capture, index, cat):
            by_vendor.setdefault(hit.vendor_id, []).append(hit)

    ignored: list[dict[str, Any]] = []
    qualified: dict[str, list[Hit]] = {}
    for vendor in cat:  # catalogue order keeps the output deterministic
        hits = by_vendor.get(vendor.id)
        if not hits:
            continue
        if any(hit.counts for hit in hits):
            qualified[vendor.id] = hits
        else:
            reason = f"not chat alone; needs {vendor.requires or 'a chat identifier'}"
            ignored.append(_ignored(vendor, hits, reason))
    dropped, unknown = _resolve_families(cat, qualified)
    for vendor_id, reason in dropped.items():
        ignored.append(_ignored(cat.vendor(vendor_id), qualified.pop(vendor_id), reason))
    ignored.sort(key=lambda item: item["id"])

    results: list[tuple[tuple[int, int, int, int, float, str], dict[str, Any]]] = []
    for vendor_id, hits in qualified.items():
        vendor = cat.vendor(vendor_id)
        loaded = _loaded(vendor, hits, pages)
        live = [hit for hit in hits if not hit.dead and hit.counts]
        flags: set[str] = set()
        if vendor.bot:
            flags.add("bot")
        if any(hit.dead for hit in hits):
            flags.add("dead_plugin")
        if not live:
            flags.add("no_live_evidence")
        if _retired(vendor, visit):
            flags.add("retired")
        if vendor_id in unknown:
            flags.add("variant_unknown")
        if {hit.kind for hit in hits} == {"html"}:
            flags.add("html_only")
        requested = [hit for hit in hits if hit.kind == "request"]
        if not loaded and requested and all("failed" in hit.flags for hit in requested):
            # A snippet whose bundle never arrived (404, blocked): installed, not working.
            flags.add("broken")
        confidence = _confidence(hits)
        ordered = _ordered(hits)
        tier = _tier(loaded, hits)
        result = {
            "id": vendor.id,
            "name": vendor.name,
            "category": vendor.category,
            "kind": _kind(vendor, hits),
            "confidence": confidence,
            "loaded": loaded,
            "flags": sorted(flags),
            "pages": _pages(ordered, pages),
            "evidence": [hit.as_json() for hit in ordered[:MAX_EVIDENCE]],
            "evidence_total": len(ordered),
        }
        reach = _reach(live, pages)
        result["shopping_pages"] = reach
        # Live before dead, working before retired or broken, then strength, then how many of the
        # shopping pages (home, product, cart) carry it (a chat a customer meets while
        # shopping is the shop's chat, not one only on the contact page), then confidence.
        key = (
            0 if live else 1,
            1 if flags & {"retired", "broken"} else 0,
            -tier,
            -reach,
            -confidence,
            vendor.id,
        )
        results.append((key, result))
    results.sort(key=lambda item: item[0])
    vendors = [result for _, result in results]
    # Dead plugin markup is never the shop's chat.
    primary = next((result["id"] for key, result in results if key[0] == 0), None)
    return {
        "outcome": "ok" if pages else "not_applicable",
        "vendors": vendors,
        "primary": primary,
        "ignored": ignored,
        "pages_checked": [capture.key for capture in pages],
        # The registry stores this list apart from the value: every reported vendor's proof.
        "evidence": [{"vendor": v["id"], **item} for v in vendors for item in v["evidence"]],
    }


SHOPPING_ROLES = ("home", "product", "cart")


def _reach(live: list[Hit], pages: list[PageCapture]) -> int:
    """On how many of the shopping page roles (either profile) the vendor has live evidence."""
    return len({pages[hit.page_index].role for hit in live} & set(SHOPPING_ROLES))


def _pages(hits: list[Hit], pages: list[PageCapture]) -> list[str]:
    indexes = sorted({hit.page_index for hit in hits})
    return [pages[index].key for index in indexes]


def _ignored(vendor: Vendor, hits: list[Hit], reason: str) -> dict[str, Any]:
    ordered = _ordered(hits)
    return {
        "id": vendor.id,
        "name": vendor.name,
        "reason": reason,
        "evidence": [hit.as_json() for hit in ordered[:MAX_IGNORED_EVIDENCE]],
    }
