"""One row per shop of a campaign, as CSV, JSON or Parquet.

The columns are documented in the README ("Output columns"); ``COLUMNS`` is
the order they are written in. The visit columns come from ``Visit`` rows; the
chat columns from the ``vendor`` and ``access`` findings, read in one query; the
findability, hours and persistence columns from those probes' own ``columns()``.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import pandas as pd

from crawler.storage import Database

# The probes whose module has ``columns(finding | None) -> dict`` and the columns it fills.
PROBE_COLUMNS: dict[str, tuple[str, ...]] = {
    "findability": (
        "launcher_home_desktop",
        "launcher_product_desktop",
        "launcher_cart_desktop",
        "launcher_home_mobile",
        "launcher_product_mobile",
        "launcher_cart_mobile",
        "launcher_delay_ms",
        "auto_open",
    ),
    "hours": ("hours_shown", "hours", "hours_source", "status_at_visit", "status_matches_hours"),
    "persistence": ("persistence",),
}

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
    # From findings; empty for a visit without them (pending, failed, or never judged).
    "vendors",
    "primary_vendor",
    "chat_type",
    "chat_confidence",
    "prechat_fields",
    "dead_plugin",
    "bot_first",
    "consent",
    # Findability, service hours and persistence: each probe module maps its own finding.
    *(column for columns in PROBE_COLUMNS.values() for column in columns),
)
BOOLEAN_COLUMNS = ("dead_plugin", "bot_first", "auto_open", "hours_shown", "status_matches_hours")
INTEGER_COLUMNS = ("http_status", "duration_ms", "attempts", "launcher_delay_ms")
FIELD_ORDER = ("name", "email", "phone", "other")
FORMATS = ("csv", "json", "parquet")
# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _ordered_vendors(value: dict[str, Any]) -> list[str]:
    """Catalogue ids of the vendor finding: the primary first, then by confidence, then id."""
    vendors = [
        v
        for v in value.get("vendors", [])
        if isinstance(v, dict)
        and v.get("id")
        # A snippet whose bundle failed is no chat; the finding keeps it as evidence.
        and "broken" not in (v.get("flags") or [])
    ]
    primary = value.get("primary")
    vendors.sort(key=lambda v: (v["id"] != primary, -float(v.get("confidence") or 0), v["id"]))
    return [str(v["id"]) for v in vendors]


def _consent_cell(consent: Any) -> str:
    """``action:cmp`` (``accepted:Cybotcookiebot``), or the action alone when no CMP was named."""
    if not isinstance(consent, dict) or not consent.get("action"):
        return ""
    cmp = consent.get("cmp")
    return f"{consent['action']}:{cmp}" if cmp else str(consent["action"])


def finding_columns(vendor: Any, access: Any) -> dict[str, Any]:
    """The chat columns of one visit from its ``vendor`` and ``access`` findings (or None)."""
    row: dict[str, Any] = {
        "vendors": "",
        "primary_vendor": "",
        "chat_type": "",
        "chat_confidence": "",
        "prechat_fields": "",
        "dead_plugin": None,
        "bot_first": None,
        "consent": "",
    }
    if vendor is not None and vendor.outcome == "ok":
        row["vendors"] = ";".join(_ordered_vendors(vendor.value))
        row["primary_vendor"] = vendor.value.get("primary") or ""
    if access is not None:
        # The consent record is the visit's, so it is kept even when no chat was judged.
        row["consent"] = _consent_cell(access.value.get("consent"))
    if access is not None and access.outcome == "ok":
        value = access.value
        fields = set(value.get("prechat_fields") or [])
        row["chat_type"] = value.get("chat_type") or ""
        row["chat_confidence"] = value.get("confidence") or ""
        row["prechat_fields"] = ";".join(f for f in FIELD_ORDER if f in fields)
        row["dead_plugin"] = bool(value.get("dead_plugin"))
        row["bot_first"] = bool(value.get("bot_first"))
    return row


def probe_columns(probe_id: str, finding: Any) -> dict[str, Any]:
    """The export cells of one probe's finding (or of none), as its module maps them."""
    module = importlib.import_module(f"probes.{probe_id}")
    cells = dict(module.columns(finding))
    unknown = set(cells) - set(PROBE_COLUMNS[probe_id])
    if unknown:
        raise ValueError(f"probes.{probe_id}.columns() gave unknown columns {sorted(unknown)}")
    return {column: cells.get(column) for column in PROBE_COLUMNS[probe_id]}


def campaign_frame(db: Database, campaign_name: str) -> pd.DataFrame:
    """The export table of a campaign, one row per shop, ordered by shop."""
    campaign = db.require_campaign(campaign_name)
    assert campaign.id is not None
    found: dict[tuple[int | None, str], Any] = {}
    for visit, finding in db.findings(campaign.id):  # one query for the whole campaign
        found[(visit.id, finding.probe)] = finding
    rows: list[dict[str, Any]] = []
    for visit, shop in db.visits(campaign.id):
        done = visit.state == "done"
        # A visit put back in the queue keeps its old findings until redone: not shown.
        chat = finding_columns(
            found.get((visit.id, "vendor")) if done else None,
            found.get((visit.id, "access")) if done else None,
        )
        for probe_id in PROBE_COLUMNS:
            chat.update(probe_columns(probe_id, found.get((visit.id, probe_id)) if done else None))
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
                **chat,
            }
        )
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for column in INTEGER_COLUMNS:
        frame[column] = frame[column].astype("Int64")
    for column in BOOLEAN_COLUMNS:  # true / false, empty where nothing was judged
        frame[column] = frame[column].astype("boolean")
    return frame


def _csv_cell(value: Any) -> str:
    return "" if value is pd.NA or value is None else ("true" if value else "false")


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
            if pd.api.types.is_bool_dtype(safe[column]):
                safe[column] = safe[column].astype(object).map(_csv_cell)
            elif safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
                safe[column] = safe[column].map(neutralise_formula)
        safe.to_csv(tmp, index=False, encoding="utf-8")
    elif fmt == "json":
        records = json.loads(frame.to_json(orient="records", force_ascii=False))
        tmp.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        frame.to_parquet(tmp, index=False)
    tmp.replace(out)
    return out
