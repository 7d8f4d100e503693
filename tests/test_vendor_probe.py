"""The vendor probe on hand-made evidence: every catalogue example, the traps, coexistence."""

from __future__ import annotations

import json
from typing import Any

import pytest

from probes import vendor as probe
from probes.artifacts import (
    CookieRecord,
    DomMarker,
    FrameRecord,
    GlobalValue,
    LinkRecord,
    PageCapture,
    RequestRecord,
    StorageEntry,
    Timings,
    VisitArtifacts,
)
from probes.catalogue import Vendor, catalogue

EVIDENCE_KINDS = {"request", "global", "dom", "frame", "cookie", "storage", "link", "html"}
POSITIVE_FIELDS = ("request", "global", "selector", "frame", "cookie", "storage", "link", "html")


# --- hand-made evidence -----------------------------------------------------------------------


def page(role: str = "home", profile: str = "desktop", **fields: Any) -> PageCapture:
    return PageCapture(
        role=role,  # type: ignore[arg-type]
        profile=profile,  # type: ignore[arg-type]
        requested_url="https://shop.example/",
        final_url="https://shop.example/",
        timings=Timings(started_at="2026-09-01T10:00:00Z"),
        **fields,
    )


def visit(*pages: PageCapture, started_at: str = "2026-09-01T10:00:00Z") -> VisitArtifacts:
    return VisitArtifacts(
        tool_version="test",
        campaign="test",
        shop="https://shop.example",
        start_url="https://shop.example/",
        started_at=started_at,
        status="ok",
        pages=list(pages),
    )


def req(url: str, status: int | None = 200, failure: str | None = None) -> RequestRecord:
    return RequestRecord(url=url, resource_type="script", status=status, failure=failure)


def glob(name: str, loaded: bool | None = True, defined: bool = True) -> GlobalValue:
    return GlobalValue(name=name, defined=defined, type="object", loaded=loaded)


def marker(selector: str, visible: bool = True) -> DomMarker:
    return DomMarker(selector=selector, visible=visible, in_first_viewport=visible)


def link(href: str, visible: bool = True, text: str = "") -> LinkRecord:
    return LinkRecord(href=href, text=text, visible=visible)


def judge(*pages: PageCapture, **kwargs: Any) -> dict[str, Any]:
    result = probe.run(visit(*pages, **kwargs))
    json.dumps(result)  # the finding value must be JSON-safe
    return result


def reported(result: dict[str, Any], vendor_id: str) -> dict[str, Any] | None:
    return next((v for v in result["vendors"] if v["id"] == vendor_id), None)


def ids(result: dict[str, Any]) -> list[str]:
    return [v["id"] for v in result["vendors"]]


# --- one case per catalogue example: adding a vendor = one entry + its example ---------------


def _global_value(vendor: Vendor, name: str) -> GlobalValue:
    rule = next(r for r in vendor.rules_for("globals") if r.source == name)
    return glob(name, loaded=True if rule.loaded else None)


def _page_for(vendor: Vendor, field: str) -> PageCapture:
    sample = vendor.examples[field]
    if field == "request":
        return page(requests=[req(sample)])
    if field == "global":
        return page(globals=[_global_value(vendor, sample)])
    if field == "selector":
        return page(dom_markers=[marker(sample)])
    if field == "frame":
        return page(frames=[FrameRecord(url=sample.get("url", ""), title=sample.get("title"))])
    if field == "cookie":
        return page(cookies=[CookieRecord(name=sample, domain="shop.example")])
    if field == "storage":
        return page(storage=[StorageEntry(origin="https://shop.example", area="local", key=sample)])
    if field == "link":
        return page(links=[link(sample)])
    return page(html=f"<html><body>{sample}</body></html>")


def _all_examples_page(vendor: Vendor) -> PageCapture:
    fields: dict[str, list[Any]] = {}
    for field in POSITIVE_FIELDS:
        if field in vendor.examples:
            for key, values in _page_for(vendor, field).model_dump(include=set(_FIELDS)).items():
                if values:
                    fields.setdefault(key, []).extend(values if isinstance(values, list) else [])
    html = vendor.examples.get("html")
    return page(**{k: _rebuild(k, v) for k, v in fields.items()}, html=html)


_FIELDS = ("requests", "globals", "dom_markers", "frames", "cookies", "storage", "links")
_MODELS = {
    "requests": RequestRecord,
    "globals": GlobalValue,
    "dom_markers": DomMarker,
    "frames": FrameRecord,
    "cookies": CookieRecord,
    "storage": StorageEntry,
    "links": LinkRecord,
}


