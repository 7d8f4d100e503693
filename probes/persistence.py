"""The ``persistence`` probe: does the visitor's chat session survive a reload and a move?

Pure and deterministic: it reads the ``PersistenceCapture`` the crawler took right
after it opened a widget on desktop (``VisitArtifacts.persistence``): the vendor's
session cookies and storage keys, the widget's open state and its visible text,
before, in a new tab of the same URL (``after_reload``) and in a new tab of another
page of the shop (``after_navigation``). A new tab gets the context's cookies and
localStorage but not the first tab's sessionStorage, as a customer's second tab or
return does.

Nothing was typed or sent, so there is no transcript of our own to look for: the
verdict is a judgement about the session, and ``decided_by`` says which evidence
gave it, strongest first:

1. ``history``: the widget showed itself again, open, with the text seen before;
2. ``open_state``: the widget re-opened itself (the vendor's documented open-state
   call, or a message box visible in its frames without our opening it);
3. ``storage`` / ``cookie``: the vendor's visitor or session ids were there before
   and kept their values after both moves (``persists``), or went missing or
   changed (``lost``); ids held only in sessionStorage are ``lost`` (a new tab
   starts without them);
4. nothing of that: ``unknown``, with the reason (no widget opened, the capture
   failed, no session id of the vendor found).

A session cookie (no expiry) still carries across tabs and pages while the browser
stays open, but not to a later visit; the ``expiry`` list says so per id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from probes.artifacts import PersistenceCapture, SessionSnapshot, VisitArtifacts
from probes.catalogue import catalogue, is_open_call

META: dict[str, Any] = {
    "id": "persistence",
    "version": "1",
    "title": "Chat persistence",
    "description": (
        "Whether the visitor's chat session survives opening the same page and another page of"
        " the shop in a new tab after the widget was opened (persists / lost / unknown), decided"
        " by the widget's visible text, its open state, or the vendor's visitor and session ids"
        " in cookies and storage (with their expiry); nothing is typed or sent."
    ),
    "requires": ["chat", "persistence"],
}

KeyKind = Literal["id", "open", "other"]
Verdict = Literal["persists", "lost", "unknown"]
MOVES = ("after_reload", "after_navigation")
# Strongest evidence first; a verdict over both moves is as strong as its weaker move.
DECIDERS = ("history", "open_state", "storage", "cookie")

# Session keys per vendor beyond the catalogue's identification patterns: which name
# holds the visitor or session id ("id"), which remembers the open window ("open").
# Sources: shared/vendors.md (cookie databases, vendor docs: rule 13 "Persistence
# changes what later pages show") and the vendors' own docs.
VENDOR_KEYS: dict[str, tuple[tuple[str, KeyKind], ...]] = {
    "chatwoot": (("^cw_conversation$", "id"),),
    "crisp": (("^crisp-client(/|%2F)session(/|%2F)", "id"), ("^crisp-client(/|%2F)", "other")),
    "drift": (("^driftt?_aid$", "id"), ("^drift", "other")),
    "hubspot": (("^messagesUtk$", "id"), ("^hs-messages-is-open$", "open")),
    "intercom": (("^intercom-(id|session|device-id)-", "id"), ("^intercom[.-]", "other")),
    "live_helper_chat": (("^lhc_per$", "id"), ("^lhc_ses$", "id"), ("^lhc_", "other")),
    "livechat": (("^__lc2?_(cid|cst)$", "id"), ("^__lc", "other"), ("^lc_", "other")),
    "olark": (("^hblid$", "id"), ("^(olfsk|wcsid)$", "other")),
    "salesforce_chat": (("^liveagent_sid$", "id"),),
    "smartsupp": (("^ssupp\\.vid$", "id"), ("^ssupp\\.", "other")),
    "tawk": (
        ("^__tawkuuid$", "id"),
        ("^tawkUUID$", "id"),
        ("^twk_uuid_", "id"),
        ("^(TawkConnectionTime|TawkCookie)", "other"),
        ("^twk_", "other"),
    ),
    "tidio": (("^tidio_state_", "id"),),
    "zendesk": (
        ("^__zlcmid$", "id"),
        ("^ZD-(suid|buid)$", "id"),
        ("^ZD-widgetOpen$", "open"),
        ("^ZD-", "other"),
    ),
    "zendesk_messaging": (
        ("^ZD-(suid|buid)$", "id"),
        ("^ZD-widgetOpen$", "open"),
        ("^ZD-", "other"),
    ),
    "zoho_salesiq": (("_zldp$", "id"), ("_zldt$", "other")),
}

# Documented open-state reads for vendors whose catalogue entry has no ``is_open``:
# Zendesk Web Widget (Classic) ``zE('webWidget:get', 'display')`` answers
# "hidden", "launcher" or the open embed's name ("chat", "contactForm", ...).
STATE_CALLS: dict[str, str] = {
    "zendesk": "zE('webWidget:get', 'display')",
}
# What the crawler writes into a new tab's snapshot when the step's time limit stopped it:
# before the widget had loaded (not judged), or while watching it re-open (its ids count).
UNFINISHED = "not finished within the time limit"
STOPPED_WATCHING = (
    "stopped by the time limit while watching the widget re-open (cookies and storage were read)"
)
CLOSED_WORDS = frozenset({"", "hidden", "launcher", "min", "minimized", "closed", "false", "none"})


@dataclass(frozen=True)
class KeyRule:
    regex: re.Pattern[str]
    kind: KeyKind
    source: str  # the pattern as written


def key_rules(vendor_id: str | None) -> list[KeyRule]:
    """The cookie and storage names that make up a vendor's session, id rules first."""
    if not vendor_id:
        return []
    rules = [KeyRule(re.compile(p), kind, p) for p, kind in VENDOR_KEYS.get(vendor_id, ())]
    if vendor_id in catalogue():
        vendor = catalogue().vendor(vendor_id)
        for rule in (*vendor.rules_for("cookies"), *vendor.rules_for("storage_keys")):
            if rule.regex is not None and not rule.flags & {"not_chat_alone", "shared"}:
                rules.append(KeyRule(rule.regex, "other", rule.source))
    token = vendor_id.split("_")[0].lower()
    if len(token) >= 4:  # e.g. "tidio", "smartsupp": a key named after the vendor
        rules.append(KeyRule(re.compile(re.escape(token), re.I), "other", f"name contains {token}"))
    order = {"id": 0, "open": 1, "other": 2}
    return sorted(rules, key=lambda r: order[r.kind])


