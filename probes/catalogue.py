"""The chat vendor catalogue: ``vendors.json`` loaded, checked and compiled once.

The catalogue is data, not code (see ``vendors.schema.json``). This module
checks it, compiles every pattern into a matcher once, and offers two sides:
matching for the ``vendor`` probe, and the lists the crawler needs (globals to
read, selectors to query, JS calls to open a widget or read its status).
Nothing here touches a browser.
"""

from __future__ import annotations

import functools
import importlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CATALOGUE_FILE = Path(__file__).with_name("vendors.json")
SCHEMA_FILE = Path(__file__).with_name("vendors.schema.json")

REGEX_FIELDS = ("script_urls", "self_hosted_paths", "cookies", "storage_keys", "links", "html")
RULE_FLAGS = frozenset({"not_chat_alone", "dead_plugin", "shared", "site_markup", "weak"})
# A vendor must be findable by something better than cookies or raw HTML.
STRONG_FIELDS = ("script_urls", "self_hosted_paths", "globals", "dom", "frames", "links")

# Calls that post a message or create a ticket in the merchant's inbox. The crawler
# is a mystery shopper, so a catalogue API string must never contain one.
SEND_CALL = re.compile(
    r"send|messageFromVisitor|messageFromOperator|chat:send|message:send|"
    r"launchConversation|startConversation|submit",
    re.IGNORECASE,
)


# --- errors: one type per kind of failure, so CI output says what broke ------------------


class CatalogueError(ValueError):
    """Something wrong in the vendor catalogue."""

    def __init__(self, message: str, vendor_id: str | None = None) -> None:
        self.vendor_id = vendor_id
        super().__init__(f"{vendor_id}: {message}" if vendor_id else message)


class CatalogueSchemaError(CatalogueError):
    """The JSON does not have the shape ``vendors.schema.json`` declares."""


class DuplicateVendorError(CatalogueError):
    """Two entries share one id."""


class UnsortedVendorsError(CatalogueError):
    """Ids are not in alphabetical order."""


class BadPatternError(CatalogueError):
    """A regex does not compile, or sets global inline flags."""


class BadSelectorError(CatalogueError):
    """A CSS selector does not parse."""


class GlobalConflictError(CatalogueError):
    """One global name with two different loaded markers (the crawler records a name once)."""


class UnsafeApiCallError(CatalogueError):
    """An API string looks like it sends a message or submits a form."""


class MissingIdentifierError(CatalogueError):
    """A vendor has no strong identifier (only cookies, storage or raw HTML)."""


class FamilyError(CatalogueError):
    """A vendor family without exactly one default member."""


class FlagConsistencyError(CatalogueError):
    """Vendor flags contradict its rules or category."""


class ExampleMismatchError(CatalogueError):
    """An example does not match its own vendor, or a 'not' sample does."""


# --- compiled rules ----------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One compiled identifier of a vendor."""

    vendor_id: str
    field: str  # catalogue field: script_urls, globals, dom, frames, ...
    source: str  # the pattern, selector, global name or "url=… title=…" as written
    flags: frozenset[str] = frozenset()
    note: str = ""
    regex: re.Pattern[str] | None = None
    title_regex: re.Pattern[str] | None = None  # frames only
    loaded: str | None = None  # globals only
    literal: str | None = None  # lowercased text every match of ``regex`` contains


@dataclass(frozen=True)
class StatusCall:
    """How to read a widget's status and map its answer to online/away/offline/unknown."""

    call: str
    values: dict[str, str]
    measures: str

    def interpret(self, result: Any) -> str:
        """Map a raw JS result to a status; unknown values stay ``unknown``."""
        if isinstance(result, bool):
            key = "true" if result else "false"
        else:
            key = "" if result is None else str(result)
        return self.values.get(key, self.values.get(key.lower(), "unknown"))


@dataclass(frozen=True)
class Vendor:
    """One catalogue entry, compiled."""

    id: str
    name: str
    website: str
    category: str
    kinds: tuple[str, ...]
    rules: tuple[Rule, ...]
    family: str | None = None
    family_default: bool = False
    retired_on: str | None = None
    bot: bool = False
    requires: str | None = None
    api: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    examples: dict[str, Any] = field(default_factory=dict)

    def rules_for(self, field_name: str) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.field == field_name)