def _rebuild(key: str, values: list[dict[str, Any]]) -> list[Any]:
    return [_MODELS[key].model_validate(value) for value in values]


def _expected_id(vendor: Vendor, field: str) -> str:
    """The vendor itself, or its family default when the sample only hits shared rules."""
    cat = catalogue()
    sample = vendor.examples[field]
    if field == "request":
        rules = [rule for rule, _ in cat.match_request(sample)]
    elif field == "global":
        rules = cat.rules_for_global(sample)
    elif field == "selector":
        rules = cat.rules_for_selector(sample)
    else:
        return vendor.id
    own = [rule for rule in rules if rule.vendor_id == vendor.id]
    if vendor.family and own and all("shared" in rule.flags for rule in own):
        return next(v.id for v in cat if v.family == vendor.family and v.family_default)
    return vendor.id


EXAMPLE_CASES = [
    pytest.param(vendor.id, field, id=f"{vendor.id}-{field}")
    for vendor in catalogue()
    for field in POSITIVE_FIELDS
    if field in vendor.examples
]


@pytest.mark.parametrize(("vendor_id", "field"), EXAMPLE_CASES)
def test_each_example_alone_reports_its_vendor(vendor_id: str, field: str) -> None:
    vendor = catalogue().vendor(vendor_id)
    result = judge(_page_for(vendor, field))
    expected = _expected_id(vendor, field)
    found = reported(result, expected)
    assert found is not None, (expected, result["ignored"])
    assert 0 < found["confidence"] <= 1
    for item in found["evidence"]:
        assert item["kind"] in EVIDENCE_KINDS
        assert item["page"] == "home-desktop"
        assert isinstance(item["value"], str) and isinstance(item["pattern"], str)
    if field == "html":
        assert found["flags"] and "html_only" in found["flags"]
        assert found["confidence"] <= probe.HTML_ONLY_CAP
        assert found["loaded"] is False


@pytest.mark.parametrize("vendor_id", [vendor.id for vendor in catalogue()])
def test_all_examples_together_make_the_vendor_primary(vendor_id: str) -> None:
    vendor = catalogue().vendor(vendor_id)
    result = judge(_all_examples_page(vendor))
    assert result["primary"] == vendor_id
    found = reported(result, vendor_id)
    assert found is not None and found["confidence"] >= 0.45
    global_name = vendor.examples.get("global")
    if global_name and any(
        r.loaded for r in vendor.rules_for("globals") if r.source == global_name
    ):
        assert found["loaded"] is True


NEGATIVE_CASES = [
    pytest.param(vendor.id, kind, sample, id=f"{vendor.id}-{kind}-{n}")
    for vendor in catalogue()
    for kind, samples in vendor.examples.get("not", {}).items()
    for n, sample in enumerate(samples)
]


@pytest.mark.parametrize(("vendor_id", "kind", "sample"), NEGATIVE_CASES)
def test_negative_examples_alone_report_nothing(vendor_id: str, kind: str, sample: str) -> None:
    if kind == "requests":
        capture = page(requests=[req(sample)])
    elif kind == "links":
        capture = page(links=[link(sample)])
    elif kind == "globals":
        capture = page(globals=[glob(sample, loaded=None)])
    else:
        capture = page(html=sample)
    result = judge(capture)
    assert result["vendors"] == []
    assert result["primary"] is None
    # A sample that hits a not_chat_alone rule is kept for the audit under 'ignored'.
    assert {item["id"] for item in result["ignored"]} <= {vendor_id}


# --- the traps in vendors.md ------------------------------------------------------------------


def test_facebook_sdk_and_page_link_are_not_messenger() -> None:
    result = judge(
        page(
            requests=[req("https://connect.facebook.net/en_US/sdk.js")],
            globals=[glob("FB", loaded=None)],
            frames=[FrameRecord(url="https://www.facebook.com/v19.0/plugins/like.php?href=x")],
            links=[link("https://www.facebook.com/exampleshop", text="Facebook")],
        )
    )
    assert result["vendors"] == [] and result["primary"] is None
    ignored = {item["id"]: item for item in result["ignored"]}
    assert "messenger" in ignored and ignored["messenger"]["reason"]


def test_customerchat_markup_is_a_dead_plugin() -> None:
    result = judge(
        page(
            requests=[req("https://connect.facebook.net/en_US/sdk/xfbml.customerchat.js")],
            globals=[glob("FB.CustomerChat", loaded=None)],
            dom_markers=[marker(".fb-customerchat", visible=False)],
            frames=[FrameRecord(url="https://www.facebook.com/v12.0/plugins/customerchat.php")],
        )
    )
    messenger = reported(result, "messenger")
    assert messenger is not None
    assert {"dead_plugin", "no_live_evidence"} <= set(messenger["flags"])
    assert messenger["loaded"] is False
    assert all("dead_plugin" in item["flags"] for item in messenger["evidence"])
    assert result["primary"] is None  # a dead plugin is never the shop's chat


