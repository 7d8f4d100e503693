"""The fake web as an HTTP proxy on loopback.

Chromium is pointed at it with ``proxy={"server": web.proxy_url}`` and
``ignore_https_errors=True``: it sends ``CONNECT www.kodukaup.ee:443``, we
answer ``200``, speak TLS with a throwaway certificate (trustme) naming every
served host, and answer the HTTP/1.1 requests inside the tunnel from the fake
shops and vendors. Unknown hosts get ``502``, which Chromium reports as
``net::ERR_TUNNEL_CONNECTION_FAILED``, the same as a shop that no longer exists.
Nothing is ever forwarded anywhere: the proxy only answers from memory.
"""

from __future__ import annotations

import logging
import socket
import ssl
import sys
import threading
import time
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import trustme

from crawler.demo.exchange import Request, Response, html, text
from crawler.demo.sites import Site, load_sites
from crawler.demo.vendors import Vendor, load_vendors

log = logging.getLogger(__name__)

# Errors a browser causes by walking away mid-answer; they are normal here.
_DISCONNECTS = (OSError,)  # resets, broken pipes, TLS alerts, timeouts


class RequestLog(list[tuple[float, str, str, str]]):
    """``(monotonic_time, method, host, path)`` of every request served, oldest first.

    Handler threads append under a lock; read a stable copy with ``snapshot()``.
    """

    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()

    def record(self, method: str, host: str, path: str) -> None:
        with self.lock:
            self.append((time.monotonic(), method, host, path))

    def snapshot(self) -> list[tuple[float, str, str, str]]:
        with self.lock:
            return list(self)


