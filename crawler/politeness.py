"""A polite visitor: robots.txt (Protego) and a pause between requests to one host.

robots.txt is fetched through the shop's own browser context, so it travels
through the same proxy and TLS settings as the pages do.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from protego import Protego

from probes.artifacts import RobotsRecord

if TYPE_CHECKING:
    from playwright.async_api import APIRequestContext

ROBOTS_TOKEN = "chatshopper"
MAX_CRAWL_DELAY = 30.0  # a robots.txt asking for more would stall a campaign for hours
GATEWAY_ERRORS = frozenset({502, 504})  # what a proxy or CDN answers when it cannot reach the shop


class HostPacer:
    """Spaces navigations to the same host by at least ``delay`` seconds."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self._next: dict[str, float] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._delays: dict[str, float] = {}

    def set_crawl_delay(self, url: str, crawl_delay: float | None) -> None:
        if crawl_delay:
            host = urlsplit(url).hostname or url
            self._delays[host] = min(max(crawl_delay, self.delay), MAX_CRAWL_DELAY)

    async def wait(self, url: str) -> None:
        host = urlsplit(url).hostname or url
        lock = self._locks.setdefault(host, asyncio.Lock())
        async with lock:
            pause = self._next.get(host, 0.0) - time.monotonic()
            if pause > 0:
                await asyncio.sleep(pause)
            self._next[host] = time.monotonic() + self._delays.get(host, self.delay)


@dataclass(frozen=True)
class RobotsVerdict:
    allowed: bool
    reason: str | None
    record: RobotsRecord


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


def judge_robots(
    url: str, user_agent: str, status: int | None, body: str, *, fetch_error: str | None = None
) -> RobotsVerdict:
    """Apply RFC 9309: 4xx means no rules, the shop's own 5xx means keep out.

    One deliberate difference: when robots.txt cannot be fetched because the host
    cannot be reached (a network error, or a gateway's 502/504 through a proxy),
    the visit goes on to the start page, so that an unreachable shop is reported
    as ``unreachable`` rather than as ``blocked_robots``.
    """
    record = RobotsRecord(url=robots_url(url), fetched_status=status, error=fetch_error)
    if fetch_error is not None or status is None:
        # The page itself will tell whether the shop is reachable at all.
        return RobotsVerdict(True, None, record)
    if 400 <= status < 500:
        return RobotsVerdict(True, None, record)
    if status in GATEWAY_ERRORS:
        # A proxy or CDN could not reach the shop: its wishes are unknown, and the
        # start page will tell whether it is reachable at all.
        record.error = f"robots.txt answered HTTP {status} (gateway): the host may be unreachable"
        return RobotsVerdict(True, None, record)
    if status >= 500:
        record.allowed = False
        return RobotsVerdict(
            False, f"robots.txt answered HTTP {status}; RFC 9309 says stay out", record
        )
    parser = Protego.parse(body)
    # Groups are matched on the product token, as RFC 9309 asks, not the whole UA string.
    allowed = bool(parser.can_fetch(url, ROBOTS_TOKEN))
    delay = parser.crawl_delay(ROBOTS_TOKEN)
    record.crawl_delay = float(delay) if delay is not None else None
    record.allowed = allowed
    reason = (
        None if allowed else f"robots.txt disallows {urlsplit(url).path or '/'} for chatshopper"
    )
    return RobotsVerdict(allowed, reason, record)


async def check_robots(
    request: APIRequestContext, url: str, user_agent: str, settings: Any
) -> RobotsVerdict:
    target = robots_url(url)
    try:
        response = await request.get(
            target,
            timeout=min(settings.nav_timeout, 20) * 1000,
            max_redirects=5,
            headers={"user-agent": user_agent},
        )
        body = (await response.body())[:500_000].decode("utf-8", errors="replace")
        return judge_robots(url, user_agent, response.status, body)
    except Exception as exc:  # noqa: BLE001 - any failure means "no robots.txt read"
        message = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__
        return judge_robots(url, user_agent, None, "", fetch_error=message)