class _RegexIndex:
    """Rules of one field, each gated by a substring test before its regex runs.

    Case-insensitive regexes lose Python's fast literal search, which made a
    multi-megabyte page cost seconds; ``literal in lowered`` costs microseconds.
    """

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = tuple(rule for rule in rules if rule.regex is not None)

    def search(self, text: str) -> Iterator[tuple[Rule, re.Match[str]]]:
        lowered = text.lower()
        for rule in self.rules:
            if rule.literal is not None and rule.literal not in lowered:
                continue
            assert rule.regex is not None
            found = rule.regex.search(text)
            if found:
                yield rule, found


class Catalogue:
    """All vendors, compiled, with matchers over captured evidence."""

    def __init__(self, vendors: Iterable[Vendor], raw: dict[str, Any] | None = None) -> None:
        self.vendors: tuple[Vendor, ...] = tuple(vendors)
        self.raw = raw or {}
        self._by_id = {vendor.id: vendor for vendor in self.vendors}
        rules = [rule for vendor in self.vendors for rule in vendor.rules]
        self._index = {
            name: _RegexIndex(r for r in rules if r.field == name) for name in REGEX_FIELDS
        }
        self._frames = tuple(rule for rule in rules if rule.field == "frames")
        self._by_selector: dict[str, list[Rule]] = {}
        self._by_global: dict[str, list[Rule]] = {}
        for rule in rules:
            if rule.field == "dom":
                self._by_selector.setdefault(rule.source, []).append(rule)
            elif rule.field == "globals":
                self._by_global.setdefault(rule.source, []).append(rule)

    def __iter__(self) -> Iterator[Vendor]:
        return iter(self.vendors)

    def __len__(self) -> int:
        return len(self.vendors)

    def __contains__(self, vendor_id: object) -> bool:
        return vendor_id in self._by_id

    def vendor(self, vendor_id: str) -> Vendor:
        try:
            return self._by_id[vendor_id]
        except KeyError:
            raise KeyError(f"no vendor {vendor_id!r} in the catalogue") from None

    # Matching: each returns (rule, matched text) pairs, in catalogue order.

    def match_request(self, url: str) -> list[tuple[Rule, str]]:
        """Script URL rules over the whole URL, self-hosted path rules over its path."""
        hits = [(rule, found.group(0)) for rule, found in self._index["script_urls"].search(url)]
        path = _url_path(url)
        if path:
            hits += [
                (rule, found.group(0))
                for rule, found in self._index["self_hosted_paths"].search(path)
            ]
        return hits

    def match_cookie(self, name: str) -> list[tuple[Rule, str]]:
        return [(rule, found.group(0)) for rule, found in self._index["cookies"].search(name)]

    def match_storage(self, key: str) -> list[tuple[Rule, str]]:
        return [(rule, found.group(0)) for rule, found in self._index["storage_keys"].search(key)]

    def match_link(self, href: str) -> list[tuple[Rule, str]]:
        return [(rule, found.group(0)) for rule, found in self._index["links"].search(href)]

    def match_html(self, html: str) -> list[tuple[Rule, str]]:
        """Raw HTML rules; the caller strips comments first."""
        return [(rule, found.group(0)) for rule, found in self._index["html"].search(html)]

    def match_frame(self, url: str, title: str | None) -> list[tuple[Rule, str]]:
        hits: list[tuple[Rule, str]] = []
        for rule in self._frames:
            if rule.regex is not None and not rule.regex.search(url or ""):
                continue
            if rule.title_regex is not None and not rule.title_regex.search(title or ""):
                continue
            hits.append((rule, url or title or ""))
        return hits

    def rules_for_selector(self, selector: str) -> list[Rule]:
        return list(self._by_selector.get(selector, ()))

    def rules_for_global(self, name: str) -> list[Rule]:
        return list(self._by_global.get(name, ()))


def _url_path(url: str) -> str:
    try:
        return urlsplit(url).path
    except ValueError:
        return ""


# --- checking ----------------------------------------------------------------------------


def _schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return loaded


def schema_errors(data: Any, schema: dict[str, Any] | None = None) -> list[str]:
    """Messages for every place ``data`` breaks ``vendors.schema.json``."""
    import jsonschema  # imported here: only catalogue loading needs it

    validator = jsonschema.Draft202012Validator(schema if schema is not None else _schema())
    return [
        f"$/{'/'.join(str(part) for part in error.absolute_path)}: {error.message}"
        for error in validator.iter_errors(data)
    ]