def test_m_me_link_is_live_messenger() -> None:
    result = judge(page(links=[link("https://m.me/exampleshop", text="Message us")]))
    messenger = reported(result, "messenger")
    assert messenger is not None and messenger["kind"] == "messenger"
    assert "dead_plugin" not in messenger["flags"]
    assert result["primary"] == "messenger"


def test_m_me_link_next_to_dead_plugin_markup_stays_live() -> None:
    result = judge(
        page(
            links=[link("https://m.me/exampleshop")],
            dom_markers=[marker(".fb-customerchat", visible=False)],
        )
    )
    messenger = reported(result, "messenger")
    assert messenger is not None
    assert "dead_plugin" in messenger["flags"] and "no_live_evidence" not in messenger["flags"]
    assert result["primary"] == "messenger"


def test_hubspot_tracking_alone_is_not_chat() -> None:
    result = judge(
        page(
            requests=[req("https://js-eu1.hs-scripts.com/1234567.js")],
            globals=[glob("_hsq", loaded=None)],
        )
    )
    assert result["vendors"] == []
    assert [item["id"] for item in result["ignored"]] == ["hubspot"]


def test_hubspot_with_conversations_embed_is_chat() -> None:
    result = judge(
        page(
            requests=[
                req("https://js.hs-scripts.com/1234567.js"),
                req("https://js.usemessages.com/conversations-embed.js"),
            ],
            globals=[glob("_hsq", loaded=None), glob("HubSpotConversations", loaded=True)],
            dom_markers=[marker("#hubspot-messages-iframe-container")],
        )
    )
    hubspot = reported(result, "hubspot")
    assert hubspot is not None and hubspot["loaded"] is True
    assert result["primary"] == "hubspot"
    tracking = [e for e in hubspot["evidence"] if "hs-scripts" in e["value"]]
    assert tracking and "not_chat_alone" in tracking[0]["flags"]


TAWK_SNIPPET = '<script async src="https://embed.tawk.to/5f0a1b2c/default"></script>'
LHC_SNIPPET = (
    "<script>var LHC_API = LHC_API||{}; LHC_API.args = {mode:'widget'};</script>"
    '<script src="https://support.example.com/design/defaulttheme/js/widgetv2/index.js"></script>'
)


def test_commented_out_snippet_is_not_a_vendor() -> None:
    html = f"<html><body><!-- old chat {TAWK_SNIPPET} --><p>Shop</p></body></html>"
    result = judge(page(html=html))
    assert result["vendors"] == [] and result["primary"] is None


def test_commented_tawk_next_to_live_helper_chat() -> None:
    html = f"<html><body><!--\n{TAWK_SNIPPET}\n-->{LHC_SNIPPET}</body></html>"
    result = judge(page(html=html))
    assert ids(result) == ["live_helper_chat"]


def test_html_only_evidence_stays_weak_and_unloaded() -> None:
    result = judge(page(html=f"<html><body>{TAWK_SNIPPET}</body></html>"))
    tawk = reported(result, "tawk")
    assert tawk is not None
    assert tawk["confidence"] <= probe.HTML_ONLY_CAP
    assert tawk["loaded"] is False and "html_only" in tawk["flags"]


def test_the_word_chat_is_not_a_widget() -> None:
    result = judge(
        page(
            title="Chat with us",
            html="<html><body><h2>Live chat</h2><a href='/chat'>Chat now</a></body></html>",
            links=[link("https://shop.example/chat", text="Chat now")],
            dom_markers=[marker("[class*=chat]"), marker("#chat-button")],
            frames=[FrameRecord(url="https://shop.example/chat-frame", title="Chat")],
        )
    )
    assert result["vendors"] == [] and result["ignored"] == []


def test_zendesk_help_centre_link_is_not_a_widget() -> None:
    result = judge(page(links=[link("https://acme.zendesk.com/hc/en-us/articles/1-Returns")]))
    assert result["vendors"] == []
    assert [item["id"] for item in result["ignored"]] == ["zendesk"]


def test_stub_global_is_not_loaded() -> None:
    stub = page(globals=[glob("Intercom", loaded=False), glob("intercomSettings", loaded=None)])
    intercom = reported(judge(stub), "intercom")
    assert intercom is not None and intercom["loaded"] is False
    assert any("stub" in item["flags"] for item in intercom["evidence"])
    assert intercom["confidence"] < 0.7


