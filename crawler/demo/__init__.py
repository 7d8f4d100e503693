"""A fake web of e-shops and chat vendors on loopback, for the demo and the tests.

``FakeWeb`` is an HTTP proxy: point Chromium at ``web.proxy_url`` (with
``ignore_https_errors``) and shops keep their real-looking host names.
``DEMO_SHOPS_CSV`` lists the demo shops, ``TEST_SHOPS_CSV`` adds one host per
failure status and the findability/hours/persistence cases, ``CHAT_SHOPS_CSV``
holds the further vendors and traps (a second end-to-end crawl, run in
parallel). Each shop's ``site.toml`` says what a visit should find
(``load_sites()[host].expected``).
"""

from __future__ import annotations

from pathlib import Path

from crawler.demo.server import FakeWeb, RequestLog
from crawler.demo.sites import Site, load_sites

DEMO_SHOPS_CSV: Path = Path(__file__).parent / "sites" / "demo_shops.csv"
TEST_SHOPS_CSV: Path = Path(__file__).parent / "sites" / "test_shops.csv"
CHAT_SHOPS_CSV: Path = Path(__file__).parent / "sites" / "chat_shops.csv"

__all__ = [
    "CHAT_SHOPS_CSV",
    "DEMO_SHOPS_CSV",
    "TEST_SHOPS_CSV",
    "FakeWeb",
    "RequestLog",
    "Site",
    "load_sites",
]
