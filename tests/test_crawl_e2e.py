"""End to end: the real CLI drives a real Chromium through the fake web.

One crawl of the test shop list is shared by the tests here (it is the slow
part); the kill, Ctrl-C and browser-death tests are in ``test_resilience_e2e``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from crawler.demo import TEST_SHOPS_CSV, FakeWeb, load_sites
from crawler.shoplist import read_shop_list
from probes.artifacts import VISIT_STATUSES, load_visit
from reports.export import COLUMNS
from tests.e2e_support import (
    CLI,
    Crawl,
    chat_expectations,
    check_columns,
    crawl,
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
