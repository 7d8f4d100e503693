"""The findability probe on hand-made evidence: one case per launcher state."""

from __future__ import annotations

from typing import Any

import pytest

from probes import findability
from probes.artifacts import (
    Box,
    ChatInteraction,
    CollectorError,
    ConsentRecord,
    DomMarker,
    LauncherObservation,
    LauncherScan,
    OpenStateCheck,
    PageCapture,
    Timings,
    VisitArtifacts,
)
from probes.registry import PROBE_MODULES, run_probe

DESKTOP = Box(x=0, y=0, width=1366, height=768)
MOBILE = Box(x=0, y=0, width=412, height=839)
BOTTOM_RIGHT = Box(x=1286, y=688, width=60, height=60)


def launcher(**kw: Any) -> LauncherObservation:
    base: dict[str, Any] = {
        "selector": "#tidio-chat",
        "vendor": "tidio",
        "tag": "div",
        "element": "div#tidio-chat",
        "floating": True,
        "box": BOTTOM_RIGHT,
        "state": "visible",
        "first_visible_ms": 850.0,
    }
    base.update(kw)
    base["visible"] = base["state"] == "visible"
    return LauncherObservation(**base)


def page(
    role: str,
    profile: str = "desktop",
    launchers: list[LauncherObservation] | None = None,
    *,
    error: str | None = None,
    scan: bool = True,
    **scan_kw: Any,
) -> PageCapture:
    viewport = DESKTOP if profile == "desktop" else MOBILE
    capture = PageCapture(
        role=role,  # type: ignore[arg-type]
        profile=profile,  # type: ignore[arg-type]
        requested_url=f"https://shop.example/{role}",
        timings=Timings(started_at="2026-11-23T10:00:00Z"),
        viewport=viewport,
        error=error,
        screenshot_file=f"{role}-{profile}.png",
    )
    if scan and error is None:
        capture.launcher_scan = LauncherScan(
            observer=True,
            at_ms=scan_kw.pop("at_ms", 6000.0),
            viewport=viewport,
            launchers=launchers or [],
            **scan_kw,
        )
    return capture


def visit(*pages: PageCapture, **kw: Any) -> VisitArtifacts:
    return VisitArtifacts(
        tool_version="test",
        campaign="c",
        shop="https://shop.example",
        start_url="https://shop.example/",
        started_at="2026-11-23T10:00:00Z",
        status="ok",
        pages=list(pages),
        **kw,
    )


def home_only(obs: LauncherObservation, **kw: Any) -> dict[str, Any]:
    return findability.run(visit(page("home", launchers=[obs]), **kw))["pages"]["home-desktop"]


def test_visible_launcher_with_size_corner_and_delay() -> None:
    result = findability.run(visit(page("home", launchers=[launcher()])))
    home = result["pages"]["home-desktop"]
    assert home["visible"] is True and home["state"] == "visible"
    assert home["corner"] == "bottom-right"
    assert home["box"] == {"x": 1286, "y": 688, "width": 60, "height": 60}
    assert home["vendor"] == "tidio" and "#tidio-chat" in home["launcher"]
    assert home["appeared_ms"] == 850
    assert result["launcher_delay_ms"] == 850
    assert result["visible_pages"] == 1


@pytest.mark.parametrize(
    ("state", "reason"),
    [
        ("hidden", "display:none on div#tidio-chat"),
        ("transparent", "opacity:0 on div.wrapper"),
        ("zero_size", "box 0x0"),
        ("offscreen", "centre at (-470,718) outside the first viewport 1366x768"),
    ],
)
def test_not_visible_states(state: str, reason: str) -> None:
    home = home_only(launcher(state=state, reasons=[reason], first_visible_ms=None))
    assert home["visible"] is False
    assert home["state"] == state
    assert reason in home["reason"]
    assert home["appeared_ms"] is None


