"""The benchmark and audit reports on the fixture history, opened in a real Chromium.

The reports are written once per module (tests/report_fixture.py: three months
of one shop list, hostile shop names, a formula in a name); the browser tests
open every page offline and watch for requests, console errors and dialogs.
"""

from __future__ import annotations

import csv
import os
import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from crawler.cli import app
from crawler.storage import Database
from reports.audit import (
    ShopNotFound,
    changes,
    find_shop,
    peer_standing,
    recommendations,
    write_audit,
)
from reports.benchmark import write_benchmark
from reports.data import campaign_table
from reports.html import Bar, bar_chart, histogram, inside, safe_filename
from reports.scoring import score_campaign
from tests.report_fixture import (
    CAMPAIGNS,
    ELEKTROONIKA,
    EVIL_NAME,
    FORMULA_NAME,
    HOSTILE,
    HOSTILE_NAME,
    KODUKAUP,
    PLAN,
    build_fixture,
    png_bytes,
)


@dataclass
class Written:
    root: Path
    db_path: Path
    bench: Path
    audit_dir: Path
    audit_html: Path
    audit_pdf: Path
    hostile_audit: Path
    big_shot: Path
    big_size: int


def _noise_png(width: int, height: int) -> bytes:
    """A PNG of random pixels: it does not compress, so it is large like a real screenshot."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + os.urandom(width * 3) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 1))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Written]:
    root = tmp_path_factory.mktemp("reports")
    db = build_fixture(root / "fixture.db")
    for name in (*CAMPAIGNS, "pilot-fi"):
        score_campaign(db, name)
    # Screenshots that differ (the fixture's are all alike, and the audit shows a picture once).
    for n, shot in enumerate(sorted((root / "evidence").rglob("*.png"))):
        shot.write_bytes(png_bytes(rgb=(n % 256, (7 * n) % 256, 200)))
    # One real-sized screenshot, to be shrunk before it is inlined.
    big_shot = root / "evidence" / "april" / "www.kodukaup.ee" / "home-desktop.png"
    big_shot.write_bytes(_noise_png(1280, 720))
    bench = root / "out" / "bench"
    write_benchmark(db, "april", bench)
    audit_dir = root / "out" / "audit"
    result = write_audit(db, "april", "Elektroonika Turg", audit_dir)
    hostile = write_audit(db, "april", HOSTILE, audit_dir, country="EE", pdf=False)
    assert result.pdf is not None
    yield Written(
        root=root,
        db_path=root / "fixture.db",
        bench=bench,
        audit_dir=audit_dir,
        audit_html=result.html,
        audit_pdf=result.pdf,
        hostile_audit=hostile.html,
        big_shot=big_shot,
        big_size=big_shot.stat().st_size,
    )
    db.dispose()


@pytest.fixture(scope="module")
def db(written: Written) -> Iterator[Database]:
    database = Database(str(written.db_path))
    yield database
    database.dispose()


# --- what is written ---------------------------------------------------------------------


def test_benchmark_writes_page_tables_and_one_audit_per_shop(written: Written) -> None:
    names = {p.name for p in written.bench.iterdir()}
    for table in ("shops", "headline", "vendors"):
        assert {f"{table}.csv", f"{table}.parquet"} <= names
    assert "index.html" in names
    audits = sorted((written.bench / "audits").iterdir())
    assert len(audits) == 10  # every shop of April, reached or not
    html = (written.bench / "index.html").read_text(encoding="utf-8")
    for audit in audits:
        assert f'href="audits/{audit.name}"' in html
    shops = pd.read_parquet(written.bench / "shops.parquet")
    assert len(shops) == 10 and "score_overall" in shops.columns


def _headline(folder: Path) -> dict[str, tuple[int, int]]:
    with (folder / "headline.csv").open(encoding="utf-8") as handle:
        return {row["measure"]: (int(row["n"]), int(row["N"])) for row in csv.DictReader(handle)}


def _expected(campaign: str) -> dict[str, tuple[int, int]]:
    """The headline shares counted straight from the fixture's plan, not through the database."""
    plan = list(PLAN[campaign].values())
    seen = [s for s in plan if s.status == "ok"]
    chat = [s for s in seen if s.kind != "none"]
    gated = [s for s in seen if s.kind == "form_gated_widget"]
    decided = [s for s in chat if s.persistence in ("persists", "lost")]
    return {
        "reached": (len(seen), len(plan)),
        "any_chat": (len(chat), len(seen)),
        "anonymous": (sum(s.kind == "anonymous_widget" for s in seen), len(seen)),
        "kind_offline_form": (sum(s.kind == "offline_form" for s in seen), len(seen)),
        "kind_none": (len(seen) - len(chat), len(seen)),
        "messenger_incl_dead": (
            sum(s.kind == "messenger" or s.dead_plugin for s in seen),
            len(seen),
        ),
        "dead_plugin": (sum(s.dead_plugin for s in seen), len(seen)),
        "form_gated": (len(gated), len(seen)),
        "gate_name": (sum("name" in s.fields for s in gated), len(gated)),
        "gate_phone": (sum("phone" in s.fields for s in gated), len(gated)),
        "hours_shown": (sum(s.hours_source is not None for s in seen), len(seen)),
        "visible_cart": (sum("cart-desktop" in s.visible for s in chat), len(chat)),
        "visible_mobile": (sum("home-mobile" in s.visible for s in chat), len(chat)),
        "persists": (sum(s.persistence == "persists" for s in decided), len(decided)),
    }


