"""Opening the chat the way a customer would, and writing down what it shows.

The widget is opened by the vendor's documented call when its bundle has
loaded (the catalogue's ``api.open``), else by clicking its launcher. What the
widget then shows is read in every frame that belongs to it, cross-origin
frames included (Playwright reads inside them): a message box ready to type
in, the fields asked before the first message, an offline "leave a message"
form, a login wall, bot-style quick replies, the greeting. Nothing is ever
typed, submitted or sent: the only inputs are the open call or one click.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from pathlib import Path
from typing import Any

from playwright.async_api import BrowserContext, Frame, Page

from probes import vendor as vendor_probe
from probes.artifacts import (
    ChatInteraction,
    FormField,
    PageCapture,
    VisitArtifacts,
    WidgetView,
)
from probes.catalogue import catalogue, open_calls, status_call

OPEN_WAIT = 6.0  # seconds a widget gets to show itself after the open call or click
LINK_KINDS = ("link_out", "messenger")

# Read one document (or the roots given) for what a customer could do with a chat.
# Pierces open shadow roots; reports only visible elements.
WIDGET_JS = r"""
(roots) => {
  const vis = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false;
    for (let e = el; e && e.nodeType === 1; e = e.parentElement || (e.getRootNode && e.getRootNode().host)) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) return false;
    }
    return true;
  };
  const all = (root) => {
    const out = [];
    const walk = (node) => {
      for (const el of node.querySelectorAll('*')) {
        out.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(root);
    return out;
  };
  let bases = [];
  if (roots && roots.length) {
    for (const sel of roots) { try { bases.push(...document.querySelectorAll(sel)); } catch (e) {} }
  } else if (document.body) {
    bases = [document.body];
  }
  const els = [];
  for (const b of bases) { els.push(b, ...all(b)); if (b.shadowRoot) els.push(...all(b.shadowRoot)); }
  const labelOf = (el) => {
    let t = el.getAttribute('aria-label') || el.getAttribute('placeholder') || '';
    if (el.id) { const l = (el.getRootNode().querySelector || document.querySelector).call(el.getRootNode(), `label[for="${CSS.escape(el.id)}"]`); if (l) t = l.innerText + ' ' + t; }
    const wrap = el.closest('label'); if (wrap) t = wrap.innerText + ' ' + t;
    return t.replace(/\s+/g, ' ').trim().slice(0, 120);
  };
  const MSG = /message|viesti|sõnum|sonum|meddelande|ziņ|zin|žinut|zinut|сообщени|nachricht|kirjoita|kirjuta|skriv|type|write|question|kysymy|küsimus|fråga|jautājum|klausim|вопрос|frage|rašyk|rasyk|rakst|напиш|введите|schreib|besked/i;
  const fields = [];
  let composer = false, placeholder = '';
  for (const el of els) {
    const tag = el.tagName ? el.tagName.toLowerCase() : '';
    if (!['textarea', 'input', 'select'].includes(tag) && el.getAttribute && el.getAttribute('contenteditable') !== 'true') continue;
    if (!vis(el)) continue;
    const type = (el.getAttribute('type') || (tag === 'textarea' ? 'textarea' : tag === 'input' ? 'text' : tag)).toLowerCase();
    if (['hidden', 'submit', 'button', 'image', 'reset', 'file', 'search'].includes(type)) continue;
    const label = labelOf(el);
    const name = (el.getAttribute('name') || el.id || '').slice(0, 80);
    const isMessage = tag === 'textarea' || el.getAttribute('contenteditable') === 'true' ||
      (type === 'text' && MSG.test(label + ' ' + name) && !/mail|name|nimi|namn|vārd|vard|имя|phone|puhelin|telef/i.test(label + ' ' + name));
    if (isMessage) { if (!composer) { composer = true; placeholder = label; } continue; }
    const required = el.required || el.getAttribute('aria-required') === 'true' || /\*/.test(label);
    fields.push({label, input_type: type, name, required,
      autocomplete: (el.getAttribute('autocomplete') || '').toLowerCase()});
  }
  const buttons = [];
  for (const el of els) {
    const tag = el.tagName ? el.tagName.toLowerCase() : '';
    if (!(tag === 'button' || (el.getAttribute && el.getAttribute('role') === 'button'))) continue;
    if (!vis(el)) continue;
    // The widget's own chrome, not a bot's offer: open/close toggles, and the button
    // that submits a form of required fields ("Join the queue").
    if (el.hasAttribute('aria-expanded')) continue;
    const form = el.closest && el.closest('form');
    if ((el.getAttribute('type') || '').toLowerCase() === 'submit' ||
        (form && tag === 'button' && !el.getAttribute('type') &&
         form.querySelector('[required], [aria-required="true"]'))) continue;
    const t = (el.innerText || el.getAttribute('aria-label') || '').replace(/\s+/g, ' ').trim();
    if (t) buttons.push(t.slice(0, 60));
  }
  const text = bases.map(b => (b.innerText || '') + ' ' + (b.shadowRoot ? Array.from(b.shadowRoot.children).map(c => c.innerText || '').join(' ') : '')).join(' ').replace(/\s+/g, ' ').trim().slice(0, 3000);
  return {composer, placeholder, fields, buttons, text};
}
"""

# Before opening: remember which controls a customer could already see, so that a
# panel drawn into the shop's page under unknown names can be told apart afterwards.
MARK_VISIBLE_JS = r"""
() => {
  const seen = new WeakSet();
  for (const el of document.querySelectorAll('input, textarea, button, [contenteditable="true"], [role="button"]')) {
    const r = el.getBoundingClientRect();
    if (r.width > 1 && r.height > 1) seen.add(el);
  }
  window.__chatshopperSeen = seen;
  return true;
}
"""
# Whether a frame's element is one of the vendor's markers or sits inside one.
IN_MARKER_JS = r"""
(el, selectors) => selectors.some((s) => {
  try { return el.matches(s) || !!el.closest(s); } catch (e) { return false; }
})
"""
APPEARED_ATTR = "data-chatshopper-appeared"
APPEARED_SELECTOR = f"[{APPEARED_ATTR}]"
# After opening: the nearest floating container (fixed, absolute, sticky, a dialog)
# of every control that became visible; marked so that WIDGET_JS can read them.
MARK_APPEARED_JS = r"""
() => {
  const seen = window.__chatshopperSeen;
  if (!seen) return 0;
  let marked = 0;
  const box = (el) => { const r = el.getBoundingClientRect(); return r.width > 1 && r.height > 1; };
  for (const el of document.querySelectorAll('input, textarea, button, [contenteditable="true"], [role="button"]')) {
    if (seen.has(el) || !box(el)) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    let host = el.parentElement, pick = null, depth = 0;
    for (; host && host !== document.body && depth < 12; host = host.parentElement, depth++) {
      const s = getComputedStyle(host);
      if (['fixed', 'absolute', 'sticky'].includes(s.position) || host.getAttribute('role') === 'dialog' ||
          host.getAttribute('aria-modal') === 'true') { pick = host; break; }
    }
    if (!pick) pick = el.parentElement && el.parentElement.parentElement || el.parentElement;
    if (pick && pick !== document.body && !pick.hasAttribute('__ATTR__')) { pick.setAttribute('__ATTR__', ''); marked++; }
  }
  return marked;
}
""".replace("__ATTR__", APPEARED_ATTR)

OFFLINE_WORDS = (
    "leave a message",
    "leave us a message",
    "we're offline",
    "we are offline",
    "currently offline",
    "not available",
    "jätä viesti",
    "jätä meille viesti",
    "olemme poissa",
    "emme ole paikalla",
    "jäta sõnum",
    "jätke sõnum",
    "oleme hetkel eemal",
    "pole hetkel saadaval",
    "lämna ett meddelande",
    "vi är inte tillgängliga",
    "atstājiet ziņu",
    "atstājiet ziņojumu",
    "palikite žinutę",
    "palikite žinute",
    "оставьте сообщение",
    "сейчас нет на месте",
    "nachricht hinterlassen",
    "hinterlassen sie eine nachricht",
    "offline",
)
LOGIN_WORDS = (
    "log in",
    "login",
    "sign in",
    "continue with facebook",
    "continue as",
    "continue with google",
    "kirjaudu",
    "logi sisse",
    "logga in",
    "pieslēgties",
    "prisijungti",
    "войти",
    "anmelden",
)
# Widget chrome, not answers a bot offers: close, minimise, send, start, open, back.
NOT_QUICK = (
    "close",
    "minimi",
    "send",
    "start",
    "open",
    "back",
    "menu",
    "sulge",
    "sulje",
    "stäng",
    "aizvērt",
    "uždaryti",
    "закры",
    "schließen",
    "lähetä",
    "saada",
    "skicka",
    "sūtīt",
    "siųsti",
    "отправ",
    "senden",
    "aloita",
    "alusta",
    "ava ",
    "avaa",
    "öppna",
    "atvērt",
    "atidaryti",
)


def is_quick_reply(label: str) -> bool:
    """A button a bot offers instead of typing ("Track my order"), not the widget's chrome."""
    text = label.strip().lower()
    if len(text) < 3 or len(text) > 40 or not any(ch.isalpha() for ch in text):
        return False
    return not any(word in text + " " for word in NOT_QUICK)


_EMAIL = re.compile(r"e-?mail|sähköpost|e-post|e-pasts|el\.? ?pašt|почт", re.I)
_PHONE = re.compile(r"phone|puhelin|\btel\b|\btel\.|telefon|tālr|телефон|mobiil|mobile|gsm", re.I)
_NAME = re.compile(r"\bname\b|_name|name_|nimi|nimesi|namn|vārd|vardas|pavard|имя|фамил", re.I)


def field_kind(label: str, input_type: str, name: str, autocomplete: str) -> str:
    """Which of name / email / phone / other a widget's input asks for."""
    text = f"{label} {name} {autocomplete}"
    if input_type == "email" or _EMAIL.search(text):
        return "email"
    if input_type == "tel" or _PHONE.search(text):
        return "phone"
    if _NAME.search(text):
        return "name"
    return "other"


def vendors_on_page(capture: PageCapture, visit: VisitArtifacts) -> dict[str, Any]:
    """The vendor probe's verdict on one page alone (pure: the probe never sees a browser)."""
    one = visit.model_copy(update={"pages": [capture], "chat": []})
    return vendor_probe.run(one)


def widget_vendor(verdict: dict[str, Any]) -> dict[str, Any] | None:
    """The strongest vendor of widget kind on the page, if any."""
    widgets = [
        v
        for v in verdict.get("vendors", [])
        if v.get("kind") not in LINK_KINDS
        # Dead Messenger plugin markup and retired products have nothing to open.
        and not {"no_live_evidence", "dead_plugin", "retired"} & set(v.get("flags", []))
    ]
    if not widgets:
        return None
    primary = verdict.get("primary")
    for v in widgets:
        if v["id"] == primary:
            return v
    return widgets[0]


def link_vendor(verdict: dict[str, Any]) -> tuple[dict[str, Any], str] | None:
    for v in verdict.get("vendors", []):
        if v.get("kind") in LINK_KINDS:
            for item in v.get("evidence", []):
                if item.get("kind") == "link":
                    return v, str(item.get("value"))
    return None


class ChatProbe:
    """Opens one page's chat and records a ``ChatInteraction``."""

    def __init__(
        self, page: Page, context: BrowserContext, capture: PageCapture, folder: Path
    ) -> None:
        self.page = page
        self.context = context
        self.capture = capture
        self.folder = folder
        self.navigations: list[str] = []
        self.popups: list[str] = []

    async def run(self, vendor: dict[str, Any]) -> ChatInteraction:
        started = time.monotonic()
        record = ChatInteraction(page=self.capture.key, vendor=vendor["id"])
        rules = catalogue().vendor(vendor["id"])
        selectors = [r.source for r in rules.rules_for("dom")]
        self.page.on("framenavigated", self._on_nav)
        self.page.on("popup", self._on_popup)
        try:
            before = await self._frame_areas()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.page.evaluate(MARK_VISIBLE_JS), 3)
            record.screenshot_before = await self._shot("before")
            opened = await self._open_by_api(record, vendor) or await self._open_by_click(
                record, selectors
            )
            if not opened:
                # An in-page bot (Leadoo) or a docked panel is open without any call.
                view = await self._read_view(before, selectors, rules)
                if _shows_something(view):
                    record.opened_by = "already_open"
                    record.opened = True
                    record.view = view
                    record.waited_ms = 0.0
                    await self._read_status(record, vendor)
                    record.screenshot_after = record.screenshot_before
                    return record
                record.error = "no documented call (bundle not loaded) and no launcher to click"
                return record
            view = await self._wait_for_view(before, selectors, rules)
            if not _shows_something(view):
                # A panel the vendor draws into the shop's own page under names the
                # catalogue does not know: read what became visible with the opening.
                appeared = await self._read_appeared()
                if appeared is not None and _shows_something(appeared):
                    view = appeared
            record.waited_ms = round((time.monotonic() - started) * 1000, 1)
            record.view = view
            record.opened = opened and _shows_something(view)
            await self._read_status(record, vendor)
            record.screenshot_after = await self._shot("after")
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - a widget that fights back is evidence too
            record.error = f"{type(exc).__name__}: {exc}".strip()[:300]
        finally:
            with contextlib.suppress(Exception):
                self.page.remove_listener("framenavigated", self._on_nav)
                self.page.remove_listener("popup", self._on_popup)
            record.navigations = self.navigations
            record.popups = self.popups
        return record

    def _on_nav(self, frame: Frame) -> None:
        if frame == self.page.main_frame:
            self.navigations.append(frame.url[:500])

    def _on_popup(self, popup: Page) -> None:
        self.popups.append(popup.url[:500])

    async def _shot(self, when: str) -> str | None:
        name = f"chat-{self.capture.key}-{when}.png"
        with contextlib.suppress(Exception):
            await self.page.screenshot(
                path=str(self.folder / name), animations="disabled", timeout=10000
            )
            return name
        return None

    async def _open_by_api(self, record: ChatInteraction, vendor: dict[str, Any]) -> bool:
        if not vendor.get("loaded"):
            return False  # a stub's queue would accept the call and do nothing
        for call in open_calls(vendor["id"]):
            try:
                await asyncio.wait_for(
                    self.page.evaluate(f"async () => {{ await ({call}); return true; }}"), 5
                )
            except Exception:  # noqa: BLE001 - try the next documented call
                continue
            record.opened_by = "api"
            record.open_call = call
            return True
        return False

    async def _open_by_click(self, record: ChatInteraction, selectors: list[str]) -> bool:
        """Click the vendor's launcher: its own marker, or a launcher frame of its host."""
        viewport = self.page.viewport_size or {"width": 1366, "height": 768}
        for selector in selectors:
            try:
                handles = await self.page.query_selector_all(selector)
            except Exception:  # noqa: BLE001 - a selector this page cannot parse
                continue
            for handle in handles[:3]:
                box = await handle.bounding_box()
                if not box or box["width"] < 8 or box["height"] < 8:
                    continue
                if box["y"] > viewport["height"] or box["x"] > viewport["width"]:
                    continue
                x = box["x"] + box["width"] / 2
                y = box["y"] + box["height"] / 2
                # A click, never a tap: on a phone the same coordinates are used.
                await self.page.mouse.click(x, y)
                record.opened_by = "click"
                record.launcher = f"{selector} at ({x:.0f},{y:.0f})"
                return True
        return False

    async def _frame_areas(self) -> dict[str, float]:
        """The visible area of every frame, to see which one the opening made grow."""
        out: dict[str, float] = {}
        for frame in self.page.frames[1:]:
            with contextlib.suppress(Exception):
                element = await frame.frame_element()
                if await element.is_visible():
                    box = await element.bounding_box()
                    if box:
                        out[f"{frame.name}|{frame.url}"] = box["width"] * box["height"]
        return out

    async def _chat_frames(
        self, before: dict[str, float], rules: Any, selectors: list[str] | None = None
    ) -> list[Frame]:
        """Frames that appeared or grew when the chat opened, that the catalogue names, or
        whose element is (or sits inside) one of the vendor's DOM markers.

        A launcher frame that turns into the chat panel (LiveChat, Zendesk) was
        visible before too, so growth counts, not only appearance; a panel that was
        already open (a widget that opened itself) is found by its marker.
        """
        frames: list[Frame] = []
        for frame in self.page.frames[1:]:
            key = f"{frame.name}|{frame.url}"
            try:
                element = await frame.frame_element()
                visible = await element.is_visible()
                box = await element.bounding_box() if visible else None
                title = await element.get_attribute("title")
            except Exception:  # noqa: BLE001 - detached while we looked
                continue
            if not box:
                continue
            area = box["width"] * box["height"]
            if area <= 40 * 40:
                continue
            named = bool(catalogue().match_frame(frame.url, title))
            if not named and selectors:
                with contextlib.suppress(Exception):
                    named = bool(await element.evaluate(IN_MARKER_JS, selectors))
            grew = area > before.get(key, 0.0) * 1.5
            if grew or named:
                frames.append(frame)
        return frames

    async def _wait_for_view(
        self, before: dict[str, float], selectors: list[str], rules: Any
    ) -> WidgetView | None:
        deadline = time.monotonic() + OPEN_WAIT
        view: WidgetView | None = None
        while time.monotonic() < deadline:
            view = await self._read_view(before, selectors, rules)
            if view.composer or view.fields or view.offline_form or view.login_wall:
                # Give a form that renders field by field a moment to finish.
                await asyncio.sleep(0.5)
                return await self._read_view(before, selectors, rules)
            await asyncio.sleep(0.3)
        return view

    async def _read_view(
        self, before: dict[str, float], selectors: list[str], rules: Any
    ) -> WidgetView:
        view = WidgetView()
        texts: list[str] = []
        buttons: list[str] = []
        sources: list[tuple[Frame, list[str] | None]] = [
            (f, None) for f in await self._chat_frames(before, rules, selectors)
        ]
        if selectors:  # widgets drawn into the shop's own page (Crisp) or a shadow root
            sources.append((self.page.main_frame, selectors))
        for frame, roots in sources:
            try:
                raw = await asyncio.wait_for(frame.evaluate(WIDGET_JS, roots or []), 3)
            except Exception:  # noqa: BLE001 - a frame that went away or refuses script
                continue
            _add_read(view, raw, roots, frame.url, texts, buttons)
        return _finish_view(view, texts, buttons)

    async def _read_appeared(self) -> WidgetView | None:
        """What the opening made visible in the shop's own document, read as a widget."""
        try:
            found = await asyncio.wait_for(self.page.evaluate(MARK_APPEARED_JS), 3)
        except Exception:  # noqa: BLE001 - a page that refuses script: nothing to read
            return None
        if not found:
            return None
        try:
            raw = await asyncio.wait_for(
                self.page.main_frame.evaluate(WIDGET_JS, [APPEARED_SELECTOR]), 3
            )
        except Exception:  # noqa: BLE001
            return None
        return _view_from(raw, [APPEARED_SELECTOR])

    async def _read_status(self, record: ChatInteraction, vendor: dict[str, Any]) -> None:
        call = status_call(vendor["id"])
        if call is None or not vendor.get("loaded"):
            return
        record.status_call = call.call
        try:
            raw = await asyncio.wait_for(
                self.page.evaluate(f"async () => {{ return await ({call.call}); }}"), 4
            )
        except Exception as exc:  # noqa: BLE001 - a status that cannot be read stays unknown
            record.error = record.error or f"status: {type(exc).__name__}: {exc}"[:300]
            return
        record.status_raw = (
            raw if isinstance(raw, (str, int, float, bool)) or raw is None else str(raw)[:200]
        )
        record.status = call.interpret(raw)  # type: ignore[assignment]