def test_covered_by_a_sticky_bar() -> None:
    obs = launcher(
        state="covered",
        covered_by="div.sticky-bar",
        reasons=["covered at its centre by div.sticky-bar"],
    )
    home = home_only(obs)
    assert home["visible"] is False and home["state"] == "covered"
    assert home["covered_by"] == "div.sticky-bar"
    assert "cookie" not in home["reason"]


def test_covered_by_the_cookie_banner_before_consent() -> None:
    obs = launcher(
        state="covered",
        covered_by="div#CybotCookiebotDialog",
        covered_by_consent=True,
        reasons=["covered at its centre by div#CybotCookiebotDialog (cookie banner)"],
    )
    home = home_only(obs, consent=ConsentRecord(mode="none", detected=True, action="left"))
    assert home["visible"] is False and home["state"] == "covered"
    assert home["covered_by_consent"] is True
    assert "cookie banner was still open (consent: left)" in home["reason"]


def test_best_candidate_wins_and_others_are_listed() -> None:
    hidden = launcher(
        selector="iframe#launcher",
        vendor="zendesk",
        tag="iframe",
        element="iframe#launcher",
        state="hidden",
    )
    both = findability.run(visit(page("home", launchers=[hidden, launcher()])))
    home = both["pages"]["home-desktop"]
    assert home["visible"] is True and home["vendor"] == "tidio"
    assert home["others"] == [{"launcher": "iframe#launcher", "state": "hidden"}]


def test_no_launcher_is_absent_not_unknown() -> None:
    home = findability.run(visit(page("home", launchers=[])))["pages"]["home-desktop"]
    assert home["visible"] is False and home["state"] == "absent"


def test_pages_not_reached_or_failed_are_unknown() -> None:
    result = findability.run(
        visit(
            page("home", launchers=[launcher()]),
            page("cart", error="net::ERR_CONNECTION_RESET"),
            page("home", "mobile", scan=False),
        )
    )
    pages = result["pages"]
    assert pages["product-desktop"]["visible"] is None
    assert pages["product-desktop"]["state"] == "unknown"
    assert "no product page was found" in pages["product-desktop"]["reason"]
    assert pages["cart-desktop"]["visible"] is None
    assert "ERR_CONNECTION_RESET" in pages["cart-desktop"]["reason"]
    # Captured, but neither a launcher scan nor a DOM marker: nothing there, judged from markers.
    assert pages["home-mobile"]["visible"] is False
    assert result["known_pages"] == 2 and result["visible_pages"] == 1
    cells = findability.columns({"outcome": "ok", "value": result})
    assert cells["launcher_home_desktop"] == "true"
    assert cells["launcher_product_desktop"] == "unknown"
    assert cells["launcher_cart_desktop"] == "unknown"
    assert cells["launcher_home_mobile"] == "false"
    assert cells["launcher_delay_ms"] == 850


def test_failed_launcher_scan_is_unknown() -> None:
    capture = page("home", scan=False)
    capture.collector_errors.append(CollectorError(collector="launchers", message="TimeoutError"))
    home = findability.run(visit(capture))["pages"]["home-desktop"]
    assert home["visible"] is None and "launcher scan failed" in home["reason"]


def test_older_evidence_falls_back_to_dom_markers() -> None:
    capture = page("home", scan=False)
    capture.dom_markers = [
        DomMarker(
            selector="#tidio-chat",
            tag="div",
            box=BOTTOM_RIGHT,
            visible=True,
            in_first_viewport=True,
        ),
        DomMarker(selector="script#ze-snippet", tag="script"),
    ]
    home = findability.run(visit(capture))["pages"]["home-desktop"]
    assert home["visible"] is True and home["vendor"] == "tidio"


def test_in_page_whatsapp_link_is_not_a_launcher_but_a_floating_one_is() -> None:
    inline = launcher(
        selector='a[href*="wa.me"]',
        vendor="whatsapp",
        tag="a",
        element="a",
        url="https://wa.me/3725555",
        floating=False,
        box=Box(x=100, y=300, width=120, height=20),
    )
    assert home_only(inline)["state"] == "absent"
    floating = inline.model_copy(
        update={"floating": True, "box": Box(x=20, y=700, width=50, height=50)}
    )
    home = home_only(floating)
    assert home["visible"] is True and home["vendor"] == "whatsapp"
    assert home["corner"] == "bottom-left"


