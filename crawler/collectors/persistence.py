"""Whether an opened chat's session carries over: the same page and another, in new tabs.

Right after the chat collector opened a widget on desktop, the vendor's session is
written down (its cookies with expiry, its localStorage and sessionStorage keys,
the widget's open state by the vendor's documented call, the widget's visible
text). Then the same URL is opened in a new tab of the same browser context (a
customer who reloads in another tab or comes back: cookies and localStorage carry
over, sessionStorage does not), and another page of the shop in another new tab;
in each the widget is given time to load and restore itself, and the same
snapshot is taken. Nothing is clicked, typed or sent in the new tabs; the only
script run there reads state. The whole step has one time limit, and whatever it
saw before the limit is kept. ``probes/persistence.py`` judges the result.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import BrowserContext, Frame, Page

from crawler.collectors.chat import WIDGET_JS
from crawler.collectors.common import cookie_record, origin_of, quietly, read_storage
from crawler.discovery import cart_candidates, contact_candidates, product_candidates
from probes.artifacts import (
    ChatInteraction,
    CollectorError,
    PageCapture,
    PersistenceCapture,
    SessionSnapshot,
)
from probes.catalogue import catalogue, loaded_marker
from probes.persistence import (
    STOPPED_WATCHING,
    UNFINISHED,
    key_kind,
    open_from_raw,
    open_state_call,
)

BUDGET = 12.0  # seconds for the whole step (both new tabs)
READY_WAIT = 8.0  # per tab, from the response: until the vendor's loaded marker is true
RESTORE_WAIT = 2.0  # per tab, after that: watching the widget re-open itself
MAX_KEYS = 40


async def capture_persistence(
    page: Page,
    context: BrowserContext,
    capture: PageCapture,
    interaction: ChatInteraction,
    *,
    home_url: str,
    pacer: Any = None,
    budget: float = BUDGET,
    nav_timeout: float = 10.0,
) -> PersistenceCapture:
    """Snapshot the opened widget's session, then again in two new tabs. Never raises."""
    started = time.monotonic()
    record = PersistenceCapture(vendor=interaction.vendor, page=capture.key)
    tabs: list[Page] = []
    step = _Step(page, context, capture, interaction, record, tabs, pacer, nav_timeout)
    try:
        await asyncio.wait_for(step.run(home_url), budget)
    except TimeoutError:
        record.errors.append(
            CollectorError(collector="persistence", message=f"stopped after {budget:g} s")
        )
    except asyncio.CancelledError:
        raise
    except Exception as exc:  # noqa: BLE001 - the visit goes on without this step
        record.errors.append(
            CollectorError(collector="persistence", message=f"{type(exc).__name__}: {exc}"[:300])
        )
    finally:
        closing = [quietly(tab.close(run_before_unload=False), 5) for tab in tabs]
        with contextlib.suppress(Exception):
            await asyncio.wait_for(asyncio.gather(*closing), 3)
    for snap in (record.before, record.after_reload, record.after_navigation):
        if snap is not None and snap.error == _PENDING:
            snap.error = UNFINISHED
        elif snap is not None and snap.error == _WATCHING:
            snap.error = STOPPED_WATCHING
    record.elapsed_ms = round((time.monotonic() - started) * 1000, 1)
    return record


_PENDING = "pending"
_WATCHING = "watching"


def next_page(capture: PageCapture, home_url: str) -> tuple[str | None, str | None]:
    """Another page of the shop to move to: home from a deeper page, else a product or cart."""
    here = (capture.final_url or capture.requested_url).rstrip("/")
    if capture.role != "home":
        return (home_url, "home") if home_url.rstrip("/") != here else (None, None)
    origin = origin_of(capture.final_url or capture.requested_url) or ""
    base = capture.final_url or capture.requested_url
    found = [
        *product_candidates(capture.links, capture.html, origin, base)[:1],
        *cart_candidates(capture.links, origin)[:1],
        *contact_candidates(capture.links, origin)[:1],
    ]
    for cand in found:
        if cand.url.rstrip("/") != here:
            return cand.url, cand.method
    for link in capture.links:
        if link.visible and origin_of(link.href) == origin and link.href.rstrip("/") != here:
            if "#" not in link.href:
                return link.href, "link"
    return None, None


