"""The access probe on hand-made evidence: every chat kind, every flag, the traps."""

from __future__ import annotations

import json
from typing import Any

import pytest

from probes import access as probe
from probes.artifacts import (
    ChatInteraction,
    ConsentRecord,
    DomMarker,
    FormField,
    GlobalValue,
    LinkRecord,
    PageCapture,
    RequestRecord,
    Timings,
    VisitArtifacts,
    WidgetView,
)
from probes.registry import PROBE_MODULES, run_all

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


def visit(
    *pages: PageCapture,
    chat: list[ChatInteraction] | None = None,
    status: str = "ok",
    consent: ConsentRecord | None = None,
) -> VisitArtifacts:
    return VisitArtifacts(
        tool_version="test",
        campaign="test",
        shop="https://shop.example",
        start_url="https://shop.example/",
        started_at="2026-09-01T10:00:00Z",
        status=status,  # type: ignore[arg-type]
        pages=list(pages),
        chat=chat or [],
        consent=consent,
    )


def req(url: str, status: int | None = 200) -> RequestRecord:
    return RequestRecord(url=url, resource_type="script", status=status)


def glob(name: str, loaded: bool | None = True) -> GlobalValue:
    return GlobalValue(name=name, defined=True, type="object", loaded=loaded)


def marker(selector: str, visible: bool = True) -> DomMarker:
    return DomMarker(selector=selector, visible=visible, in_first_viewport=visible)


def link(href: str, visible: bool = True) -> LinkRecord:
    return LinkRecord(href=href, visible=visible)


TAWK = dict(
    requests=[req("https://embed.tawk.to/5f0a1b2c/default")],
    globals=[glob("Tawk_API")],
)
TIDIO = dict(
    requests=[req("https://code.tidio.co/abcdefghijklmnopqrstuvwxyz012345.js")],
    globals=[glob("tidioChatApi")],
    dom_markers=[marker("#tidio-chat")],
)
ZENDESK = dict(
    requests=[req("https://static.zdassets.com/ekr/snippet.js?key=0123")],
    globals=[glob("zE", None), glob("zESettings", None)],
    dom_markers=[marker("iframe#launcher"), marker("iframe#webWidget")],
)
LIVECHAT = dict(
    requests=[req("https://cdn.livechatinc.com/tracking.js")],
    globals=[glob("LiveChatWidget")],
    dom_markers=[marker("#chat-widget-container")],
)
DEAD_PLUGIN = dict(
    requests=[req("https://connect.facebook.net/lv_LV/sdk/xfbml.customerchat.js")],
    globals=[glob("FB.CustomerChat", None)],
    dom_markers=[marker(".fb-customerchat", visible=False)],
)


def opened(
    vendor: str = "tawk",
    page_key: str = "home-desktop",
    *,
    composer: bool = True,
    fields: list[FormField] | None = None,
    offline_form: bool = False,
    login_wall: bool = False,
    quick_replies: list[str] | None = None,
    text: str = "",
    frame_urls: list[str] | None = None,
    **extra: Any,
) -> ChatInteraction:
    return ChatInteraction(
        page=page_key,
        vendor=vendor,
        opened_by="api",
        open_call="window.Tawk_API.maximize()",
        opened=True,
        view=WidgetView(
            composer=composer,
            composer_placeholder="Kirjuta sõnum…" if composer else "",
            fields=fields or [],
            offline_form=offline_form,
            login_wall=login_wall,
            quick_replies=quick_replies or [],
            text=text,
            frame_urls=frame_urls or [],
        ),
        screenshot_before=f"chat-{page_key}-before.png",
        screenshot_after=f"chat-{page_key}-after.png",
        **extra,
    )


def judge(v: VisitArtifacts) -> dict[str, Any]:
    result = probe.run(v)
    json.dumps(result)  # the finding value must be JSON-safe
    assert result["outcome"] in ("ok", "not_applicable")
    if result["outcome"] == "ok":
        assert result["chat_type"] in probe.CHAT_TYPES
        assert result["confidence"] in ("high", "low")
        assert result["prechat_fields"] == [
            f for f in probe.FIELD_ORDER if f in result["prechat_fields"]
        ]
        for item in result["evidence"]:
            assert {"kind", "page", "value"} <= set(item)
    return result


