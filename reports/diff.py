"""What changed per shop between two campaigns, read from their stored findings.

Both campaigns are scored with one rubric (the later campaign's unless told),
so a score change is a change in the shop. A finding that is unknown on either
side (page not reached, probe not applicable) is not reported as a change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from crawler.storage import Database
from crawler.storage.models import Finding
from reports.data import campaign_date
from reports.ranking import md_cell
from reports.scoring import NOTHING_SEEN, ShopScore, get_rubric, score_visit

FORMATS = ("text", "csv", "md")
CART_PAGES = {"cart-desktop": "desktop", "cart-mobile": "mobile"}
MOBILE_PAGES = ("home-mobile", "product-mobile", "cart-mobile")


@dataclass
class ShopSide:
    """One shop in one campaign: its visit status, ok findings and score."""

    status: str
    findings: dict[str, Mapping[str, Any]]  # probe -> value of an ``ok`` finding
    score: ShopScore

    @property
    def reached(self) -> bool:
        return self.status not in NOTHING_SEEN and self.score.overall is not None


@dataclass
class ShopDiff:
    shop: str
    name: str
    state: str  # changed | same | new | gone
    changes: list[str] = field(default_factory=list)
    score_from: float | None = None
    score_to: float | None = None


@dataclass
class CampaignDiff:
    source: str
    target: str
    rubric: str
    shops: list[ShopDiff]
    backwards: bool = False  # ``source`` ran after ``target``: the lines read back in time

    def count(self, state: str) -> int:
        return sum(1 for shop in self.shops if shop.state == state)


def _sides(
    db: Database, campaign_name: str, rubric_version: str
) -> dict[str, tuple[str, ShopSide]]:
    """origin -> (name, side) for every visit of a campaign."""
    from reports.data import visit_scores

    campaign = db.require_campaign(campaign_name)
    assert campaign.id is not None
    rubric = get_rubric(rubric_version)
    scores = visit_scores(db, campaign_name, rubric.version)
    found: dict[int, dict[str, Finding]] = {}
    for visit, finding in db.findings(campaign.id):
        assert visit.id is not None
        found.setdefault(visit.id, {})[finding.probe] = finding
    sides: dict[str, tuple[str, ShopSide]] = {}
    for visit, shop in db.visits(campaign.id):
        assert visit.id is not None
        status = visit.status if visit.state == "done" and visit.status else "pending"
        findings = found.get(visit.id, {}) if visit.state == "done" else {}
        ok = {probe: f.value for probe, f in findings.items() if f.outcome == "ok"}
        score = scores.get(shop.origin) or score_visit(None, {}, rubric)
        sides[shop.origin] = (visit.name or shop.name, ShopSide(status, ok, score))
    return sides


def _get(side: ShopSide, probe: str, *keys: str) -> Any:
    value: Any = side.findings.get(probe)
    for key in keys:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def _visible(side: ShopSide, page: str) -> bool | None:
    visible = _get(side, "findability", "pages", page, "visible")
    return visible if isinstance(visible, bool) else None


def _any_visible(side: ShopSide, pages: tuple[str, ...]) -> bool | None:
    seen = [_visible(side, page) for page in pages]
    if any(v is True for v in seen):
        return True
    if seen and all(v is False for v in seen):
        return False
    return None


def finding_changes(old: ShopSide, new: ShopSide) -> list[str]:
    """Plain-English lines for what differs between two reached visits of one shop."""
    lines: list[str] = []
    if "vendor" in old.findings and "vendor" in new.findings:
        was, now = _get(old, "vendor", "primary"), _get(new, "vendor", "primary")
        if was != now:
            if was and now:
                lines.append(f"vendor changed: {was} → {now}")
            elif now:
                lines.append(f"vendor appeared: {now}")
            else:
                lines.append(f"vendor gone: {was}")
    if "access" in old.findings and "access" in new.findings:
        was, now = _get(old, "access", "chat_type"), _get(new, "access", "chat_type")
        if was != now:
            lines.append(f"chat kind changed: {was} → {now}")
        elif now == "form_gated_widget":
            f_was = ", ".join(_get(old, "access", "prechat_fields") or []) or "none"
            f_now = ", ".join(_get(new, "access", "prechat_fields") or []) or "none"
            if f_was != f_now:
                lines.append(f"required pre-chat fields: {f_was} → {f_now}")
        d_was = bool(_get(old, "access", "dead_plugin"))
        d_now = bool(_get(new, "access", "dead_plugin"))
        if d_was != d_now:
            lines.append(
                "dead Messenger plugin appeared" if d_now else "dead Messenger plugin removed"
            )
    for page, profile in CART_PAGES.items():
        was, now = _visible(old, page), _visible(new, page)
        if was is True and now is False:
            lines.append(f"chat gone from the cart ({profile})")
        elif was is False and now is True:
            lines.append(f"chat appeared in the cart ({profile})")
    was, now = _any_visible(old, MOBILE_PAGES), _any_visible(new, MOBILE_PAGES)
    if was is True and now is False:
        lines.append("mobile launcher gone: no chat visible on any mobile page")
    elif was is False and now is True:
        lines.append("mobile launcher appeared")
    if "hours" in old.findings and "hours" in new.findings:
        was, now = _get(old, "hours", "shown"), _get(new, "hours", "shown")
        if was is False and now is True:
            lines.append(f"service hours appeared ({_get(new, 'hours', 'source') or 'page'})")
        elif was is True and now is False:
            lines.append("service hours disappeared")
        elif was and now:
            h_was = _get(old, "hours", "opening_hours")
            h_now = _get(new, "hours", "opening_hours")
            if h_was and h_now and h_was != h_now:
                lines.append(f"service hours changed: {h_was} → {h_now}")
    was = _get(old, "persistence", "persistence")
    now = _get(new, "persistence", "persistence")
    if was and now and was != now:
        lines.append(f"persistence changed: {was} → {now}")
    return lines


def campaign_diff(
    db: Database, source: str, target: str, rubric_version: str | None = None
) -> CampaignDiff:
    """Per shop what changed from campaign ``source`` to ``target``, plus new and gone shops."""
    later = db.require_campaign(target)
    earlier = db.require_campaign(source)
    rubric = get_rubric(rubric_version or later.rubric_version).version
    old = _sides(db, source, rubric)
    new = _sides(db, target, rubric)
    shops: list[ShopDiff] = []
    for origin in sorted(set(old) | set(new)):
        if origin not in old:
            name, side = new[origin]
            shops.append(ShopDiff(origin, name, "new", [], None, side.score.overall))
            continue
        if origin not in new:
            name, side = old[origin]
            shops.append(ShopDiff(origin, name, "gone", [], side.score.overall, None))
            continue
        _, was = old[origin]
        name, now = new[origin]
        lines: list[str] = []
        if was.reached and now.reached:
            lines = finding_changes(was, now)
        elif was.reached:
            lines.append(f"not reached this time (visit {now.status})")
        elif now.reached:
            lines.append(f"reached again (was {was.status})")
        elif was.status != now.status:
            lines.append(f"still not reached (visit {was.status} → {now.status})")
        s_was, s_now = was.score.overall, now.score.overall
        if s_was is not None and s_now is not None and round(s_was, 1) != round(s_now, 1):
            lines.append(f"score {s_was:.1f} → {s_now:.1f} ({s_now - s_was:+.1f})")
        shops.append(ShopDiff(origin, name, "changed" if lines else "same", lines, s_was, s_now))
    return CampaignDiff(
        source=source,
        target=target,
        rubric=rubric,
        shops=shops,
        backwards=campaign_date(earlier) > campaign_date(later),
    )


# -- output ------------------------------------------------------------------------------


def _plain(text: Any) -> str:
    """Shop text safe for a terminal: no control characters (no escape sequences)."""
    return "".join(" " if ord(ch) < 32 or 127 <= ord(ch) < 160 else ch for ch in str(text))


def _label(shop: ShopDiff) -> str:
    return shop.shop + (f" ({shop.name})" if shop.name else "")


def text(diff: CampaignDiff) -> str:
    lines = [
        f"diff {_plain(diff.source)} → {_plain(diff.target)} (rubric {diff.rubric}): "
        f"{diff.count('changed')} changed, {diff.count('same')} unchanged, "
        f"{diff.count('new')} new, {diff.count('gone')} gone"
    ]
    for shop in diff.shops:
        if shop.state == "changed":
            lines.append(_plain(_label(shop)))
            lines += [f"  - {_plain(line)}" for line in shop.changes]
    for state in ("new", "gone"):
        for shop in diff.shops:
            if shop.state == state:
                lines.append(f"{state}: {_plain(_label(shop))}")
    return "\n".join(lines) + "\n"


def markdown(diff: CampaignDiff) -> str:
    lines = [
        f"# Changes from {md_cell(diff.source)} to {md_cell(diff.target)}",
        "",
        f"Both scored with rubric {diff.rubric}. {diff.count('changed')} shops changed, "
        f"{diff.count('same')} unchanged, {diff.count('new')} new, {diff.count('gone')} gone.",
        "",
    ]
    for shop in diff.shops:
        if shop.state == "changed":
            lines.append(f"## {md_cell(_label(shop))}")
            lines.append("")
            lines += [f"- {md_cell(line)}" for line in shop.changes]
            lines.append("")
    for state in ("new", "gone"):
        names = [md_cell(_label(s)) for s in diff.shops if s.state == state]
        if names:
            lines.append(f"## {state.capitalize()} shops")
            lines.append("")
            lines += [f"- {name}" for name in names]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def frame(diff: CampaignDiff) -> pd.DataFrame:
    """One row per change (one row for a new, gone or unchanged shop)."""
    rows: list[dict[str, Any]] = []
    for shop in diff.shops:
        for line in shop.changes or [""]:
            rows.append(
                {
                    "shop": shop.shop,
                    "name": shop.name,
                    "state": shop.state,
                    "change": line,
                    "score_from": shop.score_from,
                    "score_to": shop.score_to,
                    "from_campaign": diff.source,
                    "to_campaign": diff.target,
                    "rubric": diff.rubric,
                }
            )
    result = pd.DataFrame(rows)
    for column in ("score_from", "score_to"):
        if column in result:
            result[column] = result[column].astype("Float64")
    return result
