"""What the end-to-end modules share: how to run the CLI, read visits, check columns.

Two modules crawl the fake web in parallel (pytest-xdist gives each its own
worker): ``test_crawl_e2e`` the test list (failure statuses, the demo shops and
the findability/hours/persistence cases), ``test_chat_e2e`` the chat list (the
further vendors and traps). Both check the exported columns shop by shop
against each shop's ``[expected]`` table with :func:`check_columns`.
"""

from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.demo import FakeWeb, load_sites
from crawler.shoplist import read_shop_list

CLI = str(Path(sys.executable).with_name("chatshopper"))

# The shop's [expected] keys compared as exported text ("true" / "false" / "unknown" / a value).
TEXT_KEYS = (
    "chat_type",
    "launcher_home_desktop",
    "launcher_product_desktop",
    "launcher_cart_desktop",
    "launcher_home_mobile",
    "launcher_product_mobile",
    "launcher_cart_mobile",
    "hours",
    "hours_source",
    "status_at_visit",
    "persistence",
)
BOOL_KEYS = ("dead_plugin", "bot_first", "auto_open", "hours_shown")


@dataclass
class Crawl:
    db: Path
    evidence: Path
    campaign: str
    output: str
    returncode: int
    args: list[str]


def crawl_args(web: FakeWeb, shops: Path, campaign: str, tmp: Path, *extra: str) -> list[str]:
    return [
        CLI,
        "crawl",
        str(shops),
        "--campaign",
        campaign,
        "--db",
        str(tmp / "chatshopper.db"),
        "--evidence",
        str(tmp / "evidence"),
        "--proxy",
        web.proxy_url,
        "--ignore-https-errors",
        "--host-delay",
        "0.1",
        "--nav-timeout",
        "10",
        "--per-shop-timeout",
        "180",
        "--concurrency",
        "5",
        # A small JS heap makes the memory-eating test page crash its renderer quickly.
        "--browser-arg=--js-flags=--max-old-space-size=96",
        *extra,
    ]


def run(args: list[str], timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=env)


def crawl(web: FakeWeb, shops: Path, campaign: str, tmp: Path) -> Crawl:
    args = crawl_args(web, shops, campaign, tmp)
    result = run(args)
    return Crawl(
        tmp / "chatshopper.db",
        tmp / "evidence",
        campaign,
        result.stdout + result.stderr,
        result.returncode,
        args,
    )


def visits(db: Path, campaign: str) -> list[dict[str, object]]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute(
            "SELECT shop.origin, visit.* FROM visit JOIN shop ON shop.id = visit.shop_id "
            "JOIN campaign ON campaign.id = visit.campaign_id WHERE campaign.name = ?",
            (campaign,),
        ).fetchall()
    return [dict(row) for row in rows]


def export_rows(done: Crawl, out: Path) -> dict[str, dict[str, str]]:
    result = run(
        [CLI, "export", "--campaign", done.campaign, "--db", str(done.db), "--out", str(out)]
    )
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8") as handle:
        return {row["shop"].split("://", 1)[1]: row for row in csv.DictReader(handle)}


def chat_expectations(shops: Path) -> list[tuple[str, dict[str, Any]]]:
    """(host, expected) of every listed shop whose visit should end ok with a judged chat."""
    listed = {row.origin.split("://", 1)[1] for row in read_shop_list(shops).shops}
    return sorted(
        (host, site.expected)
        for host, site in load_sites().items()
        if host in listed
        and site.expected.get("status", "ok") == "ok"
        and "chat_type" in site.expected
    )


def check_columns(row: dict[str, str], expected: dict[str, Any]) -> None:
    """One exported row against one shop's [expected] table; every mismatch at once."""
    wrong: list[str] = []

    def differ(key: str, got: object, want: object) -> None:
        if got != want:
            wrong.append(f"{key}: exported {got!r}, expected {want!r}")

    for key in TEXT_KEYS:
        if key in expected:
            differ(key, row[key], str(expected[key]))
    for key in BOOL_KEYS:
        if key in expected or key in ("dead_plugin", "bot_first"):
            differ(key, row[key], str(bool(expected.get(key, False))).lower())
    vendors = set(filter(None, row["vendors"].split(";")))
    missing = set(expected.get("vendors", [])) - vendors
    if missing:
        wrong.append(f"vendors: {sorted(missing)} missing from {row['vendors']!r}")
    present = set(expected.get("not_vendors", [])) & vendors
    if present:
        wrong.append(f"vendors: {sorted(present)} must not be in {row['vendors']!r}")
    if "primary_vendor" in expected:
        differ("primary_vendor", row["primary_vendor"], expected["primary_vendor"] or "")
    fields = sorted(filter(None, row["prechat_fields"].split(";")))
    differ("prechat_fields", fields, sorted(expected.get("prechat_fields", [])))
    if expected.get("consent"):
        if str(expected["consent"]).lower() not in row["consent"].lower():
            wrong.append(f"consent: {row['consent']!r} does not name {expected['consent']!r}")
    if "launcher_delay_ms" in expected:
        low, high = expected["launcher_delay_ms"]
        got = row["launcher_delay_ms"]
        if not got or not low <= int(got) <= high:
            wrong.append(f"launcher_delay_ms: exported {got!r}, expected {low}..{high}")
    assert not wrong, "\n".join(wrong) + f"\nrow: {row}"