def kinds(result: dict[str, Any]) -> set[str]:
    return {item["kind"] for item in result["evidence"]}


# --- opened widgets: what a customer could do decides -----------------------------------------


def test_anonymous_widget_from_the_composer() -> None:
    result = judge(visit(page(**TAWK), chat=[opened()]))
    assert result["chat_type"] == "anonymous_widget"
    assert result["decided_by"] == "widget_composer"
    assert result["confidence"] == "high"
    assert result["vendor"] == "tawk"
    assert result["prechat_fields"] == []
    assert result["dead_plugin"] is False and result["bot_first"] is False
    assert result["pages"] == ["home-desktop"]
    shots = [e["value"] for e in result["evidence"] if e["kind"] == "screenshot"]
    assert shots == ["chat-home-desktop-before.png", "chat-home-desktop-after.png"]
    assert {"composer", "opened_by"} <= kinds(result)
    assert any(e.get("source") == "vendor" for e in result["evidence"])


def test_optional_fields_next_to_the_composer_do_not_gate() -> None:
    optional = [FormField(kind="name", label="Nimi", required=False)]
    result = judge(visit(page(**TAWK), chat=[opened(fields=optional)]))
    assert result["chat_type"] == "anonymous_widget" and result["prechat_fields"] == []


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ([FormField(kind="name", label="Nimi *", required=True)], ["name"]),
        (
            [FormField(kind="email", label="Sähköposti", input_type="email", required=True)],
            ["email"],
        ),
        ([FormField(kind="phone", label="Телефон", input_type="tel", required=True)], ["phone"]),
        ([FormField(kind="other", label="Tellimuse number *", required=True)], ["other"]),
        (
            [
                FormField(kind="email", label="E-post *", required=True),
                FormField(kind="name", label="Namn *", required=True),
                FormField(kind="phone", label="Telefon", required=False),
                FormField(kind="email", label="E-post igen *", required=True),
            ],
            ["name", "email"],
        ),
    ],
)
def test_form_gated_widget_with_each_field_kind(
    fields: list[FormField], expected: list[str]
) -> None:
    # Like real pre-chat forms: no composer until the form is filled in.
    result = judge(visit(page(**ZENDESK), chat=[opened("zendesk", composer=False, fields=fields)]))
    assert result["chat_type"] == "form_gated_widget"
    assert result["decided_by"] == "widget_required_fields"
    assert result["prechat_fields"] == expected
    labels = {e["value"] for e in result["evidence"] if e["kind"] == "field"}
    assert labels == {f.label for f in fields}


def test_required_fields_beside_the_composer_still_gate() -> None:
    fields = [FormField(kind="email", label="Email *", required=True)]
    result = judge(visit(page(**TAWK), chat=[opened(composer=True, fields=fields)]))
    assert result["chat_type"] == "form_gated_widget" and result["prechat_fields"] == ["email"]


def test_offline_form() -> None:
    fields = [
        FormField(kind="name", label="Name", required=False),
        FormField(kind="email", label="E-mail *", input_type="email", required=True),
    ]
    chat = opened(
        "livechat",
        composer=False,
        offline_form=True,
        fields=fields,
        text="Our team is away right now. Leave a message and we will reply by e-mail.",
    )
    result = judge(visit(page(**LIVECHAT), chat=[chat]))
    assert result["chat_type"] == "offline_form"
    assert result["decided_by"] == "widget_offline_form"
    assert result["prechat_fields"] == []  # no chat is gated; the form's fields are evidence
    required = [e["value"] for e in result["evidence"] if e["kind"] == "field" and e["required"]]
    assert required == ["E-mail *"]
    assert "widget_text" in kinds(result)


def test_a_live_composer_beats_offline_words() -> None:
    chat = opened("livechat", composer=True, offline_form=True, text="offline hours: Mon–Fri")
    assert judge(visit(page(**LIVECHAT), chat=[chat]))["chat_type"] == "anonymous_widget"