class FakeWeb:
    """Fake shops and chat vendors behind a loopback HTTP proxy.

    Use as a context manager, or call :meth:`start` and :meth:`stop`.
    """

    def __init__(self, port: int = 0, bind: str = "127.0.0.1") -> None:
        if bind not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the fake web only listens on loopback")
        self.sites: dict[str, Site] = load_sites()
        self.vendors: dict[str, Vendor] = load_vendors()
        self._site_by_host: dict[str, Site] = {}
        for site in self.sites.values():
            if site.served:
                self._site_by_host[site.host] = site
                for alias in site.aliases:
                    self._site_by_host[alias] = site
        self._vendor_by_host: dict[str, Vendor] = {
            host: vendor for vendor in self.vendors.values() for host in vendor.hosts
        }
        clash = self._site_by_host.keys() & self._vendor_by_host.keys()
        if clash:
            raise ValueError(f"hosts both shop and vendor: {sorted(clash)}")
        self.hosts: set[str] = set(self._site_by_host) | set(self._vendor_by_host)
        self.accounts: dict[tuple[str, str], dict[str, Any]] = {}
        for site in self.sites.values():
            for widget in site.widgets:
                key = (str(widget["vendor"]), str(widget["account"]))
                if key in self.accounts:
                    raise ValueError(f"account {key} belongs to two shops")
                self.accounts[key] = {**widget, "shop": site.host}
        self.request_log = RequestLog()
        # ``(monotonic_time, host, port, accepted)`` of every CONNECT, known or not.
        self.tunnel_log: list[tuple[float, str, int, bool]] = []
        self._port = port
        self._bind = bind
        self._stop_event = threading.Event()
        self._server: _ProxyServer | None = None
        self._thread: threading.Thread | None = None
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        self.ca: trustme.CA | None = None
        self.tls: ssl.SSLContext | None = None

    # -- lifecycle ----------------------------------------------------------------------

    def start(self) -> FakeWeb:
        if self._server is not None:
            return self
        self._stop_event.clear()
        self.ca = trustme.CA(organization_name="chatshopper fake web")
        # Wildcards cover subdomains a later shop or vendor may use without a new cert
        # (never a bare public suffix such as "*.ee").
        parents = {h.split(".", 1)[1] for h in self.hosts if h.count(".") >= 2}
        names = sorted(self.hosts) + sorted("*." + p for p in parents)
        leaf = self.ca.issue_cert(*names, common_name="chatshopper fake web")
        self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        leaf.configure_cert(self.tls)
        self.tls.set_alpn_protocols(["http/1.1"])
        self._server = _ProxyServer((self._bind, self._port), _ProxyHandler, self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fakeweb-proxy",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop at once: hanging answers are released and open connections cut."""
        server, self._server = self._server, None
        if server is None:
            return
        self._stop_event.set()
        server.shutdown()
        with self._connections_lock:
            open_sockets = list(self._connections)
            self._connections.clear()
        for sock in open_sockets:
            try:
                # The plain-socket shutdown also works on a TLS socket without
                # touching its SSL state, which another thread may be using.
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
            except OSError:
                pass
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None

    def __enter__(self) -> FakeWeb:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the fake web is not running")
        return int(self._server.server_address[1])

    @property
    def proxy_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ca_pem(self) -> bytes:
        """The CA that signed the fake web's certificate, for a browser that checks."""
        if self.ca is None:
            raise RuntimeError("the fake web is not running")
        return self.ca.cert_pem.bytes()

    # -- answering ------------------------------------------------------------------------

    def add_alias(self, alias: str, host: str) -> None:
        """Serve the shop at ``host`` under another name too (the benchmark clones shops)."""
        if alias in self.hosts:
            raise ValueError(f"{alias} is served already")
        self._site_by_host[alias] = self._site_by_host[host]
        self.hosts.add(alias)

    def serves(self, host: str) -> bool:
        return host in self.hosts

    def handle(self, request: Request) -> Response:
        """Answer one request for a served host (no socket involved)."""
        request.stop_event = self._stop_event
        self.request_log.record(request.method, request.host, request.target)
        site = self._site_by_host.get(request.host)
        try:
            if site is not None:
                return site.handle(request)
            vendor = self._vendor_by_host.get(request.host)
            if vendor is not None:
                return vendor.handle(request, self.accounts)
        except Exception as exc:  # a broken fake page must show, not kill the proxy
            log.exception("fake web failed on %s", request.url)
            return text(f"fake web error: {exc!r}", 500)
        return text("Bad gateway", 502)

    def info_page(self) -> Response:
        """What a person sees opening the proxy address itself in a browser."""
        rows = "".join(
            "<tr>"
            f"<td><a href='{escape(s.url)}'>{escape(s.host)}</a></td><td>{escape(s.name)}</td>"
            f"<td>{escape(', '.join(s.lists))}</td>"
            f"<td>{escape(str(s.expected.get('chat_type', '')))}</td>"
            f"<td>{escape(str(s.expected.get('status', '')))}</td>"
            "</tr>"
            for s in self.sites.values()
        )
        flags = f"--proxy-server={escape(self.proxy_url)} --ignore-certificate-errors"
        body = (
            "<!doctype html><meta charset=utf-8><title>chatshopper fake web</title>"
            "<style>body{font:15px system-ui;margin:2em}"
            "td,th{padding:4px 10px;text-align:left}</style>"
            "<h1>chatshopper fake web</h1>"
            f"<p>This is an HTTP proxy. Start a browser with <code>{flags}</code>"
            " (or use <a href='/proxy.pac'>/proxy.pac</a> and trust"
            " <a href='/ca.pem'>/ca.pem</a>) and open a shop below.</p>"
            "<table><tr><th>host</th><th>shop</th><th>lists</th><th>chat</th><th>status</th></tr>"
            f"{rows}</table>"
        )
        return html(body)

    def pac_file(self) -> Response:
        # Everything goes to the proxy, so nothing leaks to the real network.
        body = f'function FindProxyForURL(url, host) {{ return "PROXY 127.0.0.1:{self.port}"; }}\n'
        return text(body, content_type="application/x-ns-proxy-autoconfig")

    # -- connection bookkeeping for stop() -----------------------------------------------

    def _track(self, sock: socket.socket) -> None:
        with self._connections_lock:
            self._connections.add(sock)

    def _untrack(self, sock: socket.socket) -> None:
        with self._connections_lock:
            self._connections.discard(sock)


class _ProxyServer(ThreadingHTTPServer):
    daemon_threads = True  # a hung handler must never keep the process or stop() waiting
    allow_reuse_address = True
    request_queue_size = 128  # Chromium opens several connections per host at once

    def __init__(
        self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], web: FakeWeb
    ):
        self.web = web
        super().__init__(address, handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, _DISCONNECTS) or exc is None:
            return
        log.error("fake web handler failed for %s", client_address, exc_info=exc)


