"""www.dovanos.lt runs its own Chatwoot: the SDK and the widget are served by the shop's host.

A self-hosted Chatwoot answers ``/packs/js/sdk.js`` and ``/widget?website_token=`` on the
install's own domain (the path signature in vendors.md, pitfall 10). The files and routes
are the ``[chatwoot]`` table of ``static/vendors/vendors-world.toml``; the account is this
shop's ``[[widgets]]`` entry, as the fake web's vendor hosts do it.
"""

from __future__ import annotations

from crawler.demo.exchange import Request, Response
from crawler.demo.vendors import load_vendors

CHATWOOT_PATHS = ("/packs/js/sdk.js", "/widget", "/chatframe.js")
_chatwoot = load_vendors()["chatwoot"]


def handle(request: Request, site: object) -> Response | None:
    if request.path not in CHATWOOT_PATHS:
        return None
    widgets = getattr(site, "widgets", [])
    accounts = {
        (str(w["vendor"]), str(w["account"])): {**w, "shop": getattr(site, "host", "")}
        for w in widgets
    }
    return _chatwoot.handle(request, accounts)
