"""The launcher capture in a real Chromium: small pages served by ``route``, never the network.

Every page is answered inside the browser (``context.route``) for a loopback
URL, so nothing leaves the machine. One browser runs all scenes at once; each
scene is scanned the way the journey scans a page (the observer installed with
``add_init_script`` before any page script, the scan at capture time), and one
scene goes through ``ShopVisit.capture`` itself to prove the wiring.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Route, async_playwright

from crawler.browser import LaunchSettings, find_chromium
from crawler.collectors.launcher import home_launcher, observer_script, parse_scan, scan_script
from crawler.journey import CrawlSettings, ShopTarget, ShopVisit
from crawler.politeness import HostPacer
from probes import findability
from probes.artifacts import LauncherObservation, LauncherScan, PageCapture, VisitArtifacts

BASE = "http://127.0.0.1:9/"  # loopback; answered by route, so no server and no socket
STYLE = '<meta name="viewport" content="width=device-width, initial-scale=1"><style>body{margin:0;height:3000px;font:16px sans-serif} .fix{position:fixed;width:60px;height:60px;background:#36c}</style>'


def html(body: str, head: str = "") -> str:
    return f"<!doctype html><html><head>{STYLE}{head}</head><body><h1>Shop</h1>{body}</body></html>"


SCENES: dict[str, str] = {
    # Off-screen: a fixed launcher pushed out to the left; an in-flow one below the fold.
    "offscreen": html(
        '<div id="tidio-chat" class="fix" style="left:-500px;bottom:20px"></div>'
        '<div class="crisp-client" style="margin-top:2000px;width:60px;height:60px;background:#c33"></div>'
        '<iframe id="launcher" style="position:fixed;right:20px;bottom:20px;width:0;height:0;border:0"></iframe>'
    ),
    # Covered: a sticky bar over the launcher's centre; the widget's own bubble over it does not count.
    "covered": html(
        '<div id="tidio-chat" class="fix" style="right:20px;bottom:20px;z-index:1"></div>'
        '<div class="sticky-bar" style="position:fixed;left:0;right:0;bottom:0;height:120px;z-index:5;background:#eee">Free delivery</div>'
        '<iframe title="chat widget" style="position:fixed;left:20px;top:300px;width:60px;height:60px;border:0"></iframe>'
        '<iframe title="chat widget" style="position:fixed;left:30px;top:310px;width:200px;height:40px;border:0"></iframe>'
    ),
    # Covered by the cookie banner nobody answered.
    "cookie": html(
        '<div id="tidio-chat" class="fix" style="right:20px;bottom:20px"></div>'
        '<div id="cookie-consent-banner" style="position:fixed;left:0;right:0;bottom:0;height:200px;z-index:9;background:#fff">'
        "<p>We use cookies</p><button>Accept</button></div>"
    ),
    # Transparent: opacity 0 on an ancestor.
    "transparent": html(
        '<div class="wrap" style="opacity:0"><div id="tidio-chat" class="fix" style="right:20px;bottom:20px"></div></div>'
    ),
    # Hidden on phones only, by a media query.
    "media": html(
        '<div id="chat-widget-container" class="fix" style="right:20px;bottom:20px"></div>',
        "<style>@media (max-width: 600px) { #chat-widget-container { display: none } }</style>",
    ),
    # Appears 1.5 s after the page script runs; the page notes when it added it.
    "late": html(
        "<script>setTimeout(() => { const f = document.createElement('iframe'); f.id = 'launcher';"
        " f.style = 'position:fixed;right:20px;bottom:20px;width:64px;height:64px;border:0';"
        " document.body.appendChild(f); window.__added = performance.now(); }, 1500);</script>"
    ),
    # Comes 12 s after the navigation started (the clock the journey measures by, however
    # late a busy machine runs the script), as a tag manager's chat does on every page;
    # late enough that a page captured without waiting, even on a busy machine, misses it.
    "later": html(
        "<script>setTimeout(() => { const d = document.createElement('div'); d.id = 'tidio-chat';"
        " d.className = 'fix'; d.style.right = '20px'; d.style.bottom = '20px';"
        " document.body.appendChild(d); }, Math.max(0, 12000 - performance.now()));</script>"
    ),
    # Shadow roots: a catalogue host whose launcher is drawn in its shadow root, and a
    # catalogue launcher inside a shop's own web component.
    "shadow": html(
        '<div id="smartsupp-widget-container"></div><chat-host></chat-host>'
        "<script>"
        "const a = document.getElementById('smartsupp-widget-container').attachShadow({mode: 'open'});"
        ' a.innerHTML = \'<button class="bubble" style="position:fixed;right:20px;bottom:20px;width:56px;height:56px">Chat</button>\';'
        " const b = document.querySelector('chat-host').attachShadow({mode: 'open'});"
        ' b.innerHTML = \'<div id="tidio-chat" style="position:fixed;left:20px;bottom:20px;width:60px;height:60px;background:#3c6"></div>\';'
        "</script>"
    ),
    # Opens itself: the widget grows to a panel 0.8 s in; a floating WhatsApp button too.
    "autoopen": html(
        '<div id="chat-widget-container" class="fix" style="right:20px;bottom:20px"></div>'
        '<a href="https://wa.me/3725550000" style="position:fixed;left:20px;bottom:20px;width:50px;height:50px;display:block;background:#2c2"></a>'
        '<footer style="margin-top:2500px"><a href="https://wa.me/3725550001">WhatsApp</a></footer>'
        "<script>setTimeout(() => { const w = document.getElementById('chat-widget-container');"
        " w.style.width = '360px'; w.style.height = '560px'; }, 800);</script>"
    ),
}
SETTLE = 2.6  # seconds each scene is watched before the scan (the late launcher comes at ~1.5 s)


@dataclass
class Seen:
    scan: LauncherScan
    added_ms: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def by(self, selector: str) -> list[LauncherObservation]:
        return [obs for obs in self.scan.launchers if obs.selector == selector]

    def one(self, selector: str) -> LauncherObservation:
        found = self.by(selector)
        assert len(found) == 1, (selector, self.scan.launchers)
        return found[0]


async def _serve(route: Route) -> None:
    name = route.request.url.removeprefix(BASE).strip("/")
    body = SCENES.get(name)
    if body is None:
        await route.fulfill(status=404, body="")
    else:
        await route.fulfill(status=200, content_type="text/html", body=body)


async def _scene(browser: Any, options: dict[str, Any], name: str) -> Seen:
    """One scene in its own context (its own renderer), as the journey opens one page at a time."""
    context = await browser.new_context(**options)
    await context.add_init_script(script=observer_script())
    await context.route(BASE + "**", _serve)
    page = await context.new_page()
    try:
        await page.goto(BASE + name, wait_until="domcontentloaded")
        await asyncio.sleep(SETTLE)
        raw = await page.evaluate(scan_script())
        added = await page.evaluate("() => window.__added ?? null")
        return Seen(parse_scan(raw), added)
    finally:
        await context.close()


async def _journey_capture(
    pw: Any,
    browser: Any,
    folder: Path,
    scene: str = "media",
    home: tuple[float, list[str]] | None = None,
) -> PageCapture:
    """One product page through ``ShopVisit.capture``: the init script and the scan as wired.

    ``home`` is what the home page's launcher scan told the journey (ms, selector keys).
    """
    settings = CrawlSettings(
        settle_cap=2.0, settle_window=0.3, late_wait=15, chat=False, screenshots=True, host_delay=0
    )
    shop = ShopVisit(
        playwright=pw,
        browser=browser,
        target=ShopTarget(origin=BASE.rstrip("/"), url=BASE, slug="loopback"),
        campaign="test",
        folder=folder,
        settings=settings,
        pacer=HostPacer(0),
    )
    shop.artifacts.user_agent = "chatshopper-test"
    folder.mkdir(parents=True, exist_ok=True)
    if home is not None:
        shop._home_launcher["desktop"] = home
    context = await shop._new_context("desktop")
    try:
        await context.route(BASE + "**", _serve)
        return await shop.capture(context, "product", "desktop", BASE + scene, None)
    finally:
        await shop.close()


async def _run_all(folder: Path) -> dict[str, Any]:
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(**LaunchSettings().launch_kwargs(find_chromium()))
        try:
            desktop: dict[str, Any] = {"viewport": {"width": 1366, "height": 768}}
            mobile = dict(pw.devices["Pixel 7"])
            mobile.pop("default_browser_type", None)
            jobs = {name: _scene(browser, desktop, name) for name in SCENES if name != "later"}
            jobs["media-mobile"] = _scene(browser, mobile, "media")
            names = list(jobs)
            home = (13000.0, ["selector|#tidio-chat"])  # home showed it a little later
            results = await asyncio.gather(
                *jobs.values(),
                _journey_capture(pw, browser, folder / "a"),
                _journey_capture(pw, browser, folder / "b", "later", home),
                _journey_capture(pw, browser, folder / "c", "later", None),
            )
            seen: dict[str, Any] = dict(zip(names, results[:-3], strict=True))
            seen["journey"], seen["waited"], seen["not_waited"] = results[-3:]
            return seen
        finally:
            await browser.close()


@pytest.fixture(scope="module")
def seen(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    yield asyncio.run(_run_all(tmp_path_factory.mktemp("journey")))


def test_offscreen_and_zero_size(seen: dict[str, Any]) -> None:
    scene: Seen = seen["offscreen"]
    left = scene.one("#tidio-chat")
    assert left.state == "offscreen" and left.floating
    assert "outside the first viewport" in left.reasons[0]
    below = scene.one(".crisp-client")
    assert below.state == "offscreen" and not below.floating
    assert scene.one("iframe#launcher").state == "zero_size"
    assert scene.scan.observer is True


def test_covered_by_a_sticky_bar_but_not_by_its_own_widget(seen: dict[str, Any]) -> None:
    scene: Seen = seen["covered"]
    launcher = scene.one("#tidio-chat")
    assert launcher.state == "covered"
    assert launcher.covered_by == "div.sticky-bar"
    assert launcher.covered_by_consent is False
    frames = scene.by('iframe[title="chat widget"]')
    assert [f.state for f in frames] == ["visible", "visible"]  # overlapping parts of one widget


def test_covered_by_the_cookie_banner(seen: dict[str, Any]) -> None:
    launcher = seen["cookie"].one("#tidio-chat")
    assert launcher.state == "covered"
    assert launcher.covered_by == "div#cookie-consent-banner"
    assert launcher.covered_by_consent is True


def test_opacity_zero_on_an_ancestor(seen: dict[str, Any]) -> None:
    launcher = seen["transparent"].one("#tidio-chat")
    assert launcher.state == "transparent"
    assert launcher.reasons == ["opacity:0 on div.wrap"]
    assert launcher.first_visible_ms is None


def test_display_none_on_mobile_only(seen: dict[str, Any]) -> None:
    desktop = seen["media"].one("#chat-widget-container")
    mobile = seen["media-mobile"].one("#chat-widget-container")
    assert desktop.state == "visible" and desktop.vendor == "livechat"
    assert mobile.state == "hidden"
    assert mobile.reasons == ["display:none on div#chat-widget-container.fix"]


def test_late_launcher_delay_within_tolerance(seen: dict[str, Any]) -> None:
    scene: Seen = seen["late"]
    launcher = scene.one("iframe#launcher")
    assert launcher.state == "visible" and launcher.vendor == "zendesk"
    assert scene.added_ms is not None and scene.added_ms >= 1500
    assert launcher.first_visible_ms is not None
    # The observer sees it within one poll (200 ms) of its arrival, never before (500 ms: a loaded CI box).
    assert scene.added_ms - 1 <= launcher.first_visible_ms <= scene.added_ms + 500


def test_launchers_in_shadow_roots(seen: dict[str, Any]) -> None:
    scene: Seen = seen["shadow"]
    host = scene.one("#smartsupp-widget-container")
    assert host.state == "visible"
    assert host.element == "button.bubble"  # the zero-sized host stands for its shadow content
    assert host.box is not None and host.box.width == 56
    inner = scene.one("#tidio-chat")
    assert inner.in_shadow is True and inner.state == "visible"
    assert findability.corner(inner.box, scene.scan.viewport) == "bottom-left"


def test_auto_open_panel_and_floating_whatsapp(seen: dict[str, Any]) -> None:
    scene: Seen = seen["autoopen"]
    panel = scene.one("#chat-widget-container")
    assert panel.largest_box is not None and panel.largest_box.height == 560
    assert panel.largest_ms is not None and panel.largest_ms >= 800
    assert panel.first_box is not None and panel.first_box.width == 60
    home = PageCapture(
        role="home",
        profile="desktop",
        requested_url=BASE + "autoopen",
        timings={"started_at": "2026-11-23T10:00:00Z"},
        launcher_scan=scene.scan,
    )
    verdict = findability.run(
        VisitArtifacts(
            tool_version="t",
            campaign="c",
            shop=BASE,
            start_url=BASE,
            started_at="2026-11-23T10:00:00Z",
            status="ok",
            pages=[home],
        )
    )
    assert verdict["auto_open"] is True
    assert verdict["auto_open_evidence"][0]["kind"] == "panel"
    links = [obs for obs in scene.scan.launchers if obs.vendor == "whatsapp"]
    floating = [obs for obs in links if obs.floating]
    inline = [obs for obs in links if not obs.floating]
    assert len(floating) == 1 and floating[0].state == "visible"
    assert len(inline) == 1 and inline[0].state == "offscreen"


def test_the_journey_installs_the_observer_and_scans(seen: dict[str, Any]) -> None:
    capture: PageCapture = seen["journey"]
    assert capture.error is None
    assert not [e for e in capture.collector_errors if e.collector == "launchers"]
    scan = capture.launcher_scan
    assert scan is not None and scan.observer is True
    found = [obs for obs in scan.launchers if obs.selector == "#chat-widget-container"]
    assert len(found) == 1, scan
    launcher = found[0]
    assert launcher.state == "visible" and launcher.vendor == "livechat"
    assert launcher.first_visible_ms is not None and scan.at_ms is not None
    assert 0 < launcher.first_visible_ms < scan.at_ms
    assert capture.screenshot_file


def test_product_page_waits_as_long_as_home_took(seen: dict[str, Any]) -> None:
    waited: PageCapture = seen["waited"]
    assert waited.launcher_scan is not None
    found = [o for o in waited.launcher_scan.launchers if o.selector == "#tidio-chat"]
    assert len(found) == 1, (waited.timings, waited.launcher_scan.at_ms, waited.collector_errors)
    launcher = found[0]
    assert launcher.state == "visible", launcher
    assert launcher.first_visible_ms is not None and launcher.first_visible_ms >= 8000
    # The same page without a home launcher to wait for is captured before it came.
    alone: PageCapture = seen["not_waited"]
    assert alone.launcher_scan is not None
    early = [o for o in alone.launcher_scan.launchers if o.selector == "#tidio-chat"]
    assert not early, (alone.timings, alone.launcher_scan.at_ms)


def test_home_launcher_summary() -> None:
    scan = LauncherScan(
        launchers=[
            LauncherObservation(
                selector="#tidio-chat", state="visible", visible=True, first_visible_ms=900.0
            ),
            LauncherObservation(
                selector="iframe#launcher", state="visible", visible=True, first_visible_ms=2500.0
            ),
            LauncherObservation(selector="#crisp-chatbox", state="hidden", first_visible_ms=100.0),
            LauncherObservation(
                source="link",
                selector="a[href]",
                tag="a",
                state="visible",
                visible=True,
                floating=False,
                first_visible_ms=50.0,
            ),
        ]
    )
    assert home_launcher(scan) == (900.0, ["selector|#tidio-chat", "selector|iframe#launcher"])
    assert home_launcher(LauncherScan()) is None
    assert home_launcher(None) is None
