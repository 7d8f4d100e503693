"""Small pieces the journey and the collectors share: origins, cookies, storage, quiet calls."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import Frame, Page

from crawler.collectors.dom import STORAGE_JS
from probes.artifacts import CookieRecord, StorageEntry

MAX_FRAMES = 40  # frames whose storage is read, at most


def origin_of(url: str) -> str | None:
    """``scheme://host[:port]`` of an http(s) URL; None for anything else (about:, data:)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def cookie_record(cookie: Any) -> CookieRecord:
    """A Playwright cookie as evidence; the value is cut at 256 characters."""
    return CookieRecord(
        name=cookie.get("name", ""),
        domain=cookie.get("domain", ""),
        path=cookie.get("path", "/"),
        expires=None if cookie.get("expires", -1) in (-1, None) else cookie.get("expires"),
        http_only=bool(cookie.get("httpOnly")),
        secure=bool(cookie.get("secure")),
        same_site=cookie.get("sameSite"),
        value=str(cookie.get("value", ""))[:256],
    )


async def read_storage(
    page: Page,
    frame_ok: Callable[[Frame, str], bool] | None = None,
    key_ok: Callable[[str], bool] | None = None,
) -> list[StorageEntry]:
    """localStorage and sessionStorage of the page and its frames, one read per origin.

    ``frame_ok(frame, origin)`` picks the frames to read, ``key_ok(key)`` the keys to
    keep; a frame that will not answer within 2 s is passed over.
    """
    entries: list[StorageEntry] = []
    seen: set[str] = set()
    for frame in page.frames[:MAX_FRAMES]:
        origin = origin_of(frame.url)
        if not origin or origin in seen or (frame_ok and not frame_ok(frame, origin)):
            continue
        seen.add(origin)
        with contextlib.suppress(Exception):
            for item in await asyncio.wait_for(frame.evaluate(STORAGE_JS), 2):
                if key_ok is None or key_ok(str(item.get("key", ""))):
                    entries.append(StorageEntry(**item))
    return entries


async def quietly(awaitable: Awaitable[Any], timeout: float = 10) -> None:
    """Await something whose failure does not matter (closing, dismissing), within a limit."""
    with contextlib.suppress(Exception):
        await asyncio.wait_for(awaitable, timeout=timeout)
