from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect

from crawler.storage import Database, DatabaseError, Finding, normalise_db_url
from crawler.storage.db import ShopEntry


def _entries(n: int) -> list[ShopEntry]:
    return [ShopEntry(origin=f"https://shop{i}.ee", url=f"https://shop{i}.ee/") for i in range(n)]


def test_db_url_forms(tmp_path: Path) -> None:
    assert normalise_db_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    assert normalise_db_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_db_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    with pytest.raises(DatabaseError, match="mysql"):
        normalise_db_url("mysql://u@h/db")
    with pytest.raises(DatabaseError, match="empty"):
        normalise_db_url("  ")


def test_migrations_reach_head_and_match_models(any_db: Database) -> None:
    assert any_db.current_revision() == any_db.head_revision()
    tables = set(inspect(any_db.engine).get_table_names())
    assert {"shop", "campaign", "visit", "finding", "alembic_version"} <= tables


def test_campaign_shops_and_visits_roundtrip(any_db: Database) -> None:
    campaign = any_db.open_campaign("2026-11", shop_list="x.csv", tool_version="t", config={})
    assert campaign.id is not None
    assert any_db.add_shops(campaign.id, _entries(3)) == 3
    # Adding the same list again (a resumed run) adds no visit twice.
    assert any_db.add_shops(campaign.id, _entries(3)) == 0
    pending = any_db.unfinished_visits(campaign.id)
    assert len(pending) == 3
    visit, shop = pending[0]
    assert visit.id is not None
    any_db.mark_running(visit.id)
    assert any_db.status_counts(campaign.id) == {"pending": 3}
    now = datetime.now(UTC)
    any_db.finish_visit(
        visit.id,
        status="ok",
        error=None,
        http_status=200,
        final_url=shop.url,
        evidence_path="e",
        started_at=now - timedelta(seconds=2),
        finished_at=now,
        findings=[Finding(visit_id=visit.id, probe="vendor", value={"primary": "tawk"})],
    )
    assert any_db.status_counts(campaign.id) == {"ok": 1, "pending": 2}
    assert len(any_db.unfinished_visits(campaign.id)) == 2
    # A running visit left by a killed process goes back to pending.
    other = pending[1][0]
    assert other.id is not None
    any_db.mark_running(other.id)
    assert any_db.release_running(campaign.id) == 1
    findings = any_db.findings(campaign.id)
    assert [(f.probe, f.value) for _, f in findings] == [("vendor", {"primary": "tawk"})]
    done = [v for v, _ in any_db.visits(campaign.id) if v.state == "done"]
    assert done[0].duration_ms == 2000
    assert done[0].attempts == 1


def test_reopening_keeps_campaign(sqlite_db: Database) -> None:
    first = sqlite_db.open_campaign("c", shop_list="a.csv", tool_version="1", config={"x": 1})
    again = sqlite_db.open_campaign("c", shop_list="a.csv", tool_version="1", config={"x": 1})
    assert first.id == again.id
    with pytest.raises(DatabaseError, match="no campaign named 'nope'"):
        sqlite_db.require_campaign("nope")


def test_unreachable_postgres_is_a_clear_error() -> None:
    with pytest.raises(DatabaseError, match="cannot open database"):
        Database("postgresql://postgres@127.0.0.1:1/none?connect_timeout=2")
