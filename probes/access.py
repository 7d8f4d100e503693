"""The ``access`` probe: the kind of chat a customer actually gets, and how it was decided.

Pure and deterministic: it reads a visit's ``ChatInteraction`` records (what the
opened widget showed), the captured pages' links, and the ``vendor`` probe's
verdict (computed here again, it is pure), never a browser or the network.

Strongest evidence first (the ``TIER_*`` constants, lower wins):

1. a widget the crawler opened: what it showed decides (a message box, required
   fields, an offline form, a login wall, a jump to Messenger);
2. a visible chat link (m.me, WhatsApp, Telegram, Viber...);
3. a widget whose bundle loaded and whose launcher was visible, but which the
   crawler could not open: ``anonymous_widget`` with ``confidence: "low"``;
4. a chat link that was on a page but hidden, or a messaging button without a link;
5. nothing a customer could use: ``none``, with the reason in ``decided_by``
   (dead Messenger Chat Plugin markup only sets the ``dead_plugin`` flag).

Within a tier, high confidence first, then the best thing a customer could get:
an anonymous widget over a form-gated one (fewer required fields first) over an
offline form over Messenger over a link out. ``confidence`` is ``high`` only when
an opened widget or a visible link decided; everything inferred is ``low``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from probes import vendor as vendor_probe
from probes.artifacts import ChatInteraction, VisitArtifacts, WidgetView
from probes.catalogue import Catalogue, catalogue

META: dict[str, Any] = {
    "id": "access",
    "version": "1",
    "title": "Chat access",
    "description": (
        "The chat kind a customer actually gets (anonymous widget, form-gated widget, offline"
        " form, Messenger, link out, none), the fields required before the first message, and"
        " the flags dead_plugin (Messenger Chat Plugin markup after its 9 May 2024 shutdown) and"
        " bot_first, decided from the opened widget first, then chat links, then the vendors"
        " found, each verdict with the screenshots, fields, links or vendor evidence behind it."
    ),
    "requires": ["pages", "chat", "consent"],
}

CHAT_TYPES: tuple[str, ...] = (
    "anonymous_widget",
    "form_gated_widget",
    "offline_form",
    "messenger",
    "link_out",
    "none",
)
FIELD_ORDER: tuple[str, ...] = ("name", "email", "phone", "other")

# Evidence tiers: lower wins. See the module docstring.
TIER_OPENED, TIER_LINK, TIER_NOT_OPENED, TIER_HIDDEN_LINK, TIER_NONE = range(5)
NONE_ORDER = (
    "widget_launcher_not_seen",
    "widget_not_loaded",
    "widget_retired",
    "dead_plugin_only",
)

MAX_VENDOR_EVIDENCE = 5
MAX_TEXT = 300

# Hosts that mean "the conversation happens in Facebook Messenger".
_MESSENGER_HOST = re.compile(r"(^|\.)(m\.me|messenger\.com|facebook\.com|fb\.com|fb\.me)$")
_FACEBOOK_SIGN = re.compile(r"facebook|messenger\.com|\bm\.me\b", re.IGNORECASE)

# Chat links the catalogue does not hold yet (a stop-gap until they become catalogue
# entries): (id, chat type, pattern). Plain facebook.com page links are NOT chat.
EXTRA_LINKS: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (vendor_id, chat_type, re.compile(pattern, re.IGNORECASE))
    for vendor_id, chat_type, pattern in (
        ("messenger", "messenger", r"^https?://(www\.)?messenger\.com/t/[^/?#]+"),
        ("messenger", "messenger", r"^https?://(www\.|m\.|web\.)?facebook\.com/messages/t/"),
        ("signal", "link_out", r"^https?://signal\.me/"),
        ("instagram_direct", "link_out", r"^https?://(www\.)?ig\.me/m/"),
        ("line", "link_out", r"^https?://line\.me/(r/)?ti/p/"),
    )
)

# A bot says so in its greeting or name, in the eight languages of the target shops.
_BOT_TERMS = (
    r"chat-?bot\w*|chatt-?bot\w*|čatbot\w*|чат-?бот\w*|бот|bot|bots|botti|botin|botas|boten"
    r"|vestlusrobot\w*|juturobot\w*|pokalbių robot\w*|tērzēšanas robot\w*"
    r"|virtuaalassistent\w*|virtuaalabiline\w*|virtuaaliavustaja\w*|tekoälyavustaja\w*"
    r"|digiavustaja\w*|virtual assistant|virtuell assistent|virtuella assistent\w*"
    r"|virtueller assistent|virtuelle assistentin|virtuālais asistents|virtualus asistentas"
    r"|виртуальн\w+ (помощник|ассистент)\w*|ai assistant|ki-assistent\w*|digital assistant"
    r"|digitaler assistent"
)
_BOT_INTRO = (
    r"(i'?m|i am)\s+(a |an |the |your )?[\w-]*bot"
    r"|jag är\s+(en |din )?[\w-]*bot(en)?"
    r"|(ma |mina )?olen\s+[\w-]*(bott?i|bot|robot)"
    r"|esmu\s+[\w-]*bots"
    r"|esu\s+[\w-]*(botas|robotas)"
    r"|ich bin\s+(ein |der |dein |ihr )?[\w-]*bot"
    r"|я\s*[—-]?\s*[\w-]*бот"
)
BOT_TEXT = re.compile(rf"\b({_BOT_INTRO}|{_BOT_TERMS})\b", re.IGNORECASE)
# "no bots, real people": a negation just before the match cancels it.
_NEGATION = re.compile(
    r"\b(not|no|never|ei|pole|inte|ingen|inga|nav|ne|nėra|kein\w*|nicht|не|нет)\b[\s\w-]{0,12}$",
    re.IGNORECASE,
)


@dataclass
class Candidate:
    """One possible verdict and everything that supports it."""

    chat_type: str
    decided_by: str
    confidence: str
    tier: int
    vendor: str | None = None
    fields: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    interactions: list[ChatInteraction] = field(default_factory=list)
    order: int = 0  # where it was found, for a stable tie-break

    def rank(self) -> tuple[Any, ...]:
        if self.tier == TIER_NONE:
            type_rank = NONE_ORDER.index(self.decided_by) if self.decided_by in NONE_ORDER else 99
        else:
            type_rank = CHAT_TYPES.index(self.chat_type)
        return (
            self.tier,
            0 if self.confidence == "high" else 1,
            type_rank,
            len(self.fields),
            self.order,
        )


def _item(kind: str, page: str | None, value: Any, **extra: Any) -> dict[str, Any]:
    text = value if not isinstance(value, str) or len(value) <= MAX_TEXT else value[:MAX_TEXT]
    return {"kind": kind, "page": page, "value": text, **extra}


def _fields_in_order(kinds: Iterable[str]) -> list[str]:
    wanted = set(kinds)
    return [kind for kind in FIELD_ORDER if kind in wanted]


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def is_messenger_url(url: str) -> bool:
    """A URL that takes the customer to Facebook or Messenger."""
    if url.lower().startswith(("fb-messenger://", "fb://")):
        return True
    return bool(_MESSENGER_HOST.search(_host(url)))


def bot_words(text: str) -> list[str]:
    """Phrases in a widget's text that say a bot is talking ("Olen virtuaaliavustaja")."""
    found: list[str] = []
    for match in BOT_TEXT.finditer(text or ""):
        if _NEGATION.search(text[max(0, match.start() - 30) : match.start()]):
            continue
        found.append(match.group(0))
    return list(dict.fromkeys(found))


