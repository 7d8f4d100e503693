"""The evidence a visit leaves behind: the one place its shape is declared.

The crawler fills these models and writes them as ``artifacts.json`` beside the
screenshots and HTML files of a visit; probes read them back and never see a
browser. Bump ``SCHEMA_VERSION`` whenever a field changes meaning, and teach
``load_visit`` to read the older shape, because a researcher must be able to
re-judge last year's evidence.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

SCHEMA_VERSION = 1
ARTIFACTS_FILE = "artifacts.json"

PageRole = Literal["home", "product", "cart", "contact"]
Profile = Literal["desktop", "mobile"]
VisitStatus = Literal["ok", "unreachable", "http_error", "timeout", "blocked_robots", "error"]
VISIT_STATUSES: tuple[str, ...] = (
    "ok",
    "unreachable",
    "http_error",
    "timeout",
    "blocked_robots",
    "error",
)


class Box(BaseModel):
    """A bounding box in CSS pixels, relative to the top-left of the viewport."""

    x: float
    y: float
    width: float
    height: float


class RequestRecord(BaseModel):
    """One network request the page made, including failed and blocked ones."""

    url: str
    method: str = "GET"
    resource_type: str = "other"
    status: int | None = None
    failure: str | None = None
    frame_url: str | None = None
    started_ms: float | None = None  # since the navigation started


class FrameRecord(BaseModel):
    url: str
    name: str = ""
    title: str | None = None
    parent_url: str | None = None
    detached: bool = False


class CookieRecord(BaseModel):
    name: str
    domain: str
    path: str = "/"
    expires: float | None = None  # unix seconds; None for a session cookie
    http_only: bool = False
    secure: bool = False
    same_site: str | None = None
    value: str = ""  # truncated to 256 characters


class StorageEntry(BaseModel):
    origin: str
    area: Literal["local", "session"]
    key: str
    value: str = ""  # truncated to 256 characters


class LinkRecord(BaseModel):
    """An ``<a href>`` of the top document, as a customer could see it."""

    href: str  # absolute
    text: str = ""
    rel: str = ""
    aria_label: str = ""
    visible: bool = False
    in_first_viewport: bool = False


class DomMarker(BaseModel):
    """An element that matched a selector the crawler was asked to look for."""

    selector: str
    tag: str = ""
    id: str = ""
    classes: str = ""
    text: str = ""
    box: Box | None = None
    visible: bool = False
    in_first_viewport: bool = False
    z_index: str = ""
    covered_by: str | None = None  # description of the element on top at the centre
    frame_url: str | None = None


LauncherState = Literal["visible", "hidden", "transparent", "zero_size", "offscreen", "covered"]


class LauncherObservation(BaseModel):
    """One element that may be the chat launcher, as a customer sees it without scrolling.

    ``state`` is the first test it fails, in this order: ``hidden`` (display:none,
    visibility:hidden), ``transparent`` (opacity 0 on it or an ancestor), ``zero_size``,
    ``offscreen`` (its centre outside the first viewport), ``covered`` (another
    element on top at its centre); else ``visible``.
    """

    source: Literal["selector", "frame", "link"] = "selector"
    selector: str = ""  # the catalogue selector that matched, "iframe" or "a[href]"
    vendor: str | None = None  # the catalogue vendor it belongs to
    tag: str = ""  # the hit's tag name: "a" for a link button, "iframe" for a widget frame
    element: str = ""  # the element measured (the hit, or its largest visible child)
    url: str = ""  # a link's href or a frame's src
    title: str = ""
    in_shadow: bool = False  # found inside an open shadow root
    nested: bool = False  # inside another launcher candidate (its container)
    floating: bool = False  # position fixed or sticky on it or an ancestor
    box: Box | None = None
    state: LauncherState = "hidden"
    visible: bool = False
    reasons: list[str] = Field(default_factory=list)  # why it is not visible, in words
    covered_by: str | None = None
    covered_by_consent: bool = False  # the element on top looks like a cookie banner
    first_visible_ms: float | None = None  # since navigation start, from the page observer
    first_box: Box | None = None  # its box when first seen visible
    largest_box: Box | None = None  # the largest it was seen visible before the scan
    largest_ms: float | None = None  # when it was that large


class OpenStateCheck(BaseModel):
    """A vendor's documented "is the chat open" call, asked before anything was clicked."""

    vendor: str
    call: str
    value: Any = None
    error: str | None = None


class LauncherScan(BaseModel):
    """Chat launchers of one page: what the page observer saw from navigation start."""

    observer: bool = False  # the observer ran from navigation start (else: times unknown)
    observer_checks: int = 0  # how often it looked
    observer_ms: float = 0.0  # the main-thread time those looks cost the page, in total
    at_ms: float | None = None  # when the scan ran, since navigation start
    viewport: Box | None = None
    scroll_y: float = 0.0
    launchers: list[LauncherObservation] = Field(default_factory=list)
    open_state: list[OpenStateCheck] = Field(default_factory=list)