def test_facebook_login_wall_is_messenger() -> None:
    chat = opened(
        "manychat",
        composer=False,
        login_wall=True,
        text="Continue with Facebook to chat with us",
    )
    result = judge(visit(page(requests=[req("https://widget.manychat.com/1234.js")]), chat=[chat]))
    assert result["chat_type"] == "messenger"
    assert result["decided_by"] == "messenger_login_wall"
    assert result["confidence"] == "high"
    assert result["bot_first"] is True  # ManyChat is a bot product


def test_an_account_login_wall_is_an_identity_gate_not_messenger() -> None:
    chat = opened(composer=False, login_wall=True, text="Logi sisse, et vestelda")
    result = judge(visit(page(**TAWK), chat=[chat]))
    assert result["chat_type"] == "form_gated_widget"
    assert result["decided_by"] == "widget_login_wall"
    assert result["prechat_fields"] == ["other"]


@pytest.mark.parametrize("where", ["navigations", "popups"])
@pytest.mark.parametrize(
    "url", ["https://m.me/shop", "https://www.messenger.com/t/shop", "https://www.facebook.com/x"]
)
def test_widget_that_leaves_for_messenger(where: str, url: str) -> None:
    chat = ChatInteraction(
        page="home-desktop",
        vendor="manychat",
        opened_by="click",
        launcher=".mcwidget-button at (1300,700)",
        opened=False,
        **{where: ["https://shop.example/", url]},
    )
    result = judge(visit(page(requests=[req("https://widget.manychat.com/1234.js")]), chat=[chat]))
    assert result["chat_type"] == "messenger"
    assert result["decided_by"] == "widget_to_messenger"
    assert [e["value"] for e in result["evidence"] if e["kind"] in ("navigation", "popup")] == [url]


def test_a_popup_elsewhere_is_not_messenger() -> None:
    chat = ChatInteraction(
        page="home-desktop",
        vendor="tawk",
        opened_by="click",
        launcher="iframe at (1,1)",
        popups=["https://ads.example/win"],
    )
    result = judge(visit(page(**TAWK), chat=[chat]))
    assert result["chat_type"] != "messenger"


# --- bot_first ----------------------------------------------------------------------------------


def test_bot_first_by_vendor() -> None:
    bot_page = page(requests=[req("https://acme.boost.ai/chatPanel/chatPanel.js")])
    result = judge(visit(bot_page, chat=[opened("boost_ai")]))
    assert result["chat_type"] == "anonymous_widget" and result["bot_first"] is True
    assert any(
        e["kind"] == "bot_vendor" and e.get("flag") == "bot_first" for e in result["evidence"]
    )


def test_bot_first_by_quick_replies_before_any_composer() -> None:
    chat = opened("tidio", composer=False, quick_replies=["Tellimuse staatus", "Tagastamine"])
    result = judge(visit(page(**TIDIO), chat=[chat]))
    assert result["bot_first"] is True
    assert result["chat_type"] == "anonymous_widget"
    assert result["decided_by"] == "widget_quick_replies"
    assert result["confidence"] == "low"  # buttons only: the message box was not seen
    quick = [e["value"] for e in result["evidence"] if e["kind"] == "quick_reply"]
    assert "Tellimuse staatus" in quick


def test_quick_replies_beside_a_composer_are_not_enough() -> None:
    chat = opened("tidio", composer=True, quick_replies=["Tellimuse staatus", "Tagastamine"])
    assert judge(visit(page(**TIDIO), chat=[chat]))["bot_first"] is False


@pytest.mark.parametrize(
    "greeting",
    [
        "Hi! I'm a bot, ask me anything.",
        "Hello, I am ShopBot.",
        "Tere! Olen virtuaalassistent Mari.",
        "Tere! Ma olen vestlusrobot.",
        "Hei! Olen virtuaaliavustaja.",
        "Moi, olen Kahvibotti!",
        "Hej! Jag är Kaffeboten. Vill du ha hjälp?",
        "Sveiki! Esmu virtuālais asistents.",
        "Labas! Aš esu pokalbių robotas.",
        "Здравствуйте! Я бот-помощник магазина.",
        "Здравствуйте, я виртуальный помощник.",
        "Hallo! Ich bin ein Chatbot.",
        "Chatbot",
    ],
)
def test_bot_first_by_greeting_in_eight_languages(greeting: str) -> None:
    result = judge(visit(page(**TIDIO), chat=[opened("tidio", text=greeting)]))
    assert result["bot_first"] is True, greeting
    assert "bot_text" in kinds(result)