def classify_link(href: str, cat: Catalogue) -> tuple[str, str] | None:
    """(vendor id, chat type) of a chat link, or None when the link is not chat."""
    for rule, _ in cat.match_link(href):
        if rule.flags & {"not_chat_alone", "dead_plugin"}:
            continue
        chat_type = (
            "messenger" if rule.vendor_id == "messenger" or is_messenger_url(href) else "link_out"
        )
        return rule.vendor_id, chat_type
    for vendor_id, chat_type, pattern in EXTRA_LINKS:
        if pattern.search(href):
            return vendor_id, chat_type
    return None


# --- opened widgets ------------------------------------------------------------------------


def _interaction_evidence(chat: ChatInteraction) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    if chat.opened_by in ("api", "click"):
        how = chat.open_call if chat.opened_by == "api" else chat.launcher
        items.append(_item("opened_by", chat.page, f"{chat.opened_by}: {how or ''}".strip()))
    for when, shot in (("before", chat.screenshot_before), ("after", chat.screenshot_after)):
        if shot:
            items.append(_item("screenshot", chat.page, shot, when=when))
    return items


def _view_candidate(chat: ChatInteraction, index: int) -> Candidate | None:
    """What an opened widget offered a customer, or None when it showed nothing usable."""
    away = [("navigation", url) for url in chat.navigations if is_messenger_url(url)]
    away += [("popup", url) for url in chat.popups if is_messenger_url(url)]
    view: WidgetView | None = chat.view if chat.opened else None
    base = _interaction_evidence(chat)

    def make(chat_type: str, decided_by: str, confidence: str = "high", **kw: Any) -> Candidate:
        return Candidate(
            chat_type,
            decided_by,
            confidence,
            TIER_OPENED,
            vendor=chat.vendor,
            pages=[chat.page],
            interactions=[chat],
            order=index,
            **kw,
        )

    if view is not None:
        required = {f.kind for f in view.fields if f.required}
        fields_ev = [
            _item(
                "field",
                chat.page,
                f.label or f.name or f.input_type,
                field=f.kind,
                required=f.required,
            )
            for f in view.fields
        ]
        text_ev = [_item("widget_text", chat.page, view.text)] if view.text else []
        composer_ev = [_item("composer", chat.page, view.composer_placeholder or "(message box)")]
        if view.composer and not required:
            return make("anonymous_widget", "widget_composer", evidence=composer_ev + base)
        if required and (view.composer or not view.offline_form):
            return make(
                "form_gated_widget",
                "widget_required_fields",
                fields=_fields_in_order(required),
                evidence=fields_ev + (composer_ev if view.composer else []) + base,
            )
        if view.offline_form:
            # No chat to gate: the form's own fields are evidence, not prechat_fields.
            return make("offline_form", "widget_offline_form", evidence=text_ev + fields_ev + base)
        if view.login_wall:
            facebook = (
                chat.vendor in ("messenger", "manychat")
                or bool(_FACEBOOK_SIGN.search(view.text))
                or any(is_messenger_url(url) for url in view.frame_urls)
                or bool(away)
            )
            if facebook:
                return make("messenger", "messenger_login_wall", evidence=text_ev + base)
            # A shop-account or Google login is an identity gate, not Messenger.
            return make(
                "form_gated_widget",
                "widget_login_wall",
                fields=["other"],
                evidence=text_ev + base,
            )
    if away:
        items = [_item(kind, chat.page, url) for kind, url in away]
        return make("messenger", "widget_to_messenger", evidence=items + base)
    if view is not None:
        if view.quick_replies:
            items = [_item("quick_reply", chat.page, label) for label in view.quick_replies]
            return make("anonymous_widget", "widget_quick_replies", "low", evidence=items + base)
        if view.fields:  # only optional fields and no message box yet
            items = [
                _item("field", chat.page, f.label or f.name, field=f.kind, required=False)
                for f in view.fields
            ]
            return make("anonymous_widget", "widget_optional_fields", "low", evidence=items + base)
    return None


