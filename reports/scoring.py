"""The scoring rubric: categories of weighted finding references, versioned.

Shaped like Lighthouse's categories: a category is a weighted list of
references into the findings (``access.chat_type``, ``hours.shown``), and every
weight carries a one-line reason taken from the domain (``shared/domain.md``).
A score is the weighted share of credit earned, 0-100. An item whose finding is
missing, unknown or not applicable weighs 0 and is listed as such, so a shop is
never punished for what could not be seen.

A shop with no chat at all earns 0 on every item that needs a chat (the chat
categories access, findability and persistence, and the chat's own hours
items) but still earns the hours it shows elsewhere (contact page, footer).

Rubrics are data: a new version is a new entry in ``RUBRICS`` with its change
described, and ``chatshopper score --campaign NAME --rubric VERSION`` re-scores
stored findings without visiting a shop again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from crawler.storage import Database

SCORE_PROBE = "score"
# A visit ending like this saw no page; it gets no score (and is counted, not ranked last).
NOTHING_SEEN = ("unreachable", "http_error", "blocked_robots", "error")
CATEGORY_ORDER = ("access", "findability", "hours", "persistence", "response")
CHAT_KINDS = (
    "anonymous_widget",
    "form_gated_widget",
    "offline_form",
    "messenger",
    "link_out",
    "none",
)
PAGES = (
    "home-desktop",
    "product-desktop",
    "cart-desktop",
    "home-mobile",
    "product-mobile",
    "cart-mobile",
)

# What one item of a rubric found: earned credit 0..1 (None = unknown / not applicable)
# and a short human text of what the finding said.
Judgement = tuple[float | None, str]
FindingMap = Mapping[str, tuple[str, Mapping[str, Any]]]


# -- results -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemScore:
    """One weighted item of a category, as judged for one shop."""

    ref: str
    weight: float
    earned: float | None  # 0..1; None when unknown or not applicable
    applicable: bool
    reason: str  # why this weight (from the domain)
    observed: str  # what the finding said

    @property
    def points(self) -> float:
        return self.weight * (self.earned or 0.0) if self.applicable else 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "weight": self.weight,
            "earned": self.earned,
            "applicable": self.applicable,
            "reason": self.reason,
            "observed": self.observed,
        }


@dataclass(frozen=True)
class CategoryScore:
    """A category's score 0-100 (None when no item could be judged) and its items."""

    score: float | None
    items: list[ItemScore]
    weight: float = 0.0  # the category's weight in the overall score
    title: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "weight": self.weight,
            "title": self.title,
            "items": [item.as_json() for item in self.items],
        }


@dataclass(frozen=True)
class ShopScore:
    """Overall score (weighted mean of the judged categories) and the categories."""

    overall: float | None
    categories: dict[str, CategoryScore]
    rubric: str = ""
    reason: str = ""  # why there is no score, when there is none

    def as_json(self) -> dict[str, Any]:
        return {
            "rubric": self.rubric,
            "overall": self.overall,
            "reason": self.reason,
            "categories": {name: cat.as_json() for name, cat in self.categories.items()},
        }

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> ShopScore:
        """Read back the value of a stored ``score`` finding."""
        categories = {
            name: CategoryScore(
                score=cat.get("score"),
                weight=float(cat.get("weight") or 0),
                title=str(cat.get("title") or ""),
                items=[
                    ItemScore(
                        ref=str(item["ref"]),
                        weight=float(item["weight"]),
                        earned=item.get("earned"),
                        applicable=bool(item.get("applicable")),
                        reason=str(item.get("reason") or ""),
                        observed=str(item.get("observed") or ""),
                    )
                    for item in cat.get("items", [])
                ],
            )
            for name, cat in (value.get("categories") or {}).items()
        }
        return cls(
            overall=value.get("overall"),
            categories=categories,
            rubric=str(value.get("rubric") or ""),
            reason=str(value.get("reason") or ""),
        )


# -- the rubric ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RubricItem:
    """A reference into the findings with its weight and the reason for the weight."""

    ref: str
    weight: float
    reason: str
    title: str
    needs_chat: bool = True  # a shop without chat earns 0 here instead of being judged
    params: Mapping[str, Any] = field(default_factory=dict)
    credit: str = ""  # how credit is earned, in words (the README's table)


