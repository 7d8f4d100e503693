"""The vendor catalogue as data: shape, order, patterns, selectors, and the crawler's view."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import jsonschema
import pytest
import soupsieve

from probes import catalogue as cat_module
from probes.catalogue import (
    CATALOGUE_FILE,
    SCHEMA_FILE,
    BadPatternError,
    BadSelectorError,
    CatalogueError,
    CatalogueSchemaError,
    DuplicateVendorError,
    ExampleMismatchError,
    FamilyError,
    FlagConsistencyError,
    GlobalConflictError,
    MissingIdentifierError,
    UnsafeApiCallError,
    UnsortedVendorsError,
    all_globals,
    all_selectors,
    build_catalogue,
    catalogue,
    check_catalogue,
    open_calls,
    status_call,
)

RAW: dict[str, Any] = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
SCHEMA: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
VENDOR_IDS = [entry["id"] for entry in RAW["vendors"]]
NORDIC_AND_BALTIC = ["boost_ai", "dixa", "ebbot", "giosg", "leadoo", "ninchat", "puzzel"]
NORDIC_AND_BALTIC += ["smartsupp", "telia_ace"]


def _entry(vendor_id: str) -> dict[str, Any]:
    return next(entry for entry in RAW["vendors"] if entry["id"] == vendor_id)


def _patterns(entry: dict[str, Any]) -> Iterator[str]:
    for field in cat_module.REGEX_FIELDS:
        for rule in entry.get(field, []):
            yield rule if isinstance(rule, str) else rule["pattern"]
    for frame in entry.get("frames", []):
        yield from (frame[key] for key in ("url", "title") if key in frame)


def _selectors(entry: dict[str, Any]) -> Iterator[str]:
    for rule in entry.get("dom", []):
        yield rule if isinstance(rule, str) else rule["selector"]


def test_packaged_catalogue_has_no_problems() -> None:
    assert check_catalogue(RAW) == []


def test_schema_is_valid_draft_2020_12_and_the_catalogue_follows_it() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA).validate(RAW)
    assert cat_module.schema_errors(RAW) == []


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"schema_version": 1}, "'vendors' is a required property"),
        ({"schema_version": 2, "vendors": []}, "1 was expected"),
        ({"schema_version": 1, "vendors": [], "extra": 1}, "Additional properties"),
    ],
)
def test_schema_errors_are_reported(data: dict[str, Any], fragment: str) -> None:
    messages = cat_module.schema_errors(data)
    assert any(fragment in message for message in messages), messages


def test_at_least_fifty_vendors_including_the_nordic_and_baltic_ones() -> None:
    assert len(VENDOR_IDS) >= 50
    assert set(NORDIC_AND_BALTIC) <= set(VENDOR_IDS)
    assert {"tawk", "tidio", "zendesk", "zendesk_messaging", "messenger", "whatsapp"} <= set(
        VENDOR_IDS
    )
    assert {"livechat", "crisp", "intercom", "hubspot"} <= set(VENDOR_IDS)


def test_ids_are_unique_and_sorted() -> None:
    assert len(VENDOR_IDS) == len(set(VENDOR_IDS))
    assert VENDOR_IDS == sorted(VENDOR_IDS)


@pytest.mark.parametrize("vendor_id", VENDOR_IDS)
def test_every_regex_compiles(vendor_id: str) -> None:
    for pattern in _patterns(_entry(vendor_id)):
        re.compile(pattern, re.IGNORECASE)
        # Combinable with the others: no global inline flags, no group names.
        re.compile(f"(?:x)|(?:{pattern})")


@pytest.mark.parametrize("vendor_id", VENDOR_IDS)
def test_every_selector_parses(vendor_id: str) -> None:
    for selector in _selectors(_entry(vendor_id)):
        soupsieve.compile(selector)


@pytest.mark.parametrize("vendor_id", VENDOR_IDS)
def test_every_vendor_has_a_strong_live_identifier(vendor_id: str) -> None:
    entry = _entry(vendor_id)
    strong = [
        rule
        for field in cat_module.STRONG_FIELDS
        for rule in entry.get(field, [])
        if not (
            isinstance(rule, dict)
            and set(rule.get("flags", [])) & {"not_chat_alone", "dead_plugin"}
        )
    ]
    assert strong, f"{vendor_id} is findable only by cookies, storage or HTML"


@pytest.mark.parametrize("vendor_id", VENDOR_IDS)
def test_api_calls_never_send(vendor_id: str) -> None:
    api = _entry(vendor_id).get("api", {})
    calls = [*api.get("open", []), api.get("is_open", ""), api.get("status", {}).get("call", "")]
    for call in filter(None, calls):
        assert not cat_module.SEND_CALL.search(call), call


def test_globals_with_one_name_share_one_loaded_marker() -> None:
    markers: dict[str, set[str | None]] = {}
    for _, name, loaded in all_globals():
        markers.setdefault(name, set()).add(loaded)
    assert {name: m for name, m in markers.items() if len(m) > 1} == {}


def test_every_source_key_is_explained() -> None:
    for entry in RAW["vendors"]:
        for source in entry["sources"]:
            if re.fullmatch(r"[A-Z-]+", source["ref"]):  # a short key such as WA or OCD
                assert source["ref"] in RAW["source_keys"], (entry["id"], source["ref"])


# --- each failure its own error type --------------------------------------------------------

Mutation = Callable[[dict[str, Any]], None]


def _vendor(data: dict[str, Any], vendor_id: str) -> dict[str, Any]:
    return next(entry for entry in data["vendors"] if entry["id"] == vendor_id)


def _duplicate(data: dict[str, Any]) -> None:
    data["vendors"].insert(1, copy.deepcopy(data["vendors"][0]))


def _unsort(data: dict[str, Any]) -> None:
    data["vendors"][0], data["vendors"][1] = data["vendors"][1], data["vendors"][0]


def _bad_regex(data: dict[str, Any]) -> None:
    _vendor(data, "tawk")["script_urls"].append("embed\\.tawk\\.to/(")


def _global_flag(data: dict[str, Any]) -> None:
    _vendor(data, "tawk")["cookies"].append("(?i)tawk")


def _bad_selector(data: dict[str, Any]) -> None:
    _vendor(data, "tidio")["dom"].append("#tidio-chat[")


def _send_call(data: dict[str, Any]) -> None:
    _vendor(data, "tidio")["api"]["open"].append("window.tidioChatApi.messageFromVisitor('hi')")


def _no_identifier(data: dict[str, Any]) -> None:
    entry = _vendor(data, "daktela")
    entry["script_urls"] = []
    entry["cookies"] = ["^daktela$"]
    entry["examples"] = {"global": "nothing", "cookie": "daktela"}


def _schema_break(data: dict[str, Any]) -> None:
    del _vendor(data, "tawk")["name"]


def _global_conflict(data: dict[str, Any]) -> None:
    _vendor(data, "tidio")["globals"].append({"name": "Tawk_API", "loaded": "true"})


def _family(data: dict[str, Any]) -> None:
    _vendor(data, "zendesk_messaging")["family_default"] = True


def _example(data: dict[str, Any]) -> None:
    _vendor(data, "tawk")["examples"]["request"] = "https://example.com/nothing.js"


def _negative_example(data: dict[str, Any]) -> None:
    _vendor(data, "hubspot")["examples"]["not"]["requests"].append(
        "https://js.usemessages.com/conversations-embed.js"
    )


def _bot_flag(data: dict[str, Any]) -> None:
    _vendor(data, "tawk")["flags"] = {"bot": True}


@pytest.mark.parametrize(
    ("mutate", "error"),
    [
        (_duplicate, DuplicateVendorError),
        (_unsort, UnsortedVendorsError),
        (_bad_regex, BadPatternError),
        (_global_flag, BadPatternError),
        (_bad_selector, BadSelectorError),
        (_send_call, UnsafeApiCallError),
        (_no_identifier, MissingIdentifierError),
        (_schema_break, CatalogueSchemaError),
        (_global_conflict, GlobalConflictError),
        (_family, FamilyError),
        (_example, ExampleMismatchError),
        (_negative_example, ExampleMismatchError),
        (_bot_flag, FlagConsistencyError),
    ],
    ids=lambda value: getattr(value, "__name__", str(value)).strip("_"),
)
def test_each_failure_has_its_own_error(mutate: Mutation, error: type[CatalogueError]) -> None:
    data = copy.deepcopy(RAW)
    mutate(data)
    problems = check_catalogue(data)
    assert any(isinstance(problem, error) for problem in problems), problems
    with pytest.raises(CatalogueError):
        build_catalogue(data)


# --- what the crawler reads -----------------------------------------------------------------


def test_catalogue_is_compiled_once() -> None:
    assert catalogue() is catalogue()
    assert len(catalogue()) == len(VENDOR_IDS)


def test_all_globals_lists_loaded_markers() -> None:
    rows = all_globals()
    assert (
        "tawk",
        "Tawk_API",
        "typeof window.Tawk_API === 'object' && typeof window.Tawk_API.getStatus === 'function'",
    ) in rows
    assert ("intercom", "Intercom", "window.Intercom.booted === true") in rows
    assert all(loaded is None or isinstance(loaded, str) for _, _, loaded in rows)


def test_all_selectors_lists_dom_markers() -> None:
    rows = all_selectors()
    assert ("hubspot", "#hubspot-messages-iframe-container") in rows
    assert ("tidio", "#tidio-chat") in rows


def test_open_and_status_calls() -> None:
    assert open_calls("tawk") == ["window.Tawk_API.maximize()"]
    assert open_calls("daktela") == []
    tawk = status_call("tawk")
    assert tawk is not None and tawk.measures == "agents"
    assert [tawk.interpret(v) for v in ("online", "away", "offline", "busy")] == [
        "online",
        "away",
        "offline",
        "unknown",
    ]
    gorgias = status_call("gorgias")
    assert gorgias is not None and gorgias.interpret(True) == "online"
    assert gorgias.interpret(False) == "offline"
    kustomer = status_call("kustomer")
    assert kustomer is not None and kustomer.interpret("hidden") == "offline"
    assert status_call("intercom") is None  # Intercom has no client availability API
    assert status_call("hubspot") is None  # widget.status() is load state, not presence


def test_unknown_vendor_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        open_calls("no_such_vendor")