class _Step:
    def __init__(
        self,
        page: Page,
        context: BrowserContext,
        capture: PageCapture,
        interaction: ChatInteraction,
        record: PersistenceCapture,
        tabs: list[Page],
        pacer: Any,
        nav_timeout: float,
    ) -> None:
        self.page = page
        self.context = context
        self.capture = capture
        self.vendor = interaction.vendor
        self.record = record
        self.tabs = tabs
        self.pacer = pacer
        self.nav_timeout = nav_timeout
        view = interaction.view
        self.frame_hosts = {
            host
            for url in (view.frame_urls if view else [])
            if (host := urlsplit(url).netloc)
            and host != urlsplit(capture.final_url or capture.requested_url).netloc
        }
        known = self.vendor if self.vendor and self.vendor in catalogue() else None
        rules = catalogue().vendor(known).rules_for("dom") if known else ()
        self.selectors = [r.source for r in rules]
        # A widget's own elements, not the snippet's script tag that is there before it loads.
        self.drawn = [s for s in self.selectors if not s.lower().startswith("script")]
        self.marker = loaded_marker(known) if known else None
        self.open_call = open_state_call(self.vendor)

    async def run(self, home_url: str) -> None:
        self.record.before = SessionSnapshot(when="before", error=_PENDING)
        self.record.before.error = await self.snapshot(self.page, self.record.before)
        url = self.capture.final_url or self.capture.requested_url
        target, method = next_page(self.capture, home_url)
        self.record.navigation_url = target
        self.record.navigation_method = method
        moves = [SessionSnapshot(when="after_reload", url=url, error=_PENDING)]
        self.record.after_reload = moves[0]
        if target is None:
            self.record.after_navigation = SessionSnapshot(
                when="after_navigation", error="no other page of the shop was found"
            )
        else:
            moves.append(SessionSnapshot(when="after_navigation", url=target, error=_PENDING))
            self.record.after_navigation = moves[1]
        # Both tabs at once: each only reads, and they share the time limit.
        results = await asyncio.gather(
            *(self.new_tab(snap.url or url, snap) for snap in moves), return_exceptions=True
        )
        for snap, result in zip(moves, results, strict=True):
            if isinstance(result, BaseException):
                snap.error = f"{type(result).__name__}: {result}"[:300]

    async def new_tab(self, url: str, snap: SessionSnapshot) -> None:
        tab = await self.context.new_page()
        self.tabs.append(tab)
        tab.on("dialog", lambda dialog: asyncio.ensure_future(quietly(dialog.dismiss(), 5)))
        tab.on("popup", lambda popup: asyncio.ensure_future(quietly(popup.close(), 5)))
        if self.pacer is not None:
            await self.pacer.wait(url)
        started = time.monotonic()
        try:
            # From the first byte on, the loaded marker is what is waited for: a heavy page's
            # DOMContentLoaded can come long after its chat bundle has run.
            await tab.goto(url, wait_until="commit", timeout=self.nav_timeout * 1000)
        except Exception as exc:  # noqa: BLE001 - a page that would not load again is evidence
            snap.error = f"{type(exc).__name__}: {exc}".strip().splitlines()[0][:300]
            return
        snap.loaded = await self.wait_ready(tab)
        snap.waited_ms = round((time.monotonic() - started) * 1000, 1)
        snap.url = tab.url[:2000]
        # The session first (the widget has loaded, so it has written its ids), then watch
        # a moment for the window to re-open itself: a time limit there keeps the ids.
        problems = await self.read_keys(tab, snap) + await self.read_open(tab, snap)
        snap.error = _WATCHING
        deadline = time.monotonic() + RESTORE_WAIT
        while not open_from_raw(snap.open_raw):
            if open_from_raw(snap.open_raw) is None:  # no documented call, or no answer
                await self.read_view(tab, snap)
                if snap.open_in_view:
                    break
            if time.monotonic() > deadline:
                break
            await asyncio.sleep(0.4)
            if self.open_call:
                problems = [p for p in problems if not p.startswith("open state")]
                problems += await self.read_open(tab, snap)
        if open_from_raw(snap.open_raw) and not snap.text:
            await self.read_view(tab, snap)  # the re-opened window's text, for history
        snap.error = "; ".join(problems) or None
        await quietly(tab.close(run_before_unload=False), 5)  # its renderer's time goes back

    async def wait_ready(self, tab: Page) -> bool | None:
        """Until the vendor's loaded marker is true (or, without one, its DOM shows)."""
        deadline = time.monotonic() + READY_WAIT
        if not self.marker and not self.drawn:  # nothing to wait for: give it a moment
            await asyncio.sleep(1.5)
            return None
        if self.marker:
            js = f"() => {{ try {{ return !!({self.marker}); }} catch (e) {{ return false; }} }}"
        else:
            js = (
                "(sels) => sels.some((s) => { try { return !!document.querySelector(s); }"
                " catch (e) { return false; } })"
            )
        while time.monotonic() < deadline:
            with contextlib.suppress(Exception):
                if await asyncio.wait_for(tab.evaluate(js, self.drawn), 2):
                    return True
            await asyncio.sleep(0.25)
        return False if self.marker else None

    async def snapshot(self, page: Page, snap: SessionSnapshot) -> str | None:
        """Fill ``snap`` from one tab: open state, visible text, cookies, storage.

        Returns what could not be read; the caller decides when the snapshot is final.
        """
        snap.url = page.url[:2000]
        problems = await self.read_open(page, snap)
        await self.read_view(page, snap)
        problems += await self.read_keys(page, snap)
        return "; ".join(problems) or None

    async def read_open(self, page: Page, snap: SessionSnapshot) -> list[str]:
        """The vendor's documented open-state call, if it has one."""
        snap.open_call = self.open_call
        snap.open_raw = None
        if not self.open_call:
            return []
        try:
            raw = await asyncio.wait_for(page.evaluate(f"async () => await ({self.open_call})"), 3)
        except Exception as exc:  # noqa: BLE001 - the call may throw before the widget loads
            first = (str(exc).strip().splitlines() or [""])[0]
            return [f"open state: {type(exc).__name__}: {first}"[:200]]
        snap.open_raw = _small(raw)
        return []

    async def read_keys(self, page: Page, snap: SessionSnapshot) -> list[str]:
        """The vendor's cookies (with expiry) and storage keys, from the page and its frames."""
        problems: list[str] = []
        try:
            snap.cookies = [
                cookie_record(c)
                for c in await asyncio.wait_for(self.context.cookies(), 3)
                if key_kind(self.vendor, str(c.get("name", "")))
            ][:MAX_KEYS]
        except Exception as exc:  # noqa: BLE001
            problems.append(f"cookies: {type(exc).__name__}: {exc}"[:200])
        entries = await read_storage(
            page,
            # Only the shop's own storage and the widget's frames.
            frame_ok=lambda frame, origin: (
                frame is page.main_frame or urlsplit(origin).netloc in self.frame_hosts
            ),
            key_ok=lambda key: bool(key_kind(self.vendor, key)),
        )
        snap.storage = entries[:MAX_KEYS]
        return problems

    async def read_view(self, page: Page, snap: SessionSnapshot) -> None:
        """A message box or form visible in the vendor's frames or containers, and their text."""
        sources: list[tuple[Frame, list[str]]] = [
            (frame, []) for frame in await self.widget_frames(page)
        ]
        if self.selectors:
            sources.append((page.main_frame, self.selectors))
        is_open = False
        texts: list[str] = []
        for frame, roots in sources:
            try:
                raw = await asyncio.wait_for(frame.evaluate(WIDGET_JS, roots), 3)
            except Exception:  # noqa: BLE001 - a frame that went away or refuses script
                continue
            if raw.get("composer") or raw.get("fields"):
                is_open = True
            if raw.get("text"):
                texts.append(str(raw["text"]))
        snap.open_in_view = is_open
        snap.text = " ".join(texts)[:3000]

    async def widget_frames(self, page: Page) -> list[Frame]:
        """Visible frames from the widget's hosts when it opened, or that the catalogue names."""
        out: list[Frame] = []
        for frame in page.frames[1:40]:
            host = urlsplit(frame.url).netloc
            by_url = host in self.frame_hosts or self._named(frame.url, None)
            if not by_url and host:
                continue  # a frame of another host: asking for its title costs a round trip
            try:
                element = await frame.frame_element()
                if not by_url and not self._named(frame.url, await element.get_attribute("title")):
                    continue
                box = await element.bounding_box() if await element.is_visible() else None
            except Exception:  # noqa: BLE001 - detached while we looked
                continue
            if box and box["width"] * box["height"] > 40 * 40:
                out.append(frame)
        return out

    def _named(self, url: str, title: str | None) -> bool:
        return any(rule.vendor_id == self.vendor for rule, _ in catalogue().match_frame(url, title))


def _small(raw: Any) -> Any:
    """A JSON-safe summary of what a page call answered."""
    if raw is None or isinstance(raw, (bool, int, float)):
        return raw
    if isinstance(raw, str):
        return raw[:200]
    try:
        return json.loads(json.dumps(raw, default=str)[:500])
    except ValueError:
        return str(raw)[:200]