@dataclass(frozen=True)
class Category:
    name: str
    title: str
    weight: float  # in the overall score
    reason: str
    items: tuple[RubricItem, ...]


@dataclass(frozen=True)
class Rubric:
    version: str
    changes: str  # what differs from the version before, in one or two sentences
    categories: tuple[Category, ...]

    def category(self, name: str) -> Category:
        return next(c for c in self.categories if c.name == name)

    def item(self, ref: str) -> RubricItem:
        return next(i for c in self.categories for i in c.items if i.ref == ref)

    def probes(self) -> set[str]:
        return {item.ref.split(".", 1)[0] for c in self.categories for item in c.items}


# -- judging one item ----------------------------------------------------------------------


def _value(findings: FindingMap, probe: str) -> Mapping[str, Any] | None:
    """The value of an ``ok`` finding, or None when it is missing, n/a or an error."""
    found = findings.get(probe)
    if found is None:
        return None
    outcome, value = found
    return value if outcome == "ok" else None


def _why_missing(findings: FindingMap, probe: str) -> str:
    found = findings.get(probe)
    if found is None:
        return f"no {probe} finding"
    outcome, value = found
    reason = value.get("reason") or value.get("error") or ""
    return f"{probe} {outcome}" + (f": {reason}" if reason else "")


def chat_kind(findings: FindingMap) -> str | None:
    """The access probe's chat kind, or None when it is unknown."""
    access = _value(findings, "access")
    if access is None:
        return None
    kind = access.get("chat_type")
    return str(kind) if kind in CHAT_KINDS else None


def _chat_type(findings: FindingMap, item: RubricItem) -> Judgement:
    access = _value(findings, "access")
    if access is None or access.get("chat_type") not in CHAT_KINDS:
        return None, _why_missing(findings, "access")
    kind = str(access["chat_type"])
    credits: Mapping[str, float] = item.params["credits"]
    earned = float(credits.get(kind, 0.0))
    observed = kind
    if kind == "form_gated_widget":
        fields = [str(f) for f in access.get("prechat_fields") or []]
        per_field = float(item.params.get("per_required_field", 0.0))
        floor = float(item.params.get("form_floor", 0.0))
        earned = max(floor, earned - per_field * len(fields))
        observed += f" (required: {', '.join(fields) or 'unnamed'})"
    if access.get("dead_plugin"):
        observed += "; dead Messenger plugin markup"
    return round(earned, 4), observed


def _launcher(findings: FindingMap, item: RubricItem) -> Judgement:
    value = _value(findings, "findability")
    if value is None:
        return None, _why_missing(findings, "findability")
    page = str(item.params["page"])
    seen = (value.get("pages") or {}).get(page)
    if not isinstance(seen, Mapping) or seen.get("visible") is None:
        state = seen.get("state") if isinstance(seen, Mapping) else None
        return None, f"{page}: unknown" + (f" ({state})" if state else "")
    state = str(seen.get("state") or ("visible" if seen["visible"] else "absent"))
    return (1.0 if seen["visible"] else 0.0), f"{page}: {state}"


def _launcher_delay(findings: FindingMap, item: RubricItem) -> Judgement:
    value = _value(findings, "findability")
    if value is None:
        return None, _why_missing(findings, "findability")
    delay = value.get("launcher_delay_ms")
    if delay is None:
        return None, "launcher delay unknown (no launcher seen on the desktop home page)"
    at_once = float(item.params["at_once_ms"])
    late = float(item.params["late_ms"])
    delay = float(delay)
    if delay <= at_once:
        earned = 1.0
    elif delay >= late:
        earned = 0.0
    else:
        earned = round(1.0 - (delay - at_once) / (late - at_once), 4)
    return earned, f"launcher after {delay / 1000:.1f} s"


def _not_contact_only(findings: FindingMap, item: RubricItem) -> Judgement:
    value = _value(findings, "findability")
    if value is None or value.get("contact_only") is None:
        return None, _why_missing(findings, "findability")
    if value["contact_only"]:
        return 0.0, "chat only on the contact page"
    return 1.0, "chat reachable outside the contact page"


