"""The ``chatshopper`` command line (Typer).

Exit codes: 0 done; 1 the run failed; 2 bad input (nothing written);
130 interrupted (finished visits are saved; run the same command to resume).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from crawler import __version__
from crawler.browser import BrowserNotFound, LaunchSettings, find_chromium, proxy_from_environment
from crawler.cli_common import CampaignOption, DbOption, err, fail, open_db, out
from crawler.journey import DEFAULT_CONTACT, CrawlSettings
from crawler.runner import CampaignRunner, RunSummary, default_concurrency
from crawler.shoplist import ShopList, ShopListError, read_shop_list
from crawler.storage import Database, DatabaseError
from crawler.storage.db import DEFAULT_DB, ShopEntry
from probes.artifacts import VISIT_STATUSES
from reports.cli import register as register_report_commands
from reports.cli import report_app

app = typer.Typer(
    name="chatshopper",
    help="Mystery-shop the live chat of e-shops: crawl, keep evidence, export.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
app.add_typer(db_app, name="db")


def load_shops(path: Path, allow_private: bool) -> ShopList:
    try:
        shops = read_shop_list(path, allow_private=allow_private)
    except ShopListError as exc:
        for bad in getattr(exc, "bad_rows", []):
            err.print(f"{path}:{bad.line}: {bad.reason} ({bad.value!r})", highlight=False)
        raise fail(str(exc)) from exc
    for bad in shops.bad_rows:
        err.print(
            f"[yellow]skipped[/] {path}:{bad.line}: {bad.reason} ({bad.value!r})", highlight=False
        )
    for duplicate, kept in shops.merged:
        err.print(
            f"[dim]merged {path}:{duplicate} into line {kept} (same shop)[/]", highlight=False
        )
    return shops


def print_summary(db: Database, campaign_name: str, summary: RunSummary | None = None) -> None:
    campaign = db.require_campaign(campaign_name)
    assert campaign.id is not None
    counts = Counter(db.status_counts(campaign.id))
    total = sum(counts.values())
    table = Table(title=f"campaign {campaign_name}: {total} shops")
    table.add_column("status")
    table.add_column("shops", justify="right")
    table.add_column("share", justify="right")
    for status in (*VISIT_STATUSES, "pending"):
        if counts.get(status):
            share = f"{100 * counts[status] / total:.0f} %" if total else "-"
            table.add_row(status, str(counts[status]), share)
    out.print(table)
    if summary is not None:
        rate = summary.visited / summary.elapsed * 60 if summary.elapsed else 0.0
        out.print(
            f"visited {summary.visited} shop(s) in {summary.elapsed:.0f} s "
            f"({rate:.1f} shops/min); browser restarts: {summary.browser_restarts}"
        )


def run_campaign(
    *,
    shops_csv: Path,
    shops: ShopList,
    campaign: str,
    db: Database,
    evidence: Path,
    concurrency: int,
    settings: CrawlSettings,
    browser_args: list[str],
) -> RunSummary:
    try:
        choice = find_chromium()
    except BrowserNotFound as exc:
        raise fail(str(exc), 1) from exc
    record = db.open_campaign(
        campaign,
        shop_list=str(shops_csv),
        tool_version=__version__,
        config={"settings": settings.public(), "concurrency": concurrency},
    )
    assert record.id is not None
    added = db.add_shops(
        record.id,
        (
            ShopEntry(
                origin=row.origin,
                url=row.url,
                name=row.name,
                country=row.country,
                category=row.category,
                tags=row.tags,
                extra=row.extra,
            )
            for row in shops.shops
        ),
    )
    err.print(
        f"campaign [bold]{campaign}[/]: {len(shops.shops)} shop(s) in the list, {added} new; "
        f"browser {choice.describe()}; database {db.safe_url}",
        highlight=False,
    )
    runner = CampaignRunner(
        db=db,
        campaign=record,
        settings=settings,
        launch=LaunchSettings(proxy=settings.proxy, extra_args=browser_args),
        browser_choice=choice,
        evidence_root=evidence,
        concurrency=concurrency,
        console=err,
    )
    return runner.run()


@app.command()
def crawl(
    shops_csv: Annotated[
        Path,
        typer.Argument(
            help="CSV with a `url` column (name, country, category, tags, timezone optional)."
        ),
    ],
    campaign: CampaignOption,
    db: DbOption = DEFAULT_DB,
    evidence: Annotated[
        Path, typer.Option(help="Folder for evidence (JSON, HTML, screenshots).")
    ] = Path("evidence"),
    concurrency: Annotated[
        int | None,
        typer.Option(
            min=1, max=64, help="Shops visited at once (default: two per core, at most 8)."
        ),
    ] = None,
    per_shop_timeout: Annotated[
        float, typer.Option(min=5, help="Seconds one shop may take in all.")
    ] = 150.0,
    nav_timeout: Annotated[
        float, typer.Option(min=2, help="Seconds one page load may take.")
    ] = 30.0,
    proxy: Annotated[
        str | None,
        typer.Option(
            help="Proxy URL for the browser and robots.txt (default: HTTPS_PROXY/HTTP_PROXY)."
        ),
    ] = None,
    ignore_https_errors: Annotated[
        bool, typer.Option(help="Accept invalid TLS certificates.")
    ] = False,
    user_agent: Annotated[
        str | None,
        typer.Option(
            help="Replace the user agent (default: Chrome's plus chatshopper and --contact)."
        ),
    ] = None,
    contact: Annotated[
        str, typer.Option(help="Contact URL named in the user agent.")
    ] = DEFAULT_CONTACT,
    locale: Annotated[str | None, typer.Option(help="Browser locale, e.g. et-EE.")] = None,
    timezone: Annotated[
        str | None, typer.Option(help="Browser time zone, e.g. Europe/Tallinn.")
    ] = None,
    ignore_robots: Annotated[bool, typer.Option(help="Do not obey robots.txt.")] = False,
    allow_private: Annotated[
        bool, typer.Option(help="Allow loopback/private/link-local addresses.")
    ] = False,
    host_delay: Annotated[
        float, typer.Option(min=0, help="Seconds between two page loads on one host.")
    ] = 1.0,
    settle: Annotated[
        float,
        typer.Option(
            min=0, help="Seconds to wait after a synthetic scroll and mouse move (late widgets)."
        ),
    ] = 1.5,
    late_wait: Annotated[
        float,
        typer.Option(min=0, help="Seconds to keep watching home pages for a chat that comes late."),
    ] = 8.0,
    chat: Annotated[bool, typer.Option(help="Open the chat and record what it shows.")] = True,
    consent: Annotated[
        str,
        typer.Option(
            help="Cookie banners: accept (as a typical shopper), reject, or none (leave them)."
        ),
    ] = "accept",
    retries: Annotated[
        int, typer.Option(min=0, max=5, help="Retries of transient failures (with backoff).")
    ] = 1,
    mobile: Annotated[bool, typer.Option(help="Also visit as a phone (Pixel 7).")] = True,
    screenshots: Annotated[bool, typer.Option(help="Keep a screenshot per page.")] = True,
    browser_arg: Annotated[
        list[str] | None, typer.Option(help="Extra Chromium flag (repeatable).")
    ] = None,
) -> None:
    """Visit every shop of SHOPS_CSV and keep the evidence; re-run to resume."""
    if consent not in ("accept", "reject", "none"):
        raise fail(f"--consent {consent!r}: choose accept, reject or none")
    settings = CrawlSettings(
        per_shop_timeout=per_shop_timeout,
        nav_timeout=nav_timeout,
        host_delay=host_delay,
        settle_window=settle,
        late_wait=late_wait,
        chat=chat,
        consent=consent,
        user_agent=user_agent,
        contact_url=contact,
        locale=locale,
        timezone=timezone,
        ignore_https_errors=ignore_https_errors,
        ignore_robots=ignore_robots,
        allow_private=allow_private,
        proxy=proxy or proxy_from_environment(),
        profiles=("desktop", "mobile") if mobile else ("desktop",),
        retries=retries,
        screenshots=screenshots,
    )
    shops = load_shops(shops_csv, settings.allow_private)  # bad input: exit 2, nothing written
    database = open_db(db)
    summary = run_campaign(
        shops_csv=shops_csv,
        shops=shops,
        campaign=campaign,
        db=database,
        evidence=evidence,
        concurrency=concurrency or default_concurrency(),
        settings=settings,
        browser_args=browser_arg or [],
    )
    print_summary(database, campaign, summary)
    if summary.interrupted:
        err.print("interrupted: run the same command again to resume")
        raise typer.Exit(130)


@app.command()
def export(
    campaign: CampaignOption,
    out_path: Annotated[Path, typer.Option("--out", "-o", help="File to write.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv, json or parquet.")] = "csv",
    db: DbOption = DEFAULT_DB,
) -> None:
    """Write one row per shop of a campaign (see README, "Output columns")."""
    from reports.export import FORMATS, campaign_frame, write_export

    if fmt not in FORMATS:
        raise fail(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    database = open_db(db)
    try:
        frame = campaign_frame(database, campaign)
    except DatabaseError as exc:
        raise fail(str(exc)) from exc
    write_export(frame, fmt, out_path)
    err.print(f"wrote {len(frame)} row(s) to {out_path}")


@app.command()
def probe(campaign: CampaignOption, db: DbOption = DEFAULT_DB) -> None:
    """Re-run every probe over a campaign's saved evidence, without a browser."""
    from crawler.runner import findings_of
    from probes.artifacts import load_visit
    from probes.registry import load_probes, run_all

    database = open_db(db)
    try:
        record = database.require_campaign(campaign)
    except DatabaseError as exc:
        raise fail(str(exc)) from exc
    assert record.id is not None
    modules = load_probes()
    outcomes: Counter[tuple[str, str]] = Counter()
    missing = 0
    for visit, shop in database.visits(record.id):
        if visit.state != "done" or not visit.evidence_path:
            continue
        assert visit.id is not None
        try:
            artifacts = load_visit(Path(visit.evidence_path))
        except (OSError, ValueError) as exc:
            missing += 1
            err.print(f"[yellow]skipped[/] {shop.origin}: {exc}", highlight=False)
            continue
        results = run_all(artifacts, modules)
        database.save_findings(visit.id, findings_of(visit.id, results))
        outcomes.update((r.probe, r.outcome) for r in results)
    table = Table(title=f"campaign {campaign}: probes re-run")
    for column in ("probe", "outcome", "visits"):
        table.add_column(column)
    for (name, outcome), count in sorted(outcomes.items()):
        table.add_row(name, outcome, str(count))
    out.print(table)
    if missing:
        raise fail(f"{missing} visit(s) had no readable evidence", 1)


