"""The fake third parties: chat vendors, consent managers and tag managers.

``static/vendors/vendors.toml`` lists each vendor's real host names and the
paths it answers, each mapped to a file in ``static/vendors/``. A route may
name the account it serves, either as a ``(?P<account>...)`` group in its
path or as a query parameter (``account_param``); the account's settings come
from the ``[[widgets]]`` of the shop that owns it, as a vendor's dashboard
settings would, and are written into the file where it says
``__ACCOUNT_CONFIG__``. Route kind ``config`` answers the settings as JSON for
widgets that fetch them. Adding a vendor means adding a table and its files.
"""

from __future__ import annotations

import json
import mimetypes
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.demo.exchange import JS, Request, Response, json_response

VENDORS_DIR = Path(__file__).parent / "static" / "vendors"

# Third-party assets are fetched cross-origin (Tawk's snippet even asks for
# CORS with ``crossorigin``), so every vendor answer allows any origin.
_CORS = [("Access-Control-Allow-Origin", "*"), ("Cache-Control", "no-cache")]


@dataclass
class Route:
    pattern: re.Pattern[str]
    host: str | None
    kind: str
    file: str | None
    account_param: str | None
    content_type: str | None
    status: int


@dataclass
class Vendor:
    """One fake third party and the paths it serves."""

    name: str
    title: str
    hosts: list[str]
    routes: list[Route]
    skin: dict[str, Any] = field(default_factory=dict)
    folder: Path = VENDORS_DIR

    def handle(self, request: Request, accounts: dict[tuple[str, str], dict[str, Any]]) -> Response:
        for route in self.routes:
            if route.host and route.host != request.host:
                continue
            match = route.pattern.fullmatch(request.path)
            if not match:
                continue
            account_id = match.groupdict().get("account")
            if account_id is None and route.account_param:
                account_id = request.query.get(route.account_param)
            account = accounts.get((self.name, account_id or ""))
            if route.kind == "config":
                if account is None:
                    return json_response({"error": "unknown account"}, 404)
                return json_response(account)
            return self._file(route, account)
        return Response(404, b"Not found", "text/plain; charset=utf-8", list(_CORS))

    def _file(self, route: Route, account: dict[str, Any] | None) -> Response:
        assert route.file is not None
        source = self.folder / route.file
        ctype = route.content_type or mimetypes.guess_type(source.name)[0] or "text/plain"
        if ctype in ("text/javascript", "application/javascript"):
            ctype = JS
        elif ctype.startswith("text/"):
            ctype += "; charset=utf-8"
        body = source.read_text(encoding="utf-8")
        # ``</`` is escaped so the JSON can also sit inside an HTML <script>.
        body = (
            body.replace("__ACCOUNT_CONFIG__", _js_literal(account))
            .replace("__VENDOR_SKIN__", _js_literal(self.skin))
            .replace("__VENDOR_NAME__", self.name)
        )
        return Response(route.status, body.encode("utf-8"), ctype, list(_CORS))


def _js_literal(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def load_vendors(folder: Path = VENDORS_DIR) -> dict[str, Vendor]:
    """The vendors declared in ``vendors.toml`` and ``vendors-*.toml``, keyed by short name."""
    data: dict[str, Any] = {}
    for path in [folder / "vendors.toml", *sorted(folder.glob("vendors-*.toml"))]:
        for name, spec in tomllib.loads(path.read_text(encoding="utf-8")).items():
            if name in data:
                raise ValueError(f"{path.name}: vendor {name!r} is declared twice")
            data[name] = spec
    vendors: dict[str, Vendor] = {}
    for name, spec in data.items():
        routes = [
            Route(
                pattern=re.compile(r["path"]),
                host=r.get("host"),
                kind=r.get("kind", "file"),
                file=r.get("file"),
                account_param=r.get("account_param"),
                content_type=r.get("content_type"),
                status=int(r.get("status", 200)),
            )
            for r in spec.get("routes", [])
        ]
        for route in routes:
            if route.kind == "file" and not (route.file and (folder / route.file).is_file()):
                raise FileNotFoundError(f"vendor {name}: route file {route.file!r} is missing")
        vendors[name] = Vendor(
            name=name,
            title=spec.get("title", name),
            hosts=list(spec["hosts"]),
            routes=routes,
            skin=dict(spec.get("skin", {})),
            folder=folder,
        )
    return vendors