class _ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "chatshopper-fakeweb/1"
    sys_version = ""
    timeout = 30  # idle keep-alive connections are dropped after this
    server: _ProxyServer
    tunnel_host: str | None = None
    _tls: ssl.SSLSocket | None = None

    def setup(self) -> None:
        super().setup()
        self.server.web._track(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        except _DISCONNECTS:
            pass
        finally:
            self.server.web._untrack(self.connection)
            if self._tls is not None:
                try:
                    self._tls.close()
                except OSError:
                    pass

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    # -- CONNECT ----------------------------------------------------------------------------

    def do_CONNECT(self) -> None:
        web = self.server.web
        host, _, port_text = self.path.rpartition(":")
        host = host.strip("[]").lower()
        port = int(port_text) if port_text.isdigit() else 443
        known = web.serves(host)
        web.tunnel_log.append((time.monotonic(), host, port, known))
        if not known:
            self._refuse(host)
            return
        self.send_response(200, "Connection established")
        self.end_headers()
        self.wfile.flush()
        assert web.tls is not None
        self.rfile.close()  # nothing is buffered: the browser waits for our 200 first
        try:
            tls = web.tls.wrap_socket(self.connection, server_side=True)
        except _DISCONNECTS:
            self.close_connection = True
            return
        web._untrack(self.connection)
        self._tls = tls
        self.connection = tls
        web._track(tls)
        self.rfile = tls.makefile("rb")
        self.wfile = tls.makefile("wb")
        self.tunnel_host = host
        # The base class keeps calling handle_one_request, now on the TLS stream.
        self.close_connection = False

    def _refuse(self, host: str) -> None:
        body = f"Unknown host {host}: not part of the fake web".encode()
        self.send_response(502, "Bad Gateway")
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.close_connection = True

    # -- plain requests, inside a tunnel or in absolute form ----------------------------------

    def do_GET(self) -> None:
        self._serve()

    def do_HEAD(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_OPTIONS(self) -> None:
        self._serve()

    def _serve(self) -> None:
        web = self.server.web
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        if self.tunnel_host is not None:
            scheme, host, target = "https", self.tunnel_host, self.path
            if self.path.startswith(("http://", "https://")):
                target = _origin_form(self.path)
        elif self.path.startswith(("http://", "https://")):
            parts = urlsplit(self.path)
            scheme, host, target = (
                parts.scheme,
                (parts.hostname or "").lower(),
                _origin_form(self.path),
            )
        else:
            self._write(self._own_page(self.path))
            return
        if not web.serves(host):
            self._refuse(host)
            return
        if self.command == "OPTIONS":
            # CORS preflights for vendor config fetches; real CDNs answer them too.
            self._write(
                Response(
                    204,
                    b"",
                    None,
                    [
                        ("Access-Control-Allow-Origin", self.headers.get("Origin") or "*"),
                        ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
                        ("Access-Control-Allow-Headers", "*"),
                    ],
                )
            )
            return
        request = Request(self.command, scheme, host, target, self.headers, body)  # type: ignore[arg-type]
        self._write(web.handle(request))

    def _own_page(self, path: str) -> Response:
        web = self.server.web
        if path == "/proxy.pac":
            return web.pac_file()
        if path == "/ca.pem":
            return Response(200, web.ca_pem, "application/x-pem-file")
        return web.info_page()

    def _write(self, response: Response) -> None:
        self.send_response(response.status)
        if response.content_type:
            self.send_header("Content-Type", response.content_type)
        for name, value in response.headers:
            self.send_header(name, value)
        head_only = self.command == "HEAD"
        if response.streamed:
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            if head_only:
                return
            for chunk in response.body:
                self.wfile.write(chunk)  # type: ignore[arg-type]
                self.wfile.flush()
            return
        payload = bytes(response.body)  # type: ignore[arg-type]
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if not head_only:
            self.wfile.write(payload)
        self.wfile.flush()


def _origin_form(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
