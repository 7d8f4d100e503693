"""The report commands: ``chatshopper score``, ``chatshopper diff`` and ``chatshopper report ...``.

``report_app`` is mounted by ``crawler/cli.py`` as ``chatshopper report``;
``register(app)`` adds the top-level ``score`` and ``diff``. Everything here reads
stored findings only: no browser. Heavy imports wait until a command runs.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from crawler.cli_common import CampaignOption, DbOption, err, fail, open_db, out
from crawler.storage import DatabaseError
from crawler.storage.db import DEFAULT_DB

report_app = typer.Typer(
    help="Reports from stored findings: benchmark, audit, ranking.",
    no_args_is_help=True,
)

RubricOption = Annotated[
    str | None,
    typer.Option("--rubric", help="Rubric version (default: the campaign's, else the newest)."),
]


def check_rubric(version: str | None) -> None:
    from reports.scoring import RUBRICS

    if version is not None and version not in RUBRICS:
        raise fail(f"--rubric {version!r}: known rubrics are {', '.join(RUBRICS)}")


def default_name(kind: str, campaign: str, suffix: str) -> str:
    """``ranking-april.html``: a file name from a campaign name that stays in its folder."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", campaign).strip("._-") or "campaign"
    return f"{kind}-{slug}{suffix}"


def output_path(out_path: Path | None, kind: str, campaign: str, suffix: str) -> Path:
    """``--out`` as given; a folder (an existing one, or a name without suffix) gets the
    default name inside it, so a campaign name never picks the folder."""
    name = default_name(kind, campaign, suffix)
    if out_path is None:
        return Path(name)
    if out_path.is_dir() or not out_path.suffix:
        return out_path / name
    return out_path


