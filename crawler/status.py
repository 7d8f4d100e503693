"""How a visit ended: one of six statuses, decided from what went wrong.

Chromium reports network failures as ``net::ERR_*`` codes inside Playwright's
error messages; the classification reads those codes, not the prose around them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The shop could not be reached at all: name, connection or TLS failures.
UNREACHABLE_CODES = frozenset(
    {
        "ERR_NAME_NOT_RESOLVED",
        "ERR_NAME_RESOLUTION_FAILED",
        "ERR_CONNECTION_REFUSED",
        "ERR_CONNECTION_RESET",
        "ERR_CONNECTION_CLOSED",
        "ERR_CONNECTION_FAILED",
        "ERR_CONNECTION_TIMED_OUT",
        "ERR_CONNECTION_ABORTED",
        "ERR_ADDRESS_UNREACHABLE",
        "ERR_ADDRESS_INVALID",
        "ERR_NETWORK_CHANGED",
        "ERR_TUNNEL_CONNECTION_FAILED",  # the proxy could not reach the host
        "ERR_EMPTY_RESPONSE",
        "ERR_SSL_PROTOCOL_ERROR",
        "ERR_SSL_VERSION_OR_CIPHER_MISMATCH",
        "ERR_BAD_SSL_CLIENT_AUTH_CERT",
        "ERR_CERT_COMMON_NAME_INVALID",
        "ERR_CERT_DATE_INVALID",
        "ERR_CERT_AUTHORITY_INVALID",
        "ERR_CERT_INVALID",
        "ERR_CERT_REVOKED",
        "ERR_CERTIFICATE_TRANSPARENCY_REQUIRED",
        "ERR_INTERNET_DISCONNECTED",
    }
)
# Failures of our own side, not the shop's: reported as ``error`` so that a dead
# proxy is not mistaken for a thousand dead shops.
OWN_SIDE_CODES = frozenset(
    {"ERR_PROXY_CONNECTION_FAILED", "ERR_PROXY_AUTH_UNSUPPORTED", "ERR_NO_SUPPORTED_PROXIES"}
)
READABLE = {
    "ERR_TOO_MANY_REDIRECTS": "redirect loop (too many redirects)",
    "ERR_PROXY_CONNECTION_FAILED": "the proxy could not be reached",
    "ERR_BLOCKED_BY_CLIENT": "blocked by the crawler",
    "ERR_INVALID_RESPONSE": "invalid HTTP response",
    "ERR_INVALID_REDIRECT": "invalid redirect",
    "ERR_UNSAFE_REDIRECT": "unsafe redirect",
    "ERR_RESPONSE_HEADERS_TOO_BIG": "response headers too big",
}
_NET_CODE = re.compile(r"net::(ERR_[A-Z0-9_]+)")


@dataclass(frozen=True)
class Outcome:
    status: str
    error: str | None = None
    http_status: int | None = None


def net_error_code(message: str) -> str | None:
    match = _NET_CODE.search(message)
    return match.group(1) if match else None


def classify_exception(exc: BaseException) -> Outcome:
    """The status of a visit whose start page raised ``exc``."""
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    name = type(exc).__name__
    if name == "TimeoutError" or isinstance(exc, TimeoutError):
        return Outcome("timeout", f"timed out: {message}")
    if "Download is starting" in message:
        return Outcome("error", "the start page is a file download, not a web page")
    if "crash" in message.lower() and "page" in message.lower():
        return Outcome("error", "the page crashed the browser's renderer")
    if (
        "Target page, context or browser has been closed" in message
        or "browser has disconnected" in message
    ):
        return Outcome("error", "the browser closed during the visit")
    code = net_error_code(message)
    if code in UNREACHABLE_CODES:
        return Outcome("unreachable", code)
    if code is not None:
        return Outcome("error", f"{code}: {READABLE[code]}" if code in READABLE else code)
    return Outcome("error", f"{name}: {message}"[:500])


def classify_response(status: int | None) -> Outcome:
    """The status of a visit whose start page answered with HTTP ``status``."""
    if status is None:
        return Outcome("error", "no HTTP response for the start page")
    if status >= 400:
        return Outcome("http_error", f"HTTP {status}", status)
    return Outcome("ok", None, status)
