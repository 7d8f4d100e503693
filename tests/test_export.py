"""The export table from a hand-made campaign: columns, values, and the three formats."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from crawler.storage import Database, Finding
from crawler.storage.db import ShopEntry
from probes.artifacts import (
    ChatInteraction,
    ConsentRecord,
    GlobalValue,
    LinkRecord,
    PageCapture,
    RequestRecord,
    Timings,
    VisitArtifacts,
    WidgetView,
)
from probes.registry import run_all
from reports.export import (
    BOOLEAN_COLUMNS,
    COLUMNS,
    INTEGER_COLUMNS,
    campaign_frame,
    finding_columns,
    neutralise_formula,
    write_export,
)

NEW_COLUMNS = [
    "vendors",
    "primary_vendor",
    "chat_type",
    "chat_confidence",
    "prechat_fields",
    "dead_plugin",
    "bot_first",
    "consent",
    "launcher_home_desktop",
    "launcher_product_desktop",
    "launcher_cart_desktop",
    "launcher_home_mobile",
    "launcher_product_mobile",
    "launcher_cart_mobile",
    "launcher_delay_ms",
    "auto_open",
    "hours_shown",
    "hours",
    "hours_source",
    "status_at_visit",
    "status_matches_hours",
    "persistence",
]
NOW = datetime(2026, 9, 1, 10, 0, tzinfo=UTC)


def _finish(db: Database, visit_id: int, status: str, findings: list[Finding]) -> None:
    db.mark_running(visit_id)
    db.finish_visit(
        visit_id,
        status=status,
        error=None if status == "ok" else "net::ERR_NAME_NOT_RESOLVED",
        http_status=200 if status == "ok" else None,
        final_url=None,
        evidence_path=f"evidence/{visit_id}",
        started_at=NOW - timedelta(seconds=3),
        finished_at=NOW,
        findings=findings,
    )


def _probed_artifacts() -> VisitArtifacts:
    """Real probe output for the fourth shop: a Tawk widget that opened, behind Cookiebot."""
    home = PageCapture(
        role="home",
        profile="desktop",
        requested_url="https://d.ee/",
        timings=Timings(started_at="2026-09-01T10:00:00Z"),
        requests=[RequestRecord(url="https://embed.tawk.to/5f0a/default", status=200)],
        globals=[GlobalValue(name="Tawk_API", defined=True, type="object", loaded=True)],
        links=[LinkRecord(href="https://wa.me/37255512345", visible=True)],
    )
    chat = ChatInteraction(
        page="home-desktop",
        vendor="tawk",
        opened_by="api",
        opened=True,
        view=WidgetView(composer=True, composer_placeholder="Kirjuta sõnum"),
    )
    return VisitArtifacts(
        tool_version="t",
        campaign="c",
        shop="https://d.ee",
        start_url="https://d.ee/",
        started_at="2026-09-01T10:00:00Z",
        status="ok",
        pages=[home],
        chat=[chat],
        consent=ConsentRecord(mode="accept", cmp="Cybotcookiebot", action="accepted"),
    )


@pytest.fixture
def campaign_db(sqlite_db: Database) -> Database:
    """Five shops: hand-made findings, a failed visit, a pending one, and a real probe run."""
    db = sqlite_db
    campaign = db.open_campaign("2026-09", shop_list="s.csv", tool_version="t", config={})
    assert campaign.id is not None
    db.add_shops(
        campaign.id,
        [
            ShopEntry(origin="https://a.ee", url="https://a.ee/", name='=HYPERLINK("x")'),
            ShopEntry(origin="https://b.fi", url="https://b.fi/", name="B"),
            ShopEntry(origin="https://c.lv", url="https://c.lv/", name="C"),
            ShopEntry(origin="https://d.ee", url="https://d.ee/", name="D"),
            ShopEntry(origin="https://e.lt", url="https://e.lt/", name="E"),
        ],
    )
    visits = {shop.origin: visit.id for visit, shop in db.visits(campaign.id)}
    vendor_a = {
        "vendors": [
            {"id": "whatsapp", "confidence": 0.6},
            {"id": "crisp", "confidence": 0.5},
            {"id": "messenger", "confidence": 0.9},  # dead plugin: high confidence, never primary
            {"id": "zendesk", "confidence": 0.99},
        ],
        "primary": "zendesk",
    }
    access_a = {
        "chat_type": "form_gated_widget",
        "prechat_fields": ["email", "name"],  # whatever the order, the cell is canonical
        "dead_plugin": True,
        "bot_first": False,
        "vendor": "zendesk",
        "decided_by": "widget_required_fields",
        "confidence": "high",
        "consent": {"cmp": "=cmd|' /C calc'!A0", "action": "accepted", "mode": "accept"},
    }
    _finish(
        db,
        visits["https://a.ee"],
        "ok",
        [
            Finding(probe="vendor", value=vendor_a, evidence=[]),
            Finding(probe="access", value=access_a, evidence=[]),
        ],
    )
    access_b = {
        "chat_type": "none",
        "prechat_fields": [],
        "dead_plugin": False,
        "bot_first": False,
        "vendor": None,
        "decided_by": "no_chat_evidence",
        "confidence": "low",
        "consent": {"cmp": None, "action": "none_found", "mode": "accept"},
    }
    _finish(
        db,
        visits["https://b.fi"],
        "ok",
        [
            Finding(probe="vendor", value={"vendors": [], "primary": None}),
            Finding(probe="access", value=access_b),
        ],
    )
    reason = {"reason": "the visit ended unreachable"}
    _finish(
        db,
        visits["https://c.lv"],
        "unreachable",
        [
            Finding(probe="vendor", outcome="not_applicable", value=reason),
            Finding(probe="access", outcome="not_applicable", value=reason),
        ],
    )
    results = run_all(_probed_artifacts())
    _finish(
        db,
        visits["https://d.ee"],
        "ok",
        [
            Finding(
                probe=r.probe,
                probe_version=r.version,
                outcome=r.outcome,
                value=r.value,
                evidence=r.evidence,
            )
            for r in results
        ],
    )
    return db  # e.lt stays pending


def _rows(frame: pd.DataFrame) -> dict[str, dict[str, object]]:
    return {row["shop"]: row for row in frame.to_dict("records")}


def test_columns_come_in_order_after_the_visit_columns() -> None:
    assert list(COLUMNS[COLUMNS.index("evidence") + 1 :]) == NEW_COLUMNS
    assert len(set(COLUMNS)) == len(COLUMNS)


def test_frame_values(campaign_db: Database) -> None:
    frame = campaign_frame(campaign_db, "2026-09")
    assert list(frame.columns) == list(COLUMNS)
    assert (
        str(frame["dead_plugin"].dtype) == "boolean" and str(frame["bot_first"].dtype) == "boolean"
    )
    rows = _rows(frame)
    a = rows["https://a.ee"]
    assert a["vendors"] == "zendesk;messenger;whatsapp;crisp"
    assert a["primary_vendor"] == "zendesk"
    assert (a["chat_type"], a["chat_confidence"]) == ("form_gated_widget", "high")
    assert a["prechat_fields"] == "name;email"
    assert (a["dead_plugin"], a["bot_first"]) == (True, False)
    assert a["consent"] == "accepted:=cmd|' /C calc'!A0"
    b = rows["https://b.fi"]
    assert (b["vendors"], b["primary_vendor"], b["chat_type"]) == ("", "", "none")
    assert (b["prechat_fields"], b["dead_plugin"], b["bot_first"]) == ("", False, False)
    assert b["consent"] == "none_found"
    for origin in ("https://c.lv", "https://e.lt"):  # failed, and pending: nothing judged
        row = rows[origin]
        typed = (*BOOLEAN_COLUMNS, *INTEGER_COLUMNS)
        assert all(row[c] == "" for c in NEW_COLUMNS if c not in typed), row
        assert all(pd.isna(row[c]) for c in NEW_COLUMNS if c in typed), row
    assert rows["https://e.lt"]["status"] == "pending"
    d = rows["https://d.ee"]  # the real vendor and access probes
    assert (d["vendors"], d["primary_vendor"]) == ("tawk;whatsapp", "tawk")
    assert (d["chat_type"], d["chat_confidence"], d["prechat_fields"]) == (
        "anonymous_widget",
        "high",
        "",
    )
    assert (d["dead_plugin"], d["bot_first"], d["consent"]) == (
        False,
        False,
        "accepted:Cybotcookiebot",
    )


def test_findings_are_read_in_one_query(campaign_db: Database, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls: list[int] = []
    original = campaign_db.findings

    def counted(campaign_id: int):  # type: ignore[no-untyped-def]
        calls.append(campaign_id)
        return original(campaign_id)

    monkeypatch.setattr(campaign_db, "findings", counted)
    campaign_frame(campaign_db, "2026-09")
    assert len(calls) == 1


def test_csv_neutralises_formulas_and_writes_true_false(
    campaign_db: Database, tmp_path: Path
) -> None:
    out = write_export(campaign_frame(campaign_db, "2026-09"), "csv", tmp_path / "x.csv")
    with out.open(encoding="utf-8") as handle:
        rows = {row["shop"]: row for row in csv.DictReader(handle)}
    assert list(next(iter(rows.values()))) == list(COLUMNS)
    a = rows["https://a.ee"]
    assert a["name"] == '\'=HYPERLINK("x")'
    assert a["consent"] == "accepted:=cmd|' /C calc'!A0"  # starts with a letter: inert
    assert (a["dead_plugin"], a["bot_first"]) == ("true", "false")
    assert (rows["https://c.lv"]["dead_plugin"], rows["https://c.lv"]["chat_type"]) == ("", "")
    assert not any(
        cell.startswith(("=", "+", "-", "@")) for row in rows.values() for cell in row.values()
    )
    assert neutralise_formula("=1+1") == "'=1+1" and neutralise_formula(True) is True


def test_json_round_trip(campaign_db: Database, tmp_path: Path) -> None:
    frame = campaign_frame(campaign_db, "2026-09")
    out = write_export(frame, "json", tmp_path / "x.json")
    records = json.loads(out.read_text(encoding="utf-8"))
    assert [list(r) for r in records] == [list(COLUMNS)] * len(frame)
    rows = {r["shop"]: r for r in records}
    assert rows["https://a.ee"]["dead_plugin"] is True
    assert rows["https://a.ee"]["bot_first"] is False
    assert rows["https://c.lv"]["dead_plugin"] is None
    assert rows["https://a.ee"]["name"] == '=HYPERLINK("x")'  # JSON keeps values as they are
    assert rows["https://d.ee"]["vendors"] == "tawk;whatsapp"
    back = pd.read_json(out, orient="records", dtype=False)
    assert list(back.columns) == list(COLUMNS)


def test_parquet_round_trip(campaign_db: Database, tmp_path: Path) -> None:
    frame = campaign_frame(campaign_db, "2026-09")
    out = write_export(frame, "parquet", tmp_path / "x.parquet")
    back = pd.read_parquet(out)
    assert list(back.columns) == list(COLUMNS)
    assert str(back["dead_plugin"].dtype) == "boolean"
    pd.testing.assert_frame_equal(back, frame, check_dtype=False)


def test_unknown_format_is_refused(campaign_db: Database, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        write_export(campaign_frame(campaign_db, "2026-09"), "xlsx", tmp_path / "x.xlsx")


def test_a_broken_vendor_stays_in_the_finding_but_not_in_the_vendors_column() -> None:
    finding = Finding(
        visit_id=1,
        probe="vendor",
        value={
            "primary": "crisp",
            "vendors": [
                {"id": "intercom", "confidence": 0.9, "flags": ["broken"]},
                {"id": "crisp", "confidence": 0.8, "flags": []},
                {"id": "whatsapp", "confidence": 0.5, "flags": []},
            ],
        },
    )
    row = finding_columns(finding, None)
    assert row["vendors"] == "crisp;whatsapp"
    assert row["primary_vendor"] == "crisp"
