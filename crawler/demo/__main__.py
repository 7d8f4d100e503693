"""Serve the fake web until Ctrl-C: ``python -m crawler.demo [--port N]``."""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
import threading
from pathlib import Path

from crawler.demo import CHAT_SHOPS_CSV, DEMO_SHOPS_CSV, TEST_SHOPS_CSV, FakeWeb
from crawler.demo.sites import load_sites, shops_csv


def write_csvs() -> None:
    """Regenerate the bundled shop lists from the ``site.toml`` files."""
    sites = load_sites()
    DEMO_SHOPS_CSV.write_text(shops_csv(sites, "demo"), encoding="utf-8")
    TEST_SHOPS_CSV.write_text(shops_csv(sites, "test"), encoding="utf-8")
    CHAT_SHOPS_CSV.write_text(shops_csv(sites, "chat"), encoding="utf-8")
    print(f"wrote {DEMO_SHOPS_CSV}\nwrote {TEST_SHOPS_CSV}\nwrote {CHAT_SHOPS_CSV}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.demo", description=__doc__)
    parser.add_argument(
        "--port", type=int, default=8899, help="proxy port on 127.0.0.1 (0: any free)"
    )
    parser.add_argument("--ca-file", type=Path, help="write the CA certificate (PEM) here")
    parser.add_argument(
        "--write-csv", action="store_true", help="regenerate the bundled shop CSVs and exit"
    )
    args = parser.parse_args(argv)
    if args.write_csv:
        write_csvs()
        return 0
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    with FakeWeb(port=args.port) as web:
        ca_file = args.ca_file or Path(tempfile.gettempdir()) / "chatshopper-fakeweb-ca.pem"
        ca_file.write_bytes(web.ca_pem)
        demo = [s for s in web.sites.values() if "demo" in s.lists]
        # Open on the shop that shows the good case: an anonymous chat at once.
        first = web.sites.get("www.kodukaup.ee") or demo[0]
        print(f"Fake web proxy: {web.proxy_url}  ({len(web.hosts)} hosts)")
        print()
        print("Point a browser at it, e.g.:")
        print(
            f"  chromium --proxy-server={web.proxy_url} --ignore-certificate-errors"
            f" --user-data-dir=$(mktemp -d) {first.url}"
        )
        print(f"or use the PAC file {web.proxy_url}/proxy.pac and trust the CA in {ca_file}")
        print(f"Shop list: {web.proxy_url}/   Demo CSV: {DEMO_SHOPS_CSV}")
        print("Ctrl-C stops it.")
        sys.stdout.flush()
        try:
            while not done.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
