"""How fast the journey crawls, and what it costs over a bare page load.

Crawls N fake shops (clones of the demo shops under distinct host names, served
by the demo web on loopback) at several concurrencies, and beside each run a
bare-Playwright baseline that loads the very pages the journey loaded, at the
same concurrency, with the same browser. Prints shops per minute, peak memory
(PSS of this process and every Chromium process under it) and the ratio of the
two wall times, so the journey's overhead is measured in one run.

    .venv/bin/python bench/crawl.py --shops 24 --concurrency 1 2 4

Not a test: nothing here asserts a number.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.async_api import async_playwright
from rich.console import Console
from rich.table import Table

from crawler.browser import LaunchSettings, find_chromium
from crawler.demo import DEMO_SHOPS_CSV, FakeWeb, load_sites
from crawler.journey import DESKTOP_VIEWPORT, MOBILE_DEVICE, CrawlSettings
from crawler.runner import CampaignRunner
from crawler.shoplist import read_shop_list
from crawler.storage import Database
from crawler.storage.db import ShopEntry
from probes.artifacts import load_visit


def _children(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(entry))
    out, stack = [], [root]
    while stack:
        pid = stack.pop()
        out.append(pid)
        stack.extend(parents.get(pid, []))
    return out


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class PeakMemory:
    """Samples the PSS of this process tree every 200 ms; PSS does not double-count shared pages."""

    def __init__(self) -> None:
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self._stop.is_set():
            total = sum(_pss_kb(pid) for pid in _children(os.getpid()))
            self.peak_kb = max(self.peak_kb, total)
            self._stop.wait(0.2)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class Result:
    seconds: float
    peak_mb: float
    pages: int


def clone_shops(web: FakeWeb, count: int) -> list[ShopEntry]:
    """N distinct origins, each a clone of one of the demo shops that visits end ``ok``."""
    sites = load_sites()
    demo = [
        row
        for row in read_shop_list(DEMO_SHOPS_CSV).shops
        if sites.get(row.origin.split("://", 1)[1]) is not None
        and sites[row.origin.split("://", 1)[1]].expected.get("status", "ok") == "ok"
    ]
    entries = []
    for i in range(count):
        row = demo[i % len(demo)]
        host = row.origin.split("://", 1)[1]
        alias = f"bench{i:04d}.{host.removeprefix('www.')}"
        web.add_alias(alias, host)
        entries.append(ShopEntry(origin=f"https://{alias}", url=f"https://{alias}/", name=row.name))
    return entries


def run_journey(
    web: FakeWeb, shops: list[ShopEntry], concurrency: int, mobile: bool, work: Path
) -> tuple[Result, list[list[tuple[str, str]]]]:
    db = Database(str(work / f"bench-{concurrency}.db"))
    campaign = db.open_campaign(
        f"bench-{concurrency}", shop_list="bench", tool_version="bench", config={}
    )
    assert campaign.id is not None
    db.add_shops(campaign.id, shops)
    settings = CrawlSettings(
        proxy=web.proxy_url,
        ignore_https_errors=True,
        host_delay=0.0,  # politeness pauses would measure our patience, not our code
        profiles=("desktop", "mobile") if mobile else ("desktop",),
    )
    runner = CampaignRunner(
        db=db,
        campaign=campaign,
        settings=settings,
        launch=LaunchSettings(proxy=web.proxy_url),
        browser_choice=find_chromium(),
        evidence_root=work / "evidence",
        concurrency=concurrency,
        console=Console(stderr=True, quiet=True),
    )
    with PeakMemory() as memory:
        started = time.monotonic()
        runner.run()
        seconds = time.monotonic() - started
    plans: list[list[tuple[str, str]]] = []
    for visit, _shop in db.visits(campaign.id):
        artifacts = load_visit(Path(str(visit.evidence_path)), with_html=False)
        plans.append([(p.profile, p.requested_url) for p in artifacts.pages])
    db.dispose()
    pages = sum(len(plan) for plan in plans)
    return Result(seconds, memory.peak_kb / 1024, pages), plans


async def _baseline(web: FakeWeb, plans: list[list[tuple[str, str]]], concurrency: int) -> None:
    choice = find_chromium()
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            **LaunchSettings(proxy=web.proxy_url).launch_kwargs(choice)
        )
        device = dict(pw.devices[MOBILE_DEVICE])
        device.pop("default_browser_type", None)
        queue: asyncio.Queue[list[tuple[str, str]]] = asyncio.Queue()
        for plan in plans:
            queue.put_nowait(plan)

        async def worker() -> None:
            while not queue.empty():
                plan = queue.get_nowait()
                for profile in ("desktop", "mobile"):
                    urls = [url for p, url in plan if p == profile]
                    if not urls:
                        continue
                    options = device if profile == "mobile" else {"viewport": DESKTOP_VIEWPORT}
                    context = await browser.new_context(ignore_https_errors=True, **options)
                    page = await context.new_page()
                    for url in urls:
                        try:
                            await page.goto(url, wait_until="load", timeout=30000)
                        except Exception:
                            pass
                    await context.close()

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        await browser.close()


def run_baseline(web: FakeWeb, plans: list[list[tuple[str, str]]], concurrency: int) -> Result:
    with PeakMemory() as memory:
        started = time.monotonic()
        asyncio.run(_baseline(web, plans, concurrency))
        seconds = time.monotonic() - started
    return Result(seconds, memory.peak_kb / 1024, sum(len(p) for p in plans))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shops", type=int, default=24)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--no-mobile", action="store_true")
    args = parser.parse_args()
    table = Table(
        title=f"{args.shops} fake shops, {os.cpu_count()} cores, "
        f"browser {find_chromium().describe()}"
    )
    for column in (
        "concurrency",
        "journey shops/min",
        "journey peak MB",
        "pages",
        "baseline shops/min",
        "baseline peak MB",
        "time ratio journey/baseline",
    ):
        table.add_column(column, justify="right")
    with tempfile.TemporaryDirectory() as tmp, FakeWeb() as web:
        shops = clone_shops(web, args.shops)
        for concurrency in args.concurrency:
            work = Path(tmp) / f"c{concurrency}"
            work.mkdir()
            journey, plans = run_journey(web, shops, concurrency, not args.no_mobile, work)
            baseline = run_baseline(web, plans, concurrency)
            table.add_row(
                str(concurrency),
                f"{args.shops / journey.seconds * 60:.1f}",
                f"{journey.peak_mb:.0f}",
                str(journey.pages),
                f"{args.shops / baseline.seconds * 60:.1f}",
                f"{baseline.peak_mb:.0f}",
                f"{journey.seconds / baseline.seconds:.2f}",
            )
            Console().print(
                f"concurrency {concurrency}: journey {journey.seconds:.1f} s, "
                f"baseline {baseline.seconds:.1f} s"
            )
    Console().print(table)


if __name__ == "__main__":
    main()