# --- links ---------------------------------------------------------------------------------


def _link_candidates(visit: VisitArtifacts, cat: Catalogue, start: int) -> list[Candidate]:
    """One candidate per (chat type, vendor, visible or not), with every link as evidence."""
    found: dict[tuple[str, str, bool], Candidate] = {}
    order = start

    def add(vendor_id: str, chat_type: str, href: str, page: str, visible: bool) -> None:
        nonlocal order
        key = (chat_type, vendor_id, visible)
        if key not in found:
            decided_by = "messenger_link" if chat_type == "messenger" else f"link_out_{vendor_id}"
            found[key] = Candidate(
                chat_type,
                decided_by,
                "high" if visible else "low",
                TIER_LINK if visible else TIER_HIDDEN_LINK,
                vendor=vendor_id,
                order=order,
            )
            order += 1
        candidate = found[key]
        if page not in candidate.pages:
            candidate.pages.append(page)
        if not any(e["value"] == href and e["page"] == page for e in candidate.evidence):
            candidate.evidence.append(_item("link", page, href, vendor=vendor_id, visible=visible))

    visible_on: dict[tuple[str, str], bool] = {}
    for capture in visit.pages:
        for link in capture.links:
            seen = classify_link(link.href, cat)
            if seen is None:
                continue
            visible_on[(capture.key, link.href)] = link.visible
            add(seen[0], seen[1], link.href, capture.key, link.visible)
    for chat in visit.chat:  # the collector's note of a link-only chat (never followed)
        if chat.opened_by != "link" or not chat.link:
            continue
        seen = classify_link(chat.link, cat)
        if seen is None:
            vendor_id = chat.vendor or "unknown"
            chat_type = "messenger" if vendor_id == "messenger" else "link_out"
            seen = (vendor_id, chat_type)
        # The collector took the link from a page's links: that record says if it showed.
        visible = visible_on.get((chat.page, chat.link), True)
        add(seen[0], seen[1], chat.link, chat.page, visible)
    return list(found.values())


