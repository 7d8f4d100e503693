"""How a failure on the start page becomes one of the six visit statuses."""

from __future__ import annotations

import pytest

from crawler.status import classify_exception, classify_response, net_error_code


class TimeoutError_(Exception):
    pass


TimeoutError_.__name__ = "TimeoutError"  # what Playwright's own TimeoutError is called


@pytest.mark.parametrize(
    ("message", "status", "error"),
    [
        (
            "Page.goto: net::ERR_NAME_NOT_RESOLVED at https://x.ee/",
            "unreachable",
            "ERR_NAME_NOT_RESOLVED",
        ),
        (
            "Page.goto: net::ERR_CONNECTION_REFUSED at https://x.ee/",
            "unreachable",
            "ERR_CONNECTION_REFUSED",
        ),
        (
            "Page.goto: net::ERR_TUNNEL_CONNECTION_FAILED at https://x.ee/",
            "unreachable",
            "ERR_TUNNEL_CONNECTION_FAILED",
        ),
        (
            "Page.goto: net::ERR_CERT_AUTHORITY_INVALID at https://x.ee/",
            "unreachable",
            "ERR_CERT_AUTHORITY_INVALID",
        ),
        (
            "Page.goto: net::ERR_SSL_PROTOCOL_ERROR at https://x.ee/",
            "unreachable",
            "ERR_SSL_PROTOCOL_ERROR",
        ),
        (
            "Page.goto: net::ERR_TOO_MANY_REDIRECTS at https://x.ee/",
            "error",
            "ERR_TOO_MANY_REDIRECTS: redirect loop (too many redirects)",
        ),
        (
            "Page.goto: net::ERR_PROXY_CONNECTION_FAILED at https://x.ee/",
            "error",
            "ERR_PROXY_CONNECTION_FAILED: the proxy could not be reached",
        ),
        (
            "Page.goto: Download is starting",
            "error",
            "the start page is a file download, not a web page",
        ),
        (
            "Page.goto: Navigation failed because page crashed!",
            "error",
            "the page crashed the browser's renderer",
        ),
        ("Page crashed: the renderer died", "error", "the page crashed the browser's renderer"),
        (
            "Page.goto: Target page, context or browser has been closed",
            "error",
            "the browser closed during the visit",
        ),
        ("Page.goto: net::ERR_SOMETHING_NEW at https://x.ee/", "error", "ERR_SOMETHING_NEW"),
    ],
)
def test_network_failures(message: str, status: str, error: str) -> None:
    outcome = classify_exception(RuntimeError(message))
    assert (outcome.status, outcome.error) == (status, error)


def test_timeouts() -> None:
    assert (
        classify_exception(TimeoutError_("Page.goto: Timeout 30000ms exceeded.")).status
        == "timeout"
    )
    assert classify_exception(TimeoutError()).status == "timeout"


def test_unknown_exception_keeps_its_type() -> None:
    outcome = classify_exception(ValueError("boom"))
    assert outcome.status == "error" and outcome.error == "ValueError: boom"


@pytest.mark.parametrize(
    ("code", "status"),
    [
        (200, "ok"),
        (203, "ok"),
        (304, "ok"),
        (404, "http_error"),
        (500, "http_error"),
        (503, "http_error"),
    ],
)
def test_http_codes(code: int, status: str) -> None:
    outcome = classify_response(code)
    assert outcome.status == status
    if status == "http_error":
        assert outcome.http_status == code and outcome.error == f"HTTP {code}"


def test_no_response_is_an_error() -> None:
    assert classify_response(None).status == "error"


def test_net_error_code() -> None:
    assert net_error_code("x net::ERR_ABORTED y") == "ERR_ABORTED"
    assert net_error_code("nothing here") is None
