"""One row per shop of a campaign, as CSV, JSON or Parquet.

The columns are documented in the README ("Output columns"); ``COLUMNS`` is
the order they are written in. Later capabilities add columns from findings.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from crawler.storage import Database

COLUMNS = (
    "shop",
    "url",
    "name",
    "country",
    "category",
    "tags",
    "status",
    "error",
    "http_status",
    "final_url",
    "visited_at",
    "duration_ms",
    "attempts",
    "evidence",
)
FORMATS = ("csv", "json", "parquet")
# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def campaign_frame(db: Database, campaign_name: str) -> pd.DataFrame:
    """The export table of a campaign, one row per shop, ordered by shop."""
    campaign = db.require_campaign(campaign_name)
    assert campaign.id is not None
    rows: list[dict[str, Any]] = []
    for visit, shop in db.visits(campaign.id):
        done = visit.state == "done"
        rows.append(
            {
                "shop": shop.origin,
                "url": visit.start_url,
                "name": visit.name or shop.name,
                "country": visit.country or shop.country,
                "category": visit.category or shop.category,
                "tags": ";".join(visit.tags),
                "status": visit.status if done else "pending",
                "error": visit.error or "",
                "http_status": visit.http_status,
                "final_url": visit.final_url or "",
                "visited_at": visit.finished_at.isoformat() if done and visit.finished_at else "",
                "duration_ms": visit.duration_ms,
                "attempts": visit.attempts,
                "evidence": visit.evidence_path or "",
            }
        )
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame["http_status"] = frame["http_status"].astype("Int64")
    frame["duration_ms"] = frame["duration_ms"].astype("Int64")
    frame["attempts"] = frame["attempts"].astype("Int64")
    return frame


def neutralise_formula(value: Any) -> Any:
    """Prefix text a spreadsheet would run as a formula with a quote (OWASP's advice)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_export(frame: pd.DataFrame, fmt: str, out: Path) -> Path:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    if fmt == "csv":
        safe = frame.copy()
        for column in safe.columns:
            if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
                safe[column] = safe[column].map(neutralise_formula)
        safe.to_csv(tmp, index=False, encoding="utf-8")
    elif fmt == "json":
        records = json.loads(frame.to_json(orient="records", force_ascii=False))
        tmp.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        frame.to_parquet(tmp, index=False)
    tmp.replace(out)
    return out