# --- vendors seen but not opened -----------------------------------------------------------


def _vendor_evidence(result: dict[str, Any], *, dead: bool | None = None) -> list[dict[str, Any]]:
    items = []
    seen: set[tuple[str, str]] = set()
    for hit in result.get("evidence", []):  # strongest first; one page per distinct thing
        is_dead = "dead_plugin" in hit.get("flags", [])
        if (dead is not None and is_dead != dead) or (hit["kind"], hit["value"]) in seen:
            continue
        seen.add((hit["kind"], hit["value"]))
        items.append(
            _item(hit["kind"], hit["page"], hit["value"], vendor=result["id"], source="vendor")
        )
    return items[:MAX_VENDOR_EVIDENCE]


def _launcher_seen(result: dict[str, Any], chats: list[ChatInteraction]) -> list[dict[str, Any]]:
    """Evidence that the vendor's launcher was visible: its own visible DOM, or a click on it."""
    items = [
        _item("launcher", hit["page"], hit["value"], vendor=result["id"])
        for hit in result.get("evidence", [])
        if hit["kind"] == "dom"
        and "visible" in hit.get("flags", [])
        and not {"site_markup", "dead_plugin", "not_chat_alone"} & set(hit.get("flags", []))
    ]
    items += [
        _item("launcher", chat.page, chat.launcher, vendor=result["id"])
        for chat in chats
        if chat.launcher
    ]
    return items


_STRONG_KINDS = ("request", "global", "dom", "frame", "link")


def _vendor_pages(result: dict[str, Any]) -> list[str]:
    """Pages where the vendor's own code or markup was seen (cookies and HTML persist or lie)."""
    pages: list[str] = []
    for hit in result.get("evidence", []):
        flags = set(hit.get("flags", []))
        if hit["kind"] not in _STRONG_KINDS or flags & {"failed", "dead_plugin", "not_chat_alone"}:
            continue
        if hit["page"] not in pages:
            pages.append(hit["page"])
    return pages


