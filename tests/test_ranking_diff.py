"""Ranking, movement and diff on the fixture's three months of one shop list."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from crawler.cli import app
from crawler.storage import Database
from reports import diff as diffs
from reports import ranking as ranks
from reports.cli import default_name, output_path
from reports.data import (
    campaign_history,
    campaign_table,
    previous_campaign,
    shop_findings,
    visit_scores,
)
from tests.report_fixture import (
    ELEKTROONIKA,
    EVIL,
    EVIL_NAME,
    FORMULA_NAME,
    HOSTILE,
    HOSTILE_NAME,
    KODUKAUP,
    KOTIKEITTIO,
    LAUKU,
    MOBILIA,
    SAUNAMAAILMA,
    SULETUD,
    TUKKU,
    UUS,
    build_fixture,
)


@pytest.fixture(scope="module")
def fixture_path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("reports") / "fixture.db"
    db = build_fixture(path)
    db.dispose()
    yield path


@pytest.fixture
def db(fixture_path: Path) -> Iterator[Database]:
    database = Database(str(fixture_path))
    yield database
    database.dispose()


def rows(board: ranks.Leaderboard) -> dict[str, dict[str, object]]:
    return {str(r["shop"]): r for r in board.frame.to_dict("records")}


# -- campaign order ------------------------------------------------------------------------


def test_campaigns_are_ordered_by_date_not_name_or_creation(db: Database) -> None:
    by_id = [c.name for c in sorted(db.campaigns(), key=lambda c: c.id or 0)]
    assert by_id == ["april", "march", "pilot-fi", "february"]  # the creation order
    assert [c.name for c in campaign_history(db, "april")] == ["february", "march", "april"]
    previous = previous_campaign(db, "april")
    assert previous is not None and previous.name == "march"
    previous = previous_campaign(db, "march")
    assert previous is not None and previous.name == "february"  # dated by created_at only
    assert previous_campaign(db, "february") is None


def test_a_campaign_of_another_shop_list_is_not_a_previous_one(db: Database) -> None:
    # pilot-fi ran between March and April, but over another list.
    assert [c.name for c in campaign_history(db, "april")] == ["february", "march", "april"]
    assert previous_campaign(db, "pilot-fi") is None


# -- the table reports read ----------------------------------------------------------------


def test_campaign_table_has_export_columns_and_scores(db: Database) -> None:
    from reports.export import COLUMNS

    table = campaign_table(db, "april").set_index("shop")
    assert list(table.columns[: len(COLUMNS) - 1]) == list(COLUMNS[1:])
    assert table.loc[KODUKAUP, "score_overall"] == 100.0
    assert table.loc[LAUKU, "score_hours"] == 60.0 and table.loc[LAUKU, "score_access"] == 0.0
    assert pd.isna(table.loc[MOBILIA, "score_overall"])
    assert table.loc[KODUKAUP, "chat_type"] == "anonymous_widget"
    assert set(table["rubric"]) == {"2026.2"}


def test_shop_findings_by_origin_or_host(db: Database) -> None:
    found = shop_findings(db, "april", "www.elektroonika-turg.ee")
    assert {"vendor", "access", "findability", "hours", "persistence"} <= set(found)
    assert found["access"].value["chat_type"] == "anonymous_widget"
    assert shop_findings(db, "march", ELEKTROONIKA)["access"].value["prechat_fields"] == [
        "name",
        "email",
    ]
    with pytest.raises(LookupError):
        shop_findings(db, "april", SULETUD)


# -- ranking -------------------------------------------------------------------------------


def test_movements_since_the_previous_campaign(db: Database) -> None:
    board = ranks.leaderboard(db, "april")
    assert board.previous == "march" and board.history == ["february", "march"]
    by_shop = rows(board)
    assert by_shop[ELEKTROONIKA]["movement"] == "up 3"  # 4th in March, 1st (shared) now
    assert by_shop[KOTIKEITTIO]["movement"] == "down 2"  # only a dead Messenger plugin left
    assert by_shop[KODUKAUP]["movement"] == "same"
    assert by_shop[UUS]["movement"] == "new"
    assert by_shop[SULETUD]["movement"] == "gone"
    assert pd.isna(by_shop[SULETUD]["rank"]) and by_shop[SULETUD]["previous_rank"] == 3
    for origin in (MOBILIA, TUKKU):
        assert by_shop[origin]["movement"] == "not reached"
        assert pd.isna(by_shop[origin]["rank"])
    # Ranked shops first, then the unreached, then the gone.
    assert list(board.frame["movement"])[-3:] == ["not reached", "not reached", "gone"]


def test_scores_fall_and_rise_with_the_findings(db: Database) -> None:
    by_shop = rows(ranks.leaderboard(db, "april"))
    assert by_shop[SAUNAMAAILMA]["change"] < 0  # chat gone from the cart
    assert by_shop[ELEKTROONIKA]["change"] > 0
    assert by_shop[KODUKAUP]["change"] == 0


def test_equal_scores_share_a_rank_and_the_next_rank_skips(db: Database) -> None:
    by_shop = rows(ranks.leaderboard(db, "april"))
    assert by_shop[HOSTILE]["score"] == by_shop[EVIL]["score"]
    assert by_shop[HOSTILE]["rank"] == by_shop[EVIL]["rank"] == 4
    assert by_shop[SAUNAMAAILMA]["rank"] == 6
    assert by_shop[KODUKAUP]["rank"] == by_shop[ELEKTROONIKA]["rank"] == 1
    assert ranks.competition_ranks({"a": 90.0, "b": 80.0, "c": 80.04, "d": 70.0}) == {
        "a": 1,
        "b": 2,
        "c": 2,
        "d": 4,
    }


def test_history_is_oldest_first_and_scored_with_one_rubric(db: Database) -> None:
    by_shop = rows(ranks.leaderboard(db, "april"))
    feb = visit_scores(db, "february", "2026.2")
    mar = visit_scores(db, "march", "2026.2")
    assert by_shop[KODUKAUP]["history"] == [feb[KODUKAUP].overall, mar[KODUKAUP].overall]
    assert by_shop[KODUKAUP]["history"][0] < by_shop[KODUKAUP]["history"][1]  # lost, then kept
    assert by_shop[UUS]["history"] == [None, None]
    first = rows(ranks.leaderboard(db, "february"))
    assert {r["movement"] for r in first.values()} == {"new"}


def test_csv_neutralises_formulas(db: Database, tmp_path: Path) -> None:
    out = ranks.write_ranking(ranks.leaderboard(db, "april"), "csv", tmp_path / "r.csv")
    table = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    names = {row["shop"]: row["name"] for row in table}
    assert names[UUS] == "'" + FORMULA_NAME
    assert not any(value.startswith(("=", "+", "@")) for row in table for value in row.values())
    assert names[HOSTILE] == HOSTILE_NAME  # CSV keeps text as it is: it is not HTML
    history = next(row["history"] for row in table if row["shop"] == KODUKAUP)
    assert history.startswith("february:") and ";march:" in history


def test_hostile_names_are_escaped_in_html_and_markdown(db: Database, tmp_path: Path) -> None:
    board = ranks.leaderboard(db, "april")
    page = ranks.write_ranking(board, "html", tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert EVIL_NAME in page  # harmless as text
    assert "Content-Security-Policy" in page
    md = ranks.markdown(board)
    assert "<img" not in md and "&lt;img src=x onerror=alert\\(1\\)&gt;" not in md
    assert "&lt;img src=x onerror=alert(1)&gt;" in md


def test_markdown_cells_cannot_break_the_table_or_link() -> None:
    cell = ranks.md_cell("a|b [x](javascript:alert(1)) `c`\n<b>")
    assert "|" not in cell.replace("\\|", "")
    assert "](" not in cell.replace("\\](", "")
    assert "\n" not in cell and "<b>" not in cell


# -- diff ----------------------------------------------------------------------------------


def test_diff_lines_from_march_to_april(db: Database) -> None:
    result = diffs.campaign_diff(db, "march", "april")
    by_shop = {shop.shop: shop for shop in result.shops}
    assert by_shop[ELEKTROONIKA].changes[:3] == [
        "vendor changed: zendesk → smartsupp",
        "chat kind changed: form_gated_widget → anonymous_widget",
        "chat appeared in the cart (mobile)",
    ]
    kotikeittio = by_shop[KOTIKEITTIO].changes
    assert "chat kind changed: messenger → none" in kotikeittio
    assert "dead Messenger plugin appeared" in kotikeittio
    assert "chat gone from the cart (desktop)" in kotikeittio
    assert "mobile launcher gone: no chat visible on any mobile page" in kotikeittio
    assert by_shop[SAUNAMAAILMA].changes[:2] == [
        "chat gone from the cart (desktop)",
        "chat gone from the cart (mobile)",
    ]
    assert by_shop[SAUNAMAAILMA].changes[-1].startswith("score 56.5 → 40.6")
    assert by_shop[MOBILIA].changes == ["not reached this time (visit unreachable)"]
    assert by_shop[KODUKAUP].state == "same" and by_shop[KODUKAUP].changes == []
    assert by_shop[UUS].state == "new" and by_shop[SULETUD].state == "gone"
    assert not result.backwards
    assert result.count("new") == 1 and result.count("gone") == 1


def test_diff_lines_from_february_to_march(db: Database) -> None:
    by_shop = {s.shop: s for s in diffs.campaign_diff(db, "february", "march").shops}
    assert by_shop[LAUKU].changes[0] == "service hours appeared (contact)"
    assert by_shop[KODUKAUP].changes[0] == "persistence changed: lost → persists"
    assert by_shop[ELEKTROONIKA].changes[:2] == [
        "required pre-chat fields: name, email, phone → name, email",
        "chat gone from the cart (mobile)",
    ]


def test_diff_outputs(db: Database) -> None:
    result = diffs.campaign_diff(db, "march", "april")
    text = diffs.text(result)
    assert text.splitlines()[0].startswith("diff march → april (rubric 2026.2): 5 changed")
    assert f"new: {UUS}" in text and f"gone: {SULETUD}" in text
    md = diffs.markdown(result)
    assert "<img" not in md
    frame = diffs.frame(result)
    assert set(frame["state"]) == {"changed", "same", "new", "gone"}
    assert diffs.campaign_diff(db, "april", "march").backwards


def test_terminal_text_drops_control_characters() -> None:
    assert diffs._plain("shop\x1b[31mred\x07") == "shop [31mred "


# -- command line --------------------------------------------------------------------------


def test_cli_score_ranking_and_diff(tmp_path: Path) -> None:
    fixture_path = tmp_path / "own.db"
    build_fixture(fixture_path).dispose()  # its own copy: this test re-scores
    runner = CliRunner()
    db_arg = ["--db", str(fixture_path)]
    result = runner.invoke(app, ["score", "--campaign", "april", "--rubric", "2026.1", *db_arg])
    assert result.exit_code == 0, result.output
    assert "scored" in result.output and "unreachable" in result.output
    assert "2026.1" in result.output
    database = Database(str(fixture_path))
    try:
        assert database.require_campaign("april").rubric_version == "2026.1"
        by_shop = rows(ranks.leaderboard(database, "april"))
        assert by_shop[ELEKTROONIKA]["movement"] == "up 3"  # all months with 2026.1 now
    finally:
        database.dispose()
    bad = runner.invoke(app, ["score", "--campaign", "april", "--rubric", "0.1", *db_arg])
    assert bad.exit_code == 2

    folder = tmp_path / "out"
    result = runner.invoke(
        app,
        ["report", "ranking", "-c", "april", "--format", "html", "--out", str(folder), *db_arg],
    )
    assert result.exit_code == 0, result.output
    assert (folder / "ranking-april.html").is_file()
    result = runner.invoke(app, ["report", "ranking", "-c", "april", "--format", "md", *db_arg])
    assert result.exit_code == 0 and "| 1 | same |" in result.output

    result = runner.invoke(app, ["diff", "--from", "march", "--to", "april", *db_arg])
    assert result.exit_code == 0
    assert "chat kind changed: form_gated_widget → anonymous_widget" in result.output
    result = runner.invoke(
        app, ["diff", "--from", "march", "--to", "april", "--format", "csv", *db_arg]
    )
    assert result.exit_code == 0 and "'=HYPERLINK" in result.output
    missing = runner.invoke(app, ["diff", "--from", "nope", "--to", "april", *db_arg])
    assert missing.exit_code == 2


def test_output_paths_stay_in_their_folder(tmp_path: Path) -> None:
    name = default_name("ranking", "../../etc/evil", ".html")
    assert "/" not in name and not name.startswith(".")
    assert output_path(tmp_path, "ranking", "../x", ".csv").parent == tmp_path
    assert output_path(None, "ranking", "a/b", ".md") == Path("ranking-a_b.md")