@pytest.mark.parametrize(
    "greeting",
    [
        "Tere! Kuidas saame aidata?",
        "Wir haben es Ihnen gestern angeboten.",
        "Мы работаем с 9 до 17.",
        "Real people, no bots!",
        "Our bottles ship in 2 days.",
        "Robottolmuimejad on soodushinnaga.",
    ],
)
def test_greetings_without_a_bot(greeting: str) -> None:
    assert judge(visit(page(**TIDIO), chat=[opened("tidio", text=greeting)]))["bot_first"] is False


# --- links and Messenger ------------------------------------------------------------------------


def test_m_me_link_is_messenger() -> None:
    result = judge(visit(page(links=[link("https://m.me/lauku.labumi")])))
    assert result["chat_type"] == "messenger"
    assert result["decided_by"] == "messenger_link"
    assert result["vendor"] == "messenger"
    assert result["confidence"] == "high"
    assert result["dead_plugin"] is False
    assert [e["value"] for e in result["evidence"] if e["kind"] == "link"] == [
        "https://m.me/lauku.labumi"
    ]


def test_messenger_com_thread_link_is_messenger() -> None:
    result = judge(visit(page(links=[link("https://www.messenger.com/t/12345")])))
    assert result["chat_type"] == "messenger" and result["decided_by"] == "messenger_link"


@pytest.mark.parametrize(
    ("href", "vendor"),
    [
        ("https://wa.me/37061234567", "whatsapp"),
        ("https://api.whatsapp.com/send?phone=3725551234", "whatsapp"),
        ("https://t.me/kodukaup", "telegram"),
        ("viber://chat?number=%2B37061234567", "viber"),
        ("https://acme.verloop.io/livechat?mode=popout", "verloop"),
    ],
)
def test_app_links_are_link_out(href: str, vendor: str) -> None:
    result = judge(visit(page(links=[link(href)])))
    assert result["chat_type"] == "link_out"
    assert result["vendor"] == vendor
    assert result["decided_by"] == f"link_out_{vendor}"
    assert result["confidence"] == "high"


def test_the_collectors_link_note_is_link_evidence() -> None:
    whatsapp = page(
        links=[link("https://wa.me/37061234567")], dom_markers=[marker(".joinchat--chatbox")]
    )
    note = ChatInteraction(
        page="home-desktop", vendor="whatsapp", opened_by="link", link="https://wa.me/37061234567"
    )
    result = judge(visit(whatsapp, chat=[note]))
    assert result["chat_type"] == "link_out" and result["pages"] == ["home-desktop"]


def test_a_hidden_link_is_low_confidence() -> None:
    result = judge(visit(page(links=[link("https://wa.me/37061234567", visible=False)])))
    assert result["chat_type"] == "link_out" and result["confidence"] == "low"


def test_a_messaging_button_without_a_link_is_low_confidence_link_out() -> None:
    joinchat = page(
        requests=[
            req(
                "https://shop.example/wp-content/plugins/creame-whatsapp-me/public/js/joinchat.min.js"
            )
        ],
        globals=[glob("joinchat_obj", None)],
    )
    result = judge(visit(joinchat))
    assert result["chat_type"] == "link_out"
    assert result["decided_by"] == "link_out_button"
    assert result["confidence"] == "low"


def test_widget_beats_a_whatsapp_link() -> None:
    home = page(**TAWK, links=[link("https://wa.me/37255512345")])
    result = judge(visit(home, chat=[opened()]))
    assert result["chat_type"] == "anonymous_widget" and result["vendor"] == "tawk"
    assert result["other_kinds"] == ["link_out"]


def test_messenger_link_comes_before_other_link_outs() -> None:
    home = page(links=[link("https://wa.me/37255512345"), link("https://m.me/shop")])
    result = judge(visit(home))
    assert result["chat_type"] == "messenger" and result["other_kinds"] == ["link_out"]