def _hours_shown(findings: FindingMap, item: RubricItem) -> Judgement:
    value = _value(findings, "hours")
    if value is None or value.get("shown") is None:
        return None, _why_missing(findings, "hours")
    if not value["shown"]:
        return 0.0, "no service hours shown"
    where = value.get("source") or "page"
    hours = value.get("opening_hours") or next(
        (s.get("text") for s in value.get("sources") or [] if isinstance(s, Mapping)), ""
    )
    return 1.0, f"shown in {where}" + (f": {hours}" if hours else "")


def _hours_in_chat(findings: FindingMap, item: RubricItem) -> Judgement:
    value = _value(findings, "hours")
    if value is None or value.get("shown") is None:
        return None, _why_missing(findings, "hours")
    places = {str(s.get("where")) for s in value.get("sources") or [] if isinstance(s, Mapping)}
    if value.get("source"):
        places.add(str(value["source"]))
    in_chat = bool(places & {"widget", "greeting"})
    if in_chat:
        return 1.0, "hours shown in the chat"
    return 0.0, "hours not shown in the chat" + (
        f" (only {', '.join(sorted(places))})" if places else ""
    )


def _status_matches(findings: FindingMap, item: RubricItem) -> Judgement:
    value = _value(findings, "hours")
    if value is None:
        return None, _why_missing(findings, "hours")
    matches = value.get("status_matches_hours")
    status = value.get("status_at_visit") or "unknown"
    if matches is None:
        return None, f"status {status}; cannot be checked against hours"
    if matches:
        return 1.0, f"status {status} agrees with the hours"
    return 0.0, f"status {status} contradicts the hours"


def _persistence(findings: FindingMap, item: RubricItem) -> Judgement:
    value = _value(findings, "persistence")
    if value is None:
        return None, _why_missing(findings, "persistence")
    verdict = value.get("persistence")
    how = value.get("decided_by")
    if verdict == "persists":
        return 1.0, "conversation persists" + (f" ({how})" if how else "")
    if verdict == "lost":
        return 0.0, "conversation lost on reload or navigation" + (f" ({how})" if how else "")
    return None, "persistence unknown" + (f": {value['reason']}" if value.get("reason") else "")


JUDGES: dict[str, Callable[[FindingMap, RubricItem], Judgement]] = {
    "access.chat_type": _chat_type,
    "findability.launcher_home_desktop": _launcher,
    "findability.launcher_product_desktop": _launcher,
    "findability.launcher_cart_desktop": _launcher,
    "findability.launcher_home_mobile": _launcher,
    "findability.launcher_product_mobile": _launcher,
    "findability.launcher_cart_mobile": _launcher,
    "findability.launcher_delay": _launcher_delay,
    "findability.not_contact_only": _not_contact_only,
    "hours.shown": _hours_shown,
    "hours.in_chat": _hours_in_chat,
    "hours.status_matches_hours": _status_matches,
    "persistence.persistence": _persistence,
}


# -- the versions ----------------------------------------------------------------------------

_MESSENGER_WHY = (
    "25-30 % of customers would rather not ask than identify themselves: "
    "Messenger and form gates lose 10-30 % of enquiries"
)


def _launcher_item(page: str, weight: float, reason: str, title: str) -> RubricItem:
    return RubricItem(
        ref=f"findability.launcher_{page.replace('-', '_')}",
        weight=weight,
        reason=reason,
        title=title,
        params={"page": page},
        credit="1 visible in the first viewport, 0 not; page not reached: weighs 0",
    )


