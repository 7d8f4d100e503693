"""HTML and PDF output of the reports: one safe template environment, inline charts, printing.

Every report is one self-contained file: the CSS is in the page, charts are
inline SVG drawn here, screenshots are ``data:`` URIs. Nothing is fetched when
it opens, so a report opens offline and a shop's page cannot reach the reader.
All text that came from shops goes through Jinja2's autoescape; the SVG helpers
escape their labels themselves and return ``Markup`` only for what they built.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

TEMPLATES = Path(__file__).parent / "templates"
# Screenshots larger than this are shrunk to JPEG before inlining: desktop ones to
# SHRINK_WIDTH pixels wide, phone ones (shown narrow) to PHONE_WIDTH.
INLINE_LIMIT = 60_000
SHRINK_WIDTH = 900
PHONE_WIDTH = 400
MAX_NAME = 80

_MIME = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}


# --- names and paths -----------------------------------------------------------------------


def safe_filename(shop: str, suffix: str = ".html") -> str:
    """A file name for a shop that stays in its folder: host-like slug plus a short hash.

    ``https://www.example.ee`` gives ``www.example.ee-1a2b3c.html``; ``../../etc/evil``
    or ``<img ...>`` give harmless slugs. The hash of the full input keeps two shops
    whose slugs agree apart.
    """
    text = shop.strip()
    host = ""
    if "://" in text:
        try:
            parts = urlsplit(text)
            host = (parts.hostname or "") + (f"-{parts.port}" if parts.port else "")
        except ValueError:
            host = ""
    base = host or text
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9.]+", "-", base)
    slug = re.sub(r"\.{2,}", ".", slug).strip(".-")[:MAX_NAME].strip(".-") or "shop"
    digest = hashlib.sha256(shop.encode("utf-8")).hexdigest()[:6]
    return f"{slug}-{digest}{suffix}"


def inside(folder: Path, name: str) -> Path:
    """``folder / name``, refusing any name that would land outside ``folder``."""
    root = folder.resolve()
    target = (root / name).resolve()
    if not target.is_relative_to(root) or target == root:
        raise ValueError(f"{name!r} would be written outside {folder}")
    return target


# --- templates -----------------------------------------------------------------------------


def percent(n: int | float, total: int | float, digits: int = 0) -> str:
    """``42 %`` of n over total, or an en dash when there is nothing to divide by."""
    if not total:
        return "–"
    return f"{100 * n / total:.{digits}f} %"


def score_text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{float(value):.0f}"


@functools.cache
def environment() -> Environment:
    """The reports' Jinja2 environment: autoescape for every template, unknown names fail."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["percent"] = percent
    env.filters["score"] = score_text
    env.globals["bar_chart"] = bar_chart
    env.globals["histogram"] = histogram
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def write_html(path: Path, template: str, **context: Any) -> Path:
    """Render ``template`` into ``path`` atomically (a half-written report is never left)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(render(template, **context), encoding="utf-8")
    tmp.replace(path)
    return path


# --- charts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One bar of a share chart: ``n`` of ``total``."""

    label: str
    n: int
    total: int

    @property
    def share(self) -> float:
        return self.n / self.total if self.total else 0.0


def _svg(width: int, height: int, title: str, body: Iterable[str]) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>{"".join(body)}</svg>'
    )


def _fit(label: str, pixels: int, char: float = 6.6) -> str:
    """Cut a label to about ``pixels`` wide at 12 px (the whole label stays in its title)."""
    most = max(4, int(pixels / char))
    return label if len(label) <= most else label[: most - 1].rstrip() + "…"


def bar_chart(
    bars: Sequence[Bar], title: str, *, width: int = 640, label_width: int = 220
) -> Markup:
    """Horizontal bars of shares, each labelled with its percentage and n/N."""
    row, pad = 24, 6
    height = max(1, len(bars)) * row + pad * 2
    plot = width - label_width - 130
    body: list[str] = []
    for i, bar in enumerate(bars):
        y = pad + i * row
        length = round(plot * bar.share, 1)
        label = _fit(bar.label, label_width - 12)
        body.append(
            f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end" class="label">'
            f"<title>{escape(bar.label)}</title>{escape(label)}</text>"
            f'<rect x="{label_width}" y="{y + 4}" width="{plot}" height="16" class="track"/>'
            f'<rect x="{label_width}" y="{y + 4}" width="{length}" height="16" class="bar"/>'
            f'<text x="{label_width + plot + 8}" y="{y + 16}" class="value">'
            f"{escape(percent(bar.n, bar.total))} ({bar.n}/{bar.total})</text>"
        )
    if not bars:
        body.append(f'<text x="8" y="{pad + 16}" class="label">no shops</text>')
    return _svg(width, height, title, body)