def test_headline_shares_count_the_fixture_findings(written: Written) -> None:
    shares = _headline(written.bench)
    expected = _expected("april")
    assert {key: shares[key] for key in expected} == expected
    # April by design: an unreachable shop and a timeout, a dead plugin, shops without cart chat.
    assert shares["reached"] == (8, 10) and shares["dead_plugin"] == (1, 8)
    assert shares["visible_cart"][0] < shares["visible_cart"][1]
    html = (written.bench / "index.html").read_text(encoding="utf-8")
    n, total = shares["visible_cart"]
    assert f"{n}/{total}" in html and "8/10" in html


def test_march_counts_the_form_gate_and_its_fields(db: Database, tmp_path: Path) -> None:
    write_benchmark(db, "march", tmp_path, audits=False)
    shares = _headline(tmp_path)
    expected = _expected("march")
    assert {key: shares[key] for key in expected} == expected
    assert shares["form_gated"][0] >= 1 and shares["gate_name"][0] >= 1
    assert not (tmp_path / "audits").exists()


def test_country_filter_keeps_only_that_country(db: Database, tmp_path: Path) -> None:
    write_benchmark(db, "april", tmp_path, country="fi", audits=False)
    shops = pd.read_csv(tmp_path / "shops.csv")
    assert set(shops["country"]) == {"FI"} and len(shops) == 3
    assert "country FI" in (tmp_path / "index.html").read_text(encoding="utf-8")
    nobody = tmp_path / "nobody"
    write_benchmark(db, "april", nobody, country="XX", audits=False)
    assert _headline(nobody)["reached"] == (0, 0)
    assert pd.read_parquet(nobody / "shops.parquet").empty


def test_vendor_shares(written: Written) -> None:
    vendors = pd.read_csv(written.bench / "vendors.csv").set_index("vendor")
    seen = [s for s in PLAN["april"].values() if s.status == "ok"]
    for vendor in ("smartsupp", "tawk", "giosg"):  # vendors April certainly has
        assert vendors.loc[vendor, "shops"] == sum(s.vendor == vendor for s in seen)
        assert vendors.loc[vendor, "reached"] == len(seen)
    assert vendors.loc["messenger", "primary"] == 0  # a dead plugin is never the primary vendor
    assert vendors.loc["giosg", "name"] == "Giosg"


def test_csv_cells_that_are_formulas_are_neutralised(written: Written) -> None:
    with (written.bench / "shops.csv").open(encoding="utf-8") as handle:
        names = [row["name"] for row in csv.DictReader(handle)]
    assert "'" + FORMULA_NAME in names
    assert not any(name.startswith(("=", "+", "-", "@")) for name in names)


# --- names and paths -----------------------------------------------------------------------

HOSTILE_PATHS = [
    "../../etc/evil",
    EVIL_NAME,
    HOSTILE_NAME,
    "/etc/passwd",
    "..",
    "",
    "C:\\Windows\\system32",
    "https://../../x",
    "a/../../b",
    "\x00nul",
    "x" * 500,
]


@pytest.mark.parametrize("shop", HOSTILE_PATHS)
def test_safe_filename_stays_in_its_folder(shop: str, tmp_path: Path) -> None:
    name = safe_filename(shop)
    assert "/" not in name and "\\" not in name and "\x00" not in name
    assert not name.startswith(".") and name.endswith(".html") and len(name) < 100
    assert inside(tmp_path, name).parent == tmp_path.resolve()