class GlobalValue(BaseModel):
    """What a window global looked like: whether it exists and what the loaded marker said."""

    name: str
    defined: bool = False
    type: str = "undefined"
    loaded: bool | None = None  # None when the vendor has no loaded marker
    value: Any = None  # a small JSON-safe summary, never a whole object graph
    error: str | None = None


class DialogRecord(BaseModel):
    type: str
    message: str = ""


class CollectorError(BaseModel):
    """A collector that failed or ran out of time; the visit goes on without it."""

    collector: str
    message: str


class Discovery(BaseModel):
    """How the journey found the page: from which page, which link and by which rule."""

    method: str  # e.g. "start", "jsonld-product", "og-product", "cart-link", "cart-path"
    from_url: str | None = None
    link_text: str = ""
    score: float = 0.0


class Timings(BaseModel):
    started_at: str  # ISO 8601, UTC
    response_ms: float | None = None
    dom_content_loaded_ms: float | None = None
    load_ms: float | None = None
    settled_ms: float | None = None  # network quiet plus the settle window
    captured_ms: float | None = None


class PageCapture(BaseModel):
    """Everything seen on one page in one browser profile."""

    schema_version: int = SCHEMA_VERSION
    role: PageRole
    profile: Profile
    requested_url: str
    final_url: str | None = None
    http_status: int | None = None
    title: str = ""
    error: str | None = None
    redirect_chain: list[str] = Field(default_factory=list)
    viewport: Box | None = None
    timings: Timings
    discovery: Discovery | None = None
    requests: list[RequestRecord] = Field(default_factory=list)
    frames: list[FrameRecord] = Field(default_factory=list)
    cookies: list[CookieRecord] = Field(default_factory=list)
    storage: list[StorageEntry] = Field(default_factory=list)
    links: list[LinkRecord] = Field(default_factory=list)
    dom_markers: list[DomMarker] = Field(default_factory=list)
    launcher_scan: LauncherScan | None = None  # None: not captured (older evidence, failure)
    globals: list[GlobalValue] = Field(default_factory=list)
    dialogs: list[DialogRecord] = Field(default_factory=list)
    popups: list[str] = Field(default_factory=list)
    downloads: list[str] = Field(default_factory=list)
    console_errors: list[str] = Field(default_factory=list)
    collector_errors: list[CollectorError] = Field(default_factory=list)
    html_file: str | None = None  # relative to the visit's evidence folder
    screenshot_file: str | None = None
    # Filled by ``load_visit`` from ``html_file``; never written into the JSON.
    html: str | None = Field(default=None, exclude=True)

    @property
    def key(self) -> str:
        return f"{self.role}-{self.profile}"


FieldKind = Literal["name", "email", "phone", "other"]
ChatStatus = Literal["online", "away", "offline", "unknown"]


class FormField(BaseModel):
    """An input the widget shows before the first message can be sent."""

    kind: FieldKind
    label: str = ""  # label, placeholder or aria-label as shown
    input_type: str = "text"
    name: str = ""
    required: bool = False  # `required`, aria-required or a visible "*"
    frame_url: str | None = None


class WidgetView(BaseModel):
    """What the opened widget shows a customer, read inside its frames as well."""

    composer: bool = False  # a message box a customer can type into now
    composer_placeholder: str = ""
    fields: list[FormField] = Field(default_factory=list)  # inputs other than the message box
    offline_form: bool = False  # "leave a message": no live conversation now
    login_wall: bool = False  # asks to log in (Facebook, Google, an account) first
    quick_replies: list[str] = Field(default_factory=list)  # bot-style buttons before typing
    text: str = ""  # the widget's visible text: greeting, hours, status words
    frame_urls: list[str] = Field(default_factory=list)
    containers: list[str] = Field(default_factory=list)  # top-document elements that held it


class ChatInteraction(BaseModel):
    """One attempt to open the chat on one page, and what it showed. Nothing is typed or sent."""

    page: str  # the page key it was tried on, e.g. "home-desktop"
    vendor: str | None = None  # the catalogue vendor whose API or launcher was used
    opened_by: Literal["api", "click", "already_open", "link", "none"] = "none"
    open_call: str | None = None
    launcher: str | None = None  # what was clicked, described
    opened: bool = False
    link: str | None = None  # the link a link-out chat leads to (never followed)
    navigations: list[str] = Field(default_factory=list)  # where the page went after opening
    popups: list[str] = Field(default_factory=list)
    status_call: str | None = None
    status_raw: Any = None
    status: ChatStatus = "unknown"
    view: WidgetView | None = None
    screenshot_before: str | None = None
    screenshot_after: str | None = None
    waited_ms: float | None = None  # until the widget showed after opening
    error: str | None = None


