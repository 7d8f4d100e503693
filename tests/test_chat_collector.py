"""The pure parts of the chat collector: field kinds, quick replies, vendor choice."""

from __future__ import annotations

import pytest

from crawler.collectors.chat import field_kind, is_quick_reply, link_vendor, widget_vendor


@pytest.mark.parametrize(
    ("label", "input_type", "name", "kind"),
    [
        ("Email *", "text", "", "email"),
        ("", "email", "", "email"),
        ("Sähköposti", "text", "", "email"),
        ("E-post", "text", "", "email"),
        ("Телефон", "text", "", "phone"),
        ("", "tel", "", "phone"),
        ("Puhelinnumero", "text", "", "phone"),
        ("Nimi *", "text", "", "name"),
        ("Jūsu vārds", "text", "", "name"),
        ("", "text", "visitor_name", "name"),
        ("Tellimuse number", "text", "", "other"),
        ("Company", "text", "company", "other"),
    ],
)
def test_field_kinds(label: str, input_type: str, name: str, kind: str) -> None:
    assert field_kind(label, input_type, name, "") == kind


@pytest.mark.parametrize(
    ("label", "quick"),
    [
        ("Track my order", True),
        ("Tellimuse staatus", True),
        ("Palautukset", True),
        ("➤", False),
        ("–", False),
        ("Close Intercom Messenger", False),
        ("Sulje chat", False),
        ("Aloita keskustelu", False),
        ("Ava vestlus", False),
        ("Send", False),
        ("a" * 41, False),
    ],
)
def test_quick_replies_are_answers_not_widget_chrome(label: str, quick: bool) -> None:
    assert is_quick_reply(label) is quick


def test_widget_vendor_prefers_primary_and_skips_links() -> None:
    verdict = {
        "primary": "tawk",
        "vendors": [
            {
                "id": "whatsapp",
                "kind": "link_out",
                "evidence": [{"kind": "link", "value": "https://wa.me/372"}],
            },
            {"id": "crisp", "kind": "widget", "evidence": []},
            {"id": "tawk", "kind": "widget", "evidence": []},
        ],
    }
    assert widget_vendor(verdict)["id"] == "tawk"  # type: ignore[index]
    vendor, href = link_vendor(verdict)  # type: ignore[misc]
    assert vendor["id"] == "whatsapp" and href == "https://wa.me/372"
    assert widget_vendor({"vendors": [verdict["vendors"][0]]}) is None
    assert link_vendor({"vendors": []}) is None