def test_stub_global_with_a_downloaded_script_is_still_not_loaded() -> None:
    # The bundle answered but never booted (consent, error): the marker says no.
    capture = page(
        requests=[req("https://widget.intercom.io/widget/abc123de")],
        globals=[glob("Intercom", loaded=False)],
    )
    intercom = reported(judge(capture), "intercom")
    assert intercom is not None and intercom["loaded"] is False


def test_loaded_marker_makes_it_loaded() -> None:
    capture = page(globals=[glob("Intercom", loaded=True)])
    intercom = reported(judge(capture), "intercom")
    assert intercom is not None and intercom["loaded"] is True


def test_blocked_script_counts_as_installed_but_not_loaded() -> None:
    capture = page(requests=[req("https://client.crisp.chat/l.js", None, "net::ERR_BLOCKED")])
    crisp = reported(judge(capture), "crisp")
    assert crisp is not None and crisp["loaded"] is False
    assert "failed" in crisp["evidence"][0]["flags"]


def test_tawk_title_is_case_sensitive_against_hubspot_chat_widget_frame() -> None:
    capture = page(frames=[FrameRecord(url="about:blank", title="Chat Widget")])
    assert judge(capture)["vendors"] == []
    capture = page(frames=[FrameRecord(url="about:blank", title="chat widget")])
    assert ids(judge(capture)) == ["tawk"]


# --- several vendors and the primary one ------------------------------------------------------


def _tawk_loaded() -> dict[str, Any]:
    return {
        "requests": [req("https://embed.tawk.to/5f0a1b2c/default")],
        "globals": [glob("Tawk_API", loaded=True)],
        "dom_markers": [marker('iframe[title="chat widget"]')],
    }


def test_loaded_widget_beats_a_link_which_beats_html() -> None:
    capture = page(
        **_tawk_loaded(),
        links=[link("https://wa.me/37255512345")],
        html="<html><body><script src='https://code.tidio.co/abc.js'></script></body></html>",
    )
    result = judge(capture)
    assert result["primary"] == "tawk"
    assert ids(result) == ["tawk", "whatsapp", "tidio"]
    confidences = [v["confidence"] for v in result["vendors"]]
    assert confidences == sorted(confidences, reverse=True)
    assert reported(result, "whatsapp")["kind"] == "messenger"  # type: ignore[index]


def test_link_beats_raw_html() -> None:
    capture = page(
        links=[link("https://wa.me/37255512345")],
        html="<html><script src='https://code.tidio.co/abc.js'></script></html>",
    )
    assert judge(capture)["primary"] == "whatsapp"


def test_loaded_widget_beats_a_stub() -> None:
    capture = page(
        requests=[req("https://js.driftt.com/include/1712345400000/abc.js")],
        globals=[glob("drift", loaded=False), glob("Intercom", loaded=True)],
    )
    result = judge(capture)
    assert result["primary"] == "intercom"
    assert set(ids(result)) == {"drift", "intercom"}


def test_result_does_not_depend_on_page_order() -> None:
    home = page("home", **_tawk_loaded())
    cart = page("cart", links=[link("https://wa.me/37255512345")])
    mobile = page("home", "mobile", globals=[glob("Intercom", loaded=False)])
    first = probe.run(visit(home, cart, mobile))
    second = probe.run(visit(mobile, cart, home))
    assert first["primary"] == second["primary"] == "tawk"
    assert ids(first) == ids(second)
    assert [v["confidence"] for v in first["vendors"]] == [
        v["confidence"] for v in second["vendors"]
    ]
    assert first == probe.run(visit(home, cart, mobile))  # deterministic


def test_evidence_names_every_page_it_came_from() -> None:
    tawk_request = [req("https://embed.tawk.to/5f0a1b2c/default")]
    result = judge(
        page("home", requests=tawk_request), page("cart", "mobile", requests=tawk_request)
    )
    tawk = reported(result, "tawk")
    assert tawk is not None and tawk["pages"] == ["home-desktop", "cart-mobile"]
    assert {item["page"] for item in tawk["evidence"]} == {"home-desktop", "cart-mobile"}
    assert result["pages_checked"] == ["home-desktop", "cart-mobile"]
    assert {item["vendor"] for item in result["evidence"]} == {"tawk"}


def test_zendesk_shared_snippet_alone_is_zendesk_with_unknown_variant() -> None:
    capture = page(
        requests=[req("https://static.zdassets.com/ekr/snippet.js?key=abc")],
        globals=[glob("zE", loaded=None)],
        dom_markers=[marker("iframe#launcher")],
    )
    result = judge(capture)
    assert ids(result) == ["zendesk"]
    assert "variant_unknown" in result["vendors"][0]["flags"]