def _rule_entries(entries: Iterable[Any], key: str) -> Iterator[tuple[str, list[str], str]]:
    """Normalise string-or-object rules to (text, flags, note)."""
    for entry in entries:
        if isinstance(entry, str):
            yield entry, [], ""
        else:
            yield entry[key], list(entry.get("flags", [])), entry.get("note", "")


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def required_literal(pattern: str) -> str | None:
    """The longest run of plain characters (lowercased) that every match must contain.

    Reads the parse tree of ``re`` (a private module, stable since 3.11); any
    surprise there only turns the shortcut off, never changes a result.
    """
    try:
        parser = importlib.import_module("re._parser")
        literal_op = importlib.import_module("re._constants").LITERAL
        items = list(parser.parse(pattern, re.IGNORECASE))
    except Exception:  # noqa: BLE001 - no shortcut is always correct
        return None
    best = ""
    run: list[str] = []
    for op, arg in [*items, (None, None)]:  # top-level items are all mandatory
        if op == literal_op:
            run.append(chr(arg).lower())
            continue
        if len(run) > len(best):
            best = "".join(run)
        run = []
    return best if len(best) >= 2 else None


def _build_vendor(entry: dict[str, Any]) -> Vendor:
    vendor_id = entry["id"]
    rules: list[Rule] = []
    for field_name in REGEX_FIELDS:
        for text, flags, note in _rule_entries(entry.get(field_name, []), "pattern"):
            rules.append(
                Rule(
                    vendor_id,
                    field_name,
                    text,
                    frozenset(flags),
                    note,
                    regex=_compile(text),
                    literal=required_literal(text),
                )
            )
    for text, flags, note in _rule_entries(entry.get("dom", []), "selector"):
        rules.append(Rule(vendor_id, "dom", text, frozenset(flags), note))
    for frame in entry.get("frames", []):
        url, title = frame.get("url"), frame.get("title")
        label = " ".join(
            part
            for part in (f"url={url}" if url else "", f"title={title}" if title else "")
            if part
        )
        rules.append(
            Rule(
                vendor_id,
                "frames",
                label,
                frozenset(frame.get("flags", [])),
                frame.get("note", ""),
                regex=_compile(url) if url else None,
                title_regex=_compile(title) if title else None,
            )
        )
    for item in entry.get("globals", []):
        rules.append(
            Rule(
                vendor_id,
                "globals",
                item["name"],
                frozenset(item.get("flags", [])),
                item.get("note", ""),
                loaded=item.get("loaded"),
            )
        )
    flags = entry.get("flags", {})
    return Vendor(
        id=vendor_id,
        name=entry["name"],
        website=entry["website"],
        category=entry["category"],
        kinds=tuple(entry["kinds"]),
        rules=tuple(rules),
        family=entry.get("family"),
        family_default=bool(entry.get("family_default", False)),
        retired_on=flags.get("retired_on"),
        bot=bool(flags.get("bot", False)),
        requires=flags.get("requires"),
        api=dict(entry.get("api", {})),
        notes=tuple(entry.get("notes", [])),
        examples=dict(entry.get("examples", {})),
    )


def _check_patterns(entry: dict[str, Any]) -> Iterator[CatalogueError]:
    vendor_id = entry.get("id")
    patterns: list[str] = []
    for field_name in REGEX_FIELDS:
        patterns += [text for text, _, _ in _rule_entries(entry.get(field_name, []), "pattern")]
    for frame in entry.get("frames", []):
        patterns += [frame[key] for key in ("url", "title") if key in frame]
    for pattern in patterns:
        try:
            _compile(pattern)
        except re.error as exc:
            yield BadPatternError(f"regex {pattern!r} does not compile: {exc}", vendor_id)
            continue
        # The loader sets IGNORECASE for all; a global (?s)/(?x) would quietly change one rule.
        try:
            re.compile(f"(?:x)|(?:{pattern})")
        except re.error as exc:
            yield BadPatternError(
                f"regex {pattern!r} sets global flags ({exc}); scope them as (?-i:...)", vendor_id
            )


def _check_selectors(entry: dict[str, Any]) -> Iterator[CatalogueError]:
    try:
        import soupsieve  # comes with beautifulsoup4, a project dependency
    except ImportError:  # pragma: no cover - bs4 is always installed with chatshopper
        return
    selectors = [text for text, _, _ in _rule_entries(entry.get("dom", []), "selector")]
    example = entry.get("examples", {}).get("selector")
    if example:
        selectors.append(example)
    for selector in selectors:
        try:
            soupsieve.compile(selector)
        except Exception as exc:  # soupsieve raises its own SelectorSyntaxError and ValueError
            yield BadSelectorError(f"selector {selector!r} does not parse: {exc}", entry.get("id"))