def _rubric_2026_1() -> Rubric:
    access = Category(
        name="access",
        title="Access: can a customer ask at once, anonymously, on the shop's page?",
        weight=35,
        reason="the kind of chat decides whether the question is asked at all",
        items=(
            RubricItem(
                ref="access.chat_type",
                weight=1,
                title="Chat kind",
                reason=_MESSENGER_WHY,
                params={
                    "credits": {
                        "anonymous_widget": 1.0,
                        "form_gated_widget": 0.5,
                        "offline_form": 0.3,
                        "link_out": 0.3,
                        "messenger": 0.2,
                        "none": 0.0,
                    },
                    # A pre-chat form is a listed cause of abandoned carts; each field more so.
                    "per_required_field": 0.1,
                    "form_floor": 0.1,
                },
            ),
        ),
    )
    findability = Category(
        name="findability",
        title="Findability: is the chat in sight where the customer is?",
        weight=30,
        reason="a chat the customer must hunt for on a separate tab is rarely used",
        items=(
            _launcher_item(
                "home-desktop",
                2,
                "the front page is where a customer first looks for someone to ask",
                "Launcher on the home page (desktop)",
            ),
            _launcher_item(
                "product-desktop",
                1,
                "questions about a product arise on its page",
                "Launcher on a product page (desktop)",
            ),
            _launcher_item(
                "cart-desktop",
                3,
                "the cart is the weak spot of the purchase path, where a chat saves carts",
                "Launcher in the cart (desktop)",
            ),
            _launcher_item(
                "home-mobile",
                2,
                "customers shop on phones too: is the chat there on mobile?",
                "Launcher on the home page (mobile)",
            ),
            _launcher_item(
                "product-mobile",
                1,
                "product questions on a phone",
                "Launcher on a product page (mobile)",
            ),
            _launcher_item(
                "cart-mobile",
                4,
                "the cart on a phone: the weak spot of the purchase path on mobile",
                "Launcher in the cart (mobile)",
            ),
            RubricItem(
                ref="findability.launcher_delay",
                weight=1,
                title="Launcher visible at once",
                reason="the chat should be visible at once, not after the customer gave up",
                params={"at_once_ms": 3000, "late_ms": 10000},
            ),
            RubricItem(
                ref="findability.not_contact_only",
                credit="1 on a shopping page, 0 only on the contact page",
                weight=1,
                title="Chat not only on the contact page",
                reason="a chat that must be hunted for on a separate tab is rarely found",
            ),
        ),
    )
    hours = Category(
        name="hours",
        title="Service hours: does the customer know when someone answers?",
        weight=20,
        reason="hours not shown are a listed cause of abandoned carts",
        items=(
            RubricItem(
                ref="hours.shown",
                credit="1 shown (widget, greeting, contact page, footer), 0 not",
                weight=3,
                title="Service hours shown (anywhere)",
                reason="hours not shown are a listed cause of abandoned carts",
                needs_chat=False,  # a shop without chat still earns this for its contact page
            ),
            RubricItem(
                ref="hours.in_chat",
                credit="1 in the widget or its greeting, 0 elsewhere or nowhere",
                weight=1,
                title="Service hours shown in the chat",
                reason="the customer should see in the chat when an answer comes",
            ),
            RubricItem(
                ref="hours.status_matches_hours",
                credit="1 agrees, 0 contradicts; unknown status or hours: weighs 0",
                weight=1,
                title="Online status tells the truth",
                reason="a widget that shows whether someone is online must tell the truth",
            ),
        ),
    )
    persistence = Category(
        name="persistence",
        title="Persistence: does the conversation survive a reload or a new page?",
        weight=15,
        reason="history that vanishes at once is a listed cause of abandoned carts",
        items=(
            RubricItem(
                ref="persistence.persistence",
                credit="1 persists, 0 lost; unknown: weighs 0",
                weight=1,
                title="Conversation kept across reload and navigation",
                reason="history that vanishes at once is a listed cause of abandoned carts",
            ),
        ),
    )
    response = Category(
        name="response",
        title="Response: speed and tone of the first reply (active mode only; not scored yet)",
        weight=0,
        reason="measured only in the opt-in active mode, which does not exist yet",
        items=(),
    )
    return Rubric(
        version="2026.1",
        changes="First rubric.",
        categories=(access, findability, hours, persistence, response),
    )


