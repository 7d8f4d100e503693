"""The shopper's journey through one shop, and the capture of each page it reaches.

Home → a product page → the cart → the contact page on desktop, then home,
product and cart again on a phone. Each shop gets fresh browser contexts, so
nothing (cookies, storage, an open chat) leaks from one shop to the next. Each
collector has its own time limit: a collector that fails stores its error and
the page capture goes on (tracker-radar-collector's rule).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

from playwright.async_api import Browser, BrowserContext, Dialog, Download, Page, Playwright

from crawler import __version__
from crawler.collectors.common import cookie_record, quietly, read_storage
from crawler.collectors.consent import handle_consent
from crawler.collectors.dom import GlobalSpec, parse_snapshot, snapshot_script
from crawler.collectors.launcher import (
    home_launcher,
    observer_script,
    parse_scan,
    scan_script,
    seen_script,
)
from crawler.collectors.network import NetworkRecorder
from crawler.discovery import (
    CART_GUESSES,
    Candidate,
    cart_candidates,
    contact_candidates,
    page_product_signals,
    product_candidates,
)
from crawler.politeness import HostPacer, RobotsVerdict, check_robots
from crawler.status import Outcome, classify_exception, classify_response
from probes.artifacts import (
    Box,
    CollectorError,
    DialogRecord,
    Discovery,
    DomMarker,
    FrameRecord,
    GlobalValue,
    LinkRecord,
    PageCapture,
    PageRole,
    Profile,
    Timings,
    VisitArtifacts,
    write_visit,
)

T = TypeVar("T")
DEFAULT_CONTACT = "https://github.com/chatshopper/chatshopper#for-site-owners"
MAX_HTML_BYTES = 5_000_000
MOBILE_LATE_WAIT = 3.0  # the phone's late-chat watch when the desktop one saw none arrive
DESKTOP_VIEWPORT = {"width": 1366, "height": 768}
MOBILE_DEVICE = "Pixel 7"
TRANSIENT_CODES = frozenset(
    {"ERR_CONNECTION_RESET", "ERR_CONNECTION_CLOSED", "ERR_EMPTY_RESPONSE", "ERR_NETWORK_CHANGED"}
)


@dataclass
class CrawlSettings:
    """Everything that shapes a visit; stored with the campaign for the method section."""

    per_shop_timeout: float = 150.0
    nav_timeout: float = 30.0
    settle_cap: float = 8.0  # longest wait for the network to go quiet after load
    quiet_ms: float = 600.0  # how long "quiet" must last
    settle_window: float = 1.5  # extra wait after the synthetic scroll and mouse move (home)
    late_wait: float = 8.0  # on home pages, how long to keep watching for a chat that comes late
    chat: bool = True  # open the chat and record what it shows
    persistence: bool = True  # after opening it, check its session in two new tabs (~5-12 s)
    consent: str = "accept"  # what to do with a cookie banner: accept, reject or none (leave it)
    host_delay: float = 1.0  # pause between two navigations to one host
    user_agent: str | None = None
    contact_url: str = DEFAULT_CONTACT
    locale: str | None = None
    timezone: str | None = None
    ignore_https_errors: bool = False
    ignore_robots: bool = False
    allow_private: bool = False
    proxy: str | None = None
    profiles: tuple[Profile, ...] = ("desktop", "mobile")
    mobile_device: str = MOBILE_DEVICE
    retries: int = 1
    screenshots: bool = True
    # What the page snapshot looks for: by default every selector and global of the
    # vendor catalogue, so the evidence already holds what the vendor probe needs.
    marker_selectors: list[str] = field(default_factory=lambda: catalogue_selectors())
    globals: list[GlobalSpec] = field(default_factory=lambda: catalogue_globals())

    def public(self) -> dict[str, Any]:
        """The settings as stored in the campaign and shown in reports."""
        out = {
            k: v
            for k, v in self.__dict__.items()
            if k not in ("marker_selectors", "globals", "proxy")
        }
        out["proxy"] = bool(self.proxy)
        out["profiles"] = list(self.profiles)
        return out


def catalogue_selectors() -> list[str]:
    from probes.catalogue import all_selectors

    return sorted({selector for _vendor, selector in all_selectors()})


def catalogue_globals() -> list[GlobalSpec]:
    from probes.catalogue import all_globals

    specs: dict[str, GlobalSpec] = {}
    for _vendor, name, loaded in all_globals():
        if name not in specs or (loaded and not specs[name].loaded):
            specs[name] = GlobalSpec(name, loaded)
    return [specs[name] for name in sorted(specs)]


@dataclass(frozen=True)
class ShopTarget:
    origin: str
    url: str
    slug: str
    country: str | None = None  # from the shop list, for the shop's time zone
    timezone: str | None = None  # the shop list's IANA zone override


def user_agent_for(base: str, settings: CrawlSettings) -> str:
    """A real browser's UA with chatshopper and a contact URL appended, unless overridden."""
    if settings.user_agent:
        return settings.user_agent
    base = base.replace("HeadlessChrome", "Chrome")
    return f"{base} chatshopper/{__version__} (+{settings.contact_url})"