def test_mobile_hidden_by_media_query() -> None:
    hidden = launcher(state="hidden", reasons=["display:none on div#chat-widget-container"])
    result = findability.run(
        visit(page("home", launchers=[launcher()]), page("home", "mobile", launchers=[hidden]))
    )
    cells = findability.columns({"outcome": "ok", "value": result})
    assert cells["launcher_home_desktop"] == "true"
    assert cells["launcher_home_mobile"] == "false"


def test_delay_is_the_first_visible_time_on_home_desktop() -> None:
    late = launcher(first_visible_ms=7412.3)
    early_hidden = launcher(selector="iframe#launcher", state="hidden", first_visible_ms=None)
    result = findability.run(visit(page("home", launchers=[late, early_hidden])))
    assert result["launcher_delay_ms"] == 7412
    # No visible launcher: no delay, whatever the observer saw of hidden ones.
    hidden = findability.run(visit(page("home", launchers=[early_hidden])))
    assert hidden["launcher_delay_ms"] is None


def test_contact_only() -> None:
    contact = page("contact", launchers=[launcher()])
    shopping = [page(role, launchers=[]) for role in ("home", "product", "cart")]
    result = findability.run(visit(*shopping, contact))
    assert result["contact_only"] is True
    assert result["visible_pages"] == 0 and result["known_pages"] == 3
    assert any(item.get("kind") == "contact_only" for item in result["evidence"])
    # Visible on home too: not contact-only.
    shopping[0] = page("home", launchers=[launcher()])
    assert findability.run(visit(*shopping, contact))["contact_only"] is False
    # No chat on the contact page either: not contact-only.
    assert findability.run(visit(page("home"), page("contact")))["contact_only"] is False


def test_contact_only_from_an_opened_chat_on_the_contact_page() -> None:
    contact = page("contact", launchers=[])
    chat = ChatInteraction(page="contact-desktop", vendor="tawk", opened_by="api", opened=True)
    result = findability.run(visit(page("home"), contact, chat=[chat]))
    assert result["contact_only"] is True


def test_auto_open_panel_before_any_click() -> None:
    panel = launcher(
        selector="#chat-widget-container",
        vendor="livechat",
        first_box=BOTTOM_RIGHT,
        largest_box=Box(x=1000, y=200, width=350, height=550),
        largest_ms=4200.0,
    )
    frame = panel.model_copy(update={"selector": "#tidio-chat-iframe", "tag": "iframe"})
    result = findability.run(visit(page("home", launchers=[panel, frame])))
    assert result["auto_open"] is True
    assert len(result["auto_open_evidence"]) == 1  # container and frame: one opening
    item = result["auto_open_evidence"][0]
    assert item["kind"] == "panel" and item["vendor"] == "livechat" and item["at_ms"] == 4200
    assert item["basis"] == "grew"
    assert item["screenshot"] == "home-desktop.png"
    cells = findability.columns({"outcome": "ok", "value": result})
    assert cells["auto_open"] is True


def test_auto_open_greeting_bubble() -> None:
    bubble = launcher(
        selector='iframe[title="chat widget"]',
        vendor="tawk",
        tag="iframe",
        first_visible_ms=3000.0,
        first_box=Box(x=1050, y=560, width=280, height=110),
        largest_box=Box(x=1050, y=560, width=280, height=110),
        largest_ms=3000.0,
    )
    button = launcher(selector='iframe[title="chat widget"]', vendor="tawk", tag="iframe")
    result = findability.run(visit(page("home", launchers=[button, bubble])))
    assert result["auto_open"] is True
    evidence = result["auto_open_evidence"]
    assert [(e["kind"], e["basis"]) for e in evidence] == [
        ("greeting", "appeared after the launcher")
    ]
    # The same bubble with no launcher before it: a part as big from its first frame.
    alone = findability.run(visit(page("home", launchers=[bubble])))
    assert alone["auto_open"] is False