def key_kind(vendor_id: str | None, name: str) -> KeyKind | None:
    """What a cookie or storage key of this vendor holds; None when it is not the vendor's."""
    for rule in key_rules(vendor_id):
        if rule.regex.search(name):
            return rule.kind
    return None


def open_state_call(vendor_id: str | None) -> str | None:
    """The JS expression that reads whether the vendor's chat window is open, if documented."""
    if not vendor_id or vendor_id not in catalogue():
        return None
    return is_open_call(vendor_id) or STATE_CALLS.get(vendor_id)


def open_from_raw(raw: Any) -> bool | None:
    """Map an open-state call's answer to open / closed; None when it says nothing."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str):
        return raw.strip().lower() not in CLOSED_WORDS
    return None


def widget_open(snap: SessionSnapshot) -> bool:
    """Open by the documented call when it answered, else by a visible message box or form."""
    by_call = open_from_raw(snap.open_raw) if snap.open_call else None
    return by_call if by_call is not None else snap.open_in_view


# -- comparing a session's keys --------------------------------------------------------------


@dataclass(frozen=True)
class Key:
    area: Literal["cookie", "local", "session"]
    name: str
    value: str
    kind: KeyKind
    expires: float | None = None
    origin: str = ""  # storage origin or cookie domain

    @property
    def label(self) -> str:
        where = {"cookie": "cookie", "local": "localStorage", "session": "sessionStorage"}
        return f"{where[self.area]} {self.name}"


def session_keys(snap: SessionSnapshot, vendor_id: str | None) -> list[Key]:
    keys: list[Key] = []
    for cookie in snap.cookies:
        kind = key_kind(vendor_id, cookie.name)
        if kind:
            keys.append(
                Key("cookie", cookie.name, cookie.value, kind, cookie.expires, cookie.domain)
            )
    for entry in snap.storage:
        kind = key_kind(vendor_id, entry.key)
        if kind:
            keys.append(Key(entry.area, entry.key, entry.value, kind, None, entry.origin))
    return keys


_TOKEN = re.compile(r"[A-Za-z0-9_-]{8,}")
_EPOCH = re.compile(r"^\d{9,13}$")  # a timestamp in seconds or milliseconds


def id_tokens(value: str) -> set[str]:
    """The id-like parts of a value; timestamps left out (they change on every page)."""
    return {t for t in _TOKEN.findall(value) if not _EPOCH.match(t)}


def same_id(before: str, after: str) -> bool:
    """The same visitor or session id: equal, or every id-like part of ``before`` kept."""
    if before == after:
        return True
    tokens = id_tokens(before)
    return bool(tokens) and tokens <= id_tokens(after)


# -- the visible text ------------------------------------------------------------------------

_WORD = re.compile(r"\w{3,}", re.UNICODE)


def text_carried(before: str, after: str, share: float = 0.6) -> bool:
    """Most words the open widget showed before are shown again (at least three words)."""
    words = {w.lower() for w in _WORD.findall(before) if not w.isdigit()}
    if len(words) < 3:
        return False
    again = {w.lower() for w in _WORD.findall(after)}
    return len(words & again) / len(words) >= share


# -- one move --------------------------------------------------------------------------------


def judge_move(
    before: SessionSnapshot, after: SessionSnapshot | None, vendor_id: str | None
) -> dict[str, Any]:
    """The verdict for one new tab (the same URL or another page)."""
    out: dict[str, Any] = {
        "result": "unknown",
        "decided_by": None,
        "reason": "",
        "url": after.url if after else None,
        "open": None,
        "kept": [],
        "changed": [],
        "missing": [],
    }
    if after is None:
        out["reason"] = "not captured"
        return out
    if after.error and (
        after.error == UNFINISHED or not (after.cookies or after.storage or after.text)
    ):
        out["reason"] = f"capture failed: {after.error}"
        return out
    if after.loaded is False:
        out["reason"] = "the widget did not load in the new tab"
        return out
    is_open = widget_open(after)
    out["open"] = is_open
    how = f"{after.open_call} = {after.open_raw!r}" if after.open_call else "a message box showed"
    if is_open and before.text and text_carried(before.text, after.text):
        out.update(
            result="persists",
            decided_by="history",
            reason="the widget came back open by itself showing the text seen before"
            " (its greeting or transcript; nothing was sent)",
        )
        return out
    if is_open:
        out.update(
            result="persists",
            decided_by="open_state",
            reason=f"the widget re-opened by itself ({how})",
        )
        return out
    ids = [k for k in session_keys(before, vendor_id) if k.kind == "id"]
    if not ids:
        others = sorted({k.label for k in session_keys(before, vendor_id)})
        out["reason"] = "no visitor or session id of the vendor in cookies or storage" + (
            f" (only {', '.join(others[:4])})" if others else ""
        )
        return out
    after_keys = {(k.area, k.name): k for k in session_keys(after, vendor_id)}
    for key in ids:
        found = after_keys.get((key.area, key.name))
        if found is None:
            out["missing"].append(key.label)
        elif same_id(key.value, found.value):
            out["kept"].append(key.label)
        else:
            out["changed"].append(key.label)
    if all(k.area == "session" for k in ids):
        out.update(
            result="lost",
            decided_by="storage",
            reason="the session ids were only in sessionStorage, which a new tab starts without",
        )
        return out
    durable = [k for k in ids if k.area != "session"]
    gone = [k for k in durable if k.label not in out["kept"]]
    if gone:
        first = gone[0]
        state = "changed" if first.label in out["changed"] else "missing"
        out.update(
            result="lost",
            decided_by="cookie" if first.area == "cookie" else "storage",
            reason=f"{first.label} was {state} in the new tab (a new visitor session)",
        )
        return out
    local = [k for k in durable if k.area == "local"]
    carrier = local[0] if local else durable[0]
    out.update(
        result="persists",
        decided_by="storage" if carrier.area == "local" else "cookie",
        reason=f"{', '.join(out['kept'])} kept the same value; the widget stayed closed",
    )
    return out


# -- the probe -------------------------------------------------------------------------------


def _epoch(iso: str | None) -> float | None:
    if not iso:
        return None
    try:
        return datetime.fromisoformat(iso).timestamp()
    except ValueError:
        return None


def expiry_notes(snap: SessionSnapshot, vendor_id: str | None, now: float | None) -> list[dict]:
    """How long each id cookie lives: a session cookie ends with the browser."""
    notes: list[dict[str, Any]] = []
    for key in session_keys(snap, vendor_id):
        if key.kind != "id":
            continue
        item: dict[str, Any] = {"key": key.label, "expires": key.expires, "days": None}
        if key.area == "cookie" and key.expires is None:
            item["note"] = (
                "session cookie (no expiry): carries across tabs and pages while the browser"
                " stays open, not to a later visit"
            )
        elif key.area == "cookie":
            if now is not None and key.expires is not None:
                item["days"] = round((key.expires - now) / 86400, 1)
            item["note"] = "long-lived cookie" + (
                f": about {item['days']:g} days" if item["days"] is not None else ""
            )
        elif key.area == "local":
            item["note"] = "localStorage: no expiry, kept until the visitor or the site clears it"
        else:
            item["note"] = "sessionStorage: this tab only, gone when it closes"
        notes.append(item)
    return notes


def _unknown(reason: str, vendor: str | None, **extra: Any) -> dict[str, Any]:
    return {
        "persistence": "unknown",
        "decided_by": None,
        "reason": reason,
        "vendor": vendor,
        "after_reload": None,
        "after_navigation": None,
        **extra,
    }


def _evidence(cap: PersistenceCapture, vendor_id: str | None) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for when in ("before", *MOVES):
        snap: SessionSnapshot | None = getattr(cap, when)
        if snap is None:
            continue
        out.append(
            {
                "when": when,
                "url": snap.url,
                "open_call": snap.open_call,
                "open_raw": snap.open_raw,
                "open_in_view": snap.open_in_view,
                "keys": [
                    {"key": k.label, "kind": k.kind, "value": k.value[:120], "expires": k.expires}
                    for k in session_keys(snap, vendor_id)
                ],
                "text": snap.text[:300],
                "error": snap.error,
            }
        )
    return out


def _reasons(moves: dict[str, dict[str, Any]], names: dict[str, str], which: list[str]) -> str:
    """The moves' reasons, said once when they agree."""
    said = {moves[w]["reason"] for w in which}
    if len(which) > 1 and len(said) == 1:
        return f"{' and '.join(names[w] for w in which)}: {said.pop()}"
    return "; ".join(f"{names[w]}: {moves[w]['reason']}" for w in which)


