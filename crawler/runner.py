"""The local runner: one Chromium, N shops at once, resumable, killable.

Each finished visit is written to disk first (evidence), then to the database
in one transaction (status and findings). A ``kill -9`` between the two leaves
the visit unfinished, and the next run redoes it from clean evidence; a
finished visit is never redone, and the unique (campaign, shop) key means no
shop is ever counted twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import re
import signal
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from playwright.async_api import Browser, Playwright, async_playwright
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from crawler.browser import BrowserChoice, LaunchSettings
from crawler.journey import CrawlSettings, ShopTarget, ShopVisit, is_transient
from crawler.politeness import HostPacer
from crawler.shoplist import check_resolved_addresses, shop_slug
from crawler.status import Outcome, classify_exception
from crawler.storage import Database, Finding
from crawler.storage.models import Campaign, Shop, Visit
from probes.artifacts import VISIT_STATUSES
from probes.registry import ProbeResult, load_probes, run_all


def default_concurrency() -> int:
    """Two shops per core, at most eight: each shop holds a context of a few hundred MB."""
    return max(2, min(8, (os.cpu_count() or 1) * 2))


@dataclass
class RunSummary:
    counts: Counter[str] = field(default_factory=Counter)
    visited: int = 0
    interrupted: bool = False
    elapsed: float = 0.0
    browser_restarts: int = 0


def findings_of(visit_id: int, results: list[ProbeResult]) -> list[Finding]:
    return [
        Finding(
            visit_id=visit_id,
            probe=result.probe,
            probe_version=result.version,
            outcome=result.outcome,
            value=result.value,
            evidence=result.evidence,
        )
        for result in results
    ]


def shop_target(shop: Shop, visit: Visit) -> ShopTarget:
    """What the journey needs of a shop: start URL, folder, and the country and time zone
    of the shop list (the campaign's row first) that the hours probe judges time by."""
    return ShopTarget(
        origin=shop.origin,
        url=visit.start_url,
        slug=shop_slug(shop.origin),
        country=visit.country or shop.country or None,
        timezone=str((shop.extra or {}).get("timezone") or "") or None,
    )


def campaign_folder(evidence_root: Path, campaign: str) -> Path:
    """A folder name for a campaign that cannot climb out of ``evidence_root``."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", campaign).lstrip(".") or "campaign"
    if slug != campaign:  # two names that slug alike must not share a folder
        slug = f"{slug}-{hashlib.sha1(campaign.encode()).hexdigest()[:8]}"
    return evidence_root / slug


class CampaignRunner:
    def __init__(
        self,
        *,
        db: Database,
        campaign: Campaign,
        settings: CrawlSettings,
        launch: LaunchSettings,
        browser_choice: BrowserChoice,
        evidence_root: Path,
        concurrency: int,
        console: Console | None = None,
    ) -> None:
        self.db = db
        self.campaign = campaign
        self.settings = settings
        self.launch = launch
        self.choice = browser_choice
        self.evidence_root = evidence_root
        self.concurrency = max(1, concurrency)
        self.console = console or Console(stderr=True)
        self.summary = RunSummary()
        self.probes = load_probes()
        self._browser: Browser | None = None
        self._browser_lock = asyncio.Lock()
        self._stopping = False
        self._tasks: list[asyncio.Task[None]] = []
        self.pacer = HostPacer(settings.host_delay)

    # -- browser ---------------------------------------------------------------------------

    async def _ensure_browser(self, pw: Playwright) -> Browser:
        async with self._browser_lock:
            if self._browser is None or not self._browser.is_connected():
                if self._browser is not None:
                    self.summary.browser_restarts += 1
                    self.console.log("[yellow]browser died; launching a new one")
                self._browser = await pw.chromium.launch(**self.launch.launch_kwargs(self.choice))
            return self._browser

    # -- the run ---------------------------------------------------------------------------

    def run(self) -> RunSummary:
        return asyncio.run(self.run_async())

    async def run_async(self) -> RunSummary:
        assert self.campaign.id is not None
        started = time.monotonic()
        released = self.db.release_running(self.campaign.id)
        if released:
            self.console.log(
                f"{released} visit(s) left unfinished by an earlier run will be redone"
            )
        todo = self.db.unfinished_visits(self.campaign.id)
        done_before = self.db.status_counts(self.campaign.id)
        total = sum(done_before.values())
        queue: asyncio.Queue[tuple[Visit, Shop]] = asyncio.Queue()
        for item in todo:
            queue.put_nowait(item)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, self.request_stop)
        progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(
                "ok {task.fields[ok]} · failed {task.fields[failed]} · left {task.fields[left]}"
            ),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=self.console,
            disable=not self.console.is_terminal,
        )
        finished_before = total - len(todo)
        failed_before = sum(v for k, v in done_before.items() if k not in ("ok", "pending"))
        task_id = progress.add_task(
            self.campaign.name,
            total=total,
            completed=finished_before,
            ok=done_before.get("ok", 0),
            failed=failed_before,
            left=len(todo),
        )
        self._progress = (progress, task_id)
        try:
            with progress:
                async with async_playwright() as pw:
                    self._pw = pw
                    await self._ensure_browser(pw)
                    self._tasks = [
                        asyncio.create_task(self._worker(queue), name=f"worker-{i}")
                        for i in range(min(self.concurrency, max(1, len(todo))))
                    ]
                    results = await asyncio.gather(*self._tasks, return_exceptions=True)
                    for result in results:
                        if isinstance(result, BaseException) and not isinstance(
                            result, asyncio.CancelledError
                        ):
                            raise result
                    if self._browser is not None:
                        with contextlib.suppress(Exception):
                            await asyncio.wait_for(self._browser.close(), 20)
        finally:
            for sig in (signal.SIGINT, signal.SIGTERM):
                with contextlib.suppress(NotImplementedError, RuntimeError):
                    loop.remove_signal_handler(sig)
        self.summary.interrupted = self._stopping
        self.summary.elapsed = time.monotonic() - started
        if not self._stopping and not self.db.unfinished_visits(self.campaign.id):
            self.db.finish_campaign(self.campaign.id)
        return self.summary

    def request_stop(self) -> None:
        """Ctrl-C: stop taking shops, put the ones in flight back in the queue, save, leave."""
        if not self._stopping:
            self.console.log("[yellow]stopping: unfinished visits go back to the queue")
        self._stopping = True
        for task in self._tasks:
            task.cancel()

    async def _worker(self, queue: asyncio.Queue[tuple[Visit, Shop]]) -> None:
        while not self._stopping:
            try:
                visit, shop = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            await self._visit(visit, shop)

    async def _visit(self, visit: Visit, shop: Shop) -> None:
        assert visit.id is not None and self.campaign.id is not None
        self.db.mark_running(visit.id)
        started_at = datetime.now(UTC)
        target = shop_target(shop, visit)
        folder = campaign_folder(self.evidence_root, self.campaign.name) / target.slug
        attempt = 0
        try:
            while True:
                attempt += 1
                journey, outcome = await self._attempt(target, folder)
                if (
                    is_transient(outcome)
                    and attempt <= self.settings.retries
                    and not self._stopping
                ):
                    # _attempt has closed this try's contexts already.
                    await asyncio.sleep(min(30.0, 2.0 * 2 ** (attempt - 1)))
                    continue
                break
        except asyncio.CancelledError:
            self.db.release_visit(visit.id)
            raise
        path = journey.save(outcome)
        findings = findings_of(visit.id, run_all(journey.artifacts, self.probes))
        self.db.finish_visit(
            visit.id,
            status=outcome.status,
            error=outcome.error,
            http_status=journey.artifacts.http_status,
            final_url=journey.artifacts.final_url,
            evidence_path=str(path.parent.resolve()),
            started_at=started_at,
            finished_at=datetime.now(UTC),
            findings=findings,
        )
        self._count(shop.origin, outcome, started_at)

    async def _run_watched(self, journey: ShopVisit, browser: Browser) -> Outcome:
        """The visit within the per-shop budget, ended at once when the browser dies.

        A dead browser does not always fail the visit's pending calls at once; without
        this watch the visit would sit out its whole budget before the relaunch.
        Raises ``TimeoutError`` when the budget is spent.
        """
        gone = asyncio.Event()

        def on_gone(_browser: Browser) -> None:
            gone.set()

        browser.on("disconnected", on_gone)
        run = asyncio.ensure_future(journey.run())
        watch = asyncio.ensure_future(gone.wait())
        try:
            async with asyncio.timeout(self.settings.per_shop_timeout):
                await asyncio.wait({run, watch}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            watch.cancel()
            browser.remove_listener("disconnected", on_gone)
            if not run.done():
                run.cancel()
                with contextlib.suppress(BaseException):
                    await run
        if run.cancelled():
            return Outcome("error", "the browser closed during the visit")
        return run.result()

    async def _attempt(self, target: ShopTarget, folder: Path) -> tuple[ShopVisit, Outcome]:
        """One try at a shop, within the per-shop budget; always returns an outcome."""
        browser = await self._ensure_browser(self._pw)
        journey = ShopVisit(
            playwright=self._pw,
            browser=browser,
            target=target,
            campaign=self.campaign.name,
            folder=folder,
            settings=self.settings,
            pacer=self.pacer,
        )
        if not self.settings.allow_private and not self.settings.proxy:
            host = target.origin.split("://", 1)[1].rsplit(":", 1)[0].strip("[]")
            reason = await asyncio.to_thread(check_resolved_addresses, host)
            if reason:
                folder.mkdir(parents=True, exist_ok=True)
                return journey, Outcome("error", f"{reason} (use --allow-private to visit it)")
        try:
            outcome = await self._run_watched(journey, browser)
        except TimeoutError:
            outcome = Outcome(
                "timeout",
                f"per-shop budget of {self.settings.per_shop_timeout:g} s spent; "
                f"{len(journey.artifacts.pages)} page(s) kept",
                journey.artifacts.http_status,
            )
        except asyncio.CancelledError:
            await asyncio.shield(journey.close())
            raise
        except Exception as exc:  # noqa: BLE001 - one shop may cost only its own visit
            outcome = classify_exception(exc)
        finally:
            if not self._stopping:
                await journey.close()
        return journey, outcome

    def _count(self, origin: str, outcome: Outcome, started_at: datetime) -> None:
        self.summary.counts[outcome.status] += 1
        self.summary.visited += 1
        progress, task_id = self._progress
        fields = progress.tasks[task_id].fields
        ok = fields["ok"] + (outcome.status == "ok")
        failed = fields["failed"] + (outcome.status != "ok")
        progress.update(task_id, advance=1, ok=ok, failed=failed, left=fields["left"] - 1)
        if not self.console.is_terminal:
            seconds = (datetime.now(UTC) - started_at).total_seconds()
            detail = f" ({outcome.error})" if outcome.error else ""
            self.console.print(
                f"{outcome.status:>14}  {origin}  {seconds:.1f}s{detail}", highlight=False
            )


__all__ = ["CampaignRunner", "RunSummary", "VISIT_STATUSES", "default_concurrency"]
