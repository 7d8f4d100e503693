from __future__ import annotations

from crawler.discovery import (
    cart_candidates,
    contact_candidates,
    page_product_signals,
    product_candidates,
)
from probes.artifacts import LinkRecord

ORIGIN = "https://www.kodukaup.ee"


def link(href: str, text: str = "", aria: str = "", visible: bool = True) -> LinkRecord:
    return LinkRecord(
        href=ORIGIN + href if href.startswith("/") else href,
        text=text,
        aria_label=aria,
        visible=visible,
    )


def test_cart_links_in_every_language_and_icon_only() -> None:
    for word in (
        "Ostoskori",
        "Ostukorv",
        "Varukorg",
        "Grozs",
        "Krepšelis",
        "Корзина",
        "Warenkorb",
        "Cart",
        "Basket",
        "Handlekurv",
        "Indkøbskurv",
        "Kurv (0)",
    ):
        found = cart_candidates([link("/x", word)], ORIGIN)
        assert found and found[0].url == ORIGIN + "/x", word
    icon = cart_candidates([link("/checkout/cart", "", aria="Ostukorv (0)")], ORIGIN)
    assert icon[0].url.endswith("/checkout/cart")
    path_only = cart_candidates([link("/ostukorv", "")], ORIGIN)
    assert path_only and path_only[0].url.endswith("/ostukorv")


def test_cart_ignores_other_sites_and_plain_words() -> None:
    assert cart_candidates([link("https://other.ee/cart", "Cart")], ORIGIN) == []
    assert cart_candidates([link("/carton-boxes", "Cartons")], ORIGIN) == []


def test_contact_words() -> None:
    for word in (
        "Yhteystiedot",
        "Asiakaspalvelu",
        "Kontakt",
        "Klienditeenindus",
        "Kundtjänst",
        "Contact us",
        "Контакты",
    ):
        assert contact_candidates([link("/a", word)], ORIGIN), word


def test_product_links_by_path_and_container() -> None:
    html = '<div class="product-card"><a href="/kamp-123"><img src="a.png">Kamp</a></div><a href="/about">About</a>'
    links = [
        link("/toode/punane-kamp", "Punane kamp"),
        link("/kamp-123", "Kamp"),
        link("/about", "About"),
        link("/ostukorv", "Ostukorv"),
        link("/category/kingad", "Kingad"),
        link("https://facebook.com/p/123-x", "Facebook"),
    ]
    found = [c.url for c in product_candidates(links, html, ORIGIN, ORIGIN + "/")]
    assert found[0] == ORIGIN + "/toode/punane-kamp"
    assert ORIGIN + "/kamp-123" in found
    assert not any(u.endswith(("/about", "/ostukorv", "/category/kingad")) for u in found)
    assert not any("facebook" in u for u in found)


def test_product_page_signals() -> None:
    jsonld = (
        '<script type="application/ld+json">{"@graph":[{"@type":["Product"],"name":"x"}]}</script>'
    )
    assert page_product_signals(jsonld) == ["jsonld-product"]
    og = '<meta property="og:type" content="product">'
    assert page_product_signals(og) == ["og-product"]
    form = '<form action="/cart/add"><button>Lisa ostukorvi</button></form>'
    assert page_product_signals(form) == ["add-to-cart-form"]
    assert page_product_signals("<p>Tere</p>") == []
    assert page_product_signals(None) == []
