"""The fake shops: each is a folder under ``sites/<host>/`` read at start.

A shop folder holds ``site.toml`` (who the shop is, its routes, products,
chat widget accounts and the outcome a visit should have), an optional
``layout.html`` wrapped around page fragments in ``pages/``, optional
``product.html`` and ``card.html`` templates for its catalogue, static files
under ``public/`` served by path, and optionally ``behaviour.py`` with a
``handle(request, site)`` function for anything static files cannot do.
Adding a shop means adding a folder; see ``crawler/demo/README.md``.

Templates use ``{{ name }}`` (HTML-escaped), ``{{ name|json }}`` (a JSON
literal) and ``{{ name|raw }}``; ``{{ products }}`` or ``{{ products:4 }}``
insert the product grid rendered from ``card.html``.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import importlib.util
import json
import mimetypes
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from crawler.demo.exchange import (
    HTML,
    TEXT,
    Request,
    Response,
    hanging,
    html,
    not_found,
    redirect,
    text,
)
from crawler.demo.images import favicon_png, product_svg

SITES_DIR = Path(__file__).parent / "sites"
DEFAULT_ROBOTS = "User-agent: *\nAllow: /\n"


class Raw(str):
    """Template output that is already HTML and must not be escaped again."""


_PLACEHOLDER = re.compile(r"\{\{\s*([\w.]+)(?::(\d+))?(?:\|(\w+))?\s*\}\}")
_META = re.compile(r"\A\s*<!--meta\s*\n(.*?)-->\s*", re.S)
_HEAD = re.compile(r"<!--\s*head\s*-->(.*?)<!--\s*/head\s*-->", re.S)


def _lookup(context: dict[str, Any], dotted: str) -> Any:
    value: Any = context
    for part in dotted.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        else:
            raise KeyError(f"template variable {dotted!r} is not defined")
    return value


def render(template: str, context: dict[str, Any]) -> str:
    """Fill ``{{ ... }}`` placeholders; an unknown name is an error, not silence."""

    def fill(match: re.Match[str]) -> str:
        name, count, flt = match.group(1), match.group(2), match.group(3)
        value = _lookup(context, name)
        if callable(value):
            value = value(int(count) if count else None)
        if flt == "json":
            return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")
        if flt == "raw" or isinstance(value, Raw):
            return str(value)
        return html_lib.escape(str(value))

    return _PLACEHOLDER.sub(fill, template)


@dataclass
class Fragment:
    """A page file split into its front matter, extra head markup and body."""

    meta: dict[str, str]
    head: str
    body: str
    full_document: bool

    @classmethod
    def parse(cls, source: str) -> Fragment:
        meta: dict[str, str] = {}
        match = _META.match(source)
        if match:
            for line in match.group(1).splitlines():
                key, sep, value = line.partition(":")
                if sep:
                    meta[key.strip()] = value.strip()
            source = source[match.end() :]
        head = ""
        head_match = _HEAD.search(source)
        if head_match:
            head = head_match.group(1)
            source = source[: head_match.start()] + source[head_match.end() :]
        full = source.lstrip()[:9].lower() == "<!doctype"
        return cls(meta, head, source, full)


@dataclass
class Site:
    """One fake shop (or a deliberately broken host) and how it answers."""

    host: str
    folder: Path
    meta: dict[str, Any]
    products: list[dict[str, Any]] = field(default_factory=list)
    behaviour: ModuleType | None = None
    _product_re: re.Pattern[str] | None = None

    # -- what the rest of chatshopper reads -------------------------------------------------

    @property
    def name(self) -> str:
        return str(self.meta.get("name", self.host))

    @property
    def served(self) -> bool:
        """False for the host that stands for a shop that no longer resolves."""
        return bool(self.meta.get("served", True))

    @property
    def url(self) -> str:
        return f"https://{self.host}{self.meta.get('start_path', '/')}"

    @property
    def lists(self) -> list[str]:
        return list(self.meta.get("lists", []))

    @property
    def expected(self) -> dict[str, Any]:
        """What a visit should conclude: status, chat kind, vendors, flags."""
        return dict(self.meta.get("expected", {}))

    @property
    def widgets(self) -> list[dict[str, Any]]:
        """Chat and tag-manager accounts this shop has at fake vendors."""
        return [dict(w) for w in self.meta.get("widgets", [])]

    @property
    def aliases(self) -> list[str]:
        return list(self.meta.get("aliases", []))

    def csv_row(self) -> dict[str, str]:
        return {
            "url": self.url,
            "name": self.name,
            "country": str(self.meta.get("country", "")),
            "category": str(self.meta.get("category", "")),
            "tags": ";".join(self.meta.get("tags", [])),
        }

    # -- loading ----------------------------------------------------------------------------

    @classmethod
    def load(cls, folder: Path) -> Site:
        meta = tomllib.loads((folder / "site.toml").read_text(encoding="utf-8"))
        site = cls(host=folder.name, folder=folder, meta=meta)
        pattern = meta.get("product_path")
        for raw in meta.get("products", []):
            product = {k: str(v) for k, v in raw.items()}
            if pattern:
                product["url"] = pattern.format(**product)
            product.setdefault("image", f"/images/p/{product.get('slug', product.get('id'))}.svg")
            site.products.append(product)
        if pattern:
            regex = re.escape(pattern.rstrip("/"))
            # Lazy groups so "/p/{id}-{slug}" splits at the first dash.
            regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+?)", regex)
            site._product_re = re.compile(f"^{regex}/?$")
        behaviour_file = folder / "behaviour.py"
        if behaviour_file.is_file():
            module_name = "crawler.demo.sites._behaviour_" + re.sub(r"\W", "_", folder.name)
            spec = importlib.util.spec_from_file_location(module_name, behaviour_file)
            if spec and spec.loader:
                site.behaviour = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(site.behaviour)
        return site

    # -- answering --------------------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        if request.host in self.aliases:
            return redirect(f"https://{self.host}{request.target}", 301)
        hook: Callable[[Request, Site], Response | None] | None = getattr(
            self.behaviour, "handle", None
        )
        if hook:
            answer = hook(request, self)
            if answer is not None:
                return answer
        path = request.path
        for rule in self.meta.get("rules", []):
            if rule.get("path") == path or (
                "path_re" in rule and re.fullmatch(rule["path_re"], path)
            ):
                return self._apply_rule(rule, request)
        if path == "/robots.txt":
            robots = self.folder / "robots.txt"
            body = robots.read_text(encoding="utf-8") if robots.is_file() else DEFAULT_ROBOTS
            return text(body)
        if path == "/favicon.ico":
            return Response(200, favicon_png(self.accent), "image/png")
        if path.startswith("/images/p/") and path.endswith(".svg"):
            slug = path[len("/images/p/") : -len(".svg")]
            product = next((p for p in self.products if p.get("slug") == slug), None)
            if product is None:
                return not_found()
            return Response(200, product_svg(product["name"], self.accent), "image/svg+xml")
        if request.method == "POST":
            # Add-to-cart forms post here; the shopper never submits, but a
            # human trying the demo should land somewhere sensible.
            return redirect(self.meta.get("cart_path", "/"), 303)
        routes: dict[str, str] = self.meta.get("routes", {})
        page = routes.get(path) or routes.get(path.rstrip("/") or "/")
        if page:
            return html(self.render_page(page))
        if self._product_re:
            match = self._product_re.match(path)
            if match:
                product = self._find_product(match.groupdict())
                if product:
                    return html(self.render_product(product))
        public = self._public_file(path)
        if public:
            ctype = mimetypes.guess_type(public.name)[0] or "application/octet-stream"
            if ctype.startswith("text/") or ctype.endswith("javascript"):
                ctype += "; charset=utf-8"
            return Response(200, public.read_bytes(), ctype)
        missing = self.folder / "pages" / "404.html"
        if missing.is_file():
            return html(self.render_page("404.html"), status=404)
        return not_found()

    @property
    def accent(self) -> str:
        return str(self.meta.get("accent", "#336699"))

    def _find_product(self, fields: dict[str, str]) -> dict[str, Any] | None:
        for product in self.products:
            if all(product.get(k) == v for k, v in fields.items()):
                return product
        return None

    def _public_file(self, path: str) -> Path | None:
        root = (self.folder / "public").resolve()
        candidate = (root / path.lstrip("/")).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
        return None

    def _apply_rule(self, rule: dict[str, Any], request: Request) -> Response:
        """A ``[[rules]]`` entry: fixed status, redirect, file, headers or a hang."""
        if "redirect" in rule:
            return redirect(rule["redirect"], int(rule.get("status", 302)))
        body = rule.get("body", "").encode("utf-8")
        if "file" in rule:
            source = self.folder / rule["file"]
            if source.suffix == ".html" and source.parent.name == "pages":
                body = self.render_page(source.name).encode("utf-8")
            else:
                body = source.read_bytes()
        headers = [(str(k), str(v)) for k, v in rule.get("headers", {}).items()]
        ctype = rule.get("content_type", HTML if "file" in rule or not body else TEXT)
        status = int(rule.get("status", 200))
        if rule.get("hang"):
            return Response(status, hanging(body, request.stop_event), ctype, headers)
        return Response(status, body, ctype, headers)

    # -- rendering --------------------------------------------------------------------------

    def context(self) -> dict[str, Any]:
        return {
            "site": {"name": self.name, "host": self.host, "lang": self.meta.get("lang", "en")},
            "vars": dict(self.meta.get("vars", {})),
            "year": str(dt.date.today().year),
            "products": self._grid,
        }

    def _grid(self, limit: int | None) -> Raw:
        card_file = self.folder / "card.html"
        if not card_file.is_file():
            return Raw("")
        card = card_file.read_text(encoding="utf-8")
        chosen = self.products[:limit] if limit else self.products
        return Raw("\n".join(render(card, {**self.context(), "product": p}) for p in chosen))

    def render_page(self, page: str, extra: dict[str, Any] | None = None) -> str:
        source = (self.folder / "pages" / page).read_text(encoding="utf-8")
        return self._wrap(source, {**self.context(), **(extra or {})})

    def render_product(self, product: dict[str, Any]) -> str:
        source = (self.folder / "product.html").read_text(encoding="utf-8")
        return self._wrap(source, {**self.context(), "product": product})

    def _wrap(self, source: str, context: dict[str, Any]) -> str:
        fragment = Fragment.parse(source)
        body = render(fragment.body, context)
        layout_file = self.folder / "layout.html"
        if fragment.full_document or not layout_file.is_file():
            return body
        page_context = {
            **context,
            "title": render(fragment.meta.get("title", self.name), context),
            "body_class": fragment.meta.get("body_class", ""),
            "head": Raw(render(fragment.head, context)),
            "content": Raw(body),
        }
        return render(layout_file.read_text(encoding="utf-8"), page_context)


def load_sites(folder: Path = SITES_DIR) -> dict[str, Site]:
    """Every shop folder (a folder with ``site.toml``), keyed by host name."""
    sites: dict[str, Site] = {}
    for child in sorted(folder.iterdir()):
        if (child / "site.toml").is_file():
            sites[child.name] = Site.load(child)
    return sites


def shops_csv(sites: dict[str, Site], list_name: str) -> str:
    """The CSV a campaign reads, for the shops that belong to ``list_name``."""
    lines = ["url,name,country,category,tags"]
    for site in sites.values():
        if list_name in site.lists:
            row = site.csv_row()
            lines.append(
                ",".join(_csv_cell(row[k]) for k in ("url", "name", "country", "category", "tags"))
            )
    return "\n".join(lines) + "\n"


def _csv_cell(value: str) -> str:
    if any(c in value for c in ',"\n'):
        return '"' + value.replace('"', '""') + '"'
    return value