def desktop_ua(browser_version: str) -> str:
    """The user agent of a desktop Chrome of the same major version (UA-reduced form)."""
    major = browser_version.split(".", 1)[0]
    return (
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        f"Chrome/{major}.0.0.0 Safari/537.36"
    )


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


async def _limited(awaitable: Awaitable[T], seconds: float) -> T:
    return await asyncio.wait_for(awaitable, timeout=seconds)


class ShopVisit:
    """One visit: fills ``artifacts`` as it goes, so a timeout keeps what was seen."""

    def __init__(
        self,
        *,
        playwright: Playwright,
        browser: Browser,
        target: ShopTarget,
        campaign: str,
        folder: Path,
        settings: CrawlSettings,
        pacer: HostPacer,
    ) -> None:
        self.pw = playwright
        self.browser = browser
        self.target = target
        self.folder = folder
        self.settings = settings
        self.pacer = pacer
        self.contexts: list[BrowserContext] = []
        self.snapshot_js = snapshot_script(settings.marker_selectors, settings.globals)
        # Whether the desktop home page's late-chat watch saw a chat arrive (None: not run).
        self._late_chat_seen: bool | None = None
        self.launcher_js = (observer_script(), scan_script())  # findability: observe, then scan
        self._home_launcher: dict[str, tuple[float, list[str]]] = {}  # per profile
        self.artifacts = VisitArtifacts(
            tool_version=__version__,
            campaign=campaign,
            shop=target.origin,
            start_url=target.url,
            started_at=now_iso(),
            locale=settings.locale,
            timezone=settings.timezone,
            shop_country=target.country,
            shop_timezone=target.timezone,
            settings=settings.public(),
        )
        self.outcome: Outcome | None = None

    # -- the journey ---------------------------------------------------------------------

    async def run(self) -> Outcome:
        """Walk the shop. Raises only for cancellation; every failure becomes an outcome."""
        if self.folder.exists():  # a redone visit starts from clean evidence
            shutil.rmtree(self.folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.artifacts.user_agent = user_agent_for(desktop_ua(self.browser.version), self.settings)
        desktop = await self._new_context("desktop")
        if not self.settings.ignore_robots:
            verdict = await check_robots(
                desktop.request, self.target.url, self.artifacts.user_agent, self.settings
            )
            self.artifacts.robots = verdict.record
            self.pacer.set_crawl_delay(self.target.origin, verdict.record.crawl_delay)
            if not verdict.allowed:
                return self._finish(Outcome("blocked_robots", verdict.reason))
        home = await self.capture(desktop, "home", "desktop", self.target.url, None)
        outcome = self._home_outcome(home)
        self.artifacts.http_status = home.http_status
        self.artifacts.final_url = home.final_url
        self.outcome = outcome  # what a timeout from here on still keeps
        if outcome.status != "ok":
            return self._finish(outcome)
        pages = await self._desktop_journey(desktop, home)
        await self._close(desktop)
        if "mobile" in self.settings.profiles:
            mobile = await self._new_context("mobile")
            for role, url, discovery in pages:
                await self.capture(mobile, role, "mobile", url, discovery)
            await self._close(mobile)
        return self._finish(outcome)

    def _home_outcome(self, home: PageCapture) -> Outcome:
        if home.error:
            return self._error_outcome
        return classify_response(home.http_status)

    async def _desktop_journey(
        self, context: BrowserContext, home: PageCapture
    ) -> list[tuple[PageRole, str, Discovery | None]]:
        """Product, cart and contact on desktop; returns what the phone should revisit."""
        base = home.final_url or self.target.url
        origin = self.target.origin
        revisit: list[tuple[PageRole, str, Discovery | None]] = [("home", self.target.url, None)]
        tried: set[str] = {base.rstrip("/")}

        product = await self._find_product(context, home, base, tried)
        if product is not None:
            revisit.append(
                ("product", product.final_url or product.requested_url, product.discovery)
            )
        sources = [home] + ([product] if product else [])
        cart_links = [c for page in sources for c in cart_candidates(page.links, origin)]
        cart = await self._first_reachable(context, "cart", cart_links, base, tried)
        if cart is None:
            cart = await self._guess_cart(context, base, tried)
        if cart is not None:
            revisit.append(("cart", cart.final_url or cart.requested_url, cart.discovery))
        contact_links = contact_candidates(home.links, origin)
        await self._first_reachable(context, "contact", contact_links, base, tried)
        return revisit

    async def _find_product(
        self, context: BrowserContext, home: PageCapture, base: str, tried: set[str]
    ) -> PageCapture | None:
        """Follow the best product-like links until one is a product page (at most three)."""
        candidates = product_candidates(home.links, home.html, self.target.origin, base)
        if not candidates:
            # A grid of product cards also carries Product markup, so only a home page
            # with no product links at all is taken for a one-product shop's page.
            return None
        fallback: PageCapture | None = None
        for cand in candidates[:3]:
            if cand.url.rstrip("/") in tried:
                continue
            tried.add(cand.url.rstrip("/"))
            capture = await self.capture(
                context, "product", "desktop", cand.url, self._discovery(cand, base)
            )
            if capture.error or (capture.http_status or 0) >= 400:
                self._drop(capture)
                continue
            signals = page_product_signals(capture.html)
            if signals:
                if capture.discovery:
                    capture.discovery.method = "+".join(["product-link", *signals])
                if fallback is not None:
                    self._drop(fallback)
                return capture
            if fallback is None:
                fallback = capture  # keep the likeliest page if none proves itself
            else:
                self._drop(capture)
        return fallback

    async def _first_reachable(
        self,
        context: BrowserContext,
        role: PageRole,
        candidates: list[Candidate],
        base: str,
        tried: set[str],
    ) -> PageCapture | None:
        seen: set[str] = set()
        for cand in candidates:
            key = cand.url.rstrip("/")
            if key in seen or key in tried:
                continue
            seen.add(key)
            if len(seen) > 2:
                break
            tried.add(key)
            capture = await self.capture(
                context, role, "desktop", cand.url, self._discovery(cand, base)
            )
            if not capture.error and (capture.http_status or 0) < 400:
                return capture
            self._drop(capture)
        return None

    async def _guess_cart(
        self, context: BrowserContext, base: str, tried: set[str]
    ) -> PageCapture | None:
        """No cart link: ask for the usual cart paths, cheaply, before opening one."""
        for path in CART_GUESSES:
            url = urljoin(base, path)
            if url.rstrip("/") in tried:
                continue
            await self.pacer.wait(url)
            try:
                response = await context.request.get(
                    url, timeout=self.settings.nav_timeout * 1000, max_redirects=3
                )
            except Exception:
                continue
            final = response.url
            if response.status < 400 and urlsplit(final).path.rstrip("/") not in ("", "/"):
                tried.add(url.rstrip("/"))
                capture = await self.capture(
                    context, "cart", "desktop", url, Discovery(method="cart-path", from_url=base)
                )
                if not capture.error and (capture.http_status or 0) < 400:
                    return capture
                self._drop(capture)
        return None

    @staticmethod
    def _discovery(cand: Candidate, base: str) -> Discovery:
        return Discovery(method=cand.method, from_url=base, link_text=cand.text, score=cand.score)

    def _drop(self, capture: PageCapture) -> None:
        """Forget a page that was not what we looked for (its files go too)."""
        if capture in self.artifacts.pages:
            self.artifacts.pages.remove(capture)
        for name in (capture.html_file, capture.screenshot_file):
            if name:
                (self.folder / name).unlink(missing_ok=True)

    # -- contexts ------------------------------------------------------------------------

    async def _new_context(self, profile: Profile) -> BrowserContext:
        options: dict[str, Any] = {
            "ignore_https_errors": self.settings.ignore_https_errors,
            "accept_downloads": False,
            "java_script_enabled": True,
            "service_workers": "block",  # a worker could keep a page's requests out of sight
        }
        if self.settings.locale:
            options["locale"] = self.settings.locale
        if self.settings.timezone:
            options["timezone_id"] = self.settings.timezone
        if profile == "mobile":
            device = dict(self.pw.devices[self.settings.mobile_device])
            device.pop("default_browser_type", None)
            options.update(device)
            options["user_agent"] = user_agent_for(device["user_agent"], self.settings)
        else:
            options["viewport"] = DESKTOP_VIEWPORT
            options["user_agent"] = self.artifacts.user_agent
        context = await self.browser.new_context(**options)
        context.set_default_timeout(self.settings.nav_timeout * 1000)
        # Before any page script: note when a chat launcher first becomes visible.
        with contextlib.suppress(Exception):
            await _limited(context.add_init_script(script=self.launcher_js[0]), 10)
        self.contexts.append(context)
        return context

    async def _close(self, context: BrowserContext) -> None:
        with contextlib.suppress(Exception):
            await _limited(context.close(), 15)
        if context in self.contexts:
            self.contexts.remove(context)

    async def close(self) -> None:
        for context in list(self.contexts):
            await self._close(context)

    # -- one page ------------------------------------------------------------------------

    async def capture(
        self,
        context: BrowserContext,
        role: PageRole,
        profile: Profile,
        url: str,
        discovery: Discovery | None,
    ) -> PageCapture:
        capture = PageCapture(
            role=role,
            profile=profile,
            requested_url=url,
            discovery=discovery or Discovery(method="start"),
            timings=Timings(started_at=now_iso()),
        )
        self.artifacts.pages.append(capture)
        page = await context.new_page()
        net = NetworkRecorder(page)
        crashed = asyncio.Event()
        _watch_page(page, capture, crashed)
        started = time.monotonic()
        try:
            await self.pacer.wait(url)
            net.restart_clock()
            started = time.monotonic()
            response = await page.goto(url, wait_until="domcontentloaded")
            capture.timings.dom_content_loaded_ms = _ms(started)
            if response is not None:
                capture.http_status = response.status
                capture.redirect_chain = _redirects(response.request)
            capture.final_url = page.url
            with contextlib.suppress(Exception):
                await page.wait_for_load_state("load", timeout=self.settings.settle_cap * 1000)
                capture.timings.load_ms = _ms(started)
            await self._settle(page, net, crashed)
            if role == "home" and not self._no_consent_platform(profile):
                # Consent is stored in the context, so later pages of this profile
                # are seen as the customer who answered the banner sees them.
                record = await handle_consent(page, self.settings.consent)  # type: ignore[arg-type]
                if profile == "desktop" or self.artifacts.consent is None:
                    self.artifacts.consent = record
            await self._nudge(page, profile)
            # Later pages reuse the vendor scripts the home page already fetched.
            window = (
                self.settings.settle_window
                if role == "home"
                else min(0.5, self.settings.settle_window)
            )
            await asyncio.sleep(window)
            await self._settle(page, net, crashed)
            if role == "home" and self.settings.late_wait > 0:
                await self._wait_for_late_chat(page, net, crashed, self._late_wait(profile))
            # A launcher that took its time on the desktop home page takes it on the
            # shop's other pages and on the phone too: give it the same time.
            shown = self._home_launcher.get(profile) or self._home_launcher.get("desktop")
            if shown is not None and (role, profile) != ("home", "desktop"):
                await self._wait_for_launcher(page, net, crashed, shown)
            capture.timings.settled_ms = _ms(started)
            await self._collect(page, context, capture)
            capture.timings.captured_ms = _ms(started)
            if role == "home" and (shown := home_launcher(capture.launcher_scan)):
                self._home_launcher[profile] = shown
            if self.settings.chat and profile == "desktop":
                # The chat attempt judges the page's vendors: it needs the requests so far
                # (a vendor known only by its script URL counts as loaded when it answered).
                capture.requests = list(net.records)
                await self._try_chat(page, context, capture)
        except asyncio.CancelledError:
            capture.error = capture.error or "visit budget spent before this page was captured"
            raise
        except Exception as exc:
            if crashed.is_set():
                capture.error = "Page crashed: the renderer died"
            else:
                capture.error = (
                    str(exc).strip().splitlines()[0][:500]
                    if str(exc).strip()
                    else type(exc).__name__
                )
            self._last_exception = exc if not crashed.is_set() else RuntimeError("page crashed")
        finally:
            capture.requests = net.records
            if net.dropped:
                capture.collector_errors.append(
                    CollectorError(collector="network", message=f"{net.dropped} requests not kept")
                )
            net.detach()
            capture.final_url = capture.final_url or _safe_url(page)
            with contextlib.suppress(Exception):
                await _limited(page.close(run_before_unload=False), 10)
        return capture

    @property
    def _error_outcome(self) -> Outcome:
        exc = getattr(self, "_last_exception", None)
        if exc is None:
            return Outcome("error", "the start page failed")
        return classify_exception(exc)

    async def _settle(self, page: Page, net: NetworkRecorder, crashed: asyncio.Event) -> None:
        """Wait until the network has been quiet a moment, within the cap."""
        deadline = time.monotonic() + self.settings.settle_cap
        quiet = self.settings.quiet_ms / 1000
        while time.monotonic() < deadline and not crashed.is_set():
            if net.inflight == 0 and net.quiet_for() >= quiet:
                return
            if net.quiet_for() >= quiet * 4:  # long-polling or a stuck request: quiet enough
                return
            await asyncio.sleep(0.1)
        if crashed.is_set():
            raise RuntimeError("Page crashed")

    def _no_consent_platform(self, profile: Profile) -> bool:
        """The phone visit skips consent handling when the desktop visit saw no platform.

        Consent platforms do not tell phones from desktops; looking again would cost
        the detection window (seconds) on every shop without a banner.
        """
        record = self.artifacts.consent
        return (
            profile == "mobile"
            and record is not None
            and not record.detected
            and not record.popup_found
            and record.action == "none_found"
            and record.error is None
        )

    def _late_wait(self, profile: Profile) -> float:
        """The desktop home page watches the whole window; the phone a shorter one when the
        desktop watch already ran it out without any chat arriving."""
        if profile == "mobile" and self._late_chat_seen is False:
            return min(self.settings.late_wait, MOBILE_LATE_WAIT)
        return self.settings.late_wait

    async def _wait_for_late_chat(
        self, page: Page, net: NetworkRecorder, crashed: asyncio.Event, seconds: float
    ) -> None:
        """Keep watching a while for a chat that loads late (GTM tags, timers, first touch).

        Stops as soon as a chat vendor's script is requested or its marker is in the
        page, so a shop whose chat came on time pays nothing.
        """
        deadline = time.monotonic() + seconds
        probe_js = _chat_marker_js(self.settings.marker_selectors)
        while time.monotonic() < deadline and not crashed.is_set():
            if any(_is_chat_request(r.url) for r in net.records):
                break
            with contextlib.suppress(Exception):
                if await _limited(page.evaluate(probe_js), 2):
                    break
            await asyncio.sleep(0.4)
        else:
            if not crashed.is_set():
                self._late_chat_seen = self._late_chat_seen or False
            return
        self._late_chat_seen = True
        await self._settle(page, net, crashed)  # let the widget that just came draw itself

    async def _wait_for_launcher(
        self,
        page: Page,
        net: NetworkRecorder,
        crashed: asyncio.Event,
        home: tuple[float, list[str]],
    ) -> None:
        """On later pages, give the launcher the time it took on home (plus 2.5 s).

        A chat injected late (a tag manager, a timer) shows on every page as late as on
        home; without this wait it would be captured as absent. Stops as soon as the page
        observer sees the launcher that home showed, and never waits past ``late_wait``.
        """
        home_ms, keys = home
        deadline = time.monotonic() + self.settings.late_wait
        js = seen_script()
        while time.monotonic() < deadline and not crashed.is_set():
            try:
                state = await _limited(page.evaluate(js, keys), 2)
            except Exception:  # noqa: BLE001 - a page that will not answer is captured as is
                return
            if state.get("seen"):
                break
            if float(state.get("now") or 0) > home_ms + 2500:
                return
            await asyncio.sleep(0.3)
        else:
            return
        await self._settle(page, net, crashed)

    async def _try_chat(self, page: Page, context: BrowserContext, capture: PageCapture) -> None:
        """Open the chat on the first desktop page that has one; note link-only chats."""
        from crawler.collectors.chat import (
            ChatProbe,
            link_interaction,
            link_vendor,
            vendors_on_page,
            widget_vendor,
        )

        if any(c.opened_by != "link" for c in self.artifacts.chat):
            return  # one widget attempt per visit: a widget that would not open stays so
        try:
            verdict = vendors_on_page(capture, self.artifacts)
        except Exception as exc:  # noqa: BLE001 - the probe must not end the visit
            capture.collector_errors.append(
                CollectorError(collector="chat", message=str(exc)[:300])
            )
            return
        target = widget_vendor(verdict)
        if target is not None:
            probe = ChatProbe(page, context, capture, self.folder)
            try:
                interaction = await _limited(probe.run(target), 30)
            except TimeoutError:
                capture.collector_errors.append(
                    CollectorError(collector="chat", message="timed out")
                )
                return
            self.artifacts.chat.append(interaction)
            if interaction.opened and self.settings.persistence:
                from crawler.collectors.persistence import capture_persistence

                self.artifacts.persistence = await capture_persistence(
                    page,
                    context,
                    capture,
                    interaction,
                    home_url=self.target.url,
                    pacer=self.pacer,
                    nav_timeout=min(self.settings.nav_timeout, 10.0),
                )
            return
        if not any(c.opened_by == "link" for c in self.artifacts.chat):
            found = link_vendor(verdict)
            if found is not None:
                self.artifacts.chat.append(link_interaction(capture, *found))

    async def _nudge(self, page: Page, profile: Profile) -> None:
        """What a person does first: move the mouse, scroll a little, touch on a phone.

        Widgets that load on first interaction (Landbot, react-live-chat-loader
        facades) wait for exactly this. Nothing is clicked.
        """
        with contextlib.suppress(Exception):
            viewport = page.viewport_size or DESKTOP_VIEWPORT
            if profile == "desktop":
                await _limited(page.mouse.move(viewport["width"] / 2, viewport["height"] / 2), 5)
                await _limited(
                    page.mouse.move(viewport["width"] - 40, viewport["height"] - 40, steps=4), 5
                )
            await _limited(page.evaluate(_NUDGE_JS), 5)
            await asyncio.sleep(0.3)
            await _limited(page.evaluate("window.scrollTo(0, 0)"), 5)

    async def _collect(self, page: Page, context: BrowserContext, capture: PageCapture) -> None:
        """Run each collector under its own limit; a failure is noted, not fatal."""

        async def run(name: str, seconds: float, fn: Callable[[], Awaitable[None]]) -> None:
            try:
                await _limited(fn(), seconds)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - every collector failure is evidence
                message = f"{type(exc).__name__}: {exc}".strip()[:300]
                capture.collector_errors.append(CollectorError(collector=name, message=message))

        async def snapshot() -> None:
            raw = parse_snapshot(await page.evaluate(self.snapshot_js))
            capture.title = str(raw.get("title", ""))[:500]
            capture.viewport = Box(**raw["viewport"])
            capture.links = [LinkRecord(**link) for link in raw.get("links", [])]
            capture.dom_markers = [DomMarker(**m) for m in raw.get("markers", [])]
            capture.globals = [GlobalValue(**g) for g in raw.get("globals", [])]

        async def launchers() -> None:  # before the chat is clicked: what a customer sees
            capture.launcher_scan = parse_scan(await page.evaluate(self.launcher_js[1]))

        async def frames() -> None:
            out: list[FrameRecord] = []
            for frame in page.frames[1:40]:
                title: str | None = None
                with contextlib.suppress(Exception):
                    title = await _limited(frame.title(), 1.5)
                out.append(
                    FrameRecord(
                        url=frame.url[:2000],
                        name=frame.name,
                        title=title,
                        parent_url=frame.parent_frame.url if frame.parent_frame else None,
                        detached=frame.is_detached(),
                    )
                )
            capture.frames = out

        async def cookies() -> None:
            capture.cookies = [cookie_record(c) for c in await context.cookies()]

        async def storage() -> None:
            capture.storage = await read_storage(page)

        # Two tries at the same role (product candidates) must not share files: the
        # one dropped later would take the kept one's files with it.
        stem = capture.key
        taken = {p.html_file for p in self.artifacts.pages if p is not capture}
        n = 1
        while f"{stem}.html" in taken:
            n += 1
            stem = f"{capture.key}-{n}"

        async def html() -> None:
            content = await page.content()
            data = content.encode("utf-8", errors="replace")
            if len(data) > MAX_HTML_BYTES:
                data = data[:MAX_HTML_BYTES]
                capture.collector_errors.append(
                    CollectorError(collector="html", message=f"cut at {MAX_HTML_BYTES} bytes")
                )
            name = f"{stem}.html"
            (self.folder / name).write_bytes(data)
            capture.html_file = name
            capture.html = data.decode("utf-8", errors="replace")

        async def screenshot() -> None:
            name = f"{stem}.png"
            await page.screenshot(
                path=str(self.folder / name), full_page=False, animations="disabled", timeout=15000
            )
            capture.screenshot_file = name

        await run("dom", 15, snapshot)
        await run("launchers", 10, launchers)
        await run("frames", 20, frames)
        await run("cookies", 5, cookies)
        await run("storage", 15, storage)
        await run("html", 15, html)
        if self.settings.screenshots:
            await run("screenshot", 20, screenshot)

    # -- the end -------------------------------------------------------------------------

    def _finish(self, outcome: Outcome) -> Outcome:
        self.outcome = outcome
        self.artifacts.status = outcome.status  # type: ignore[assignment]
        self.artifacts.error = outcome.error
        if outcome.http_status is not None:
            self.artifacts.http_status = outcome.http_status
        return outcome

    def save(self, outcome: Outcome) -> Path:
        """Write the evidence, whatever the outcome: a timeout keeps what it saw."""
        self._finish(outcome)
        self.artifacts.finished_at = now_iso()
        return write_visit(self.artifacts, self.folder)


def is_transient(outcome: Outcome) -> bool:
    return (
        outcome.status == "unreachable"
        and (outcome.error or "") in TRANSIENT_CODES
        or (outcome.status == "error" and "browser closed" in (outcome.error or ""))
    )


def _is_chat_request(url: str) -> bool:
    from probes.catalogue import catalogue

    return any(
        "not_chat_alone" not in rule.flags and rule.field in ("script_urls", "self_hosted_paths")
        for rule, _ in catalogue().match_request(url)
    )


def _chat_marker_js(selectors: list[str]) -> str:
    checks = "try { if (document.querySelector(s)) return true; } catch (e) {}"
    return f"(() => {{ for (const s of {json.dumps(selectors)}) {{ {checks} }} return false; }})()"


_NUDGE_JS = r"""
(() => {
  window.scrollBy(0, Math.min(600, document.body ? document.body.scrollHeight : 600));
  const opts = {bubbles: true, cancelable: true};
  for (const type of ['mousemove', 'mouseover', 'scroll', 'keydown']) {
    const target = type === 'scroll' ? window : document;
    try { target.dispatchEvent(new Event(type, opts)); } catch (e) {}
  }
  try { document.dispatchEvent(new Event('touchstart', opts)); } catch (e) {}
  return true;
})()
"""


def _watch_page(page: Page, capture: PageCapture, crashed: asyncio.Event) -> None:
    """Hostile pages: answer dialogs, close pop-ups, refuse downloads, notice crashes."""

    def on_dialog(dialog: Dialog) -> None:
        capture.dialogs.append(DialogRecord(type=dialog.type, message=dialog.message[:500]))
        # beforeunload and alert are let through; confirm and prompt are declined.
        action = dialog.accept() if dialog.type in ("alert", "beforeunload") else dialog.dismiss()
        asyncio.ensure_future(quietly(action))

    def on_popup(popup: Page) -> None:
        capture.popups.append(_safe_url(popup) or "about:blank")
        asyncio.ensure_future(quietly(popup.close(run_before_unload=False)))

    def on_download(download: Download) -> None:
        capture.downloads.append(download.url[:2000])
        asyncio.ensure_future(quietly(download.cancel()))

    def on_console(message: Any) -> None:
        if message.type == "error" and len(capture.console_errors) < 50:
            capture.console_errors.append(message.text[:300])

    page.on("dialog", on_dialog)
    page.on("popup", on_popup)
    page.on("download", on_download)
    page.on("console", on_console)
    page.on("crash", lambda _page: crashed.set())


def _safe_url(page: Page) -> str | None:
    try:
        return page.url
    except Exception:
        return None


def _redirects(request: Any) -> list[str]:
    chain: list[str] = []
    current = request.redirected_from
    while current is not None and len(chain) < 30:
        chain.append(current.url)
        current = current.redirected_from
    return list(reversed(chain))


def _ms(started: float) -> float:
    return round((time.monotonic() - started) * 1000, 1)


__all__ = [
    "CrawlSettings",
    "RobotsVerdict",
    "ShopTarget",
    "ShopVisit",
    "is_transient",
    "user_agent_for",
]
