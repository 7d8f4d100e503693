"""End to end: the real CLI drives a real Chromium through the fake web.

One crawl of the test shop list is shared by most tests (it is the slow part);
the kill, Ctrl-C and browser-death tests run their own small campaigns.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from crawler.demo import DEMO_SHOPS_CSV, TEST_SHOPS_CSV, FakeWeb, load_sites
from crawler.shoplist import read_shop_list
from probes.artifacts import VISIT_STATUSES, load_visit
from probes.registry import PROBE_MODULES
from reports.export import COLUMNS
from tests.e2e_support import (
    CLI,
    Crawl,
    chat_expectations,
    check_columns,
    crawl,
    crawl_args,
    export_rows,
    run,
    visits,
)

# The shared crawl of the whole test list runs inside one fixture: give it room.
pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]


@pytest.fixture(scope="session")
def fake_web() -> Iterator[FakeWeb]:
    with FakeWeb() as web:
        yield web


@pytest.fixture(scope="session")
def test_crawl(fake_web: FakeWeb, tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    return crawl(fake_web, TEST_SHOPS_CSV, "e2e", tmp_path_factory.mktemp("crawl"))


def test_every_shop_ends_with_exactly_one_status(test_crawl: Crawl) -> None:
    assert test_crawl.returncode == 0, test_crawl.output
    listed = {row.origin for row in read_shop_list(TEST_SHOPS_CSV).shops}
    rows = visits(test_crawl.db, "e2e")
    assert sorted(r["origin"] for r in rows) == sorted(listed)
    assert all(r["state"] == "done" for r in rows)
    assert {r["status"] for r in rows} == set(VISIT_STATUSES), "every status is reached"


def test_statuses_match_what_each_fake_shop_expects(test_crawl: Crawl) -> None:
    sites = load_sites()
    by_origin = {r["origin"]: r for r in visits(test_crawl.db, "e2e")}
    checked = 0
    for row in read_shop_list(TEST_SHOPS_CSV).shops:
        host = row.origin.split("://", 1)[1]
        expected = sites[host].expected if host in sites else {"status": "unreachable"}
        if "status" not in expected:
            continue
        visit = by_origin[row.origin]
        assert visit["status"] == expected["status"], (host, visit["error"])
        checked += 1
    assert checked >= 8


def test_product_and_cart_pages_are_found(test_crawl: Crawl) -> None:
    sites = load_sites()
    found = 0
    for visit in visits(test_crawl.db, "e2e"):
        if visit["status"] != "ok":
            continue
        artifacts = load_visit(Path(str(visit["evidence_path"])), with_html=False)
        host = str(visit["origin"]).split("://", 1)[1]
        expected = sites[host].expected
        for role in ("product", "cart", "contact"):
            if expected.get(role, True) is False:
                continue
            page = artifacts.page(role, "desktop")  # type: ignore[arg-type]
            assert page is not None, f"{host}: no {role} page found"
            assert page.http_status is not None and page.http_status < 400
            if role == "product":
                assert page.discovery and page.discovery.method.startswith("product-link")
            if role != "contact":
                assert artifacts.page(role, "mobile") is not None, f"{host}: no mobile {role}"  # type: ignore[arg-type]
            found += 1
    assert found >= 15


def test_evidence_files_exist_and_parse(test_crawl: Crawl) -> None:
    for visit in visits(test_crawl.db, "e2e"):
        folder = Path(str(visit["evidence_path"]))
        artifacts = load_visit(folder)
        assert artifacts.status == visit["status"]
        assert artifacts.shop == visit["origin"]
        if visit["status"] != "ok":
            continue
        assert artifacts.robots is not None and artifacts.robots.allowed
        assert "chatshopper/" in artifacts.user_agent
        for page in artifacts.pages:
            assert page.screenshot_file, page.key
            assert (folder / page.screenshot_file).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
            assert page.html and "<html" in page.html.lower()
            assert page.requests, f"{page.key}: no requests recorded"
            assert page.timings.captured_ms is not None
        home = artifacts.page("home", "mobile")
        assert home is not None and home.viewport is not None and home.viewport.width < 500


def test_hostile_pages_are_recorded(test_crawl: Crawl) -> None:
    """Dialogs, pop-ups and downloads are written down, not just survived."""
    seen = {"dialog": False, "popup": False}
    for visit in visits(test_crawl.db, "e2e"):
        artifacts = load_visit(Path(str(visit["evidence_path"])), with_html=False)
        for page in artifacts.pages:
            seen["dialog"] |= bool(page.dialogs)
            seen["popup"] |= bool(page.popups)
    assert seen == {"dialog": True, "popup": True}


def test_export_in_three_formats(test_crawl: Crawl, tmp_path: Path) -> None:
    for fmt in ("csv", "json", "parquet"):
        out = tmp_path / f"e2e.{fmt}"
        result = run(
            [
                CLI,
                "export",
                "--campaign",
                "e2e",
                "--db",
                str(test_crawl.db),
                "--format",
                fmt,
                "--out",
                str(out),
            ]
        )
        assert result.returncode == 0, result.stderr
        if fmt == "csv":
            with out.open(encoding="utf-8") as handle:
                rows = list(csv.DictReader(handle))
            assert list(rows[0]) == list(COLUMNS)
        elif fmt == "json":
            rows = json.loads(out.read_text(encoding="utf-8"))
            assert list(rows[0]) == list(COLUMNS)
        else:
            rows = pd.read_parquet(out).to_dict("records")
        assert len(rows) == len(read_shop_list(TEST_SHOPS_CSV).shops)
        assert {str(r["status"]) for r in rows} == set(VISIT_STATUSES)


def test_second_run_resumes_without_revisiting(test_crawl: Crawl) -> None:
    before = {r["origin"]: r["finished_at"] for r in visits(test_crawl.db, "e2e")}
    result = run(test_crawl.args)
    assert result.returncode == 0, result.stderr
    assert "0 new" in result.stderr
    assert "visited 0 shop(s)" in result.stdout
    after = {r["origin"]: r["finished_at"] for r in visits(test_crawl.db, "e2e")}
    assert after == before


def _wait_for_done(
    db: Path, campaign: str, count: int, proc: subprocess.Popen[str], limit: float
) -> int:
    deadline = time.monotonic() + limit
    done = 0
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                done = sum(1 for r in visits(db, campaign) if r["state"] == "done")
            except sqlite3.OperationalError:  # tables not there yet
                done = 0
            if done >= count:
                return done
        time.sleep(0.2)
    return done


def small_list(tmp: Path, count: int) -> Path:
    """The first ``count`` demo shops: enough to kill a crawl in the middle of."""
    header, *rows = DEMO_SHOPS_CSV.read_text(encoding="utf-8").splitlines()
    calm = [row for row in rows if "hostile" not in row]  # the 50k-node page is slow
    path = tmp / "small.csv"
    path.write_text("\n".join([header, *calm[:count]]) + "\n", encoding="utf-8")
    return path


FAST = ("--no-mobile", "--concurrency", "2", "--settle", "0.3")


def kill_browser_processes(marker: str) -> int:
    """SIGKILL the Chromium processes launched with ``marker``, not the crawler itself."""
    killed = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if marker in cmdline and "--browser-arg" not in cmdline:
            try:
                os.kill(int(entry.name), signal.SIGKILL)
                killed += 1
            except ProcessLookupError:
                pass
    return killed


def _start(args: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: a kill reaches Chromium too
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_sigkill_midway_then_rerun_counts_every_shop_once(
    fake_web: FakeWeb, tmp_path: Path
) -> None:
    shops = small_list(tmp_path, 5)
    args = crawl_args(fake_web, shops, "killed", tmp_path, *FAST)
    proc = _start(args)
    done = _wait_for_done(tmp_path / "chatshopper.db", "killed", 2, proc, 240)
    assert proc.poll() is None, "the crawl finished before it could be killed"
    assert done >= 2
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(30)
    finished = {
        r["origin"]: r["finished_at"]
        for r in visits(tmp_path / "chatshopper.db", "killed")
        if r["state"] == "done"
    }
    assert len(finished) >= 2
    result = run(args)
    assert result.returncode == 0, result.stderr
    rows = visits(tmp_path / "chatshopper.db", "killed")
    origins = [r["origin"] for r in rows]
    assert len(origins) == len(set(origins)) == len(read_shop_list(shops).shops)
    assert all(r["state"] == "done" and r["status"] in VISIT_STATUSES for r in rows)
    for row in rows:  # what was finished before the kill was not redone
        if row["origin"] in finished:
            assert row["finished_at"] == finished[row["origin"]]


def test_ctrl_c_stops_cleanly_and_resumes(fake_web: FakeWeb, tmp_path: Path) -> None:
    args = crawl_args(fake_web, small_list(tmp_path, 4), "interrupted", tmp_path, *FAST)
    proc = _start(args)
    _wait_for_done(tmp_path / "chatshopper.db", "interrupted", 1, proc, 240)
    assert proc.poll() is None
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=90)
    assert proc.returncode == 130, stderr
    assert "resume" in stderr
    rows = visits(tmp_path / "chatshopper.db", "interrupted")
    assert not any(r["state"] == "running" for r in rows), "in-flight visits go back to pending"
    result = run(args)
    assert result.returncode == 0, result.stderr
    assert all(r["state"] == "done" for r in visits(tmp_path / "chatshopper.db", "interrupted"))


def test_a_dead_browser_is_relaunched(fake_web: FakeWeb, tmp_path: Path) -> None:
    marker = f"chatshopper-test-{os.getpid()}-{time.monotonic_ns()}"
    args = crawl_args(
        fake_web, small_list(tmp_path, 4), "relaunch", tmp_path, *FAST, f"--browser-arg=--{marker}"
    )
    proc = _start(args)
    _wait_for_done(tmp_path / "chatshopper.db", "relaunch", 1, proc, 240)
    assert proc.poll() is None
    killed = kill_browser_processes(marker)
    assert killed, "no Chromium process carried the marker flag"
    stdout, stderr = proc.communicate(timeout=400)
    assert proc.returncode == 0, stderr
    assert "browser restarts: 1" in stdout or "browser restarts: 2" in stdout, stdout
    rows = visits(tmp_path / "chatshopper.db", "relaunch")
    assert all(r["state"] == "done" for r in rows)
    assert sum(r["status"] == "ok" for r in rows) >= len(rows) - 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name,country\nKodu,EE\n", "url"),
        ("url\n\n", "no"),
    ],
)
def test_bad_shop_lists_exit_2_and_write_nothing(
    tmp_path: Path, content: str, message: str
) -> None:
    shops = tmp_path / "shops.csv"
    shops.write_text(content, encoding="utf-8")
    result = run(
        [
            CLI,
            "crawl",
            str(shops),
            "--campaign",
            "x",
            "--db",
            str(tmp_path / "x.db"),
            "--evidence",
            str(tmp_path / "ev"),
        ]
    )
    assert result.returncode == 2
    assert message in result.stderr.lower()
    assert not (tmp_path / "x.db").exists() and not (tmp_path / "ev").exists()


def test_bad_rows_are_named_by_line(fake_web: FakeWeb, tmp_path: Path) -> None:
    shops = tmp_path / "shops.csv"
    good = read_shop_list(DEMO_SHOPS_CSV).shops[0].url
    shops.write_text(
        f"url,name\n{good},Good\nftp://files.ee,Bad\n127.0.0.1,Local\n", encoding="utf-8"
    )
    result = run(crawl_args(fake_web, shops, "lines", tmp_path, "--no-mobile"))
    assert result.returncode == 0, result.stderr
    assert f"{shops}:3" in result.stderr and f"{shops}:4" in result.stderr
    assert len(visits(tmp_path / "chatshopper.db", "lines")) == 1


@pytest.mark.postgres
def test_crawl_into_postgresql(fake_web: FakeWeb, tmp_path: Path, postgres_db) -> None:  # type: ignore[no-untyped-def]
    """The same crawl, resumable, with PostgreSQL as the store (what the distributed mode uses)."""
    args = crawl_args(fake_web, small_list(tmp_path, 2), "pg", tmp_path, *FAST)
    args[args.index("--db") + 1] = postgres_db.url
    result = run(args)
    assert result.returncode == 0, result.stderr
    campaign = postgres_db.require_campaign("pg")
    assert postgres_db.status_counts(campaign.id) == {"ok": 2}
    again = run(args)
    assert again.returncode == 0 and "visited 0 shop(s)" in again.stdout
    probes = sorted(f.probe for _, f in postgres_db.findings(campaign.id))
    every = sorted(name.rsplit(".", 1)[1] for name in PROBE_MODULES)
    assert probes == sorted(every * 2)


@pytest.fixture(scope="session")
def exported(
    test_crawl: Crawl, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, dict[str, str]]:
    return export_rows(test_crawl, tmp_path_factory.mktemp("export") / "e2e.csv")


@pytest.mark.parametrize(
    ("host", "expected"),
    chat_expectations(TEST_SHOPS_CSV),
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_columns_shop_by_shop(
    host: str, expected: dict[str, object], exported: dict[str, dict[str, str]]
) -> None:
    """What each fake shop's chat really is, against what the export says."""
    check_columns(exported[host], expected)