# --- the dead Messenger Chat Plugin -------------------------------------------------------------


def test_dead_plugin_alone_is_no_chat() -> None:
    failed_open = ChatInteraction(
        page="home-desktop",
        vendor="messenger",
        error="no documented call (bundle not loaded) and no launcher to click",
    )
    result = judge(visit(page(**DEAD_PLUGIN), chat=[failed_open]))
    assert result["chat_type"] == "none"
    assert result["dead_plugin"] is True
    assert result["decided_by"] == "dead_plugin_only"
    assert result["vendor"] == "messenger"
    assert result["bot_first"] is False
    values = {e["value"] for e in result["evidence"]}
    assert "https://connect.facebook.net/lv_LV/sdk/xfbml.customerchat.js" in values
    assert "chat_error" in kinds(result)  # the collector's try: nothing showed


def test_dead_plugin_in_html_only_is_no_chat() -> None:
    html = '<script src="https://connect.facebook.net/en_US/sdk/xfbml.customerchat.js"></script>'
    result = judge(visit(page(html=html)))
    assert (result["chat_type"], result["dead_plugin"]) == ("none", True)


def test_dead_plugin_plus_m_me_link_is_live_messenger() -> None:
    home = page(**DEAD_PLUGIN, links=[link("https://m.me/lauku.labumi")])
    result = judge(visit(home))
    assert result["chat_type"] == "messenger"
    assert result["decided_by"] == "messenger_link"
    assert result["dead_plugin"] is True
    assert any(e.get("flag") == "dead_plugin" for e in result["evidence"])


def test_dead_plugin_beside_a_working_widget() -> None:
    home = page(
        requests=TAWK["requests"] + DEAD_PLUGIN["requests"],
        globals=TAWK["globals"],
    )
    result = judge(visit(home, chat=[opened()]))
    assert (result["chat_type"], result["dead_plugin"]) == ("anonymous_widget", True)


# --- the traps: none ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "trap",
    [
        page(
            requests=[req("https://connect.facebook.net/et_EE/sdk.js")], globals=[glob("FB", None)]
        ),
        page(links=[link("https://www.facebook.com/lugemisnurk")]),
        page(
            requests=[req("https://js-eu1.hs-scripts.com/25123456.js")],
            globals=[glob("_hsq", None)],
        ),
        page(html="<!-- <script src='https://embed.tawk.to/5f0a1b2c/default'></script> -->"),
        page(html="<p>Raamatu-chat neljapäeval! Vestlusõhtu kell 18.</p>"),
        page(links=[link("https://lugemisnurk.zendesk.com/hc/et/articles/360001234567-Tagastus")]),
    ],
    ids=[
        "fb-like-sdk",
        "facebook-page-link",
        "hubspot-tracking",
        "commented-snippet",
        "chat-word",
        "zendesk-help-centre",
    ],
)
def test_traps_are_no_chat(trap: PageCapture) -> None:
    result = judge(visit(trap))
    assert result["chat_type"] == "none"
    assert result["decided_by"] == "no_chat_evidence"
    assert result["dead_plugin"] is False and result["bot_first"] is False
    assert result["vendor"] is None and result["evidence"] == [] and result["pages"] == []


def test_nothing_at_all_is_none() -> None:
    result = judge(visit(page(), page("cart")))
    assert (result["chat_type"], result["decided_by"], result["confidence"]) == (
        "none",
        "no_chat_evidence",
        "low",
    )


# --- widgets that were seen but not opened ------------------------------------------------------


def test_loaded_widget_with_visible_launcher_not_opened_is_low_confidence() -> None:
    failed = ChatInteraction(
        page="home-desktop",
        vendor="tidio",
        opened_by="click",
        launcher="#tidio-chat at (1300,700)",
        error="TimeoutError: the panel never showed",
        screenshot_before="chat-home-desktop-before.png",
    )
    result = judge(visit(page(**TIDIO), chat=[failed]))
    assert result["chat_type"] == "anonymous_widget"
    assert result["decided_by"] == "widget_not_opened"
    assert result["confidence"] == "low"
    assert result["vendor"] == "tidio"
    assert {"launcher", "chat_error", "screenshot"} <= kinds(result)


