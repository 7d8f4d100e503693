"""The persistence probe on hand-made evidence: what carried over decides, and says so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from probes import persistence
from probes.artifacts import (
    ChatInteraction,
    CollectorError,
    CookieRecord,
    PersistenceCapture,
    SessionSnapshot,
    StorageEntry,
    VisitArtifacts,
    WidgetView,
)
from probes.registry import PROBE_MODULES, run_probe

SHOP = "https://www.kodukaup.ee"
STARTED = "2026-11-23T12:00:00+00:00"
NOW = 1_795_435_200.0  # STARTED as unix seconds
TAWK_OPEN = "window.Tawk_API.isChatMaximized()"
GREETING = "Tere! Kuidas saame aidata? Klienditeenindus E–R 9–17. Kirjuta sõnum"


def snap(when: str, **fields: Any) -> SessionSnapshot:
    fields.setdefault("url", f"{SHOP}/")
    fields.setdefault("loaded", True)
    return SessionSnapshot(when=when, **fields)  # type: ignore[arg-type]


def local(key: str, value: str) -> StorageEntry:
    return StorageEntry(origin=SHOP, area="local", key=key, value=value)


def session(key: str, value: str) -> StorageEntry:
    return StorageEntry(origin=SHOP, area="session", key=key, value=value)


def cookie(name: str, value: str, days: float | None) -> CookieRecord:
    expires = None if days is None else NOW + days * 86400
    return CookieRecord(name=name, domain=".kodukaup.ee", value=value, expires=expires)


def visit(
    cap: PersistenceCapture | None, *, opened: bool = True, vendor: str = "tawk"
) -> VisitArtifacts:
    chat = [
        ChatInteraction(
            page="home-desktop",
            vendor=vendor,
            opened_by="api",
            opened=opened,
            view=WidgetView(composer=opened, text=GREETING),
        )
    ]
    return VisitArtifacts(
        tool_version="test",
        campaign="t",
        shop=SHOP,
        start_url=f"{SHOP}/",
        started_at=STARTED,
        status="ok",
        chat=chat,
        persistence=cap,
    )


def capture(
    before: SessionSnapshot | None,
    reload: SessionSnapshot | None,
    navigation: SessionSnapshot | None,
    vendor: str = "tawk",
    **extra: Any,
) -> PersistenceCapture:
    return PersistenceCapture(
        vendor=vendor,
        page="home-desktop",
        before=before,
        after_reload=reload,
        after_navigation=navigation,
        navigation_url=f"{SHOP}/sisustus/keraamiline-vaas-laine",
        **extra,
    )


def opened_before(**fields: Any) -> SessionSnapshot:
    return snap(
        "before", open_call=TAWK_OPEN, open_raw=True, open_in_view=True, text=GREETING, **fields
    )


def closed(when: str, **fields: Any) -> SessionSnapshot:
    return snap(when, open_call=TAWK_OPEN, open_raw=False, text="Vestle meiega", **fields)


def judge(v: VisitArtifacts) -> dict[str, Any]:
    result = run_probe(persistence, v)
    assert result.outcome == "ok", result.value
    return {**result.value, "evidence": result.evidence}


def test_persists_through_a_local_storage_visitor_id() -> None:
    """Tawk keeps twk_uuid_<property> in localStorage; its timestamp changes, the id does not."""
    key = "twk_uuid_5f8a3c2e1d9b4a0012ab34cd"
    before = opened_before(
        storage=[local(key, '{"uuid":"k3J9sQ0aZ7xW2mN5pL8r","ts":1795521600123}')]
    )
    after = [local(key, '{"uuid":"k3J9sQ0aZ7xW2mN5pL8r","ts":1795521604555}')]
    v = visit(
        capture(
            before, closed("after_reload", storage=after), closed("after_navigation", storage=after)
        )
    )
    out = judge(v)
    assert out["persistence"] == "persists"
    assert out["decided_by"] == "storage"
    assert out["after_reload"]["kept"] == [f"localStorage {key}"]
    assert out["after_navigation"]["result"] == "persists"
    assert out["expiry"][0]["note"].startswith("localStorage")
    assert persistence.columns(run_probe(persistence, v)) == {"persistence": "persists"}


def test_persists_through_a_long_lived_cookie_and_notes_its_expiry() -> None:
    before = opened_before(
        cookies=[cookie("__tawkuuid", "e::kodukaup.ee::Xy12ab34CD56ef78::2", 180)]
    )
    after = [cookie("__tawkuuid", "e::kodukaup.ee::Xy12ab34CD56ef78::2", 180)]
    out = judge(
        visit(
            capture(
                before,
                closed("after_reload", cookies=after),
                closed("after_navigation", cookies=after),
            )
        )
    )
    assert (out["persistence"], out["decided_by"]) == ("persists", "cookie")
    assert out["expiry"] == [
        {
            "key": "cookie __tawkuuid",
            "expires": NOW + 180 * 86400,
            "days": 180.0,
            "note": "long-lived cookie: about 180 days",
        }
    ]
    assert "session cookie" not in out["reason"]


def test_a_session_cookie_still_carries_but_is_noted() -> None:
    before = opened_before(cookies=[cookie("__lc_cid", "S1a2b3c4d5e6f7g8", None)])
    after = [cookie("__lc_cid", "S1a2b3c4d5e6f7g8", None)]
    cap = capture(
        before, closed("after_reload", cookies=after), closed("after_navigation", cookies=after)
    )
    cap.vendor = "livechat"
    out = judge(visit(cap, vendor="livechat"))
    assert (out["persistence"], out["decided_by"]) == ("persists", "cookie")
    assert "session cookie" in out["reason"]
    assert out["expiry"][0]["expires"] is None and "browser" in out["expiry"][0]["note"]


def test_persists_through_the_open_state() -> None:
    """The widget re-opened itself in the new tab (the documented call says maximised)."""
    reopened = {"open_call": TAWK_OPEN, "open_raw": True, "text": "Vestle meiega"}
    out = judge(
        visit(
            capture(
                opened_before(),
                snap("after_reload", **reopened),
                snap("after_navigation", **reopened),
            )
        )
    )
    assert (out["persistence"], out["decided_by"]) == ("persists", "open_state")
    assert out["after_reload"]["open"] is True


def test_history_beats_open_state_when_the_same_text_comes_back() -> None:
    back = {"open_in_view": True, "text": GREETING + " 12:04"}
    cap = capture(
        snap("before", open_in_view=True, text=GREETING),
        snap("after_reload", **back),
        snap("after_navigation", **back),
        vendor="smartsupp",
    )
    out = judge(visit(cap, vendor="smartsupp"))
    assert (out["persistence"], out["decided_by"]) == ("persists", "history")


def test_an_open_window_with_other_text_is_open_state_not_history() -> None:
    cap = capture(
        snap("before", open_in_view=True, text=GREETING),
        snap("after_reload", open_in_view=True, text="Uus vestlus: kuidas saame aidata?"),
        snap("after_navigation", open_in_view=True, text="Uus vestlus: kuidas saame aidata?"),
        vendor="smartsupp",
    )
    out = judge(visit(cap, vendor="smartsupp"))
    assert out["decided_by"] == "open_state"


def test_lost_when_the_ids_live_only_in_session_storage() -> None:
    before = opened_before(storage=[session("twk_uuid_5f8a", '{"uuid":"Q1w2E3r4T5y6U7i8"}')])
    out = judge(visit(capture(before, closed("after_reload"), closed("after_navigation"))))
    assert (out["persistence"], out["decided_by"]) == ("lost", "storage")
    assert "sessionStorage" in out["reason"]
    assert out["after_reload"]["missing"] == ["sessionStorage twk_uuid_5f8a"]


def test_lost_when_the_visitor_id_changed() -> None:
    before = opened_before(
        cookies=[cookie("__tawkuuid", "e::kodukaup.ee::Aaaa1111Bbbb2222::2", 180)]
    )
    new = [cookie("__tawkuuid", "e::kodukaup.ee::Zzzz9999Yyyy8888::2", 180)]
    same = [cookie("__tawkuuid", "e::kodukaup.ee::Aaaa1111Bbbb2222::2", 180)]
    out = judge(
        visit(
            capture(
                before,
                closed("after_reload", cookies=same),
                closed("after_navigation", cookies=new),
            )
        )
    )
    assert (out["persistence"], out["decided_by"]) == ("lost", "cookie")
    assert out["after_reload"]["result"] == "persists"
    assert out["after_navigation"]["changed"] == ["cookie __tawkuuid"]
    assert out["reason"].startswith("another page:")


def test_lost_when_a_durable_id_went_missing() -> None:
    before = opened_before(storage=[local("ZD-suid", "7f3a9c2b1d4e5f60aa")])
    cap = capture(
        before,
        snap("after_reload", storage=[local("ZD-widgetOpen", "false")]),
        snap("after_navigation"),
        vendor="zendesk",
    )
    out = judge(visit(cap, vendor="zendesk"))
    assert (out["persistence"], out["decided_by"]) == ("lost", "storage")
    assert out["after_reload"]["missing"] == ["localStorage ZD-suid"]


def test_unknown_without_an_opened_widget() -> None:
    out = judge(visit(None, opened=False))
    assert out["persistence"] == "unknown" and out["decided_by"] is None
    assert "did not open" in out["reason"]
    bare = VisitArtifacts(
        tool_version="t", campaign="t", shop=SHOP, start_url=SHOP, started_at=STARTED, status="ok"
    )
    assert judge(bare)["reason"] == "no chat widget was opened on desktop"


def test_unknown_when_the_capture_failed() -> None:
    failed = capture(
        snap("before", error="not finished within the time limit"),
        None,
        None,
        errors=[CollectorError(collector="persistence", message="stopped after 12 s")],
    )
    out = judge(visit(failed))
    assert out["persistence"] == "unknown"
    assert out["reason"].startswith("capture failed: not finished")


def test_unknown_when_both_new_tabs_failed() -> None:
    cap = capture(
        opened_before(cookies=[cookie("__tawkuuid", "e::x::Abcdef123456::2", 180)]),
        snap("after_reload", error="TimeoutError: page.goto: Timeout 10000ms exceeded"),
        snap("after_navigation", error="no other page of the shop was found"),
    )
    out = judge(visit(cap))
    assert out["persistence"] == "unknown"
    assert "Timeout" in out["after_reload"]["reason"]


def test_unknown_without_session_evidence() -> None:
    cap = capture(
        snap("before", open_in_view=True, text="Hi"),
        snap("after_reload"),
        snap("after_navigation"),
        vendor="chatra",
    )
    out = judge(visit(cap, vendor="chatra"))
    assert out["persistence"] == "unknown"
    assert "no visitor or session id" in out["after_reload"]["reason"]


def test_a_widget_that_did_not_load_again_is_unknown_for_that_tab() -> None:
    ids = [cookie("__tawkuuid", "e::x::Abcdef123456::2", 180)]
    cap = capture(
        opened_before(cookies=ids),
        snap("after_reload", loaded=False, cookies=ids),
        closed("after_navigation", cookies=ids),
    )
    out = judge(visit(cap))
    assert out["after_reload"]["result"] == "unknown"
    assert out["persistence"] == "persists"  # judged on the tab that loaded, and says so
    assert "did not load" in out["reason"]


def test_key_kinds_come_from_vendor_facts_and_the_catalogue() -> None:
    assert persistence.key_kind("zendesk", "ZD-suid") == "id"
    assert persistence.key_kind("zendesk", "ZD-widgetOpen") == "open"
    assert persistence.key_kind("hubspot", "messagesUtk") == "id"
    assert persistence.key_kind("intercom", "intercom-session-abc123") == "id"
    assert persistence.key_kind("crisp", "crisp-client%2Fsession%2Fabc") == "id"
    assert persistence.key_kind("tawk", "TawkConnectionTime") == "other"
    assert persistence.key_kind("tawk", "_ga") is None
    assert persistence.key_kind(None, "ZD-suid") is None
    assert persistence.open_state_call("tawk") == TAWK_OPEN
    assert persistence.open_state_call("zendesk") == "zE('webWidget:get', 'display')"
    assert persistence.open_from_raw("chat") is True
    assert persistence.open_from_raw("launcher") is False
    assert persistence.open_from_raw(None) is None


def test_columns_without_a_finding_or_with_an_error() -> None:
    assert persistence.columns(None) == {"persistence": ""}
    assert persistence.columns({"outcome": "error", "value": {}}) == {"persistence": ""}
    assert persistence.columns({"outcome": "ok", "value": {"persistence": "lost"}}) == {
        "persistence": "lost"
    }


def test_registered_after_access_and_pure() -> None:
    assert PROBE_MODULES.index("probes.persistence") > PROBE_MODULES.index("probes.access")
    source = Path(persistence.__file__).read_text(encoding="utf-8")
    assert "playwright" not in source.lower() and "import crawler" not in source


def test_deterministic() -> None:
    before = opened_before(storage=[local("twk_uuid_1", '{"uuid":"k3J9sQ0aZ7xW2mN5pL8r"}')])
    v = visit(capture(before, closed("after_reload"), closed("after_navigation")))
    assert persistence.run(v) == persistence.run(v)


def test_a_tab_stopped_by_the_time_limit_is_not_judged_on_half_its_evidence() -> None:
    ids = [cookie("__tawkuuid", "e::x::Abcdef123456::2", 180)]
    cap = capture(
        opened_before(cookies=ids),
        closed("after_reload", cookies=ids, error=persistence.UNFINISHED),
        closed("after_navigation", cookies=ids, error=persistence.UNFINISHED),
    )
    out = judge(visit(cap))
    assert out["persistence"] == "unknown"
    assert "not finished" in out["after_navigation"]["reason"]


def test_a_tab_stopped_while_watching_for_a_re_open_is_judged_on_its_ids() -> None:
    ids = [cookie("__tawkuuid", "e::x::Abcdef123456::2", 180)]
    cap = capture(
        opened_before(cookies=ids),
        closed("after_reload", cookies=ids, error=persistence.STOPPED_WATCHING),
        closed("after_navigation", cookies=ids),
    )
    out = judge(visit(cap))
    assert (out["persistence"], out["decided_by"]) == ("persists", "cookie")
    assert out["after_reload"]["kept"] == ["cookie __tawkuuid"]