def _api_strings(api: dict[str, Any]) -> Iterator[str]:
    yield from api.get("open", [])
    if "is_open" in api:
        yield api["is_open"]
    if "status" in api:
        yield api["status"]["call"]


def _check_examples(vendor: Vendor, catalogue: Catalogue) -> Iterator[CatalogueError]:
    """Examples must hit their own vendor, and 'not' samples must hit nothing that counts."""
    examples = vendor.examples

    def own(hits: Iterable[tuple[Rule, str]]) -> list[Rule]:
        return [rule for rule, _ in hits if rule.vendor_id == vendor.id]

    checks: list[tuple[str, list[Rule]]] = []
    if "request" in examples:
        checks.append(("request", own(catalogue.match_request(examples["request"]))))
    if "global" in examples:
        checks.append(
            (
                "global",
                [
                    r
                    for r in catalogue.rules_for_global(examples["global"])
                    if r.vendor_id == vendor.id
                ],
            )
        )
    if "selector" in examples:
        checks.append(
            (
                "selector",
                [
                    r
                    for r in catalogue.rules_for_selector(examples["selector"])
                    if r.vendor_id == vendor.id
                ],
            )
        )
    if "frame" in examples:
        frame = examples["frame"]
        checks.append(
            ("frame", own(catalogue.match_frame(frame.get("url", ""), frame.get("title"))))
        )
    if "cookie" in examples:
        checks.append(("cookie", own(catalogue.match_cookie(examples["cookie"]))))
    if "storage" in examples:
        checks.append(("storage", own(catalogue.match_storage(examples["storage"]))))
    if "link" in examples:
        checks.append(("link", own(catalogue.match_link(examples["link"]))))
    if "html" in examples:
        checks.append(("html", own(catalogue.match_html(examples["html"]))))
    for kind, rules in checks:
        if not rules:
            yield ExampleMismatchError(
                f"example {kind} {examples[kind]!r} matches none of its rules", vendor.id
            )
        elif all(rule.flags & {"not_chat_alone", "dead_plugin"} for rule in rules):
            yield ExampleMismatchError(
                f"example {kind} only hits not_chat_alone/dead_plugin rules", vendor.id
            )
    negative = examples.get("not", {})
    counted = [
        *[rule for url in negative.get("requests", []) for rule, _ in catalogue.match_request(url)],
        *[rule for href in negative.get("links", []) for rule, _ in catalogue.match_link(href)],
        *[
            rule
            for name in negative.get("globals", [])
            for rule in catalogue.rules_for_global(name)
        ],
        *[rule for text in negative.get("html", []) for rule, _ in catalogue.match_html(text)],
    ]
    for rule in counted:
        if not rule.flags & {"not_chat_alone", "dead_plugin"}:
            yield ExampleMismatchError(
                f"'not' sample hits counting rule {rule.source!r} of {rule.vendor_id}", vendor.id
            )