def test_safe_filename_is_readable_and_tells_shops_apart() -> None:
    assert safe_filename("https://www.example.ee").startswith("www.example.ee-")
    assert safe_filename("https://www.example.ee") != safe_filename("http://www.example.ee")


@pytest.mark.parametrize("name", ["../x.html", "/tmp/x.html", "a/../../x.html", "."])
def test_inside_refuses_names_that_leave_the_folder(name: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        inside(tmp_path / "out", name)


def test_audit_of_a_shop_named_like_a_path_stays_inside_out(
    written: Written, tmp_path: Path
) -> None:
    out = tmp_path / "deep" / "out"
    result = CliRunner().invoke(
        app,
        [
            "report",
            "audit",
            EVIL_NAME,
            "--campaign",
            "april",
            "--out",
            str(out),
            "--no-pdf",
            "--db",
            str(written.db_path),
        ],
    )
    assert result.exit_code == 0, result.output
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert files and all(p.resolve().is_relative_to(out.resolve()) for p in files)
    assert EVIL_NAME in files[0].read_text(encoding="utf-8").replace("&#34;", '"')


def test_audit_cli_errors(written: Written, tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(
        app,
        ["report", "audit", "no-such-shop", "-c", "april", "-o", str(tmp_path)]
        + ["--db", str(written.db_path)],
    )
    assert missing.exit_code == 2 and "no shop" in missing.output
    campaign = runner.invoke(
        app,
        ["report", "benchmark", "-c", "may", "-o", str(tmp_path), "--db", str(written.db_path)],
    )
    assert campaign.exit_code == 2 and "no campaign named 'may'" in campaign.output
    assert not list(tmp_path.iterdir())


# --- the audit's content --------------------------------------------------------------------


def test_find_shop_by_origin_host_or_name(db: Database) -> None:
    table = campaign_table(db, "april")
    for given in (KODUKAUP, KODUKAUP + "/", "www.kodukaup.ee", "kodukaup.ee", "kodukaup"):
        assert find_shop(table, given)["shop"] == KODUKAUP
    assert find_shop(table, HOSTILE_NAME)["shop"] == HOSTILE
    with pytest.raises(ShopNotFound):
        find_shop(table, "www.example.com")


def test_percentile_among_peers(db: Database) -> None:
    table = campaign_table(db, "april")
    everyone = peer_standing(table, ELEKTROONIKA)
    assert everyone is not None
    assert everyone["rank"] == 1 and everyone["peers"] == 8  # tied first with Kodukaup
    estonian = peer_standing(table[table["country"] == "EE"], HOSTILE)
    assert estonian is not None and estonian["peers"] == 4 and estonian["rank"] == 4
    assert peer_standing(table, "https://www.mobilia-tallinn.ee") is None  # unreachable


def _findings(**probes: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    return {name: ("ok", value) for name, value in probes.items()}


def _pages(hidden: set[str]) -> dict[str, Any]:
    keys = ("home", "product", "cart")
    return {
        "pages": {
            f"{k}-{p}": {"visible": f"{k}-{p}" not in hidden, "state": "visible"}
            for k in keys
            for p in ("desktop", "mobile")
        },
        "launcher_delay_ms": 1000,
        "contact_only": False,
    }


GOOD_HOURS = {"shown": True, "source": "widget", "sources": [], "status_matches_hours": True}


def test_no_recommendation_for_a_shop_that_does_everything() -> None:
    assert (
        recommendations(
            _findings(
                access={"chat_type": "anonymous_widget", "prechat_fields": []},
                findability=_pages(set()),
                hours=GOOD_HOURS,
                persistence={"persistence": "persists"},
            )
        )
        == []
    )


def test_recommendations_from_the_findings() -> None:
    recs = recommendations(
        _findings(
            access={"chat_type": "form_gated_widget", "prechat_fields": ["name", "email"]},
            findability=_pages({"cart-desktop", "cart-mobile", "home-mobile"}),
            hours={"shown": True, "source": "contact", "sources": [{"where": "contact"}]},
            persistence={"persistence": "lost"},
        )
    )
    titles = [r.title for r in recs]
    assert titles == [
        "Remove the required fields (name, email) before the first message",
        "Show the chat in the cart",
        "Show the chat on mobile",
        "Show the service hours in the chat widget too",
        "Keep the conversation across pages and reloads",
    ]
    assert "desktop and phone" in recs[1].why


def test_messenger_and_dead_plugin_recommendations() -> None:
    messenger = recommendations(_findings(access={"chat_type": "messenger"}))
    assert messenger[0].title.startswith("Replace Messenger with an on-site chat")
    dead = recommendations(
        _findings(access={"chat_type": "none", "dead_plugin": True}, hours={"shown": False})
    )
    assert [r.title for r in dead] == [
        "Remove the dead Messenger chat plugin and put an on-site anonymous chat in its place",
        "Show the service hours",
    ]


def test_changes_since_the_previous_campaign(written: Written) -> None:
    before = _findings(access={"chat_type": "form_gated_widget", "prechat_fields": ["name"]})
    after = _findings(access={"chat_type": "anonymous_widget", "prechat_fields": []})
    assert ("Chat kind", "Form-gated widget", "Anonymous widget") in changes(before, after)
    html = written.audit_html.read_text(encoding="utf-8")
    assert "Changes since march" in html
    assert re.search(r"<td>Chat kind</td><td>Form-gated widget</td><td>Anonymous widget</td>", html)


def test_audit_inlines_the_evidence_screenshots(written: Written) -> None:
    html = written.audit_html.read_text(encoding="utf-8")
    for name in ("chat-home-desktop-before.png", "chat-home-desktop-after.png", "cart-mobile.png"):
        assert name in html
    assert html.count('src="data:image/png;base64,') >= 6
    assert "the opened widget" in html and "the launcher before opening" in html


@pytest.mark.browser
def test_large_screenshot_is_shrunk_before_inlining(written: Written) -> None:
    audit = next((written.bench / "audits").glob("www.kodukaup.ee-*.html"))
    html = audit.read_text(encoding="utf-8")
    shrunk = re.findall(r'src="data:image/jpeg;base64,([^"]+)"', html)
    assert len(shrunk) == 1
    assert len(shrunk[0]) * 3 / 4 < written.big_size / 4
    assert audit.stat().st_size < written.big_size


def test_svg_labels_are_escaped() -> None:
    svg = str(bar_chart([Bar("<script>alert(1)</script>", 1, 4)], "t<b>"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "t&lt;b&gt;" in svg
    assert "25 % (1/4)" in svg
    assert "<rect" in str(histogram([0, 50, 100, None], "scores"))


# --- in a real Chromium ----------------------------------------------------------------------


@dataclass
class Opened:
    requests: list[str]
    errors: list[str]
    dialogs: list[str]
    text: str
    img_x: int


@pytest.fixture
def chromium(written: Written) -> Iterator[Any]:
    """A Chromium per test (Playwright's sync API cannot nest, and print_pdf starts its own)."""
    from playwright.sync_api import sync_playwright

    from crawler.browser import LaunchSettings, find_chromium

    with sync_playwright() as pw:
        browser = pw.chromium.launch(**LaunchSettings().launch_kwargs(find_chromium()))
        yield browser
        browser.close()


def _open(browser: Any, path: Path) -> Opened:
    context = browser.new_context()
    page = context.new_page()
    opened = Opened([], [], [], "", 0)
    page.on("request", lambda request: opened.requests.append(request.url))
    page.on(
        "console",
        lambda message: opened.errors.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda exc: opened.errors.append(str(exc)))

    def dialog(d: Any) -> None:
        opened.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_timeout(300)  # an onerror handler would run by now
    opened.text = page.inner_text("body")
    opened.img_x = page.locator('img[src="x"]').count()
    context.close()
    return opened


def _all_pages(written: Written) -> list[Path]:
    return [
        written.bench / "index.html",
        *sorted((written.bench / "audits").iterdir()),
        written.audit_html,
        written.hostile_audit,
    ]


@pytest.mark.browser
def test_reports_open_offline_without_errors(written: Written, chromium: Any) -> None:
    for path in _all_pages(written):
        opened = _open(chromium, path)
        fetched = [url for url in opened.requests if not url.startswith("data:")]
        assert fetched == [path.resolve().as_uri()], path.name
        assert opened.errors == [], (path.name, opened.errors)
        assert opened.dialogs == [], path.name


@pytest.mark.browser
def test_hostile_shop_name_is_shown_as_text_in_every_report(
    written: Written, chromium: Any
) -> None:
    hostile_audit = written.bench / "audits" / safe_filename(HOSTILE)
    for path in (written.bench / "index.html", hostile_audit, written.hostile_audit):
        raw = path.read_text(encoding="utf-8")
        assert HOSTILE_NAME not in raw and "&lt;img src=x onerror=alert(1)&gt;" in raw
        opened = _open(chromium, path)
        assert HOSTILE_NAME in opened.text, path.name
        assert opened.img_x == 0 and opened.dialogs == []


# --- the PDF ----------------------------------------------------------------------------------


def _pdf_text(data: bytes) -> str:
    """The text of a Chromium-printed PDF: content streams decoded through the fonts' ToUnicode."""
    objects = {
        int(m.group(1)): m.group(2) for m in re.finditer(rb"(\d+) 0 obj\s*(.*?)endobj", data, re.S)
    }

    def stream(number: int) -> bytes:
        body = objects[number]
        raw = body[body.index(b"stream") + 6 :].lstrip(b"\r\n")
        raw = raw[: raw.rindex(b"endstream")]
        return zlib.decompress(raw) if b"FlateDecode" in body[: body.index(b"stream")] else raw

    def cmap(number: int) -> tuple[dict[bytes, str], int]:
        text = stream(number).decode("latin-1")
        width = 2
        span = re.search(r"begincodespacerange\s*<([0-9A-Fa-f]+)>", text)
        if span:
            width = len(span.group(1)) // 2
        table: dict[bytes, str] = {}
        for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
            for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                table[bytes.fromhex(src)] = bytes.fromhex(dst).decode("utf-16-be")
        for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
            for lo, hi, dst in re.findall(
                r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
            ):
                start = int(dst, 16)
                for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                    table[code.to_bytes(len(lo) // 2, "big")] = chr(start + offset)
        return table, width

    words: list[str] = []
    for body in objects.values():
        if not re.search(rb"/Type\s*/Page\b", body):
            continue
        fonts: dict[str, tuple[dict[bytes, str], int]] = {}
        font_dict = re.search(rb"/Font\s*<<(.*?)>>", body, re.S)
        for name, ref in re.findall(
            rb"/(\w+)\s+(\d+) 0 R", font_dict.group(1) if font_dict else b""
        ):
            to_unicode = re.search(rb"/ToUnicode\s+(\d+) 0 R", objects[int(ref)])
            if to_unicode:
                fonts[name.decode()] = cmap(int(to_unicode.group(1)))
        contents = re.search(rb"/Contents\s+(\d+) 0 R", body)
        if not contents:
            continue
        current: tuple[dict[bytes, str], int] = ({}, 2)
        content = stream(int(contents.group(1))).decode("latin-1")
        for font, hexes in re.findall(
            r"/(\w+)\s+[\d.]+\s+Tf|(<[0-9A-Fa-f]*>|\[[^\]]*\])\s*T[jJ]", content
        ):
            if font:
                current = fonts.get(font, ({}, 2))
                continue
            table, width = current
            for chunk in re.findall(r"<([0-9A-Fa-f]*)>", hexes):
                raw = bytes.fromhex(chunk)
                words.append(
                    "".join(table.get(raw[i : i + width], "") for i in range(0, len(raw), width))
                )
    return " ".join(words)


def test_pdf_has_pages_and_the_shop_name(written: Written) -> None:
    data = written.audit_pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) >= 1
    text = re.sub(r"\s+", "", _pdf_text(data))
    assert "ElektroonikaTurg" in text
    assert "Recommendations" in text and "Changessincemarch" in text


def test_print_pdf_loads_nothing_but_the_file(tmp_path: Path) -> None:
    """Even a page that asks for network resources prints without reaching them."""
    import http.server
    import threading

    from reports.html import print_pdf

    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        page = tmp_path / "page.html"
        page.write_text(
            f'<html><head><link rel="stylesheet" href="{base}/style.css"></head>'
            f'<body><h1>Offline Shop</h1><img src="{base}/pixel.png">'
            f'<script src="{base}/app.js"></script></body></html>',
            encoding="utf-8",
        )
        pdf = print_pdf(page, tmp_path / "page.pdf")
    finally:
        server.shutdown()
        server.server_close()
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert hits == []
    assert "OfflineShop" in re.sub(r"\s+", "", _pdf_text(pdf.read_bytes()))


def test_the_demo_ends_in_the_benchmark_report(db: Database, tmp_path: Path) -> None:
    from crawler.cli import report_demo

    index = report_demo(db, "march", tmp_path)
    assert index == tmp_path / "report" / "index.html"
    html = index.read_text(encoding="utf-8")
    assert "Live chat benchmark: march" in html and "rubric 2026" in html
    assert len(list((tmp_path / "report" / "audits").iterdir())) == len(PLAN["march"])
