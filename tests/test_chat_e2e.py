"""End to end, second list: the further chat vendors and traps, crawled by the real CLI.

This crawl runs beside ``test_crawl_e2e`` (pytest-xdist gives each module a
worker), so the whole fake web is covered without doubling the suite's time.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from crawler.demo import CHAT_SHOPS_CSV, FakeWeb
from crawler.shoplist import read_shop_list
from tests.e2e_support import Crawl, chat_expectations, check_columns, crawl, export_rows, visits

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
def chat_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    with FakeWeb() as web:
        yield crawl(web, CHAT_SHOPS_CSV, "chat", tmp_path_factory.mktemp("chat"))


@pytest.fixture(scope="module")
def exported(
    chat_crawl: Crawl, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, dict[str, str]]:
    return export_rows(chat_crawl, tmp_path_factory.mktemp("export") / "chat.csv")


def test_every_chat_shop_is_visited_ok(chat_crawl: Crawl) -> None:
    assert chat_crawl.returncode == 0, chat_crawl.output
    listed = {row.origin for row in read_shop_list(CHAT_SHOPS_CSV).shops}
    rows = visits(chat_crawl.db, "chat")
    assert {str(r["origin"]) for r in rows} == listed
    assert {(str(r["origin"]), r["status"]) for r in rows} == {(o, "ok") for o in listed}


@pytest.mark.parametrize(
    ("host", "expected"),
    chat_expectations(CHAT_SHOPS_CSV),
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_columns_shop_by_shop(
    host: str, expected: dict[str, object], exported: dict[str, dict[str, str]]
) -> None:
    check_columns(exported[host], expected)