def _add_read(
    view: WidgetView,
    raw: dict[str, Any],
    roots: list[str] | None,
    frame_url: str,
    texts: list[str],
    buttons: list[str],
) -> None:
    """Fold one document's reading (``WIDGET_JS``) into the view."""
    if roots is None:
        view.frame_urls.append(frame_url[:500])
    else:
        view.containers.extend(roots)
    if raw.get("composer") and not view.composer:
        view.composer = True
        view.composer_placeholder = str(raw.get("placeholder", ""))[:120]
    for f in raw.get("fields", []):
        view.fields.append(
            FormField(
                kind=field_kind(f["label"], f["input_type"], f["name"], f.get("autocomplete", "")),  # type: ignore[arg-type]
                label=f["label"],
                input_type=f["input_type"],
                name=f["name"],
                required=bool(f["required"]),
                frame_url=None if roots else frame_url[:500],
            )
        )
    buttons.extend(raw.get("buttons", []))
    if raw.get("text"):
        texts.append(str(raw["text"]))


def _finish_view(view: WidgetView, texts: list[str], buttons: list[str]) -> WidgetView:
    """Decide from the words and buttons read: offline form, login wall, quick replies."""
    text = " ".join(texts)[:3000]
    low = text.lower()
    view.text = text
    view.offline_form = any(w in low for w in OFFLINE_WORDS) and (
        view.composer or bool(view.fields)
    )
    if view.offline_form:
        view.composer = False  # the message box is the offline form's, not a live chat's
    view.login_wall = any(w in low for w in LOGIN_WORDS) and not view.composer
    replies = [b for b in dict.fromkeys(buttons) if is_quick_reply(b)]
    view.quick_replies = replies[:10] if len(replies) >= 2 else []
    return view


def _view_from(raw: dict[str, Any], roots: list[str]) -> WidgetView:
    view = WidgetView()
    texts: list[str] = []
    buttons: list[str] = []
    _add_read(view, raw, roots, "", texts, buttons)
    return _finish_view(view, texts, buttons)


def _shows_something(view: WidgetView | None) -> bool:
    """The widget shows a customer something to act on."""
    return view is not None and bool(
        view.composer or view.fields or view.offline_form or view.login_wall or view.quick_replies
    )


def link_interaction(capture: PageCapture, vendor: dict[str, Any], href: str) -> ChatInteraction:
    """A chat that is only a link out (WhatsApp, m.me): recorded, never followed."""
    return ChatInteraction(page=capture.key, vendor=vendor["id"], opened_by="link", link=href[:500])