def run(visit: VisitArtifacts) -> dict[str, Any]:
    cap = visit.persistence
    opened = [c for c in visit.chat if c.opened]
    if cap is None:
        if not opened:
            tried = [c for c in visit.chat if c.opened_by not in ("link", "none")]
            reason = (
                "the widget was tried but did not open"
                if tried
                else "no chat widget was opened on desktop"
            )
            return _unknown(reason, opened[0].vendor if opened else None)
        return _unknown(
            "the widget opened but the persistence step did not run (switched off or no time)",
            opened[0].vendor,
        )
    vendor_id = cap.vendor
    errors = [f"{e.collector}: {e.message}" for e in cap.errors]
    before = cap.before
    if before is None or (
        before.error and (before.error == UNFINISHED or not (before.cookies or before.storage))
    ):
        why = before.error if before and before.error else "; ".join(errors) or "no snapshot"
        return _unknown(f"capture failed: {why}", vendor_id, errors=errors)
    moves = {when: judge_move(before, getattr(cap, when), vendor_id) for when in MOVES}
    results = {when: m["result"] for when, m in moves.items()}
    lost = [w for w in MOVES if results[w] == "lost"]
    kept = [w for w in MOVES if results[w] == "persists"]
    names = {"after_reload": "the same page in a new tab", "after_navigation": "another page"}
    if lost:
        verdict: Verdict = "lost"
        decided_by = moves[lost[0]]["decided_by"]
        reason = f"{names[lost[0]]}: {moves[lost[0]]['reason']}"
    elif kept:
        verdict = "persists"
        decided_by = max((moves[w]["decided_by"] for w in kept), key=DECIDERS.index)
        reason = _reasons(moves, names, kept)
        missing = [w for w in MOVES if w not in kept]
        if missing:
            reason += "; " + _reasons(moves, names, missing)
    else:
        verdict = "unknown"
        decided_by = None
        reason = _reasons(moves, names, list(MOVES))
    expiry = expiry_notes(before, vendor_id, _epoch(visit.started_at))
    if verdict == "persists" and decided_by == "cookie":
        if any(n["expires"] is None and n["key"].startswith("cookie ") for n in expiry):
            reason += " (a session cookie: only while the browser stays open)"
    return {
        "persistence": verdict,
        "decided_by": decided_by,
        "reason": reason,
        "vendor": vendor_id,
        "page": cap.page,
        "after_reload": moves["after_reload"],
        "after_navigation": moves["after_navigation"],
        "navigation_url": cap.navigation_url,
        "expiry": expiry,
        "errors": errors,
        "elapsed_ms": cap.elapsed_ms,
        "evidence": _evidence(cap, vendor_id),
    }


def columns(finding: Any) -> dict[str, Any]:
    """The export column: persists / lost / unknown, empty where nothing was judged."""
    if finding is None:
        return {"persistence": ""}
    outcome = finding.get("outcome") if isinstance(finding, dict) else finding.outcome
    value = finding.get("value") if isinstance(finding, dict) else finding.value
    if outcome != "ok" or not isinstance(value, dict):
        return {"persistence": ""}
    return {"persistence": str(value.get("persistence") or "")}