def test_zendesk_messaging_is_told_apart_by_its_window() -> None:
    capture = page(
        requests=[req("https://static.zdassets.com/ekr/snippet.js?key=abc")],
        globals=[glob("zE", loaded=None)],
        dom_markers=[marker("iframe#launcher"), marker('iframe[title="Messaging window"]')],
    )
    result = judge(capture)
    assert ids(result) == ["zendesk_messaging"]
    assert result["primary"] == "zendesk_messaging"
    assert "zendesk" in [item["id"] for item in result["ignored"]]


def test_retired_vendor_is_flagged_and_ranks_below_a_current_one() -> None:
    capture = page(
        requests=[req("https://service.force.com/embeddedservice/5.0/esw.min.js")],
        globals=[glob("embedded_svc", loaded=None)],
        links=[link("https://wa.me/37255512345")],
    )
    after = judge(capture, started_at="2026-03-01T08:00:00Z")
    assert "retired" in reported(after, "salesforce_chat")["flags"]  # type: ignore[index]
    assert after["primary"] == "whatsapp"
    before = judge(capture, started_at="2025-11-01T08:00:00Z")
    assert "retired" not in reported(before, "salesforce_chat")["flags"]  # type: ignore[index]
    assert before["primary"] == "salesforce_chat"


def test_self_hosted_path_with_global_is_found() -> None:
    capture = page(
        requests=[req("https://support.shop.example/packs/js/sdk.js")],
        globals=[glob("chatwootSDK", loaded=None), glob("$chatwoot", loaded=True)],
    )
    chatwoot = reported(judge(capture), "chatwoot")
    assert chatwoot is not None and chatwoot["loaded"] is True


def test_generic_track_js_alone_is_not_liveagent() -> None:
    bare = judge(page(requests=[req("https://shop.example/scripts/track.js")]))
    assert bare["vendors"] == []
    with_global = judge(
        page(
            requests=[req("https://support.shop.example/scripts/track.js")],
            globals=[glob("LiveAgent", loaded=None)],
        )
    )
    assert with_global["primary"] == "liveagent"


def test_bot_vendor_is_flagged() -> None:
    result = judge(page(requests=[req("https://acme.boost.ai/chatPanel/chatPanel.js")]))
    assert "bot" in reported(result, "boost_ai")["flags"]  # type: ignore[index]


def test_cookie_values_are_never_copied_into_evidence() -> None:
    capture = page(cookies=[CookieRecord(name="__lc_cid", domain="shop.example", value="secret")])
    result = judge(capture)
    assert "secret" not in json.dumps(result)


def test_visit_without_pages_is_not_applicable() -> None:
    result = probe.run(visit())
    assert result["outcome"] == "not_applicable"
    assert result["vendors"] == [] and result["primary"] is None


def test_meta_declares_the_probe() -> None:
    assert probe.META["id"] == "vendor"
    assert probe.META["title"] and probe.META["description"]
    assert probe.META["requires"] == ["pages"]


def test_chat_met_while_shopping_beats_a_stronger_one_on_the_contact_page() -> None:
    # Tawk on the contact page alone has more kinds of evidence than Tidio on the
    # home page and cart, but the customer meets Tidio while shopping.
    contact = page("contact", **_tawk_loaded(), cookies=[])
    tidio = {
        "requests": [req("https://code.tidio.co/abcdefghijklmnopqrstuvwxyz123456.js")],
        "globals": [glob("tidioChatApi", loaded=True)],
    }
    result = judge(page("home", **tidio), page("cart", **tidio), contact)
    assert result["primary"] == "tidio"
    assert reported(result, "tidio")["shopping_pages"] == 2  # type: ignore[index]
    assert reported(result, "tawk")["shopping_pages"] == 0  # type: ignore[index]
    # With both on the home page, evidence strength decides as before.
    both = judge(page("home", **_tawk_loaded()), contact)
    assert both["primary"] == "tawk"


def test_stub_whose_bundle_failed_is_flagged_broken_and_never_primary() -> None:
    capture = page(
        requests=[
            req("https://widget.intercom.io/widget/abc123", status=404),
            req("https://client.crisp.chat/l.js"),
        ],
        globals=[glob("Intercom", loaded=False), glob("$crisp", loaded=True)],
    )
    result = judge(capture)
    intercom = reported(result, "intercom")
    assert intercom is not None and "broken" in intercom["flags"]
    assert intercom["loaded"] is False
    assert result["primary"] == "crisp"
    assert ids(result)[-1] == "intercom"
