"""One request to the fake web and the answer to it, free of sockets.

The proxy turns what Chromium sends into a :class:`Request`, asks the fake web
for a :class:`Response` and writes it back. Keeping this plain makes shops and
vendors testable without a server and lets a site's ``behaviour.py`` build
answers with the same few helpers.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlsplit

HTML = "text/html; charset=utf-8"
JS = "application/javascript; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"
TEXT = "text/plain; charset=utf-8"


@dataclass
class Request:
    """What a browser asked one host for."""

    method: str
    scheme: str
    host: str
    target: str  # path plus query, as sent on the request line
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    # Set when the fake web stops, so a deliberately hanging answer can end.
    stop_event: threading.Event = field(default_factory=threading.Event)

    @property
    def path(self) -> str:
        return urlsplit(self.target).path or "/"

    @property
    def query(self) -> dict[str, str]:
        """The first value of each query parameter."""
        return {k: v[0] for k, v in parse_qs(urlsplit(self.target).query).items()}

    @property
    def cookies(self) -> dict[str, str]:
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(self.headers.get("Cookie", "") or "")
        except Exception:  # a malformed cookie header must not break the page
            return {}
        return {k: m.value for k, m in jar.items()}

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}{self.target}"


@dataclass
class Response:
    """An answer. ``body`` may be an iterable of chunks to stream (and hang)."""

    status: int = 200
    body: bytes | Iterable[bytes] = b""
    content_type: str | None = HTML
    headers: list[tuple[str, str]] = field(default_factory=list)

    @property
    def streamed(self) -> bool:
        return not isinstance(self.body, bytes | bytearray)


def html(text: str, status: int = 200, headers: list[tuple[str, str]] | None = None) -> Response:
    return Response(status, text.encode("utf-8"), HTML, list(headers or []))


def text(body: str, status: int = 200, content_type: str = TEXT) -> Response:
    return Response(status, body.encode("utf-8"), content_type)


def json_response(value: Any, status: int = 200) -> Response:
    # Vendor configuration is fetched cross-origin by the widget scripts.
    return Response(
        status,
        json.dumps(value, ensure_ascii=False).encode("utf-8"),
        JSON_TYPE,
        [("Access-Control-Allow-Origin", "*")],
    )


def redirect(location: str, status: int = 302) -> Response:
    return Response(status, b"", None, [("Location", location)])


def not_found(what: str = "Not found") -> Response:
    return text(what, 404)


def hanging(first: bytes, stop_event: threading.Event, limit_s: float = 600.0) -> Iterator[bytes]:
    """Send ``first``, then trickle a space every two seconds until the fake web stops.

    A browser sees headers and half a page that never ends, so the page never
    finishes loading and the visit has to run into its own time limit. The
    trickle lets the server notice a browser that gave up and free the thread.
    """
    yield first
    waited = 0.0
    while waited < limit_s and not stop_event.wait(2.0):
        waited += 2.0
        yield b" "
