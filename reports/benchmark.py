"""The benchmark report: a campaign across shops, as a researcher reads it.

Shares, vendor shares, score distributions and breakdowns are counted from the
campaign table (``reports.data.campaign_table``: the export columns and the
scores, all from findings). Each share carries its ``n`` and ``N`` and a
definition, so every number on the page can be traced and re-counted from the
CSV written beside it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from crawler import __version__
from crawler.storage import Database
from reports.html import Bar, ScreenshotInliner, inside, write_html

CHAT_KINDS: tuple[tuple[str, str], ...] = (
    ("anonymous_widget", "Anonymous widget"),
    ("form_gated_widget", "Form-gated widget"),
    ("offline_form", "Offline form only"),
    ("messenger", "Messenger"),
    ("link_out", "Link out (WhatsApp, ...)"),
    ("none", "No chat"),
)
KIND_LABELS = dict(CHAT_KINDS)
FIELD_LABELS = {"name": "name", "email": "e-mail", "phone": "phone", "other": "other field"}
SCORE_COLUMNS = (
    ("score_overall", "Overall"),
    ("score_access", "Access"),
    ("score_findability", "Findability"),
    ("score_hours", "Service hours"),
    ("score_persistence", "Persistence"),
)
LAUNCHER_PAGES = (
    "home_desktop",
    "product_desktop",
    "cart_desktop",
    "home_mobile",
    "product_mobile",
    "cart_mobile",
)
AUDITS = "audits"


def truth(value: Any) -> bool | None:
    """True / False / None (unknown) from a table cell: bool, "true"/"false" or empty."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and pd.isna(value):
        return None
    if isinstance(value, str):
        text = value.strip().lower()
        return True if text == "true" else False if text == "false" else None
    return bool(value)