def _vendor_candidates(
    verdict: dict[str, Any], chats: list[ChatInteraction], linked: set[str], start: int
) -> list[Candidate]:
    out: list[Candidate] = []
    for offset, result in enumerate(verdict.get("vendors", [])):
        flags = set(result.get("flags", []))
        if "no_live_evidence" in flags:
            continue
        if "retired" in flags:  # the vendor switched the product off: nothing to chat with
            out.append(
                Candidate(
                    "none",
                    "widget_retired",
                    "low",
                    TIER_NONE,
                    vendor=result["id"],
                    pages=_vendor_pages(result),
                    evidence=_vendor_evidence(result),
                    order=start + offset,
                )
            )
            continue
        if result.get("kind") != "widget" or result.get("category") == "messaging_link":
            # A messaging button (Joinchat, GetButton) with no chat link recorded: the
            # customer would leave for the app, but no href proves where to.
            if result["id"] not in linked and _vendor_pages(result):
                chat_type = "messenger" if result["id"] == "messenger" else "link_out"
                out.append(
                    Candidate(
                        chat_type,
                        "messenger_button" if chat_type == "messenger" else "link_out_button",
                        "low",
                        TIER_HIDDEN_LINK,
                        vendor=result["id"],
                        pages=_vendor_pages(result),
                        evidence=_vendor_evidence(result, dead=False),
                        order=start + offset,
                    )
                )
            continue
        tried = [chat for chat in chats if chat.vendor == result["id"]]
        errors = [_item("chat_error", chat.page, chat.error) for chat in tried if chat.error]
        shots = [item for chat in tried for item in _interaction_evidence(chat)]
        launcher = _launcher_seen(result, tried) if result.get("loaded") else []
        if launcher:
            candidate = Candidate(
                "anonymous_widget",
                "widget_not_opened",
                "low",
                TIER_NOT_OPENED,
                evidence=launcher + errors + shots + _vendor_evidence(result),
            )
        else:
            candidate = Candidate(
                "none",
                "widget_launcher_not_seen" if result.get("loaded") else "widget_not_loaded",
                "low",
                TIER_NONE,
                evidence=errors + shots + _vendor_evidence(result),
            )
        candidate.vendor = result["id"]
        candidate.pages = _vendor_pages(result)
        candidate.interactions = tried
        candidate.order = start + offset
        out.append(candidate)
    return out


# --- the verdict ---------------------------------------------------------------------------


def _consent(visit: VisitArtifacts) -> dict[str, Any] | None:
    if visit.consent is None:
        return None
    return {"cmp": visit.consent.cmp, "action": visit.consent.action, "mode": visit.consent.mode}


def _bot_first(
    winner: Candidate,
    pages: list[str],
    verdict: dict[str, Any],
    visit: VisitArtifacts,
    cat: Catalogue,
) -> tuple[bool, list[dict[str, Any]]]:
    """Whether a bot meets the customer first, with what showed it.

    A bot product (catalogue flag) behind the verdict, quick replies before any message
    box, a greeting that says it is a bot, or a bot product's widget that loaded on the
    page where the customer first meets the chat, or on an earlier one.
    """
    evidence: list[dict[str, Any]] = []
    if winner.chat_type == "none":
        return False, evidence
    journey = [capture.key for capture in visit.pages]
    first = min((journey.index(key) for key in pages if key in journey), default=len(journey))
    for result in verdict.get("vendors", []):
        flags = set(result.get("flags", []))
        if "bot" not in flags or flags & {"no_live_evidence", "retired"}:
            continue
        if result["id"] == winner.vendor:
            where = pages[0] if pages else None
            evidence.append(_item("bot_vendor", where, result["id"]))
            continue
        seen = [key for key in _vendor_pages(result) if key in journey]
        if result.get("loaded") and seen and min(journey.index(k) for k in seen) <= first:
            evidence.append(_item("bot_vendor", seen[0], result["id"]))
    if winner.vendor is not None and not any(e["kind"] == "bot_vendor" for e in evidence):
        if winner.vendor in cat and cat.vendor(winner.vendor).bot:
            evidence.append(_item("bot_vendor", pages[0] if pages else None, winner.vendor))
    for chat in winner.interactions:
        view = chat.view
        if view is None or not chat.opened:
            continue
        if view.quick_replies and not view.composer:
            evidence += [_item("quick_reply", chat.page, label) for label in view.quick_replies]
        evidence += [_item("bot_text", chat.page, words) for words in bot_words(view.text)]
    unique = list({(e["kind"], e["page"], e["value"]): e for e in evidence}.values())
    return bool(unique), unique