def test_auto_open_by_the_vendors_is_open_call() -> None:
    check = OpenStateCheck(vendor="crisp", call="window.$crisp.is('chat:opened')", value=True)
    result = findability.run(visit(page("home", launchers=[launcher()], open_state=[check])))
    assert result["auto_open"] is True
    assert result["auto_open_evidence"][0]["kind"] == "open_call"


def test_no_auto_open_for_a_launcher_button_or_a_late_panel() -> None:
    late = launcher(largest_box=Box(x=1000, y=200, width=350, height=550), largest_ms=25_000.0)
    big = Box(x=1000, y=200, width=350, height=550)
    container = launcher(box=big, first_box=big, largest_box=big, largest_ms=900.0)
    assert findability.run(visit(page("home", launchers=[container])))["auto_open"] is False
    assert findability.run(visit(page("home", launchers=[launcher()])))["auto_open"] is False
    assert findability.run(visit(page("home", launchers=[late])))["auto_open"] is False
    # A floating WhatsApp button is never a panel, however big.
    wa = launcher(tag="a", vendor="whatsapp", largest_box=Box(x=0, y=0, width=400, height=400))
    assert findability.run(visit(page("home", launchers=[wa])))["auto_open"] is False
    # Home not captured: unknown.
    assert findability.run(visit(page("cart", launchers=[launcher()])))["auto_open"] is None


@pytest.mark.parametrize(
    ("box", "where"),
    [
        (Box(x=1286, y=688, width=60, height=60), "bottom-right"),
        (Box(x=20, y=688, width=60, height=60), "bottom-left"),
        (Box(x=1286, y=20, width=60, height=60), "top-right"),
        (Box(x=20, y=20, width=60, height=60), "top-left"),
        (Box(x=1300, y=350, width=40, height=120), "middle-right"),
        (Box(x=0, y=350, width=40, height=120), "middle-left"),
        (Box(x=650, y=700, width=60, height=60), "other"),
    ],
)
def test_corners(box: Box, where: str) -> None:
    assert findability.corner(box, DESKTOP) == where


def test_columns_for_missing_and_not_applicable_findings() -> None:
    empty = findability.columns(None)
    assert empty["launcher_home_desktop"] == "" and empty["auto_open"] is None
    na = findability.columns({"outcome": "not_applicable", "value": {"reason": "unreachable"}})
    assert na["launcher_cart_mobile"] == "unknown" and na["launcher_delay_ms"] is None
    assert set(na) == {
        "launcher_home_desktop",
        "launcher_product_desktop",
        "launcher_cart_desktop",
        "launcher_home_mobile",
        "launcher_product_mobile",
        "launcher_cart_mobile",
        "launcher_delay_ms",
        "auto_open",
    }


def test_registered_after_access_and_evidence_names_every_page() -> None:
    assert PROBE_MODULES.index("probes.findability") > PROBE_MODULES.index("probes.access")
    result = run_probe(findability, visit(page("home", launchers=[launcher()])))
    assert result.outcome == "ok"
    pages = [item["page"] for item in result.evidence if "page" in item and "state" in item]
    assert pages == list(findability.PAGE_KEYS)
    home = result.evidence[0]
    assert home["selector"] and home["box"] and home["reason"] and home["screenshot"]
    assert set(result.value["pages"]) == set(findability.PAGE_KEYS)
    for verdict in result.value["pages"].values():
        assert verdict["visible"] in (True, False, None)
        assert verdict["state"] in (*findability.STATE_ORDER, "absent", "unknown")


def test_unreachable_visit_is_not_applicable() -> None:
    dead = visit()
    dead.status = "unreachable"
    result = run_probe(findability, dead)
    assert result.outcome == "not_applicable"
    assert findability.columns(result)["launcher_home_desktop"] == "unknown"
