"""Finding and launching Chromium for unattended crawls.

Playwright's own Chromium is preferred when it is installed; otherwise a system
Chromium is used through ``executable_path`` (Debian's ``chromium`` package
works with Playwright). ``scripts/setup`` installs one of them when neither is
there.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SYSTEM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

# Flags for a crawl that runs all night on a closed network: no first-run UI, no
# background traffic of Chromium's own (updates, sync, safe browsing pings).
UNATTENDED_ARGS = (
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-breakpad",
    "--disable-features=Translate,MediaRouter,OptimizationHints,DialMediaRouteProvider",
    "--disable-quic",
    "--metrics-recording-only",
    "--no-pings",
    "--disable-dev-shm-usage",
)

INSTALL_HELP = (
    "No Chromium found. Install one of:\n"
    "  - Playwright's Chromium:  .venv/bin/playwright install chromium\n"
    "  - Debian/Ubuntu package:  sudo apt-get install -y chromium\n"
    "or point CHATSHOPPER_CHROMIUM at a Chromium or Chrome executable.\n"
    "scripts/setup does this for you."
)


class BrowserNotFound(RuntimeError):
    """No usable Chromium on this machine."""


@dataclass(frozen=True)
class BrowserChoice:
    """Which Chromium to launch, and where it came from."""

    executable: str | None  # None: Playwright's bundled build
    source: str  # "env", "playwright" or "system"

    def describe(self) -> str:
        return f"{self.source}: {self.executable or 'playwright-managed chromium'}"


def _playwright_chromium() -> str | None:
    """The path of Playwright's downloaded Chromium, if it has been downloaded."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a hard dependency
        return None
    try:
        with sync_playwright() as pw:
            path = pw.chromium.executable_path
    except Exception:
        return None
    return path if path and Path(path).is_file() else None


def find_chromium() -> BrowserChoice:
    """Pick a Chromium: $CHATSHOPPER_CHROMIUM, Playwright's, then a system one."""
    override = os.environ.get("CHATSHOPPER_CHROMIUM")
    if override:
        resolved = shutil.which(override) or override
        if not Path(resolved).is_file():
            raise BrowserNotFound(f"CHATSHOPPER_CHROMIUM={override!r} is not an executable file")
        return BrowserChoice(resolved, "env")
    if _playwright_chromium():
        return BrowserChoice(None, "playwright")
    for name in SYSTEM_CANDIDATES:
        path = shutil.which(name)
        if path:
            return BrowserChoice(path, "system")
    raise BrowserNotFound(INSTALL_HELP)


@dataclass
class LaunchSettings:
    """How the browser is started; the same for every shop of a campaign."""

    headless: bool = True
    proxy: str | None = None
    extra_args: list[str] = field(default_factory=list)

    def launch_kwargs(self, choice: BrowserChoice) -> dict[str, Any]:
        args = list(UNATTENDED_ARGS)
        if os.geteuid() == 0:  # Chromium refuses to sandbox as root
            args.append("--no-sandbox")
        args.extend(self.extra_args)
        kwargs: dict[str, Any] = {"headless": self.headless, "args": args}
        if choice.executable:
            kwargs["executable_path"] = choice.executable
        if self.proxy:
            kwargs["proxy"] = {"server": self.proxy}
        return kwargs


def proxy_from_environment() -> str | None:
    """The standard proxy variables, in the order curl reads them."""
    for name in (
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
        "HTTP_PROXY",
        "http_proxy",
    ):
        value = os.environ.get(name)
        if value:
            return value
    return None
