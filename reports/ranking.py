"""The monthly leaderboard: rank, score, movement since the previous campaign, history.

Every campaign of the shop list is scored with one rubric (the ranked
campaign's), so a movement is a change in the shop, never a change of rules.
Shops with the same score (to one decimal) share a rank ("1, 2, 2, 4").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from crawler import __version__
from crawler.storage import Database
from reports.data import campaign_date, campaign_history, visit_scores
from reports.scoring import get_rubric

FORMATS = ("md", "csv", "html")
COLUMNS = (
    "rank",
    "movement",
    "score",
    "change",
    "previous_rank",
    "previous_score",
    "shop",
    "name",
    "country",
    "category",
    "status",
    "history",
)
# Movements: "up N", "down N", "same", "new" (not in the previous campaign),
# "back" (there before but not scored), "not reached" (no score now), "gone"
# (in the previous campaign, not in this one).


@dataclass(frozen=True)
class Leaderboard:
    campaign: str
    date: datetime
    previous: str | None
    rubric: str
    history: list[str]  # the earlier campaigns, oldest first: what ``history`` cells refer to
    frame: pd.DataFrame


def competition_ranks(scores: dict[str, float]) -> dict[str, int]:
    """Rank by score, highest first; equal scores (one decimal) share the better rank."""
    rounded = {key: round(value, 1) for key, value in scores.items()}
    return {
        key: 1 + sum(1 for other in rounded.values() if other > value)
        for key, value in rounded.items()
    }


def _campaign_scores(db: Database, name: str, rubric: str) -> dict[str, float | None]:
    return {origin: score.overall for origin, score in visit_scores(db, name, rubric).items()}


def leaderboard(db: Database, campaign_name: str, rubric_version: str | None = None) -> Leaderboard:
    """The ranking of a campaign, with movement against the previous one of its shop list."""
    campaign = db.require_campaign(campaign_name)
    assert campaign.id is not None
    rubric = get_rubric(rubric_version or campaign.rubric_version).version
    history = campaign_history(db, campaign_name)
    earlier = history[:-1]
    past = {c.name: _campaign_scores(db, c.name, rubric) for c in earlier}
    now = _campaign_scores(db, campaign_name, rubric)
    previous = earlier[-1].name if earlier else None
    before = past.get(previous, {}) if previous else {}
    ranks = competition_ranks({k: v for k, v in now.items() if v is not None})
    ranks_before = competition_ranks({k: v for k, v in before.items() if v is not None})

    rows: list[dict[str, Any]] = []
    visits = db.visits(campaign.id)
    for visit, shop in visits:
        origin = shop.origin
        score = now.get(origin)
        rank = ranks.get(origin)
        was_rank = ranks_before.get(origin)
        if score is None:
            movement = "not reached"
        elif previous is None or origin not in before:
            movement = "new"
        elif was_rank is None:
            movement = "back"
        elif was_rank > (rank or 0):
            movement = f"up {was_rank - (rank or 0)}"
        elif was_rank < (rank or 0):
            movement = f"down {(rank or 0) - was_rank}"
        else:
            movement = "same"
        was_score = before.get(origin)
        rows.append(
            {
                "rank": rank,
                "movement": movement,
                "score": score,
                "change": (
                    round(score - was_score, 1)
                    if score is not None and was_score is not None
                    else None
                ),
                "previous_rank": was_rank,
                "previous_score": was_score,
                "shop": origin,
                "name": visit.name or shop.name,
                "country": visit.country or shop.country,
                "category": visit.category or shop.category,
                "status": visit.status if visit.state == "done" else "pending",
                "history": [past[c.name].get(origin) for c in earlier],
            }
        )
    if previous is not None:
        prev = db.require_campaign(previous)
        assert prev.id is not None
        present = {shop.origin for _, shop in visits}
        for visit, shop in db.visits(prev.id):
            if shop.origin in present:
                continue
            rows.append(
                {
                    "rank": None,
                    "movement": "gone",
                    "score": None,
                    "change": None,
                    "previous_rank": ranks_before.get(shop.origin),
                    "previous_score": before.get(shop.origin),
                    "shop": shop.origin,
                    "name": visit.name or shop.name,
                    "country": visit.country or shop.country,
                    "category": visit.category or shop.category,
                    "status": "gone",
                    "history": [past[c.name].get(shop.origin) for c in earlier],
                }
            )
    group = {"gone": 2, "not reached": 1}
    rows.sort(
        key=lambda r: (
            group.get(r["movement"], 0),
            r["rank"] if r["rank"] is not None else 0,
            r["previous_rank"] if r["previous_rank"] is not None else 10**9,
            str(r["name"]).casefold(),
            r["shop"],
        )
    )
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for column in ("rank", "previous_rank"):
        frame[column] = frame[column].astype("Int64")
    for column in ("score", "change", "previous_score"):
        frame[column] = frame[column].astype("Float64")
    return Leaderboard(
        campaign=campaign_name,
        date=campaign_date(campaign),
        previous=previous,
        rubric=rubric,
        history=[c.name for c in earlier],
        frame=frame,
    )


# -- output ------------------------------------------------------------------------------


def _num(value: Any, digits: int = 1) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if digits == 0:
        return str(int(value))
    return f"{float(value):.{digits}f}"


def _change(value: Any) -> str:
    text = _num(value)
    return f"+{text}" if text and not text.startswith("-") and float(value) > 0 else text


def history_text(values: list[float | None]) -> str:
    """Earlier scores, oldest first: ``48.6 → – → 55.0`` (– = no score that month)."""
    return " → ".join(_num(v) or "–" for v in values)


def csv_frame(board: Leaderboard) -> pd.DataFrame:
    """The leaderboard as flat text cells for CSV (history as ``campaign:score;...``)."""
    frame = board.frame.copy()
    frame["history"] = [
        ";".join(f"{name}:{_num(v)}" for name, v in zip(board.history, values, strict=True))
        for values in board.frame["history"]
    ]
    return frame


_MD_ESCAPE = re.compile(r"([\\`*_\[\]|~])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def md_cell(text: Any) -> str:
    """Text from a shop made inert in Markdown: no HTML, no links, no table breaks."""
    value = _CONTROL.sub(" ", str(text))
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_ESCAPE.sub(r"\\\1", value)


def markdown(board: Leaderboard) -> str:
    lines = [
        f"# Ranking: {md_cell(board.campaign)} ({board.date:%Y-%m-%d})",
        "",
        (
            f"Movement since {md_cell(board.previous)}; "
            if board.previous
            else "No earlier campaign of this shop list; "
        )
        + f"all campaigns scored with rubric {board.rubric}."
        + (
            f" History: {', '.join(md_cell(n) for n in board.history)} (oldest first)."
            if board.history
            else ""
        ),
        "",
        "| rank | movement | score | change | shop | name | country | category | history |",
        "|---:|---|---:|---:|---|---|---|---|---|",
    ]
    for row in board.frame.itertuples(index=False):
        lines.append(
            "| "
            + " | ".join(
                [
                    _num(row.rank, 0),
                    row.movement,
                    _num(row.score),
                    _change(row.change),
                    md_cell(row.shop),
                    md_cell(row.name),
                    md_cell(row.country),
                    md_cell(row.category),
                    history_text(row.history),
                ]
            )
            + " |"
        )
    return "\n".join(lines) + "\n"


def html(board: Leaderboard) -> str:
    """The leaderboard as one self-contained HTML page (autoescaped, no external requests)."""
    from reports.html import render

    rows = [
        {
            "rank": _num(row.rank, 0),
            "movement": row.movement,
            "direction": row.movement.split(" ")[0].replace(" ", "-"),
            "score": row.score if row.score is not pd.NA else None,
            "change": _change(row.change),
            "shop": row.shop,
            "name": row.name,
            "country": row.country,
            "category": row.category,
            "status": row.status,
            "history": [
                {"campaign": name, "score": _num(value) or "–"}
                for name, value in zip(board.history, row.history, strict=True)
            ],
        }
        for row in board.frame.itertuples(index=False)
    ]
    return render(
        "ranking.html",
        board=board,
        rows=rows,
        tool_version=__version__,
        generated_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        rubric=board.rubric,
    )


def write_ranking(board: Leaderboard, fmt: str, out: Path) -> Path:
    """Write the leaderboard as ``fmt`` to ``out`` (atomically)."""
    from reports.export import write_export

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "csv":
        return write_export(csv_frame(board), "csv", out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(markdown(board) if fmt == "md" else html(board), encoding="utf-8")
    tmp.replace(out)
    return out