class ConsentRecord(BaseModel):
    """The cookie banner seen on the start page, and what was done with it."""

    mode: Literal["accept", "reject", "none"] = "accept"
    cmp: str | None = None  # the consent platform autoconsent recognised, e.g. "Cybotcookiebot"
    detected: bool = False
    action: Literal["accepted", "rejected", "left", "failed", "none_found"] = "none_found"
    error: str | None = None
    elapsed_ms: float | None = None
    popup_found: bool = False  # the banner was visible (``detected`` alone: the platform is there)
    frame_url: str | None = None  # the iframe that held the banner; None for the page itself
    autoconsent_version: str | None = None  # the rule set's version, to re-judge old evidence


class SessionSnapshot(BaseModel):
    """The chat vendor's session as one tab saw it, for the persistence check."""

    when: Literal["before", "after_reload", "after_navigation"]
    url: str | None = None  # the page the tab showed
    loaded: bool | None = None  # the vendor's loaded marker; None when it has none
    open_call: str | None = None  # the vendor's documented "is the chat open" call
    open_raw: Any = None  # what that call answered (None: not asked or failed)
    open_in_view: bool = False  # a message box or form was visible in the widget's frames
    text: str = ""  # the widget's visible text (greeting, transcript), as a customer sees it
    cookies: list[CookieRecord] = Field(default_factory=list)  # the vendor's, with expiry
    storage: list[StorageEntry] = Field(default_factory=list)  # the vendor's keys
    waited_ms: float | None = None  # until the widget was ready in this tab
    error: str | None = None


class PersistenceCapture(BaseModel):
    """The opened chat's session before and after a new tab of the same page and of another."""

    vendor: str | None = None
    page: str = ""  # the page key where the widget was opened, e.g. "home-desktop"
    before: SessionSnapshot | None = None
    after_reload: SessionSnapshot | None = None  # the same URL in a new tab
    after_navigation: SessionSnapshot | None = None  # another page of the shop in a new tab
    navigation_url: str | None = None
    navigation_method: str | None = None  # how that page was chosen, e.g. "product-link"
    elapsed_ms: float | None = None
    errors: list[CollectorError] = Field(default_factory=list)


class RobotsRecord(BaseModel):
    url: str
    fetched_status: int | None = None
    allowed: bool = True
    error: str | None = None
    crawl_delay: float | None = None


class VisitArtifacts(BaseModel):
    """The whole evidence of one visit: one shop in one campaign."""

    schema_version: int = SCHEMA_VERSION
    tool_version: str
    campaign: str
    shop: str  # normalised origin, e.g. https://www.example.ee
    start_url: str
    started_at: str
    finished_at: str | None = None
    status: VisitStatus = "error"
    error: str | None = None
    http_status: int | None = None
    final_url: str | None = None
    user_agent: str = ""
    locale: str | None = None
    timezone: str | None = None  # the browser's emulated zone, not the shop's
    shop_country: str | None = None  # ISO 3166-1 alpha-2 from the shop list
    shop_timezone: str | None = None  # IANA zone from the shop list; overrides the country's
    robots: RobotsRecord | None = None
    pages: list[PageCapture] = Field(default_factory=list)
    consent: ConsentRecord | None = None
    chat: list[ChatInteraction] = Field(default_factory=list)
    persistence: PersistenceCapture | None = None  # after the first widget opened on desktop
    settings: dict[str, Any] = Field(default_factory=dict)

    def page(self, role: PageRole, profile: Profile = "desktop") -> PageCapture | None:
        for capture in self.pages:
            if capture.role == role and capture.profile == profile:
                return capture
        return None


def write_visit(artifacts: VisitArtifacts, folder: Path) -> Path:
    """Write ``artifacts.json`` atomically so a killed process never leaves half a file."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / ARTIFACTS_FILE
    tmp = target.with_suffix(".json.tmp")
    tmp.write_text(artifacts.model_dump_json(indent=1), encoding="utf-8")
    tmp.replace(target)
    return target


def load_visit(folder: Path, *, with_html: bool = True) -> VisitArtifacts:
    """Read a visit's evidence back; the HTML files are attached to their pages."""
    raw = json.loads((folder / ARTIFACTS_FILE).read_text(encoding="utf-8"))
    version = raw.get("schema_version")
    if version != SCHEMA_VERSION:
        raise ValueError(
            f"{folder / ARTIFACTS_FILE}: evidence schema {version!r}, "
            f"this chatshopper reads {SCHEMA_VERSION}"
        )
    artifacts = VisitArtifacts.model_validate(raw)
    if with_html:
        for capture in artifacts.pages:
            if capture.html_file and (folder / capture.html_file).is_file():
                capture.html = (folder / capture.html_file).read_text(
                    encoding="utf-8", errors="replace"
                )
    return artifacts