def _rubric_2026_2() -> Rubric:
    base = _rubric_2026_1()
    categories = []
    for category in base.categories:
        if category.name == "findability":
            items = tuple(
                replace(
                    item,
                    weight=6,
                    reason=(
                        "the cart on a phone: the weak spot of the purchase path where a "
                        "chat saves carts, weighed as much as home and product pages together"
                    ),
                )
                if item.ref == "findability.launcher_cart_mobile"
                else item
                for item in category.items
            )
            category = replace(category, items=items)
        categories.append(category)
    return Rubric(
        version="2026.2",
        changes=(
            "The launcher in the mobile cart weighs 6 instead of 4 in findability: "
            "the cart is the weak spot of the purchase path, above all on a phone."
        ),
        categories=tuple(categories),
    )


RUBRICS: dict[str, Rubric] = {r.version: r for r in (_rubric_2026_1(), _rubric_2026_2())}
CURRENT_RUBRIC = "2026.2"


def get_rubric(version: str | None = None) -> Rubric:
    """The rubric of ``version`` (the current one when None); KeyError names the known ones."""
    version = version or CURRENT_RUBRIC
    if version not in RUBRICS:
        raise KeyError(f"unknown rubric {version!r}; known: {', '.join(RUBRICS)}")
    return RUBRICS[version]


# -- scoring -------------------------------------------------------------------------------


def _category_score(items: list[ItemScore]) -> float | None:
    weight = sum(item.weight for item in items if item.applicable)
    if not weight:
        return None
    return round(100 * sum(item.points for item in items) / weight, 1)


def score_findings(findings: FindingMap, rubric: Rubric) -> ShopScore:
    """Score one visit's findings (probe -> (outcome, value)) with ``rubric``."""
    kind = chat_kind(findings)
    categories: dict[str, CategoryScore] = {}
    for category in rubric.categories:
        items: list[ItemScore] = []
        for item in category.items:
            if item.needs_chat and kind == "none":
                earned: float | None = 0.0
                observed = "no chat on the site"
            else:
                earned, observed = JUDGES[item.ref](findings, item)
            items.append(
                ItemScore(
                    ref=item.ref,
                    weight=item.weight,
                    earned=earned,
                    applicable=earned is not None and item.weight > 0,
                    reason=item.reason,
                    observed=observed,
                )
            )
        categories[category.name] = CategoryScore(
            score=_category_score(items), items=items, weight=category.weight, title=category.title
        )
    judged = [c for c in categories.values() if c.score is not None and c.weight > 0]
    total = sum(c.weight for c in judged)
    overall = round(sum(c.weight * (c.score or 0.0) for c in judged) / total, 1) if total else None
    reason = "" if overall is not None else "no finding the rubric reads could be judged"
    return ShopScore(overall=overall, categories=categories, rubric=rubric.version, reason=reason)


def unscored(rubric: Rubric, reason: str) -> ShopScore:
    """The score of a visit that saw nothing: none, with the reason."""
    return ShopScore(overall=None, categories={}, rubric=rubric.version, reason=reason)


def score_visit(status: str | None, findings: FindingMap, rubric: Rubric) -> ShopScore:
    """Score a finished visit; a visit that reached no page gets no score (None)."""
    if status in NOTHING_SEEN or status is None:
        return unscored(rubric, f"not reached: the visit ended {status or 'unfinished'}")
    if not any(_value(findings, probe) is not None for probe in rubric.probes()):
        return unscored(rubric, f"not reached: nothing judged (visit {status})")
    return score_findings(findings, rubric)


@dataclass
class ScoreRun:
    """What ``score_campaign`` did, for the CLI's summary."""

    campaign: str
    rubric: str
    scored: int = 0
    unscored: Counter[str] = field(default_factory=Counter)  # reason -> visits
    pending: int = 0
    scores: list[float] = field(default_factory=list)

    @property
    def mean(self) -> float | None:
        return round(sum(self.scores) / len(self.scores), 1) if self.scores else None