def number(value: Any) -> float | None:
    if value is None or value is pd.NA or value == "":
        return None
    try:
        result = float(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(result) else result


@dataclass(frozen=True)
class Share:
    """One headline number: ``n`` shops of ``total``, and what was counted."""

    key: str
    label: str
    n: int
    total: int
    definition: str
    indent: bool = False

    @property
    def share(self) -> float | None:
        return self.n / self.total if self.total else None

    def bar(self) -> Bar:
        return Bar(self.label, self.n, self.total)


def _col(frame: pd.DataFrame, name: str) -> pd.Series:
    """A column, or an all-empty one when this campaign's table lacks it (probe not run)."""
    if name in frame.columns:
        return frame[name]
    return pd.Series([None] * len(frame), index=frame.index, dtype=object)


def reached_mask(frame: pd.DataFrame) -> pd.Series:
    """Shops whose pages were seen and judged: an ``access`` finding with a chat kind."""
    kinds = _col(frame, "chat_type").fillna("").astype(str)
    status = _col(frame, "status").fillna("").astype(str)
    return status.isin(["ok", "timeout"]) & (kinds != "")


def _count(rows: pd.DataFrame, test: Callable[[Any], bool]) -> int:
    return int(sum(1 for _, row in rows.iterrows() if test(row)))


def _fields(row: pd.Series) -> set[str]:
    return {f for f in str(row.get("prechat_fields") or "").split(";") if f}


def _has_field(field: str, row: pd.Series) -> bool:
    return field in _fields(row)


def _is_true(column: str, row: pd.Series) -> bool:
    return truth(row.get(column)) is True


def headline_shares(frame: pd.DataFrame) -> list[Share]:
    """The headline shares of a (filtered) campaign table, in reading order."""
    reached = frame[reached_mask(frame)]
    n_all, n_reached = len(frame), len(reached)
    kind = reached["chat_type"].astype(str) if n_reached else pd.Series([], dtype=str)
    with_chat = reached[kind != "none"] if n_reached else reached
    gated = reached[kind == "form_gated_widget"] if n_reached else reached
    shares = [
        Share(
            "reached",
            "Shops reached",
            n_reached,
            n_all,
            "visits whose pages were seen and judged by the access probe, of all shops in the list",
        ),
        Share(
            "any_chat",
            "With any chat",
            len(with_chat),
            n_reached,
            "a chat kind other than none: widget, offline form, Messenger or link out "
            "(a dead Messenger plugin alone is no chat)",
        ),
    ]
    for key, label in CHAT_KINDS:
        shares.append(
            Share(
                f"kind_{key}",
                label,
                int((kind == key).sum()) if n_reached else 0,
                n_reached,
                f"access.chat_type = {key}",
                indent=True,
            )
        )
    messenger = _count(
        reached, lambda r: r.get("chat_type") == "messenger" or truth(r.get("dead_plugin")) is True
    )
    dead = _count(reached, lambda r: truth(r.get("dead_plugin")) is True)
    shares += [
        Share(
            "messenger_incl_dead",
            "Messenger, incl. dead plugins",
            messenger,
            n_reached,
            "chat kind messenger, or Messenger Chat Plugin markup after its shutdown on 9 May 2024",
        ),
        Share(
            "dead_plugin",
            "Dead Messenger plugin",
            dead,
            n_reached,
            "access.dead_plugin: plugin markup that shows no working chat",
            indent=True,
        ),
        Share(
            "anonymous",
            "Anonymous chat",
            int((kind == "anonymous_widget").sum()) if n_reached else 0,
            n_reached,
            "an on-site widget where a question can be typed at once",
        ),
        Share(
            "form_gated",
            "Form-gated chat",
            len(gated),
            n_reached,
            "a widget that requires a form before the first message",
        ),
    ]
    for key in ("name", "email", "phone", "other"):
        shares.append(
            Share(
                f"gate_{key}",
                f"asks for {FIELD_LABELS[key]}",
                _count(gated, partial(_has_field, key)),
                len(gated),
                f"of form-gated chats, those whose required fields include {FIELD_LABELS[key]}",
                indent=True,
            )
        )
    shares.append(
        Share(
            "hours_shown",
            "Service hours shown",
            _count(reached, lambda r: truth(r.get("hours_shown")) is True),
            _count(reached, lambda r: truth(r.get("hours_shown")) is not None),
            "hours.shown: hours in the widget, greeting, contact page, footer or page text; "
            "of shops where the hours probe gave a verdict",
        )
    )
    for key, label, column in (
        ("cart", "Chat visible in the cart", "launcher_cart_desktop"),
        ("mobile", "Chat visible on mobile (home)", "launcher_home_mobile"),
    ):
        known = with_chat[[truth(v) is not None for v in _col(with_chat, column)]]
        shares.append(
            Share(
                f"visible_{key}",
                label,
                _count(known, partial(_is_true, column)),
                len(known),
                f"findability {column.removeprefix('launcher_')}: launcher visible in the first "
                "viewport; of shops with a chat where that page was reached",
            )
        )
    persistence = _col(with_chat, "persistence").fillna("").astype(str)
    shares.append(
        Share(
            "persists",
            "Conversation persists",
            int((persistence == "persists").sum()),
            int(persistence.isin(["persists", "lost"]).sum()),
            "persistence = persists (survives reload and navigation), of shops with a chat "
            "where it could be decided (persists or lost; unknown left out)",
        )
    )
    return shares


def vendor_shares(frame: pd.DataFrame) -> pd.DataFrame:
    """Per vendor: shops where it was detected, shops where it was the primary one, of reached."""
    reached = frame[reached_mask(frame)]
    seen: Counter[str] = Counter()
    primary: Counter[str] = Counter()
    for _, row in reached.iterrows():
        seen.update({v for v in str(row.get("vendors") or "").split(";") if v})
        if row.get("primary_vendor"):
            primary[str(row["primary_vendor"])] += 1
    names = _vendor_names()
    rows = [
        {
            "vendor": vendor,
            "name": names.get(vendor, vendor),
            "shops": count,
            "primary": primary.get(vendor, 0),
            "reached": len(reached),
            "share": round(count / len(reached), 4) if len(reached) else None,
        }
        for vendor, count in sorted(seen.items(), key=lambda item: (-item[1], item[0]))
    ]
    columns = ["vendor", "name", "shops", "primary", "reached", "share"]
    return pd.DataFrame(rows, columns=columns)


def _vendor_names() -> dict[str, str]:
    from probes.catalogue import catalogue

    return {vendor.id: vendor.name for vendor in catalogue()}


def _median(values: Iterable[Any]) -> float | None:
    numbers = [v for v in (number(x) for x in values) if v is not None]
    return float(pd.Series(numbers).median()) if numbers else None


def breakdown(frame: pd.DataFrame, column: str) -> list[dict[str, Any]]:
    """One row per value of ``column`` (country or category): the main shares and the median."""
    rows: list[dict[str, Any]] = []
    values = _col(frame, column).fillna("").astype(str)
    for value in sorted(set(values)):
        group = frame[values == value]
        reached = group[reached_mask(group)]
        kind = reached["chat_type"].astype(str)
        rows.append(
            {
                "value": value or "(not given)",
                "shops": len(group),
                "reached": len(reached),
                "any_chat": int((kind != "none").sum()),
                "anonymous": int((kind == "anonymous_widget").sum()),
                "messenger": int((kind == "messenger").sum()),
                "form_gated": int((kind == "form_gated_widget").sum()),
                "median": _median(_col(reached, "score_overall")),
            }
        )
    return rows


def not_reached(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Shops not reached, by visit status, with their most common errors."""
    missed = frame[~reached_mask(frame)]
    groups: dict[str, list[str]] = {}
    for _, row in missed.iterrows():
        status = str(row.get("status") or "pending")
        if status in ("ok", "timeout"):
            status = f"{status}, not judged"
        groups.setdefault(status, []).append(str(row.get("error") or "").strip()[:120])
    rows = []
    for status, errors in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])):
        common = Counter(e for e in errors if e).most_common(3)
        rows.append({"status": status, "shops": len(errors), "errors": common})
    return rows


def filter_frame(frame: pd.DataFrame, country: str | None, category: str | None) -> pd.DataFrame:
    result = frame
    if country:
        result = result[_col(result, "country").fillna("").str.upper() == country.upper()]
    if category:
        wanted = category.casefold()
        result = result[_col(result, "category").fillna("").str.casefold() == wanted]
    return result


def _score_class(value: Any) -> str:
    score = number(value)
    if score is None:
        return ""
    return "good" if score >= 70 else "mid" if score >= 40 else "low"


def _settings(config: dict[str, Any]) -> list[tuple[str, str]]:
    """Campaign.config flattened to (setting, value) pairs for the method section."""
    pairs: list[tuple[str, str]] = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key in sorted(value):
                walk(f"{prefix}.{key}" if prefix else str(key), value[key])
        elif isinstance(value, list | tuple):
            pairs.append((prefix, ", ".join(str(v) for v in value)))
        elif isinstance(value, bool):
            pairs.append((prefix, "yes" if value else "no"))
        else:
            pairs.append((prefix, "–" if value is None or value == "" else str(value)))

    walk("", config)
    return pairs


def shop_rows(frame: pd.DataFrame, audit_names: dict[str, str]) -> list[dict[str, Any]]:
    rows = []
    ordered = frame.assign(_score=[number(v) for v in _col(frame, "score_overall")]).sort_values(
        by=["_score", "shop"], ascending=[False, True], na_position="last"
    )
    for _, row in ordered.iterrows():
        kind = str(row.get("chat_type") or "")
        rows.append(
            {
                "shop": row["shop"],
                "name": str(row.get("name") or "") or row["shop"],
                "country": str(row.get("country") or ""),
                "category": str(row.get("category") or ""),
                "status": str(row.get("status") or ""),
                "kind": KIND_LABELS.get(kind, kind),
                "vendor": str(row.get("primary_vendor") or ""),
                "score": number(row.get("score_overall")),
                "score_class": _score_class(row.get("score_overall")),
                "audit": f"{AUDITS}/{audit_names[row['shop']]}"
                if row["shop"] in audit_names
                else None,
            }
        )
    return rows


def write_tables(
    out: Path, frame: pd.DataFrame, shares: list[Share], vendors: pd.DataFrame
) -> list[Path]:
    """CSV (formula cells neutralised) and Parquet of the shops, headline and vendor tables."""
    from reports.export import write_export

    headline = pd.DataFrame(
        [
            {
                "measure": s.key,
                "label": s.label,
                "n": s.n,
                "N": s.total,
                "share": round(s.share, 4) if s.share is not None else None,
                "definition": s.definition,
            }
            for s in shares
        ],
        columns=["measure", "label", "n", "N", "share", "definition"],
    )
    written = []
    for name, table in (("shops", frame), ("headline", headline), ("vendors", vendors)):
        for fmt in ("csv", "parquet"):
            written.append(write_export(table, fmt, inside(out, f"{name}.{fmt}")))
    return written


@dataclass
class BenchmarkResult:
    index: Path
    tables: list[Path]
    audits: list[Path]
    shops: int


def write_benchmark(
    db: Database,
    campaign_name: str,
    out: Path,
    *,
    country: str | None = None,
    category: str | None = None,
    audits: bool = True,
) -> BenchmarkResult:
    """Write ``index.html``, the tables and (by default) one audit per shop under ``out``."""
    from reports.audit import CampaignFindings, load_previous, write_audit
    from reports.data import campaign_table

    campaign = db.require_campaign(campaign_name)
    table = campaign_table(db, campaign_name)
    frame = filter_frame(table, country, category).reset_index(drop=True)
    out.mkdir(parents=True, exist_ok=True)
    shares = headline_shares(frame)
    vendors = vendor_shares(frame)
    tables = write_tables(out, frame, shares, vendors)

    audit_paths: list[Path] = []
    audit_names: dict[str, str] = {}
    if audits:
        previous = load_previous(db, campaign_name)
        found = CampaignFindings(db, campaign_name)
        with ScreenshotInliner() as inliner:
            for shop in frame["shop"]:
                path = write_audit(
                    db,
                    campaign_name,
                    str(shop),
                    out / AUDITS,
                    country=country,
                    category=category,
                    pdf=False,
                    inliner=inliner,
                    back_link="../index.html",
                    table=table,
                    found=found,
                    previous=previous,
                ).html
                audit_names[str(shop)] = path.name
                audit_paths.append(path)

    shares_by_key = {s.key: s for s in shares}
    reached = frame[reached_mask(frame)]
    distributions = [
        (label, [number(v) for v in _col(reached, column)], _median(_col(reached, column)))
        for column, label in SCORE_COLUMNS
    ]
    scope = ", ".join(
        part for part in (f"country {country.upper()}" if country else "", category or "") if part
    )
    index = write_html(
        inside(out, "index.html"),
        "benchmark.html",
        campaign=campaign,
        scope=scope,
        shares=shares,
        share=shares_by_key,
        kind_bars=[s.bar() for s in shares if s.key.startswith("kind_")],
        headline_bars=[
            shares_by_key[k].bar()
            for k in (
                "any_chat",
                "anonymous",
                "form_gated",
                "messenger_incl_dead",
                "hours_shown",
                "visible_cart",
                "visible_mobile",
                "persists",
            )
        ],
        vendors=vendors.to_dict("records"),
        vendor_bars=[
            Bar(str(r["name"]), int(r["shops"]), int(r["reached"]))
            for r in vendors.to_dict("records")[:15]
        ],
        distributions=distributions,
        by_country=breakdown(frame, "country"),
        by_category=breakdown(frame, "category"),
        missed=not_reached(frame),
        settings=_settings(campaign.config),
        shops=shop_rows(frame, audit_names),
        tables=[p.name for p in tables],
        rubric=_rubric_of(frame, campaign),
        rubric_items=_rubric_items(_rubric_of(frame, campaign)),
        tool_version=__version__,
        generated_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )
    return BenchmarkResult(index=index, tables=tables, audits=audit_paths, shops=len(frame))


def _rubric_of(frame: pd.DataFrame, campaign: Any) -> str:
    versions = sorted({str(v) for v in _col(frame, "rubric").dropna() if str(v)})
    return ", ".join(versions) or (campaign.rubric_version or "")


def _rubric_items(version: str) -> list[dict[str, Any]]:
    """The rubric's categories and weighted references, for the method section."""
    from reports import scoring

    rubric = scoring.RUBRICS.get(version)
    if rubric is None:
        return []
    return rubric_rows(rubric)


def rubric_rows(rubric: Any) -> list[dict[str, Any]]:
    from reports.scoring import credit_text

    rows = []
    for category in rubric.categories:
        for item in category.items:
            rows.append(
                {
                    "category": f"{category.name} ({category.weight:g})",
                    "ref": item.ref,
                    "title": item.title,
                    "weight": f"{item.weight:g}",
                    "credit": credit_text(item),
                    "reason": item.reason,
                }
            )
    return rows