def test_loaded_widget_without_the_collector_is_low_confidence() -> None:
    result = judge(visit(page(**TIDIO)))  # old evidence: no ChatInteraction at all
    assert (result["chat_type"], result["decided_by"], result["confidence"]) == (
        "anonymous_widget",
        "widget_not_opened",
        "low",
    )


def test_loaded_widget_whose_launcher_was_not_seen_is_not_claimed() -> None:
    hidden = dict(TIDIO, dom_markers=[marker("#tidio-chat", visible=False)])
    result = judge(visit(page(**hidden)))
    assert result["chat_type"] == "none"
    assert result["decided_by"] == "widget_launcher_not_seen"
    assert result["vendor"] == "tidio" and result["confidence"] == "low"


def test_widget_behind_consent_not_loaded_is_none() -> None:
    blocked = '<script type="text/plain" data-cookieconsent="preferences" src="https://code.tidio.co/abc.js"></script>'
    result = judge(visit(page(html=blocked)))
    assert result["chat_type"] == "none"
    assert result["decided_by"] == "widget_not_loaded"
    assert result["vendor"] == "tidio"


def test_a_visible_link_beats_a_widget_that_would_not_open() -> None:
    home = page(**TIDIO, links=[link("https://wa.me/37255512345")])
    failed = ChatInteraction(page="home-desktop", vendor="tidio", opened_by="click", launcher="x")
    result = judge(visit(home, chat=[failed]))
    assert result["chat_type"] == "link_out" and result["other_kinds"] == ["anonymous_widget"]


def test_an_opened_widget_on_the_cart_only() -> None:
    cart = page("cart", **TIDIO)
    result = judge(visit(page(), cart, chat=[opened("tidio", "cart-desktop")]))
    assert result["chat_type"] == "anonymous_widget"
    assert result["pages"] == ["cart-desktop"]


def test_best_opened_view_wins_across_pages() -> None:
    gated = opened(
        "tidio",
        "home-desktop",
        composer=False,
        fields=[FormField(kind="email", label="Email *", required=True)],
    )
    free = opened("tidio", "cart-desktop")
    result = judge(visit(page(**TIDIO), page("cart", **TIDIO), chat=[gated, free]))
    assert result["chat_type"] == "anonymous_widget"
    assert result["other_kinds"] == ["form_gated_widget"]


# --- visit level --------------------------------------------------------------------------------


def test_consent_record_is_carried() -> None:
    consent = ConsentRecord(mode="accept", cmp="Cybotcookiebot", detected=True, action="accepted")
    result = judge(visit(page(**TAWK), chat=[opened()], consent=consent))
    assert result["consent"] == {"cmp": "Cybotcookiebot", "action": "accepted", "mode": "accept"}
    assert judge(visit(page()))["consent"] is None


@pytest.mark.parametrize("status", ["unreachable", "http_error", "blocked_robots", "error"])
def test_nothing_seen_is_not_applicable(status: str) -> None:
    result = judge(visit(page(), status=status))
    assert result["outcome"] == "not_applicable" and status in result["reason"]


def test_a_visit_without_pages_is_not_applicable() -> None:
    result = judge(visit(status="timeout"))
    assert result["outcome"] == "not_applicable"


def test_a_timeout_keeps_what_it_saw() -> None:
    assert judge(visit(page(**TAWK), chat=[opened()], status="timeout"))["chat_type"] == (
        "anonymous_widget"
    )


def test_registered_after_vendor_and_run_by_the_registry() -> None:
    assert PROBE_MODULES.index("probes.access") == PROBE_MODULES.index("probes.vendor") + 1
    results = {r.probe: r for r in run_all(visit(page(**TAWK), chat=[opened()]))}
    access = results["access"]
    assert access.outcome == "ok" and "evidence" not in access.value
    assert access.value["chat_type"] == "anonymous_widget" and access.evidence
    assert probe.META["id"] == "access" and probe.META["version"] == "1"