def _order_pages(pages: list[str], visit: VisitArtifacts) -> list[str]:
    known = [capture.key for capture in visit.pages]
    inside = [key for key in known if key in pages]
    return inside + sorted(set(pages) - set(known))


def run(visit: VisitArtifacts, cat: Catalogue | None = None) -> dict[str, Any]:
    """Judge one visit: the chat kind a customer gets, its required fields and flags."""
    cat = cat if cat is not None else catalogue()
    consent = _consent(visit)
    if visit.status not in ("ok", "timeout") or not visit.pages:
        reason = (
            f"the visit ended {visit.status}" if visit.status not in ("ok", "timeout") else ""
        ) or "no page was captured"
        return {"outcome": "not_applicable", "reason": reason, "consent": consent, "evidence": []}

    verdict = vendor_probe.run(visit, cat)
    results = {result["id"]: result for result in verdict.get("vendors", [])}
    dead_vendors = [r for r in verdict.get("vendors", []) if "dead_plugin" in r.get("flags", [])]
    dead_plugin = bool(dead_vendors)

    candidates: list[Candidate] = []
    for index, chat in enumerate(visit.chat):
        candidate = _view_candidate(chat, index)
        if candidate is not None:
            if candidate.vendor in results:
                candidate.evidence += _vendor_evidence(results[candidate.vendor], dead=False)
                candidate.pages += _vendor_pages(results[candidate.vendor])
            candidates.append(candidate)
    links = _link_candidates(visit, cat, len(candidates))
    candidates += links
    opened_vendors = {c.vendor for c in candidates if c.tier == TIER_OPENED}
    linked = {c.vendor for c in links if c.vendor}
    candidates += [
        c
        for c in _vendor_candidates(verdict, list(visit.chat), linked, len(candidates))
        if c.vendor not in opened_vendors
    ]
    if dead_plugin:
        dead_evidence = [item for r in dead_vendors for item in _vendor_evidence(r, dead=True)]
        dead_ids = {r["id"] for r in dead_vendors}
        for chat in visit.chat:  # the collector's try at the dead plugin: what showed (nothing)
            if chat.vendor in dead_ids and chat.opened_by != "link":
                if chat.error:
                    dead_evidence.append(_item("chat_error", chat.page, chat.error))
                dead_evidence += _interaction_evidence(chat)
        candidates.append(
            Candidate(
                "none",
                "dead_plugin_only",
                "low",
                TIER_NONE,
                vendor=dead_vendors[0]["id"],
                pages=sorted({item["page"] for item in dead_evidence}),
                evidence=dead_evidence,
                order=len(candidates),
            )
        )
    if candidates:
        winner = min(candidates, key=Candidate.rank)
    else:
        winner = Candidate("none", "no_chat_evidence", "low", TIER_NONE)

    evidence = list(winner.evidence)
    if dead_plugin and winner.decided_by != "dead_plugin_only":
        evidence += [
            {**item, "flag": "dead_plugin"}
            for r in dead_vendors
            for item in _vendor_evidence(r, dead=True)
        ]
    pages = _order_pages(winner.pages, visit)
    bot_first, bot_evidence = _bot_first(winner, pages, verdict, visit, cat)
    evidence += [{**item, "flag": "bot_first"} for item in bot_evidence]
    others = {c.chat_type for c in candidates if c.chat_type not in ("none", winner.chat_type)}
    return {
        "outcome": "ok",
        "chat_type": winner.chat_type,
        "prechat_fields": winner.fields,
        "dead_plugin": dead_plugin,
        "bot_first": bot_first,
        "vendor": winner.vendor,
        "decided_by": winner.decided_by,
        "confidence": winner.confidence,
        "pages": pages,
        "other_kinds": [kind for kind in CHAT_TYPES if kind in others],
        "consent": consent,
        "evidence": evidence,
    }