def check_catalogue(data: Any) -> list[CatalogueError]:
    """Every problem in raw catalogue data, each as its own error type; empty when fine."""
    messages = schema_errors(data)
    if messages:
        return [CatalogueSchemaError(message) for message in messages]
    problems: list[CatalogueError] = []
    entries: list[dict[str, Any]] = data["vendors"]
    ids = [entry["id"] for entry in entries]
    for vendor_id in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(DuplicateVendorError("id used more than once", vendor_id))
    for before, after in zip(ids, ids[1:], strict=False):
        if before > after:
            problems.append(
                UnsortedVendorsError(f"{before!r} comes before {after!r}; keep ids sorted")
            )
    markers: dict[str, tuple[str, str | None]] = {}
    families: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        vendor_id = entry["id"]
        problems += _check_patterns(entry)
        problems += _check_selectors(entry)
        for item in entry.get("globals", []):
            seen = markers.setdefault(item["name"], (vendor_id, item.get("loaded")))
            if seen[1] != item.get("loaded"):
                problems.append(
                    GlobalConflictError(
                        f"global {item['name']!r} has another loaded marker in {seen[0]}", vendor_id
                    )
                )
        for text in _api_strings(entry.get("api", {})):
            if SEND_CALL.search(text):
                problems.append(
                    UnsafeApiCallError(
                        f"API call {text!r} looks like it sends or submits", vendor_id
                    )
                )
        strong = [
            rule
            for name in STRONG_FIELDS
            for rule in entry.get(name, [])
            if not set(rule.get("flags", []) if isinstance(rule, dict) else [])
            & {"not_chat_alone", "dead_plugin"}
        ]
        if not strong:
            problems.append(
                MissingIdentifierError(
                    "needs a live script URL, global, selector, frame or link", vendor_id
                )
            )
        if "family" in entry:
            families.setdefault(entry["family"], []).append(entry)
        elif entry.get("family_default"):
            problems.append(FamilyError("family_default without a family", vendor_id))
        flags = entry.get("flags", {})
        if bool(flags.get("bot")) != (entry["category"] == "bot"):
            problems.append(
                FlagConsistencyError("flags.bot and category 'bot' must agree", vendor_id)
            )
        flagged_alone = any(
            "not_chat_alone" in (rule.get("flags", []) if isinstance(rule, dict) else [])
            for name in (*REGEX_FIELDS, "dom", "frames", "globals")
            for rule in entry.get(name, [])
        )
        if bool(flags.get("requires")) != flagged_alone:
            problems.append(
                FlagConsistencyError(
                    "flags.requires and not_chat_alone rules must come together", vendor_id
                )
            )
    for family_name, members in families.items():
        defaults = [member["id"] for member in members if member.get("family_default")]
        if len(defaults) != 1:
            problems.append(
                FamilyError(
                    f"family {family_name!r} needs exactly one family_default, has {defaults}"
                )
            )
    if problems:
        return problems
    catalogue = Catalogue([_build_vendor(entry) for entry in entries], data)
    for vendor in catalogue:
        problems += _check_examples(vendor, catalogue)
    return problems


def build_catalogue(data: Any) -> Catalogue:
    """Check raw catalogue data and compile it; raise the first problem found."""
    problems = check_catalogue(data)
    if problems:
        first = problems[0]
        if len(problems) > 1:
            first.args = (f"{first.args[0]} (and {len(problems) - 1} more problems)",)
        raise first
    return Catalogue([_build_vendor(entry) for entry in data["vendors"]], data)


def load_catalogue(path: Path = CATALOGUE_FILE) -> Catalogue:
    """Read, check and compile a catalogue file."""
    return build_catalogue(json.loads(path.read_text(encoding="utf-8")))


@functools.cache
def catalogue() -> Catalogue:
    """The packaged catalogue, compiled once per process."""
    return load_catalogue()


# --- what the crawler asks for ------------------------------------------------------------


def all_globals() -> list[tuple[str, str, str | None]]:
    """(vendor id, global path, loaded expression or None) for every global to read.

    A name can repeat across members of one family (``zE``); its loaded marker is
    then identical, so the crawler may read each name once.
    """
    return [
        (rule.vendor_id, rule.source, rule.loaded)
        for vendor in catalogue()
        for rule in vendor.rules_for("globals")
    ]


def all_selectors() -> list[tuple[str, str]]:
    """(vendor id, CSS selector) for every DOM marker to query.

    The crawler records each hit as a DomMarker whose ``selector`` is this exact string.
    """
    return [
        (rule.vendor_id, rule.source) for vendor in catalogue() for rule in vendor.rules_for("dom")
    ]


def open_calls(vendor_id: str) -> list[str]:
    """JS expressions that open the vendor's chat window, best first; empty when none is known."""
    return list(catalogue().vendor(vendor_id).api.get("open", []))


def is_open_call(vendor_id: str) -> str | None:
    """A JS expression that is true while the chat window is open, if the vendor documents one."""
    value = catalogue().vendor(vendor_id).api.get("is_open")
    return str(value) if value else None


def status_call(vendor_id: str) -> StatusCall | None:
    """The JS call that reads availability and how to map its answer, if the vendor has one."""
    status = catalogue().vendor(vendor_id).api.get("status")
    if not status:
        return None
    return StatusCall(
        call=status["call"], values=dict(status["values"]), measures=status["measures"]
    )


def loaded_marker(vendor_id: str) -> str | None:
    """The first loaded expression of the vendor's globals: the crawler's 'widget is ready' test."""
    for rule in catalogue().vendor(vendor_id).rules_for("globals"):
        if rule.loaded and not rule.flags & {"dead_plugin", "not_chat_alone"}:
            return rule.loaded
    return None
