"""The persistence capture in a real Chromium on the fake web (loopback only).

Two demo shops, each opened the way the journey does it (the chat collector's
documented open call), then the capture step's two new tabs:

* www.kodukaup.ee, Tawk.to: the visitor id is kept in the ``__tawkuuid`` cookie
  (six months) and localStorage ``twk_uuid_<property>``; the open window is
  remembered only in sessionStorage, so a new tab shows the widget closed and the
  ids decide (``persists`` by ``storage``).
* www.kotikeittio.fi, Zendesk Web Widget (Classic): ``ZD-widgetOpen`` in
  localStorage re-opens the widget in a new tab, read by the documented
  ``zE('webWidget:get', 'display')`` (``persists`` by ``history``).

A third run gives the step too little time (a new tab alone watches the widget
for two seconds after it loads) and checks that it stops, keeps what it saw
(the ids of a tab stopped while watching still count), marks the rest
unfinished and leaves no tab behind.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import BrowserContext, Page, async_playwright

from crawler.browser import LaunchSettings, find_chromium
from crawler.collectors.chat import ChatProbe
from crawler.collectors.persistence import BUDGET, capture_persistence
from crawler.demo import FakeWeb
from probes import persistence
from probes.artifacts import (
    ChatInteraction,
    LinkRecord,
    PageCapture,
    PersistenceCapture,
    Timings,
    VisitArtifacts,
)
from probes.catalogue import loaded_marker
from probes.persistence import STOPPED_WATCHING, UNFINISHED

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

TAWK_SHOP = "https://www.kodukaup.ee/"
ZENDESK_SHOP = "https://www.kotikeittio.fi/"
LINKS_JS = """() => Array.from(document.querySelectorAll('a[href]')).map((a) => ({
  href: a.href, text: (a.innerText || '').trim().slice(0, 80),
  visible: a.getClientRects().length > 0, in_first_viewport: false}))"""


@pytest.fixture(scope="module")
def web() -> Iterator[FakeWeb]:
    with FakeWeb() as running:
        yield running


async def _open_chat(
    context: BrowserContext, url: str, vendor: str, folder: Path
) -> tuple[Page, PageCapture, ChatInteraction]:
    """Load the shop's home page and open its chat as the journey does."""
    page = await context.new_page()
    await page.goto(url, wait_until="load")
    marker = loaded_marker(vendor)
    if marker:
        await page.wait_for_function(
            f"() => {{ try {{ return !!({marker}); }} catch (e) {{ return false; }} }}",
            timeout=10000,
        )
    else:  # Zendesk Classic has no loaded marker: its launcher frame shows it loaded
        await page.wait_for_selector("iframe#launcher", state="visible", timeout=10000)
    capture = PageCapture(
        role="home",
        profile="desktop",
        requested_url=url,
        final_url=page.url,
        timings=Timings(started_at="2026-11-23T12:00:00+00:00"),
        links=[LinkRecord(**link) for link in await page.evaluate(LINKS_JS)],
        html=await page.content(),
    )
    interaction = await ChatProbe(page, context, capture, folder).run(
        {"id": vendor, "loaded": True}
    )
    assert interaction.opened, interaction
    return page, capture, interaction


async def _scenario(
    web: FakeWeb, url: str, vendor: str, folder: Path, budget: float = BUDGET
) -> tuple[PersistenceCapture, ChatInteraction, float, int]:
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            **LaunchSettings(proxy=web.proxy_url).launch_kwargs(find_chromium())
        )
        try:
            context = await browser.new_context(
                ignore_https_errors=True, viewport={"width": 1366, "height": 768}
            )
            page, capture, interaction = await _open_chat(context, url, vendor, folder)
            started = time.monotonic()
            record = await capture_persistence(
                page, context, capture, interaction, home_url=url, budget=budget
            )
            seconds = time.monotonic() - started
            await asyncio.sleep(0.2)
            return record, interaction, seconds, len(context.pages)
        finally:
            await browser.close()