def histogram(
    values: Iterable[float | None],
    title: str,
    *,
    bins: int = 10,
    low: float = 0.0,
    high: float = 100.0,
    width: int = 300,
    height: int = 160,
) -> Markup:
    """Counts of scores in ``bins`` equal bins from ``low`` to ``high`` (the last one closed)."""
    counts = [0] * bins
    for value in values:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        index = int((float(value) - low) / (high - low) * bins)
        counts[min(max(index, 0), bins - 1)] += 1
    top = max(counts) or 1
    left, bottom, right, head = 28, 22, 14, 14
    plot_w, plot_h = width - left - right, height - bottom - head
    step = plot_w / bins
    body = [
        f'<line x1="{left}" y1="{head + plot_h}" x2="{width - right}" y2="{head + plot_h}" '
        'class="axis"/>',
        f'<text x="{left - 4}" y="{head + 4}" text-anchor="end" class="tick">{top}</text>',
        f'<text x="{left - 4}" y="{head + plot_h}" text-anchor="end" class="tick">0</text>',
    ]
    for i, count in enumerate(counts):
        h = round(plot_h * count / top, 1)
        x = round(left + i * step + 1, 1)
        edge = low + (high - low) * i / bins
        body.append(
            f'<rect x="{x}" y="{round(head + plot_h - h, 1)}" width="{round(step - 2, 1)}" '
            f'height="{h}" class="bar"><title>{edge:.0f}–{edge + (high - low) / bins:.0f}: '
            f"{count}</title></rect>"
        )
        if count:
            body.append(
                f'<text x="{round(x + step / 2 - 1, 1)}" y="{round(head + plot_h - h - 3, 1)}" '
                f'text-anchor="middle" class="tick">{count}</text>'
            )
    for i in range(0, bins + 1, max(1, bins // 5)):
        x = round(left + i * step, 1)
        label = f"{low + (high - low) * i / bins:.0f}"
        body.append(
            f'<text x="{x}" y="{height - 6}" text-anchor="middle" class="tick">{label}</text>'
        )
    return _svg(width, height, title, body)


# --- screenshots ---------------------------------------------------------------------------


def data_uri(data: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


class ScreenshotInliner:
    """Screenshots as ``data:`` URIs; large ones shrunk to JPEG by Chromium, one browser for all.

    The browser starts only when a screenshot is over ``INLINE_LIMIT``; when no
    Chromium can be found the original bytes are inlined and ``fallbacks`` counts it.
    """

    def __init__(self, *, limit: int = INLINE_LIMIT, width: int = SHRINK_WIDTH) -> None:
        self.limit = limit
        self.width = width
        self.fallbacks = 0
        self._pw: Any = None
        self._browser: Any = None
        self._page: Any = None
        self._failed = False

    def __enter__(self) -> ScreenshotInliner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._browser is not None:
            self._browser.close()
        if self._pw is not None:
            self._pw.stop()
        self._pw = self._browser = self._page = None

    def _start(self) -> Any:
        if self._page is None and not self._failed:
            try:
                self._pw, self._browser = _launch()
                context = self._browser.new_context(viewport={"width": self.width, "height": 600})
                _block_network(context)
                self._page = context.new_page()
            except Exception:  # noqa: BLE001 - no browser: inline the originals
                self._failed = True
                self.close()
        return self._page

    def uri(self, path: Path, width: int | None = None) -> str | None:
        """The screenshot as a ``data:`` URI, or None when the file is not there."""
        mime = _MIME.get(path.suffix.lower())
        if mime is None or not path.is_file():
            return None
        data = path.read_bytes()
        if len(data) <= self.limit:
            return data_uri(data, mime)
        page = self._start()
        if page is None:
            self.fallbacks += 1
            return data_uri(data, mime)
        page.set_content(
            '<html><body style="margin:0">'
            f'<img id="shot" style="display:block;width:{width or self.width}px" '
            f'src="{data_uri(data, mime)}"></body></html>'
        )
        image = page.locator("#shot")
        image.evaluate("img => img.decode()")
        if image.evaluate("img => img.naturalWidth") <= (width or self.width):
            image.evaluate("img => { img.style.width = img.naturalWidth + 'px'; }")
        shrunk = image.screenshot(type="jpeg", quality=70, animations="disabled")
        return data_uri(shrunk, "image/jpeg")


# --- printing ------------------------------------------------------------------------------


def _launch() -> tuple[Any, Any]:
    """Playwright and the project's Chromium, as the crawler starts it."""
    from playwright.sync_api import sync_playwright

    from crawler.browser import LaunchSettings, find_chromium

    choice = find_chromium()
    pw = sync_playwright().start()
    try:
        browser = pw.chromium.launch(**LaunchSettings().launch_kwargs(choice))
    except Exception:
        pw.stop()
        raise
    return pw, browser


def _block_network(context: Any) -> None:
    """Only ``file:`` and ``data:`` may load: a report never reaches the network."""

    def route(route: Any) -> None:
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    context.route("**/*", route)


def print_pdf(html_path: Path, pdf_path: Path) -> Path:
    """Print a report to PDF (A4, backgrounds kept) with the project's Chromium, offline."""
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = pdf_path.with_name(pdf_path.name + ".tmp")
    pw, browser = _launch()
    try:
        context = browser.new_context()
        _block_network(context)
        page = context.new_page()
        page.goto(html_path.resolve().as_uri(), wait_until="load")
        page.emulate_media(media="print")
        page.pdf(
            path=str(tmp),
            format="A4",
            print_background=True,
            margin={"top": "14mm", "bottom": "14mm", "left": "12mm", "right": "12mm"},
        )
    finally:
        browser.close()
        pw.stop()
    tmp.replace(pdf_path)
    return pdf_path