@app.command()
def campaigns(db: DbOption = DEFAULT_DB) -> None:
    """List the campaigns in the database with their visit counts."""
    database = open_db(db)
    table = Table()
    for column in ("campaign", "created", "finished", "shops", "ok", "failed", "pending", "tool"):
        table.add_column(column)
    for campaign in database.campaigns():
        assert campaign.id is not None
        counts = database.status_counts(campaign.id)
        total = sum(counts.values())
        failed = total - counts.get("ok", 0) - counts.get("pending", 0)
        table.add_row(
            campaign.name,
            campaign.created_at.strftime("%Y-%m-%d %H:%M"),
            campaign.finished_at.strftime("%Y-%m-%d %H:%M") if campaign.finished_at else "",
            str(total),
            str(counts.get("ok", 0)),
            str(failed),
            str(counts.get("pending", 0)),
            campaign.tool_version,
        )
    out.print(table)


@app.command()
def demo(
    db: DbOption = "demo/chatshopper.db",
    evidence: Annotated[Path, typer.Option(help="Evidence folder.")] = Path("demo/evidence"),
    out_dir: Annotated[
        Path, typer.Option("--out", help="Where the export and the report go.")
    ] = Path("demo"),
    campaign: Annotated[str, typer.Option(help="Campaign name.")] = "demo",
    concurrency: Annotated[
        int | None,
        typer.Option(
            min=1, max=64, help="Shops visited at once (default: two per core, at most 8)."
        ),
    ] = None,
    fresh: Annotated[bool, typer.Option(help="Forget an earlier demo campaign first.")] = True,
) -> None:
    """Serve the bundled fake shops on loopback, crawl them, export, score and report."""
    from crawler.demo import DEMO_SHOPS_CSV, FakeWeb
    from reports.export import campaign_frame, write_export

    if fresh:
        _forget_demo(db, evidence)
    database = open_db(db)
    with FakeWeb() as web:
        err.print(f"demo web of {len(web.hosts)} hosts on {web.proxy_url}")
        settings = CrawlSettings(
            proxy=web.proxy_url,
            ignore_https_errors=True,  # the demo web's certificate is made up on the spot
            host_delay=0.2,
            per_shop_timeout=180,  # chat opening and consent make demo visits 70-110 s
            settle_cap=6,
        )
        summary = run_campaign(
            shops_csv=DEMO_SHOPS_CSV,
            shops=load_shops(DEMO_SHOPS_CSV, allow_private=False),
            campaign=campaign,
            db=database,
            evidence=evidence,
            concurrency=concurrency or default_concurrency(),
            settings=settings,
            browser_args=[],
        )
    print_summary(database, campaign, summary)
    if summary.interrupted:
        raise typer.Exit(130)
    target = write_export(campaign_frame(database, campaign), "csv", out_dir / f"{campaign}.csv")
    out.print(f"export: {target}")
    index = report_demo(database, campaign, out_dir)
    out.print(f"report: {index} (one audit per shop in {index.parent / 'audits'})")