def test_deterministic() -> None:
    home = page(**TAWK, **{"links": [link("https://wa.me/372"), link("https://t.me/x")]})
    v = visit(home, page("cart", **DEAD_PLUGIN), chat=[opened(text="Olen virtuaalassistent")])
    first = json.dumps(probe.run(v), sort_keys=True)
    assert all(json.dumps(probe.run(v), sort_keys=True) == first for _ in range(3))
    again = VisitArtifacts.model_validate_json(v.model_dump_json())
    assert json.dumps(probe.run(again), sort_keys=True) == first


def test_probe_module_stays_pure() -> None:
    source = open(probe.__file__, encoding="utf-8").read()
    assert "playwright" not in source.lower() and "import crawler" not in source
    assert "from crawler" not in source


def test_offline_form_beats_app_and_messenger_links() -> None:
    home = page(
        requests=[req("https://code.jivosite.com/widget/AbCdEf123")],
        links=[
            link("https://t.me/skaistums_lv"),
            link("viber://chat?number=%2B37120012345"),
            link("https://m.me/skaistums.lv"),
        ],
    )
    chat = opened(
        "jivochat",
        composer=False,
        offline_form=True,
        fields=[FormField(kind="email", label="E-pasts *", required=True)],
        text="Šobrīd neesam tiešsaistē. Atstājiet ziņu.",
    )
    result = judge(visit(home, chat=[chat]))
    assert (result["chat_type"], result["vendor"], result["prechat_fields"]) == (
        "offline_form",
        "jivochat",
        [],
    )
    assert result["other_kinds"] == ["messenger", "link_out"]


def test_bot_product_with_quick_replies_and_a_bot_greeting() -> None:
    home = page(requests=[req("https://ebbot-v2.storage.googleapis.com/ebbot-web/init.js?t=1")])
    chat = opened(
        "ebbot",
        composer=False,
        quick_replies=["Spåra min order", "Returer och byten", "Prata med en människa"],
        text="Hej! Jag är Trädgårdsboten 🌱 Vad kan jag hjälpa dig med?",
    )
    result = judge(visit(home, chat=[chat]))
    assert (result["chat_type"], result["bot_first"]) == ("anonymous_widget", True)
    flagged = {e["kind"] for e in result["evidence"] if e.get("flag") == "bot_first"}
    assert flagged == {"bot_vendor", "quick_reply", "bot_text"}


LANDBOT = dict(
    requests=[req("https://cdn.landbot.io/landbot-3/landbot-3.0.0.js")],
    globals=[glob("Landbot", None)],
)
CHATWOOT = dict(
    requests=[req("https://app.chatwoot.com/packs/js/sdk.js")],
    globals=[glob("$chatwoot")],
    dom_markers=[marker(".woot--bubble-holder")],
)


def test_a_bot_met_before_the_verdicts_widget_is_bot_first() -> None:
    # A bot on the home page, people on the contact page; neither could be opened.
    v = visit(page(**LANDBOT), page("contact", **CHATWOOT))
    result = judge(v)
    assert (result["chat_type"], result["vendor"], result["confidence"]) == (
        "anonymous_widget",
        "chatwoot",
        "low",
    )
    assert result["bot_first"] is True
    bots = [(e["page"], e["value"]) for e in result["evidence"] if e["kind"] == "bot_vendor"]
    assert bots == [("home-desktop", "landbot")]


def test_a_bot_only_met_later_is_not_bot_first() -> None:
    v = visit(page(**CHATWOOT), page("contact", **LANDBOT), chat=[opened("chatwoot")])
    assert judge(v)["bot_first"] is False


def test_a_retired_widget_not_opened_is_none() -> None:
    salesforce = page(
        requests=[req("https://service.force.com/embeddedservice/5.0/esw.min.js")],
        globals=[glob("embedded_svc", None)],
        dom_markers=[marker(".embeddedServiceHelpButton")],
    )
    result = judge(visit(salesforce))  # visited after the 2026-02-14 retirement
    assert (result["chat_type"], result["decided_by"], result["vendor"]) == (
        "none",
        "widget_retired",
        "salesforce_chat",
    )