def _judge(record: PersistenceCapture, interaction: ChatInteraction) -> dict[str, Any]:
    visit = VisitArtifacts(
        tool_version="test",
        campaign="t",
        shop=record.before.url if record.before and record.before.url else "",
        start_url="",
        started_at="2026-11-23T12:00:00+00:00",
        status="ok",
        chat=[interaction],
        persistence=record,
    )
    return persistence.run(visit)


def test_tawk_session_ids_carry_into_new_tabs(web: FakeWeb, tmp_path: Path) -> None:
    record, interaction, seconds, tabs = asyncio.run(_scenario(web, TAWK_SHOP, "tawk", tmp_path))
    assert record.errors == [] and tabs == 1, (record.errors, tabs)
    assert seconds < BUDGET + 2
    before, reload, moved = record.before, record.after_reload, record.after_navigation
    assert before and reload and moved
    assert before.open_raw is True and before.open_call == "window.Tawk_API.isChatMaximized()"
    assert before.open_in_view and before.text  # the open panel's greeting was read
    cookies = {c.name: c for c in before.cookies}
    assert cookies["__tawkuuid"].expires is not None  # a six-month cookie, with its expiry
    assert cookies["TawkConnectionTime"].expires is None  # a session cookie
    areas = {(e.area, e.key.split("_5f")[0]) for e in before.storage}
    assert ("local", "twk_uuid") in areas
    assert ("session", "twk_state") in areas  # the open window, this tab only
    for after in (reload, moved):
        assert after.error is None and after.loaded is True
        assert after.open_raw is False and not after.open_in_view  # a new tab starts closed
        assert not any(e.area == "session" for e in after.storage)
        assert {c.name: c.value for c in after.cookies}["__tawkuuid"] == (
            cookies["__tawkuuid"].value
        )
    assert reload.url == before.url
    assert moved.url == record.navigation_url and moved.url != before.url
    assert record.navigation_method and record.navigation_method.startswith("product")
    verdict = _judge(record, interaction)
    assert (verdict["persistence"], verdict["decided_by"]) == ("persists", "storage")
    assert "localStorage twk_uuid_" in " ".join(verdict["after_navigation"]["kept"])


def test_zendesk_reopens_itself_in_new_tabs(web: FakeWeb, tmp_path: Path) -> None:
    record, interaction, _seconds, tabs = asyncio.run(
        _scenario(web, ZENDESK_SHOP, "zendesk", tmp_path)
    )
    assert record.errors == [] and tabs == 1, (record.errors, tabs)
    assert record.before and record.after_reload and record.after_navigation
    assert record.before.open_call == "zE('webWidget:get', 'display')"
    assert any(e.key == "ZD-widgetOpen" and e.value == "true" for e in record.before.storage)
    for after in (record.after_reload, record.after_navigation):
        assert after.open_raw not in (None, "launcher", "hidden"), after
        assert after.open_in_view and after.text
    verdict = _judge(record, interaction)
    assert (verdict["persistence"], verdict["decided_by"]) == ("persists", "history")


def test_the_step_stops_at_its_time_limit_and_closes_its_tabs(web: FakeWeb, tmp_path: Path) -> None:
    record, interaction, seconds, tabs = asyncio.run(
        _scenario(web, TAWK_SHOP, "tawk", tmp_path, budget=2.0)
    )
    assert seconds < 2 + 3 + 1.5 and tabs == 1  # the limit, closing the tabs (3 s cap), slack
    assert [e.message for e in record.errors] == ["stopped after 2 s"]
    assert record.before is not None and record.before.error is None  # kept what it saw
    verdict = _judge(record, interaction)
    for when in ("after_reload", "after_navigation"):
        snap = getattr(record, when)
        assert snap is not None and snap.error in (UNFINISHED, STOPPED_WATCHING), snap
        if snap.error == UNFINISHED:  # stopped before the widget had loaded: not judged
            assert verdict[when]["result"] == "unknown"
        else:  # stopped while watching for a re-open: the ids it had read still count
            assert "__tawkuuid" in {c.name for c in snap.cookies}
            assert verdict[when]["result"] == "persists"