def report_demo(database: Database, campaign: str, out_dir: Path) -> Path:
    """The main job ends in the report a researcher reads: score, then the benchmark page."""
    from reports.benchmark import write_benchmark
    from reports.scoring import score_campaign

    score_campaign(database, campaign)
    return write_benchmark(database, campaign, out_dir / "report").index


def _forget_demo(db: str, evidence: Path) -> None:
    """The demo starts from scratch each time, so its numbers are the demo's alone."""
    import shutil

    if "://" not in db:
        for suffix in ("", "-wal", "-shm"):
            Path(db + suffix).unlink(missing_ok=True)
    if evidence.exists():
        shutil.rmtree(evidence)


@app.command()
def browser() -> None:
    """Show which Chromium chatshopper would use (exit 1 if none)."""
    try:
        choice = find_chromium()
    except BrowserNotFound as exc:
        raise fail(str(exc), 1) from exc
    out.print(choice.describe())


@db_app.command("upgrade")
def db_upgrade(db: DbOption = DEFAULT_DB) -> None:
    """Create the schema or migrate it to this version's."""
    database = open_db(db)
    out.print(f"{database.safe_url}: schema at revision {database.current_revision()}")


@app.callback(invoke_without_command=True)
def _root(
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    if version:
        out.print(f"chatshopper {__version__}")
        raise typer.Exit(0)


# Scores, changes and reports read stored findings: `score`, `diff`, `report ...`.
app.add_typer(report_app, name="report")
register_report_commands(app)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - Ctrl-C outside the runner's own handling
        sys.exit(130)
