"""The tables reports are made from: a campaign's shops with their scores, and its history.

Campaigns of one shop list are ordered by their dates (``started_at``, else
``created_at``), never by their names, so "march" comes before "april".
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any

import pandas as pd
from sqlmodel import select

from crawler.storage import Database
from crawler.storage.models import Campaign, Finding
from reports.export import campaign_frame
from reports.scoring import (
    SCORE_PROBE,
    ShopScore,
    get_rubric,
    score_visit,
)

SCORE_COLUMNS = (
    "score_overall",
    "score_access",
    "score_findability",
    "score_hours",
    "score_persistence",
    "rubric",
)


def campaign_date(campaign: Campaign) -> datetime:
    """When a campaign ran: its start, else its creation (naive times read as UTC)."""
    return _utc(campaign.started_at or campaign.created_at)


def _utc(when: datetime) -> datetime:
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def same_list(a: str, b: str) -> bool:
    """Two campaigns' shop lists are one list: the same path as stored (``./x.csv`` = ``x.csv``)."""
    return os.path.normpath(a) == os.path.normpath(b) if a and b else a == b


def campaign_history(db: Database, campaign_name: str) -> list[Campaign]:
    """The campaigns of the same shop list up to and including this one, oldest first."""
    campaign = db.require_campaign(campaign_name)
    same = [c for c in db.campaigns() if same_list(c.shop_list, campaign.shop_list)]
    same.sort(key=lambda c: (campaign_date(c), c.id or 0))
    return same[: same.index(next(c for c in same if c.id == campaign.id)) + 1]


def previous_campaign(db: Database, campaign_name: str) -> Campaign | None:
    """The campaign of the same shop list that ran just before this one, by date."""
    history = campaign_history(db, campaign_name)
    return history[-2] if len(history) > 1 else None


def visit_scores(
    db: Database, campaign_name: str, rubric_version: str | None = None
) -> dict[str, ShopScore]:
    """Shop origin -> score of its visit (finished visits only).

    A stored ``score`` finding is used when it was made with the wanted rubric
    (by default the campaign's own, else the current one); otherwise the visit is
    scored on the fly from its stored findings, without writing anything.
    """
    campaign = db.require_campaign(campaign_name)
    assert campaign.id is not None
    rubric = get_rubric(rubric_version or campaign.rubric_version)
    found: dict[int, dict[str, Finding]] = {}
    for visit, finding in db.findings(campaign.id):
        assert visit.id is not None
        found.setdefault(visit.id, {})[finding.probe] = finding
    scores: dict[str, ShopScore] = {}
    for visit, shop in db.visits(campaign.id):
        if visit.state != "done" or visit.id is None:
            continue
        findings = found.get(visit.id, {})
        stored = findings.get(SCORE_PROBE)
        if stored is not None and stored.value.get("rubric") == rubric.version:
            judged_at = [f.created_at for p, f in findings.items() if p != SCORE_PROBE]
            # A probe re-run after scoring (``chatshopper probe``) makes the stored score stale.
            if all(_utc(stored.created_at) >= _utc(when) for when in judged_at):
                scores[shop.origin] = ShopScore.from_json(stored.value)
                continue
        judged = {
            probe: (f.outcome, f.value) for probe, f in findings.items() if probe != SCORE_PROBE
        }
        scores[shop.origin] = score_visit(visit.status, judged, rubric)
    return scores


def _score_cells(score: ShopScore | None) -> dict[str, Any]:
    cells: dict[str, Any] = {column: None for column in SCORE_COLUMNS}
    if score is None:
        cells["rubric"] = ""
        return cells
    cells["score_overall"] = score.overall
    for name in ("access", "findability", "hours", "persistence"):
        category = score.categories.get(name)
        cells[f"score_{name}"] = category.score if category is not None else None
    cells["rubric"] = score.rubric
    return cells


def campaign_table(
    db: Database, campaign_name: str, rubric_version: str | None = None
) -> pd.DataFrame:
    """One row per shop: every export column plus the scores and the rubric they used."""
    frame = campaign_frame(db, campaign_name)
    scores = visit_scores(db, campaign_name, rubric_version)
    cells = [_score_cells(scores.get(origin)) for origin in frame["shop"]]
    extra = pd.DataFrame(cells, columns=list(SCORE_COLUMNS), index=frame.index)
    for column in SCORE_COLUMNS[:-1]:
        extra[column] = extra[column].astype("Float64")
    return pd.concat([frame, extra], axis=1)


def _origin_candidates(shop: str) -> list[str]:
    shop = shop.strip()
    candidates = [shop, shop.rstrip("/")]
    if "://" not in shop:
        candidates += [f"https://{shop.rstrip('/')}", f"http://{shop.rstrip('/')}"]
    return list(dict.fromkeys(candidates))


def shop_findings(db: Database, campaign_name: str, shop_origin: str) -> dict[str, Finding]:
    """probe -> Finding of one shop's visit in a campaign (``score`` included when stored).

    ``shop_origin`` is the origin (``https://www.example.ee``); a bare host is
    accepted too. Raises ``LookupError`` when the shop was not in the campaign.
    """
    campaign = db.require_campaign(campaign_name)
    assert campaign.id is not None
    wanted = _origin_candidates(shop_origin)
    visit_id = next(
        (visit.id for visit, shop in db.visits(campaign.id) if shop.origin in wanted), None
    )
    if visit_id is None:
        raise LookupError(f"shop {shop_origin!r} was not in campaign {campaign_name!r}")
    with db.session() as session:
        rows = session.exec(select(Finding).where(Finding.visit_id == visit_id)).all()
    return {finding.probe: finding for finding in rows}
