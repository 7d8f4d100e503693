"""The scoring rubric on hand-made findings, and re-scoring stored findings."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from crawler.storage import Database
from crawler.storage.db import ShopEntry
from crawler.storage.models import Finding
from reports.scoring import (
    CURRENT_RUBRIC,
    JUDGES,
    RUBRICS,
    ShopScore,
    get_rubric,
    rescore_campaign,
    rubric_markdown,
    score_campaign,
    score_findings,
    score_visit,
)

RUBRIC = RUBRICS["2026.1"]
PAGES = (
    "home-desktop",
    "product-desktop",
    "cart-desktop",
    "home-mobile",
    "product-mobile",
    "cart-mobile",
)


def page(visible: bool | None) -> dict[str, Any]:
    state = {True: "visible", False: "absent", None: "unknown"}[visible]
    return {"visible": visible, "state": state, "reason": "", "launcher": None}


def findings(
    kind: str = "anonymous_widget",
    *,
    fields: tuple[str, ...] = (),
    visible: dict[str, bool | None] | None = None,
    delay_ms: int | None = 1000,
    contact_only: bool = False,
    hours_shown: bool = True,
    hours_source: str | None = "widget",
    status_matches: bool | None = True,
    persistence: str = "persists",
) -> dict[str, tuple[str, dict[str, Any]]]:
    seen = {key: True for key in PAGES} | (visible or {})
    return {
        "access": (
            "ok",
            {"chat_type": kind, "prechat_fields": list(fields), "dead_plugin": False},
        ),
        "findability": (
            "ok",
            {
                "pages": {key: page(value) for key, value in seen.items()},
                "launcher_delay_ms": delay_ms,
                "auto_open": False,
                "contact_only": contact_only,
            },
        ),
        "hours": (
            "ok",
            {
                "shown": hours_shown,
                "opening_hours": "Mo-Fr 09:00-17:00" if hours_shown else None,
                "source": hours_source if hours_shown else None,
                "sources": (
                    [{"where": hours_source, "page": "contact-desktop", "text": "E-R 9-17"}]
                    if hours_shown
                    else []
                ),
                "status_at_visit": "online",
                "status_matches_hours": status_matches,
            },
        ),
        "persistence": ("ok", {"persistence": persistence, "decided_by": "history"}),
    }


def item(score: ShopScore, ref: str) -> Any:
    category = score.categories[ref.split(".", 1)[0]]
    return next(i for i in category.items if i.ref == ref)


# -- the rubric itself ---------------------------------------------------------------------


def test_every_rubric_item_has_a_judge_a_weight_and_a_reason() -> None:
    assert CURRENT_RUBRIC in RUBRICS
    for rubric in RUBRICS.values():
        names = [c.name for c in rubric.categories]
        assert names == ["access", "findability", "hours", "persistence", "response"]
        assert rubric.category("response").items == ()  # declared, filled by active mode later
        for category in rubric.categories:
            assert category.reason and category.title
            for entry in category.items:
                assert entry.ref in JUDGES, entry.ref
                assert entry.ref.startswith(category.name + ".")
                assert entry.weight > 0 and entry.reason.strip()


def test_versions_differ_in_the_mobile_cart_weight_and_say_so() -> None:
    old, new = RUBRICS["2026.1"], RUBRICS["2026.2"]
    differing = [
        (a.ref, a.weight, b.weight)
        for ca, cb in zip(old.categories, new.categories, strict=True)
        for a, b in zip(ca.items, cb.items, strict=True)
        if a.weight != b.weight
    ]
    assert differing == [("findability.launcher_cart_mobile", 4, 6)]
    assert "mobile cart" in new.changes and "6 instead of 4" in new.changes


def test_unknown_rubric_is_refused_by_name() -> None:
    with pytest.raises(KeyError, match="2026.1"):
        get_rubric("1999.9")


# -- chat kinds ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "fields", "access"),
    [
        ("anonymous_widget", (), 100.0),
        ("form_gated_widget", (), 50.0),
        ("form_gated_widget", ("email",), 40.0),
        ("form_gated_widget", ("name", "email", "phone"), 20.0),
        ("form_gated_widget", ("name", "email", "phone", "other"), 10.0),  # the floor
        ("offline_form", (), 30.0),
        ("link_out", (), 30.0),
        ("messenger", (), 20.0),
        ("none", (), 0.0),
    ],
)
def test_each_chat_kind_earns_its_credit(kind: str, fields: tuple[str, ...], access: float) -> None:
    score = score_findings(findings(kind, fields=fields), RUBRIC)
    assert score.categories["access"].score == access
    observed = item(score, "access.chat_type").observed
    assert observed.startswith(kind if kind != "none" else "no chat")
    for field in fields:
        assert field in observed


def test_a_perfect_shop_scores_100_everywhere() -> None:
    score = score_findings(findings(), RUBRIC)
    assert score.overall == 100.0
    assert {k: c.score for k, c in score.categories.items()} == {
        "access": 100.0,
        "findability": 100.0,
        "hours": 100.0,
        "persistence": 100.0,
        "response": None,
    }


def test_a_form_gate_lowers_the_overall_by_the_access_weight() -> None:
    anonymous = score_findings(findings(), RUBRIC).overall
    gated = score_findings(findings("form_gated_widget", fields=("name", "email")), RUBRIC).overall
    # access weighs 35 of 100: 0.7 of its credit lost is 24.5 points.
    assert anonymous is not None and gated is not None
    assert anonymous - gated == pytest.approx(24.5)


# -- not applicable and unknown weigh 0 ----------------------------------------------------


def test_unknown_pages_weigh_nothing_and_are_listed() -> None:
    seen = {"cart-desktop": None, "cart-mobile": None, "home-mobile": False}
    score = score_findings(findings(visible=seen), RUBRIC)
    cart = item(score, "findability.launcher_cart_mobile")
    assert cart.applicable is False and cart.earned is None and cart.weight == 4
    assert "unknown" in cart.observed
    # What is left: home 2 + product 1 + home-mobile 2 (missed) + product-mobile 1
    # + delay 1 + not-contact-only 1 = 8 weight, 6 earned.
    assert score.categories["findability"].score == 75.0


def test_a_missing_probe_leaves_its_category_unscored_and_out_of_the_mean() -> None:
    found = findings()
    found["persistence"] = ("not_applicable", {"reason": "no chat session to check"})
    found["hours"] = ("error", {"error": "ValueError: bad"})
    score = score_findings(found, RUBRIC)
    assert score.categories["persistence"].score is None
    assert score.categories["hours"].score is None
    assert "no chat session" in item(score, "persistence.persistence").observed
    assert score.overall == 100.0  # the mean of what could be judged


def test_unknown_persistence_and_status_weigh_nothing() -> None:
    score = score_findings(findings(status_matches=None, persistence="unknown"), RUBRIC)
    assert score.categories["persistence"].score is None
    status = item(score, "hours.status_matches_hours")
    assert status.applicable is False
    assert score.categories["hours"].score == 100.0


def test_launcher_delay_scales_between_at_once_and_late() -> None:
    def delay_credit(ms: int | None) -> float | None:
        return item(
            score_findings(findings(delay_ms=ms), RUBRIC), "findability.launcher_delay"
        ).earned

    assert delay_credit(2000) == 1.0
    assert delay_credit(6500) == 0.5
    assert delay_credit(12000) == 0.0
    assert delay_credit(None) is None


def test_a_chat_only_on_the_contact_page_loses_that_item() -> None:
    score = score_findings(findings(contact_only=True), RUBRIC)
    assert item(score, "findability.not_contact_only").earned == 0.0


# -- no chat -------------------------------------------------------------------------------


def test_a_shop_without_chat_scores_0_on_chat_but_keeps_hours_shown_elsewhere() -> None:
    found = findings(
        "none",
        visible=dict.fromkeys(PAGES, False),
        delay_ms=None,
        hours_source="contact",
        status_matches=None,
        persistence="unknown",
    )
    score = score_findings(found, RUBRIC)
    assert score.categories["access"].score == 0.0
    assert score.categories["findability"].score == 0.0
    assert score.categories["persistence"].score == 0.0  # not "unknown": there is no chat
    hours = score.categories["hours"]
    assert item(score, "hours.shown").earned == 1.0
    assert item(score, "hours.in_chat").observed == "no chat on the site"
    assert hours.score == 60.0  # 3 of 3 + 1 + 1
    assert score.overall == 12.0  # hours weighs 20 of 100


def test_a_shop_without_chat_or_hours_scores_0_not_none() -> None:
    found = findings("none", hours_shown=False, status_matches=None, persistence="unknown")
    assert score_findings(found, RUBRIC).overall == 0.0


def test_hours_only_on_the_contact_page_miss_the_in_chat_item() -> None:
    score = score_findings(findings(hours_source="contact"), RUBRIC)
    assert item(score, "hours.in_chat").earned == 0.0
    assert score.categories["hours"].score == 80.0


# -- unreached visits ----------------------------------------------------------------------


@pytest.mark.parametrize("status", ["unreachable", "http_error", "blocked_robots", "error", None])
def test_a_visit_that_saw_nothing_gets_no_score(status: str | None) -> None:
    result = score_visit(status, findings(), RUBRIC)
    assert result.overall is None and result.categories == {}
    assert "not reached" in result.reason


def test_a_timeout_scores_what_it_saw_and_nothing_when_it_saw_nothing() -> None:
    assert score_visit("timeout", findings(), RUBRIC).overall == 100.0
    empty = {p: ("not_applicable", {"reason": "no page was captured"}) for p in findings()}
    assert score_visit("timeout", empty, RUBRIC).overall is None


def test_score_round_trips_through_json() -> None:
    score = score_findings(findings("messenger"), RUBRIC)
    again = ShopScore.from_json(score.as_json())
    assert again == score


# -- stored findings -----------------------------------------------------------------------


def _campaign(db: Database) -> None:
    campaign = db.open_campaign("may", shop_list="shops.csv", tool_version="t", config={})
    assert campaign.id is not None
    db.add_shops(
        campaign.id,
        [
            ShopEntry(origin="https://a.ee", url="https://a.ee/", name="A"),
            ShopEntry(origin="https://b.ee", url="https://b.ee/", name="B"),
            ShopEntry(origin="https://c.ee", url="https://c.ee/", name="C"),
        ],
    )
    when = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
    # A: everything but the chat in the mobile cart; B: perfect; C: unreachable.
    plans = {
        "https://a.ee": ("ok", findings(visible={"cart-mobile": False})),
        "https://b.ee": ("ok", findings()),
        "https://c.ee": (
            "unreachable",
            {p: ("not_applicable", {"reason": "the visit ended unreachable"}) for p in findings()},
        ),
    }
    for visit, shop in db.visits(campaign.id):
        assert visit.id is not None
        status, found = plans[shop.origin]
        db.finish_visit(
            visit.id,
            status=status,
            error=None,
            http_status=200 if status == "ok" else None,
            final_url=None,
            evidence_path=None,
            started_at=when,
            finished_at=when,
            findings=[
                Finding(probe=probe, outcome=outcome, value=value)
                for probe, (outcome, value) in found.items()
            ],
        )


def _stored_scores(db: Database) -> dict[str, Finding]:
    campaign = db.require_campaign("may")
    assert campaign.id is not None
    origins = {visit.id: shop.origin for visit, shop in db.visits(campaign.id)}
    return {
        origins[visit.id]: finding
        for visit, finding in db.findings(campaign.id)
        if finding.probe == "score"
    }


def test_rescoring_with_another_version_changes_stored_scores(sqlite_db: Database) -> None:
    _campaign(sqlite_db)
    assert score_campaign(sqlite_db, "may", "2026.1") == 2
    first = _stored_scores(sqlite_db)
    assert sqlite_db.require_campaign("may").rubric_version == "2026.1"
    assert first["https://a.ee"].value["rubric"] == "2026.1"
    assert first["https://a.ee"].probe_version == "2026.1"
    old = first["https://a.ee"].value["overall"]

    run = rescore_campaign(sqlite_db, "may", "2026.2")
    second = _stored_scores(sqlite_db)
    assert sqlite_db.require_campaign("may").rubric_version == "2026.2"
    assert len(second) == 3  # one score per visit, replaced, not added
    new = second["https://a.ee"].value["overall"]
    # The mobile cart weighs more in 2026.2, so the shop without it there loses more.
    assert new < old
    findability = second["https://a.ee"].value["categories"]["findability"]
    assert findability["score"] == round(100 * 11 / 17, 1)  # was 11 of 15
    assert second["https://b.ee"].value["overall"] == 100.0
    assert run.scored == 2 and dict(run.unscored) == {"unreachable": 1}


def test_unreached_visits_are_stored_without_a_score_and_counted(sqlite_db: Database) -> None:
    _campaign(sqlite_db)
    run = rescore_campaign(sqlite_db, "may")
    assert run.rubric == CURRENT_RUBRIC
    stored = _stored_scores(sqlite_db)["https://c.ee"]
    assert stored.outcome == "not_applicable"
    assert stored.value["overall"] is None
    assert "unreachable" in stored.value["reason"]
    # A: findability 11 of 17 -> 64.7, weighted 30 of 100 with three perfect categories.
    assert sorted(run.scores) == [89.4, 100.0]
    assert run.mean == 94.7


def test_rubric_table_lists_every_item_with_its_reason() -> None:
    table = rubric_markdown(RUBRICS["2026.2"])
    rubric = RUBRICS["2026.2"]
    for category in rubric.categories:
        for entry in category.items:
            row = next(line for line in table.splitlines() if f"`{entry.ref}`" in line)
            assert f"| {entry.weight:g} |" in row and entry.reason in row
    assert "(also without chat)" in table


def test_readme_table_is_the_current_rubric() -> None:
    from reports.scoring import README, readme_table

    assert readme_table(README.read_text(encoding="utf-8")) == rubric_markdown(), (
        "README.md's rubric table is stale: run `.venv/bin/python -m reports.scoring --write-readme`"
    )


def test_a_probe_rerun_after_scoring_makes_the_stored_score_stale(sqlite_db: Database) -> None:
    from reports.data import visit_scores

    _campaign(sqlite_db)
    score_campaign(sqlite_db, "may", "2026.2")
    assert visit_scores(sqlite_db, "may")["https://a.ee"].overall == 89.4
    campaign = sqlite_db.require_campaign("may")
    assert campaign.id is not None
    visit = next(v for v, s in sqlite_db.visits(campaign.id) if s.origin == "https://a.ee")
    assert visit.id is not None
    _, fixed = findings()["findability"]
    sqlite_db.save_findings(visit.id, [Finding(probe="findability", value=fixed)])
    # ``chatshopper probe`` judged the shop again: the score follows the new finding.
    assert visit_scores(sqlite_db, "may")["https://a.ee"].overall == 100.0
