"""Finding the product, cart and contact pages from a page the journey has seen.

Works on captured evidence (links and rendered HTML), so it can be tested on
hand-made pages. Words come from domain.md's languages: Finnish, Estonian,
Swedish, Latvian, Lithuanian, Russian, German and English.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from probes.artifacts import LinkRecord

CART_WORDS = re.compile(
    r"\b(ostoskori|ostoskorisi|ostukorv|ostukorvi|varukorg|varukorgen|kundvagn|grozs|grozu|"
    r"krepšel\w*|krepsel\w*|корзин\w*|warenkorb|einkaufswagen|cart|basket|shopping bag|"
    r"kori|korv|ostoskassi|handlekurv|handlevogn|indkøbskurv|indkøbsvogn|kurv)\b",
    re.IGNORECASE,
)
CART_PATH = re.compile(
    r"/(cart|basket|ostoskori|ostukorv|korv|kori|varukorg|kundvagn|warenkorb|grozs|"
    r"krepselis|korzina|checkout/cart|bag|handlekurv|handlevogn|kurv|indkobskurv)(/|\.|$|\?)",
    re.IGNORECASE,
)
CONTACT_WORDS = re.compile(
    r"\b(yhteystiedot|ota yhteyttä|asiakaspalvelu|kontakt\w*|klienditeenindus|"
    r"kundtjänst|kundservice|kontakta oss|contact\w*|customer (service|care|support)|"
    r"sazinies|saziņa|klientu (serviss|atbalsts)|susisiekite|klientų aptarnavimas|"
    r"контакт\w*|служба поддержки|kundendienst|kundenservice|hilfe|help|support)\b",
    re.IGNORECASE,
)
CONTACT_PATH = re.compile(
    r"/(contact|contacts|contact-us|kontakt|kontaktid|kontaktai|kontakti|kontakty|"
    r"yhteystiedot|asiakaspalvelu|klienditeenindus|kundtjanst|kundservice|customer-service|"
    r"kundendienst|kundeservice|support|help)(/|\.|$|\?)",
    re.IGNORECASE,
)
PRODUCT_PATH = re.compile(
    r"/(product|products|produkt|produkter|produkte|produktas|produkti|prece|preces|toode|"
    r"tooted|tuote|tuotteet|item|items|p|pd|dp|artikel|товар|tovar)/[^/?#]+"
    r"|[-_/]p[-_]?\d{3,}|/\d{3,}[-_][a-z0-9-]{3,}|[a-z0-9-]{6,}\.html?$",
    re.IGNORECASE,
)
NOT_PRODUCT = re.compile(
    r"/(cart|basket|checkout|account|login|register|my-account|wishlist|search|blog|news|"
    r"category|categories|collections?|kategoria|kategooria|kategori|tag|pages?|info|"
    r"policy|terms|privacy|about)(/|$)|" + CART_PATH.pattern[1:] + "|" + CONTACT_PATH.pattern[1:],
    re.IGNORECASE,
)
ADD_TO_CART = re.compile(
    r"add[-_ ]?to[-_ ]?(cart|basket|bag)|lisää ostoskoriin|lisa ostukorvi|lägg i varukorgen|"
    r"pievienot grozam|į krepšelį|в корзину|in den warenkorb|osta|köp|buy now",
    re.IGNORECASE,
)
PRODUCT_CONTAINER = re.compile(r"product|tuote|toode|produkt|item|card", re.IGNORECASE)


@dataclass(frozen=True)
class Candidate:
    url: str
    method: str
    text: str
    score: float


def _same_site(url: str, origin: str) -> bool:
    host = urlsplit(url).hostname or ""
    base = urlsplit(origin).hostname or ""
    strip = lambda h: h.removeprefix("www.")  # noqa: E731 - tiny local rule
    return urlsplit(url).scheme in ("http", "https") and strip(host) == strip(base)


def _clean(url: str) -> str:
    return url.split("#", 1)[0]


def _link_label(link: LinkRecord) -> str:
    return f"{link.text} {link.aria_label}".strip()


def page_product_signals(html: str | None) -> list[str]:
    """Why a page looks like a product page: JSON-LD Product, og:type, add-to-cart form."""
    if not html:
        return []
    soup = BeautifulSoup(html, "html.parser")
    signals: list[str] = []
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        if _jsonld_has_product(script.string or script.get_text()):
            signals.append("jsonld-product")
            break
    og = soup.find("meta", attrs={"property": "og:type"})
    if isinstance(og, Tag) and "product" in str(og.get("content", "")).lower():
        signals.append("og-product")
    if soup.find(attrs={"itemtype": re.compile(r"schema\.org/Product", re.I)}):
        signals.append("microdata-product")
    for form in soup.find_all("form"):
        action = str(form.get("action", ""))
        label = form.get_text(" ", strip=True)
        if (
            ADD_TO_CART.search(action)
            or ADD_TO_CART.search(label)
            or form.find(
                attrs={"name": re.compile(r"add-to-cart|add_to_cart|product_id|variant_id", re.I)}
            )
        ):
            signals.append("add-to-cart-form")
            break
    return signals


def _jsonld_has_product(text: str) -> bool:
    try:
        data = json.loads(text)
    except (ValueError, TypeError):
        return bool(re.search(r'"@type"\s*:\s*"Product"', text or ""))
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(str(k).lower() == "product" for k in kinds):
                return True
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def product_candidates(
    links: list[LinkRecord], html: str | None, origin: str, base_url: str
) -> list[Candidate]:
    """Links on a page that most likely lead to a product page, best first."""
    in_container: set[str] = set()
    if html:
        soup = BeautifulSoup(html, "html.parser")
        for a in soup.find_all("a", href=True):
            parents = [a, *list(a.parents)[:4]]
            if any(
                isinstance(p, Tag) and PRODUCT_CONTAINER.search(" ".join(p.get("class") or []))
                for p in parents
            ) or a.find("img"):
                in_container.add(_clean(urljoin(base_url, str(a["href"]))))
    scored: dict[str, Candidate] = {}
    for link in links:
        url = _clean(link.href)
        if not _same_site(url, origin) or url.rstrip("/") == _clean(base_url).rstrip("/"):
            continue
        path = urlsplit(url).path
        if NOT_PRODUCT.search(path) or not path.strip("/"):
            continue
        score = 0.0
        if PRODUCT_PATH.search(path):
            score += 2
        if url in in_container:
            score += 1.5
        if link.visible:
            score += 0.5
        if score < 1.5:
            continue
        old = scored.get(url)
        if old is None or old.score < score:
            scored[url] = Candidate(url, "product-link", _link_label(link)[:120], score)
    return sorted(scored.values(), key=lambda c: (-c.score, c.url))


def _word_candidates(
    links: list[LinkRecord], origin: str, words: re.Pattern[str], path: re.Pattern[str], method: str
) -> list[Candidate]:
    scored: dict[str, Candidate] = {}
    for link in links:
        url = _clean(link.href)
        if not _same_site(url, origin):
            continue
        label = _link_label(link)
        score = 0.0
        if words.search(label):
            score += 2
        if path.search(
            urlsplit(url).path + ("?" + urlsplit(url).query if urlsplit(url).query else "")
        ):
            score += 1.5
        if score == 0:
            continue
        if link.visible:
            score += 0.5
        old = scored.get(url)
        if old is None or old.score < score:
            scored[url] = Candidate(url, method, label[:120], score)
    return sorted(scored.values(), key=lambda c: (-c.score, len(c.url), c.url))


def cart_candidates(links: list[LinkRecord], origin: str) -> list[Candidate]:
    return _word_candidates(links, origin, CART_WORDS, CART_PATH, "cart-link")


def contact_candidates(links: list[LinkRecord], origin: str) -> list[Candidate]:
    return _word_candidates(links, origin, CONTACT_WORDS, CONTACT_PATH, "contact-link")


CART_GUESSES = (
    "/cart",
    "/ostukorv",
    "/ostoskori",
    "/varukorg",
    "/handlekurv",
    "/kurv",
    "/checkout/cart",
    "/basket",
)