def rescore_campaign(
    db: Database, campaign_name: str, rubric_version: str | None = None
) -> ScoreRun:
    """Score every finished visit from its stored findings; store them and the rubric version."""
    from crawler.storage.models import Campaign, Finding

    rubric = get_rubric(rubric_version)
    campaign = db.require_campaign(campaign_name)
    assert campaign.id is not None
    by_visit: dict[int, dict[str, tuple[str, dict[str, Any]]]] = {}
    for visit, finding in db.findings(campaign.id):
        assert visit.id is not None
        by_visit.setdefault(visit.id, {})[finding.probe] = (finding.outcome, finding.value)
    run = ScoreRun(campaign=campaign_name, rubric=rubric.version)
    for visit, _shop in db.visits(campaign.id):
        assert visit.id is not None
        if visit.state != "done":
            run.pending += 1
            continue
        result = score_visit(visit.status, by_visit.get(visit.id, {}), rubric)
        if result.overall is None:
            run.unscored[visit.status or "unknown"] += 1
        else:
            run.scored += 1
            run.scores.append(result.overall)
        db.save_findings(
            visit.id,
            [
                Finding(
                    visit_id=visit.id,
                    probe=SCORE_PROBE,
                    probe_version=rubric.version,
                    outcome="ok" if result.overall is not None else "not_applicable",
                    value=result.as_json(),
                    evidence=[],
                )
            ],
        )
    with db.session() as session:
        stored = session.get(Campaign, campaign.id)
        assert stored is not None
        stored.rubric_version = rubric.version
        session.commit()
    return run


def score_campaign(db: Database, campaign_name: str, rubric_version: str | None = None) -> int:
    """Re-score a campaign from stored findings (no browser); returns how many got a score."""
    return rescore_campaign(db, campaign_name, rubric_version).scored


# -- the README table ------------------------------------------------------------------------


def credit_text(item: RubricItem) -> str:
    if item.credit:
        return item.credit
    credits = item.params.get("credits")
    if credits:
        parts = [f"{kind} {value:g}" for kind, value in credits.items()]
        text = ", ".join(parts)
        if item.params.get("per_required_field"):
            text += (
                f"; form-gated minus {item.params['per_required_field']:g} per required field"
                f" (at least {item.params.get('form_floor', 0):g})"
            )
        return text
    if "at_once_ms" in item.params:
        return (
            f"1 within {item.params['at_once_ms'] / 1000:g} s, falling to 0 at "
            f"{item.params['late_ms'] / 1000:g} s; no launcher seen: weighs 0"
        )
    return "1 yes, 0 no"


README = Path(__file__).resolve().parent.parent / "README.md"
TABLE_START = "<!-- rubric-table:start -->"
TABLE_END = "<!-- rubric-table:end -->"


def readme_table(text: str) -> str:
    """The rubric table as the README has it (between the markers)."""
    return text.split(TABLE_START, 1)[1].split(TABLE_END, 1)[0].strip("\n") + "\n"


def write_readme(path: Path = README) -> None:
    """Put the current rubric's table into the README between the markers."""
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(TABLE_START, 1)
    _, tail = rest.split(TABLE_END, 1)
    path.write_text(f"{head}{TABLE_START}\n{rubric_markdown()}{TABLE_END}{tail}", encoding="utf-8")


def rubric_markdown(rubric: Rubric | None = None) -> str:
    """The rubric as a Markdown table (for the README's "Scores" section)."""
    rubric = rubric or get_rubric()
    lines = [
        f"Rubric {rubric.version}. {rubric.changes}",
        "",
        "| category | weight in the overall score | why |",
        "|---|---:|---|",
        *(f"| {c.name} | {c.weight:g} | {c.reason} |" for c in rubric.categories),
        "",
        "| category (weight) | item | weight | credit | why |",
        "|---|---|---:|---|---|",
    ]
    for category in rubric.categories:
        head = f"**{category.name}** ({category.weight:g})"
        if not category.items:
            lines.append(f"| {head} | (none yet) | 0 | | {category.reason} |")
        for item in category.items:
            chat = "" if item.needs_chat else " (also without chat)"
            lines.append(
                f"| {head} | `{item.ref}`{chat} | {item.weight:g} | {credit_text(item)} "
                f"| {item.reason} |"
            )
            head = ""
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # python -m reports.scoring [--write-readme]
    import sys

    if "--write-readme" in sys.argv:
        write_readme()
    else:
        sys.stdout.write(rubric_markdown())
