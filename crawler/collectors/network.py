"""Records every request a page makes, including failed and blocked ones."""

from __future__ import annotations

import time
from typing import Any

from playwright.async_api import Page, Request, Response

from probes.artifacts import RequestRecord

MAX_REQUESTS = 3000  # a page that makes more is hostile; the first ones tell the story


class NetworkRecorder:
    """Listens to one page; also tells the journey when the network has gone quiet."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.started = time.monotonic()
        self.records: list[RequestRecord] = []
        self._by_request: dict[int, RequestRecord] = {}
        self._inflight: set[int] = set()
        self.last_activity = time.monotonic()
        self.dropped = 0
        page.on("request", self._on_request)
        page.on("response", self._on_response)
        page.on("requestfinished", self._on_done)
        page.on("requestfailed", self._on_failed)

    def restart_clock(self) -> None:
        self.started = time.monotonic()

    def _on_request(self, request: Request) -> None:
        self.last_activity = time.monotonic()
        if len(self.records) >= MAX_REQUESTS:
            self.dropped += 1
            return
        frame_url: str | None
        try:
            frame_url = request.frame.url
        except Exception:  # service-worker requests have no frame
            frame_url = None
        record = RequestRecord(
            url=request.url[:4000],
            method=request.method,
            resource_type=request.resource_type,
            frame_url=frame_url,
            started_ms=round((time.monotonic() - self.started) * 1000, 1),
        )
        self.records.append(record)
        self._by_request[id(request)] = record
        self._inflight.add(id(request))

    def _on_response(self, response: Response) -> None:
        self.last_activity = time.monotonic()
        record = self._by_request.get(id(response.request))
        if record is not None:
            record.status = response.status

    def _on_done(self, request: Request) -> None:
        self.last_activity = time.monotonic()
        self._inflight.discard(id(request))

    def _on_failed(self, request: Request) -> None:
        self.last_activity = time.monotonic()
        self._inflight.discard(id(request))
        record = self._by_request.get(id(request))
        if record is not None:
            record.failure = request.failure or "failed"

    @property
    def inflight(self) -> int:
        return len(self._inflight)

    def quiet_for(self) -> float:
        """Seconds since the last request started or ended."""
        return time.monotonic() - self.last_activity

    def detach(self) -> None:
        for event, handler in (
            ("request", self._on_request),
            ("response", self._on_response),
            ("requestfinished", self._on_done),
            ("requestfailed", self._on_failed),
        ):
            try:
                self.page.remove_listener(event, handler)
            except Exception:  # the page may be gone already
                pass

    def summary(self) -> dict[str, Any]:
        return {"requests": len(self.records), "dropped": self.dropped}