def score(
    campaign: CampaignOption,
    rubric: RubricOption = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Re-score a campaign from its stored findings (no browser) and keep the rubric version."""
    from reports.scoring import get_rubric, rescore_campaign

    check_rubric(rubric)
    database = open_db(db)
    try:
        before = database.require_campaign(campaign).rubric_version
        run = rescore_campaign(database, campaign, rubric)
    except DatabaseError as exc:
        raise fail(str(exc)) from exc
    used = get_rubric(run.rubric)
    table = Table(title=escape(f"campaign {campaign}: scored with rubric {used.version}"))
    table.add_column("visits")
    table.add_column("count", justify="right")
    table.add_row("scored", str(run.scored))
    for status, count in sorted(run.unscored.items()):
        table.add_row(f"no score: {status}", str(count))
    if run.pending:
        table.add_row("pending (not visited yet)", str(run.pending))
    out.print(table)
    mean = f"{run.mean:.1f}" if run.mean is not None else "–"
    out.print(f"mean overall score {mean}", highlight=False)
    out.print(f"rubric {used.version}: {used.changes}", highlight=False)
    if before and before != used.version:
        out.print(f"the campaign was scored with rubric {before} before", highlight=False)


def diff(
    source: Annotated[str, typer.Option("--from", help="The earlier campaign.")],
    target: Annotated[str, typer.Option("--to", help="The later campaign.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, csv or md.")] = "text",
    out_path: Annotated[
        Path | None, typer.Option("--out", "-o", help="File to write (default: print).")
    ] = None,
    rubric: RubricOption = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """List what changed per shop between two campaigns (vendor, chat kind, cart, hours...)."""
    from reports import diff as diffs

    if fmt not in diffs.FORMATS:
        raise fail(f"--format {fmt!r}: choose one of {', '.join(diffs.FORMATS)}")
    check_rubric(rubric)
    database = open_db(db)
    try:
        result = diffs.campaign_diff(database, source, target, rubric)
    except DatabaseError as exc:
        raise fail(str(exc)) from exc
    if result.backwards:
        err.print(
            f"note: {source} ran after {target}; the changes read back in time",
            markup=False,
            highlight=False,
        )
    if fmt == "csv":
        from reports.export import write_export

        if out_path is None:
            # Through the same formula-neutralising writer as the file, then to stdout.
            import tempfile

            with tempfile.TemporaryDirectory() as tmp:
                written = write_export(diffs.frame(result), "csv", Path(tmp) / "diff.csv")
                sys.stdout.write(written.read_text(encoding="utf-8"))
            return
        write_export(diffs.frame(result), "csv", out_path)
    else:
        body = diffs.text(result) if fmt == "text" else diffs.markdown(result)
        if out_path is None:
            sys.stdout.write(body)
            return
        out_path.parent.mkdir(parents=True, exist_ok=True)
        out_path.write_text(body, encoding="utf-8")
    err.print(f"wrote {out_path}", markup=False, highlight=False)


@report_app.command("ranking")
def ranking(
    campaign: CampaignOption,
    fmt: Annotated[str, typer.Option("--format", "-f", help="html, csv or md.")] = "md",
    out_path: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="File or folder to write (default: md and csv print; html to ranking-NAME.html).",
        ),
    ] = None,
    rubric: RubricOption = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Leaderboard of a campaign: rank, score, movement since the previous one, history."""
    from reports import ranking as ranks

    if fmt not in ranks.FORMATS:
        raise fail(f"--format {fmt!r}: choose one of {', '.join(ranks.FORMATS)}")
    check_rubric(rubric)
    database = open_db(db)
    try:
        board = ranks.leaderboard(database, campaign, rubric)
    except DatabaseError as exc:
        raise fail(str(exc)) from exc
    if out_path is None and fmt == "md":
        sys.stdout.write(ranks.markdown(board))
        return
    if out_path is None and fmt == "csv":
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            written = ranks.write_ranking(board, "csv", Path(tmp) / "ranking.csv")
            sys.stdout.write(written.read_text(encoding="utf-8"))
        return
    target = output_path(out_path, "ranking", campaign, f".{fmt}")
    ranks.write_ranking(board, fmt, target)
    ranked = int(board.frame["rank"].notna().sum())
    err.print(
        f"ranking of {campaign}: {ranked} shop(s) ranked"
        + (f", movement since {board.previous}" if board.previous else "")
        + f"; wrote {target}",
        highlight=False,
        markup=False,
    )


@report_app.command("benchmark")
def benchmark(
    campaign: CampaignOption,
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for index.html, tables and audits.")
    ],
    country: Annotated[
        str | None, typer.Option(help="Only shops of this country (two letters).")
    ] = None,
    category: Annotated[str | None, typer.Option(help="Only shops of this category.")] = None,
    audits: Annotated[
        bool, typer.Option(help="Also write one audit page per shop under audits/.")
    ] = True,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Benchmark of a campaign: shares, vendors, score charts, method; HTML, CSV, Parquet."""
    from reports.benchmark import write_benchmark

    database = open_db(db)
    try:
        result = write_benchmark(
            database, campaign, out_dir, country=country, category=category, audits=audits
        )
    except DatabaseError as exc:
        raise fail(str(exc)) from exc
    if not result.shops:
        err.print("note: no shop of the campaign matches the filters", highlight=False)
    err.print(
        f"benchmark of {campaign}: {result.shops} shop(s), {len(result.audits)} audit(s), "
        f"{len(result.tables)} table file(s)",
        markup=False,
        highlight=False,
    )
    out.print(f"report: {result.index}", markup=False, highlight=False)


@report_app.command("audit")
def audit(
    shop: Annotated[str, typer.Argument(help="The shop: its origin, host or name.")],
    campaign: CampaignOption,
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Folder for the HTML and PDF.")],
    country: Annotated[
        str | None, typer.Option(help="Compare with the shops of this country only.")
    ] = None,
    category: Annotated[
        str | None, typer.Option(help="Compare with the shops of this category only.")
    ] = None,
    pdf: Annotated[bool, typer.Option(help="Also print a PDF with Chromium.")] = True,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Audit of one shop: scores, findings with screenshots, peers, advice; HTML and PDF."""
    from crawler.browser import BrowserNotFound
    from reports.audit import ShopNotFound, write_audit

    database = open_db(db)
    try:
        result = write_audit(
            database, campaign, shop, out_dir, country=country, category=category, pdf=pdf
        )
    except (DatabaseError, ShopNotFound) as exc:
        raise fail(str(exc)) from exc
    except BrowserNotFound as exc:
        raise fail(f"the HTML is written but no PDF: {exc}", 1) from exc
    out.print(f"audit: {result.html}", markup=False, highlight=False)
    if result.pdf is not None:
        out.print(f"pdf: {result.pdf}", markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    """Add ``score`` and ``diff`` to the main ``chatshopper`` command."""
    app.command("score")(score)
    app.command("diff")(diff)
