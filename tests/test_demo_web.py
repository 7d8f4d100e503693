"""The demo web as a proxy, driven with the standard library only (no browser)."""

from __future__ import annotations

import csv
import json
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.demo import CHAT_SHOPS_CSV, DEMO_SHOPS_CSV, TEST_SHOPS_CSV, FakeWeb, load_sites
from crawler.demo.exchange import Request
from crawler.demo.sites import Site, shops_csv

STATUSES = {"ok", "unreachable", "http_error", "timeout", "blocked_robots", "error"}


@pytest.fixture(scope="module")
def web() -> Iterator[FakeWeb]:
    with FakeWeb() as running:
        yield running


def _insecure() -> ssl.SSLContext:
    # The fake web's certificate comes from a throwaway CA, as the browser's
    # ignore_https_errors would accept it.
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def _opener(web: FakeWeb) -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({"http": web.proxy_url, "https": web.proxy_url}),
        urllib.request.HTTPSHandler(context=_insecure()),
    )


def _get(web: FakeWeb, url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with _opener(web).open(url, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, dict(err.headers), err.read()


def _connect(web: FakeWeb, host: str) -> tuple[socket.socket, bytes]:
    sock = socket.create_connection(("127.0.0.1", web.port), timeout=10)
    sock.sendall(f"CONNECT {host}:443 HTTP/1.1\r\nHost: {host}:443\r\n\r\n".encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(4096)
        if not chunk:
            break
        head += chunk
    return sock, head


def _read_response(tls: ssl.SSLSocket) -> tuple[bytes, bytes]:
    """Read one HTTP/1.1 response with a Content-Length from a TLS socket."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += tls.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        body += tls.recv(65536)
    return head, body


def test_connect_tunnel_speaks_tls_and_keeps_alive(web: FakeWeb) -> None:
    sock, head = _connect(web, "www.kodukaup.ee")
    assert head.startswith(b"HTTP/1.1 200")
    with _insecure().wrap_socket(sock, server_hostname="www.kodukaup.ee") as tls:
        for path in ("/", "/ostukorv"):
            tls.sendall(f"GET {path} HTTP/1.1\r\nHost: www.kodukaup.ee\r\n\r\n".encode())
            head, body = _read_response(tls)
            assert head.startswith(b"HTTP/1.1 200")
            assert "Kodukaup" in body.decode("utf-8")


def test_https_through_urllib(web: FakeWeb) -> None:
    status, headers, body = _get(web, "https://www.kodukaup.ee/")
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    page = body.decode("utf-8")
    assert "embed.tawk.to/5f8a3c2e1d9b4a0012ab34cd" in page
    assert 'href="/ostukorv"' in page


def test_unknown_host_gets_502_on_connect(web: FakeWeb) -> None:
    sock, head = _connect(web, "www.suletud-pood.ee")
    with sock:
        assert head.startswith(b"HTTP/1.1 502")
    assert "www.suletud-pood.ee" not in web.hosts
    assert any(host == "www.suletud-pood.ee" and not ok for _, host, _, ok in web.tunnel_log)


def test_unknown_host_gets_502_in_absolute_form(web: FakeWeb) -> None:
    status, _, _ = _get(web, "http://www.example.invalid/")
    assert status == 502


def test_plain_http_absolute_form_is_served(web: FakeWeb) -> None:
    status, _, body = _get(web, "http://www.kotikeittio.fi/asiakaspalvelu")
    assert status == 200
    assert "ma–pe 9–16" in body.decode("utf-8")


def test_robots_txt(web: FakeWeb) -> None:
    status, _, body = _get(web, "https://www.kodukaup.ee/robots.txt")
    assert status == 200
    allow = urllib.robotparser.RobotFileParser()
    allow.parse(body.decode().splitlines())
    assert allow.can_fetch("chatshopper", "https://www.kodukaup.ee/ostukorv")

    status, _, body = _get(web, "https://www.tukkumyynti.fi/robots.txt")
    assert status == 200
    deny = urllib.robotparser.RobotFileParser()
    deny.parse(body.decode().splitlines())
    assert not deny.can_fetch("chatshopper", "https://www.tukkumyynti.fi/")


def test_every_served_shop_has_robots_txt(web: FakeWeb) -> None:
    for site in web.sites.values():
        if site.served:
            response = web.handle(Request("GET", "https", site.host, "/robots.txt"))
            assert response.status == 200, site.host


def test_request_log_records_what_was_served(web: FakeWeb) -> None:
    before = time.monotonic()
    _get(web, "https://www.saunamaailma.fi/yhteystiedot")
    entries = [e for e in web.request_log.snapshot() if e[0] >= before]
    assert ("GET", "www.saunamaailma.fi", "/yhteystiedot") in [e[1:] for e in entries]
    assert all(isinstance(e[0], float) for e in entries)


def test_failure_hosts_answer_as_designed(web: FakeWeb) -> None:
    status, headers, _ = _get(web, "https://www.mobilia-tallinn.ee/")
    assert status == 500
    status, _, _ = _get(web, "https://www.vana-veikals.lv/")
    assert status == 404
    status, headers, body = _get(web, "https://www.hinnakiri.ee/")
    assert status == 200
    assert headers["Content-Disposition"].startswith("attachment")
    assert body.startswith(b"tootekood;")
    loop = web.handle(Request("GET", "https", "www.kiertokauppa.fi", "/"))
    assert loop.status == 302
    again = dict(loop.headers)["Location"]
    back = web.handle(Request("GET", "https", "www.kiertokauppa.fi", again))
    assert back.status == 302
    third = web.handle(
        Request("GET", "https", "www.kiertokauppa.fi", dict(back.headers)["Location"])
    )
    assert third.status == 302  # and so on: a loop
    crash = web.handle(Request("GET", "https", "www.megaakcija.lt", "/"))
    assert b"for(;;)a.push(new Array(1e6).fill(1))" in bytes(crash.body)  # type: ignore[arg-type]


def test_vendor_scripts_and_settings(web: FakeWeb) -> None:
    status, headers, body = _get(web, "https://embed.tawk.to/5f8a3c2e1d9b4a0012ab34cd/1ek7f2g3h")
    assert status == 200
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert '"account": "5f8a3c2e1d9b4a0012ab34cd"' in body.decode()
    assert "__ACCOUNT_CONFIG__" not in body.decode()

    status, _, body = _get(
        web,
        "https://api.livechatinc.com/v3.5/customer/action/get_dynamic_configuration?license_id=15550123",
    )
    assert status == 200
    assert json.loads(body)["status"] == "offline"

    status, _, _ = _get(web, "https://bootstrap.smartsuppchat.com/widget/0000/config.json")
    assert status == 404
    status, _, _ = _get(web, "https://embed.tawk.to/nothing-here")
    assert status == 404

    status, _, body = _get(
        web, "https://js.intercomcdn.com/messenger/frame.html?app_id=q8x2mz4k&view=panel"
    )
    assert status == 200
    assert "chatframe.js" in body.decode()


def test_every_page_renders(web: FakeWeb) -> None:
    for site in web.sites.values():
        if not site.served:
            continue
        paths = list(site.meta.get("routes", {})) + [p["url"] for p in site.products]
        for path in paths:
            response = web.handle(Request("GET", "https", site.host, path))
            body = response.body if isinstance(response.body, bytes) else b""
            assert response.status < 500 or site.expected.get("status") == "http_error", (
                site.host,
                path,
                body[:200],
            )
            assert b"{{" not in body, (site.host, path)


def test_survives_abrupt_disconnects_and_parallel_load(web: FakeWeb) -> None:
    for _ in range(5):
        sock, _ = _connect(web, "www.kodukaup.ee")
        sock.close()  # mid-handshake
    raw = socket.create_connection(("127.0.0.1", web.port), timeout=5)
    raw.sendall(b"GET http://www.kodukaup.ee/ HT")  # half a request line
    raw.close()

    results: list[int] = []
    lock = threading.Lock()

    def fetch(url: str) -> None:
        try:
            status = _get(web, url)[0]
        except OSError:
            status = -1
        with lock:
            results.append(status)

    urls = [s.url for s in web.sites.values() if "demo" in s.lists] * 4
    threads = [threading.Thread(target=fetch, args=(u,)) for u in urls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert results == [200] * len(urls)


def test_hanging_page_does_not_block_stop() -> None:
    web = FakeWeb().start()
    got_first_bytes = threading.Event()
    finished = threading.Event()

    def hang() -> None:
        try:
            sock, _ = _connect(web, "www.aeglane-pood.ee")
            with _insecure().wrap_socket(sock, server_hostname="www.aeglane-pood.ee") as tls:
                tls.sendall(b"GET / HTTP/1.1\r\nHost: www.aeglane-pood.ee\r\n\r\n")
                if b"200" in tls.recv(4096):
                    got_first_bytes.set()
                while tls.recv(4096):
                    pass
        except OSError:
            pass
        finally:
            finished.set()

    client = threading.Thread(target=hang, daemon=True)
    client.start()
    assert got_first_bytes.wait(10)
    time.sleep(0.3)
    assert not finished.is_set()  # the page really hangs
    started = time.monotonic()
    web.stop()
    assert time.monotonic() - started < 3
    assert finished.wait(5)  # and the stalled connection was cut


def test_fixed_port_without_context_manager() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    web = FakeWeb(port=port)
    web.start()
    try:
        assert web.proxy_url == f"http://127.0.0.1:{port}"
        assert _get(web, "https://www.lugemisnurk.ee/robots.txt")[0] == 200
    finally:
        web.stop()
    web.stop()  # a second stop is harmless


def test_shop_lists() -> None:
    sites = load_sites()
    with DEMO_SHOPS_CSV.open(encoding="utf-8") as f:
        demo = list(csv.DictReader(f))
    with TEST_SHOPS_CSV.open(encoding="utf-8") as f:
        test = list(csv.DictReader(f))
    assert list(demo[0]) == ["url", "name", "country", "category", "tags"]
    assert len(demo) >= 8
    assert {r["url"] for r in demo} <= {r["url"] for r in test}
    demo_statuses = {sites[r["url"].split("/")[2]].expected["status"] for r in demo}
    assert demo_statuses == {"ok"}
    test_statuses = {sites[r["url"].split("/")[2]].expected["status"] for r in test}
    assert test_statuses == STATUSES
    # The bundled files are generated from site.toml: regenerate with
    # `python -m crawler.demo --write-csv` after changing a shop.
    assert DEMO_SHOPS_CSV.read_text(encoding="utf-8") == shops_csv(sites, "demo")
    assert TEST_SHOPS_CSV.read_text(encoding="utf-8") == shops_csv(sites, "test")
    assert CHAT_SHOPS_CSV.read_text(encoding="utf-8") == shops_csv(sites, "chat")


def test_demo_covers_the_chat_kinds() -> None:
    sites = load_sites()
    kinds = {s.expected.get("chat_type") for s in sites.values() if "demo" in s.lists}
    assert {
        "anonymous_widget",
        "form_gated_widget",
        "offline_form",
        "messenger",
        "link_out",
        "none",
    } <= kinds


def test_site_folder_features(tmp_path: Path) -> None:
    folder = tmp_path / "www.example-pood.ee"
    (folder / "pages").mkdir(parents=True)
    (folder / "site.toml").write_text(
        'name = "Näidis"\nlists = ["demo"]\naliases = ["example-pood.ee"]\n'
        'product_path = "/p/{id}-{slug}"\n'
        '[routes]\n"/" = "index.html"\n'
        '[[rules]]\npath_re = "/vana/.*"\nredirect = "/"\nstatus = 301\n'
        '[[products]]\nid = "12"\nslug = "kaks-sona-veel"\nname = "Kaks sõna"\n',
        encoding="utf-8",
    )
    (folder / "layout.html").write_text("<title>{{title}}</title>{{head}}{{content}}")
    (folder / "pages" / "index.html").write_text(
        "<!--meta\ntitle: Avaleht\n-->\n<!-- head --><meta name=x><!-- /head -->{{products}}"
    )
    (folder / "card.html").write_text("<a href='{{product.url}}'>{{product.name}}</a>")
    (folder / "product.html").write_text("<h1>{{product.name}}</h1><p>{{product.name|json}}</p>")
    (folder / "behaviour.py").write_text(
        "from crawler.demo.exchange import text\n"
        "def handle(request, site):\n"
        "    return text('dynamic ' + site.name) if request.path == '/api' else None\n",
        encoding="utf-8",
    )
    site = Site.load(folder)

    def get(target: str, host: str = "www.example-pood.ee") -> tuple[int, str, dict[str, str]]:
        response = site.handle(Request("GET", "https", host, target))
        body = response.body if isinstance(response.body, bytes) else b""
        return response.status, body.decode(), dict(response.headers)

    status, body, _ = get("/")
    assert status == 200
    assert body == "<title>Avaleht</title><meta name=x><a href='/p/12-kaks-sona-veel'>Kaks sõna</a>"
    assert (
        get("/p/12-kaks-sona-veel")[1]
        == '<title>Näidis</title><h1>Kaks sõna</h1><p>"Kaks sõna"</p>'
    )
    assert get("/p/13-kaks-sona-veel")[0] == 404
    assert get("/api")[1] == "dynamic Näidis"
    assert get("/vana/leht")[2]["Location"] == "/"
    status, _, headers = get("/x?y=1", host="example-pood.ee")
    assert (status, headers["Location"]) == (301, "https://www.example-pood.ee/x?y=1")
    assert get("/robots.txt")[1] == "User-agent: *\nAllow: /\n"
