"""Cookie-consent banners: accept, reject or leave them, with DuckDuckGo's autoconsent.

Many shops load their chat only after the visitor accepts cookies, so a visit
answers the banner the way a campaign asks (``--consent accept|reject|none``)
and records what it saw. The rules are the field's shared rule set,
``@duckduckgo/autoconsent`` (npm, installed into ``node_modules/`` by
``scripts/setup``); nothing here knows a consent platform by itself.

How the messages flow (the same protocol as autoconsent's own Playwright tests):

1. Python exposes the binding ``autoconsentSendMessage`` on the page and evaluates
   ``dist/autoconsent.playwright.js`` in every http(s) frame. Each copy sends
   ``init``.
2. Python answers ``initResp`` with the config and the JSON rules that can apply
   to that frame (site-specific rules are matched here by URL, like autoconsent's
   own ``filterCompactRules``, so a frame does not receive 700 KB of rules).
3. The frame reports ``cmpDetected`` and, once the banner is visible,
   ``popupFound``. ``autoAction`` is always ``null``: Python decides, then sends
   ``optIn`` or ``optOut`` to the frame that found the banner (or nothing, for
   ``none``). So nothing is ever clicked after this function has returned.
4. The frame answers ``optInResult``/``optOutResult`` and ``autoconsentDone``.
   ``eval`` requests are answered too, although ``isMainWorld`` makes them rare:
   the bundle runs in the page's main world anyway, as in autoconsent's tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import re
import time
from collections.abc import Coroutine
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal
from weakref import WeakKeyDictionary

from playwright.async_api import Frame, Page

from probes.artifacts import ConsentRecord

ConsentMode = Literal["accept", "reject", "none"]
CONSENT_MODES: tuple[str, ...] = ("accept", "reject", "none")

ENV_DIR = "CHATSHOPPER_AUTOCONSENT_DIR"
PACKAGE = "@duckduckgo/autoconsent"
BUNDLE = "dist/autoconsent.playwright.js"  # the build that talks through the binding below
RULES = "rules/rules.json"  # full rules: the compact bundle has no opt-in steps
BINDING = "autoconsentSendMessage"  # fixed by the bundle
REPO_ROOT = Path(__file__).resolve().parents[2]  # the package is installed editable

DETECT_TIMEOUT = 6.0  # no consent platform seen this long: none (4 s missed busy machines)
# The whole step's limit: the detection window counts from the bundle's start, which a
# busy machine delays by seconds, so the limit leaves room above it.
CONSENT_TIMEOUT = DETECT_TIMEOUT + 4.0
POPUP_WAIT = 5.5  # autoconsent checks a found platform's banner 11 times, 500 ms apart
DONE_GRACE = 1.0  # after a good opt-in/out result, how long to wait for autoconsentDone
SEND_TIMEOUT = 5.0  # one evaluate into a frame; a frame blocked by alert() must not hold us


class AutoconsentMissing(RuntimeError):
    """The autoconsent package is not installed where chatshopper looks for it."""


def autoconsent_dir() -> Path:
    """The installed autoconsent package: $CHATSHOPPER_AUTOCONSENT_DIR, else the repo's."""
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override).expanduser()
    return REPO_ROOT / "node_modules" / PACKAGE


def autoconsent_available() -> bool:
    """Whether the bundle and the rules are there to be used."""
    folder = autoconsent_dir()
    return (folder / BUNDLE).is_file() and (folder / RULES).is_file()


def _missing_message(folder: Path) -> str:
    where = f"${ENV_DIR} points at {folder}" if os.environ.get(ENV_DIR) else f"looked in {folder}"
    return (
        f"{PACKAGE} is not installed ({where}; need {BUNDLE} and {RULES}). "
        "Run scripts/setup (it runs `npm ci` from package-lock.json), "
        f"or set {ENV_DIR} to an installed copy of the package."
    )


@dataclass(frozen=True)
class _Rule:
    """One JSON rule and where it may run, as autoconsent's ``runContext`` says."""

    rule: dict[str, Any]
    main: bool
    frame: bool
    pattern: re.Pattern[str] | None
    raw_pattern: str


@dataclass(frozen=True)
class _Assets:
    folder: Path
    version: str
    bundle: str
    rules: tuple[_Rule, ...]


@lru_cache(maxsize=4)
def _load(folder: Path) -> _Assets:
    if not ((folder / BUNDLE).is_file() and (folder / RULES).is_file()):
        raise AutoconsentMissing(_missing_message(folder))
    try:
        version = json.loads((folder / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        version = "unknown"
    rules: list[_Rule] = []
    for rule in json.loads((folder / RULES).read_text(encoding="utf-8"))["autoconsent"]:
        context = rule.get("runContext") or {}
        raw = context.get("urlPattern") or ""
        pattern: re.Pattern[str] | None = None
        if raw:
            # JavaScript and Python agree on these simple patterns; one Python cannot read
            # goes to the page, where autoconsent tests it itself.
            with contextlib.suppress(re.error):
                pattern = re.compile(raw)
        main = context.get("main", True) is not False
        frame = context.get("frame", False) is True
        rules.append(_Rule(rule, main, frame, pattern, raw))
    bundle = _guarded((folder / BUNDLE).read_text(encoding="utf-8"))
    return _Assets(folder, str(version), bundle, tuple(rules))


def _guarded(bundle: str) -> str:
    """The bundle, made a no-op in a document that already runs it.

    A frame can be injected twice (its first navigation races the initial sweep); the
    bundle would then only warn, but quietly is better for a page whose console is
    evidence. The check sits after the bundle's own "use strict" so that stays in force.
    """
    body = bundle.lstrip()
    strict = '"use strict";'
    if body.startswith(strict):
        body = body[len(strict) :]
    return f"(() => {{\n{strict}\nif (window.autoconsentReceiveMessage) return;\n{body}\n}})();"


def _assets() -> _Assets:
    return _load(autoconsent_dir().resolve())


def rules_for(url: str, main_frame: bool, assets: _Assets | None = None) -> list[dict[str, Any]]:
    """The JSON rules that may run in a frame at ``url``: generic ones and URL matches."""
    assets = assets or _assets()
    chosen = []
    for item in assets.rules:
        if main_frame and not item.main or not main_frame and not item.frame:
            continue
        if item.raw_pattern and item.pattern is not None and not item.pattern.search(url):
            continue
        chosen.append(item.rule)
    return chosen


def _config(detect_timeout: float) -> dict[str, Any]:
    return {
        "enabled": True,
        # Python decides once a banner is found, so a banner found after we gave up is
        # never clicked behind the journey's back.
        "autoAction": None,
        "disabledCmps": [],
        # Prehiding would hide the banner from screenshots, and "none" must leave the
        # page as a visitor sees it.
        "enablePrehide": False,
        # Hiding a banner with CSS is not a visitor's answer; only clicks count here.
        "enableCosmeticRules": False,
        "enableGeneratedRules": True,
        # Detection retries every 500 ms; more than our window would only burn CPU.
        "detectRetries": max(2, math.ceil(detect_timeout / 0.5)),
        # The bundle runs in the main world (page.evaluate), so rule snippets can run inline.
        "isMainWorld": True,
        # Banners no rule knows: found by their text; autoconsent can only click "reject" there.
        "enableHeuristicDetection": True,
        "heuristicMode": "reject",
        "visualTest": False,
        "logs": {  # the page's console is evidence; keep autoconsent out of it
            "lifecycle": False,
            "rulesteps": False,
            "detectionsteps": False,
            "evals": False,
            "errors": False,
            "messages": False,
            "waits": False,
        },
    }


@dataclass
class _Session:
    """One handle_consent call: the messages it receives and what it concluded."""

    mode: str
    queue: asyncio.Queue[tuple[Frame | None, dict[str, Any]]] = field(default_factory=asyncio.Queue)


class _Bridge:
    """The page's binding; exposed once per page, so the function may be called again."""

    def __init__(self) -> None:
        self.session: _Session | None = None

    def on_message(self, source: Any, message: Any) -> None:
        session = self.session
        if session is None or not isinstance(message, dict):
            return  # an instance left over from an earlier call, or junk from the page
        frame = source.get("frame") if isinstance(source, dict) else None
        session.queue.put_nowait((frame, message))


_BRIDGES: WeakKeyDictionary[Page, _Bridge] = WeakKeyDictionary()


async def _bridge(page: Page) -> _Bridge:
    bridge = _BRIDGES.get(page)
    if bridge is None:
        bridge = _Bridge()
        await page.expose_binding(BINDING, bridge.on_message)
        _BRIDGES[page] = bridge
    return bridge


def _web_url(url: str) -> bool:
    return url.startswith(("http://", "https://"))


def _short(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__


# Fire and forget: an opt-in takes seconds and reports back through the binding. A rule
# that throws would report nothing, so its error comes back as a failed result instead
# of an unhandled rejection in the page's console (which is evidence).
_SEND_JS = """(m) => {
  if (!window.autoconsentReceiveMessage) return false;
  Promise.resolve(window.autoconsentReceiveMessage(m)).catch((e) => {
    if (m.type === 'optIn' || m.type === 'optOut') {
      window.autoconsentSendMessage({
        type: m.type + 'Result', result: false, _reason: String((e && e.message) || e),
      });
    }
  });
  return true;
}"""


async def _send(frame: Frame, message: dict[str, Any]) -> bool:
    """Deliver a message without waiting for what it starts (an opt-in takes seconds)."""
    return bool(await asyncio.wait_for(frame.evaluate(_SEND_JS, message), SEND_TIMEOUT))


async def handle_consent(
    page: Page,
    mode: ConsentMode,
    *,
    timeout: float = CONSENT_TIMEOUT,
    detect_timeout: float = DETECT_TIMEOUT,
) -> ConsentRecord:
    """Find the cookie banner on a loaded page and accept, reject or leave it.

    Call it after ``goto`` has loaded the page. It returns within ``timeout``
    seconds and never raises (except for cancellation): a failure is a record with
    ``error``. ``action`` is ``accepted``/``rejected`` when autoconsent clicked its
    way through, ``left`` for ``mode="none"``, ``failed`` when a banner was found
    but not answered, and ``none_found`` when no banner showed (``cmp`` may still
    name a platform that showed none, e.g. because consent was already stored).
    Answer a banner once per document: a second call on the same document finds
    autoconsent already done there and reports ``none_found``.
    """
    started = time.monotonic()
    record = ConsentRecord(mode=mode if mode in CONSENT_MODES else "none")
    state = _Run(page, mode, record, started, timeout, min(detect_timeout, timeout))
    try:
        async with asyncio.timeout(timeout):
            await state.run()
    except TimeoutError:
        if record.popup_found and record.action == "none_found":
            record.action = "failed"
        record.error = record.error or f"gave up after {timeout:g} s" + (
            f" while autoconsent answered the {record.cmp} banner" if record.popup_found else ""
        )
    except AutoconsentMissing as exc:
        record.error = str(exc)
    except Exception as exc:  # a closed page, a crashed renderer: the visit goes on
        record.error = f"consent handling failed: {_short(exc)}"
        if record.popup_found and record.action == "none_found":
            record.action = "failed"
    finally:
        await state.close()
        record.elapsed_ms = round((time.monotonic() - started) * 1000, 1)
    return record


class _Run:
    """The state of one call; ``run`` returns once the record says what happened."""

    def __init__(
        self,
        page: Page,
        mode: str,
        record: ConsentRecord,
        started: float,
        timeout: float,
        detect_timeout: float,
    ) -> None:
        self.page = page
        self.mode = mode
        self.record = record
        self.started = started
        self.timeout = timeout
        self.detect_timeout = detect_timeout
        self.session = _Session(mode)
        self.bridge: _Bridge | None = None
        self.assets: _Assets | None = None
        self.tasks: set[asyncio.Task[Any]] = set()
        self.acting: Frame | None = None  # the frame whose banner autoconsent is answering
        self.detected_at: float | None = None
        # The detection window opens when the page's autoconsent asks for its rules, not
        # when we were called: on a loaded machine the injection alone can take a second.
        self.looking_since = started
        self.result_at: float | None = None
        self.listening = False

    # -- set-up and tear-down ------------------------------------------------------------

    async def run(self) -> None:
        if self.mode not in CONSENT_MODES:
            self.record.error = f"unknown consent mode {self.mode!r}; use one of {CONSENT_MODES}"
            return
        url = self.page.url
        if not _web_url(url):
            self.record.error = f"not a web page ({url[:100]}); nothing to look for"
            return
        self.assets = _assets()
        self.record.autoconsent_version = self.assets.version
        self.bridge = await _bridge(self.page)
        self.bridge.session = self.session
        self.page.on("framenavigated", self._on_navigated)
        self.page.on("close", self._on_gone)
        self.page.on("crash", self._on_gone)
        self.listening = True
        # The main frame first and awaited: if the bundle cannot run there, say so at once.
        try:
            await self._inject(self.page.main_frame)
        except Exception as exc:
            self.record.error = f"could not run autoconsent in the page: {_short(exc)}"
            return
        for frame in self.page.frames:
            if frame is not self.page.main_frame:
                self._spawn(self._inject_quietly(frame))
        await self._receive()

    async def close(self) -> None:
        if self.bridge is not None and self.bridge.session is self.session:
            self.bridge.session = None
        if self.listening:
            for event, handler in (
                ("framenavigated", self._on_navigated),
                ("close", self._on_gone),
                ("crash", self._on_gone),
            ):
                with contextlib.suppress(Exception):
                    self.page.remove_listener(event, handler)
        for task in self.tasks:
            task.cancel()
        if self.tasks:
            await asyncio.wait(self.tasks, timeout=1.0)

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.ensure_future(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    def _on_navigated(self, frame: Frame) -> None:
        # A new document (a reload after consent, an iframe that just loaded a CMP)
        # needs its own copy of the bundle.
        self._spawn(self._inject_quietly(frame))

    def _on_gone(self, *_: Any) -> None:
        self.session.queue.put_nowait((None, {"type": "_gone"}))

    async def _inject(self, frame: Frame) -> None:
        if self.assets is None or not _web_url(frame.url):
            return  # about:blank, srcdoc and error pages have no banner of their own
        await asyncio.wait_for(frame.evaluate(self.assets.bundle), SEND_TIMEOUT)

    async def _inject_quietly(self, frame: Frame) -> None:
        with contextlib.suppress(Exception):  # detached or busy frames are common and harmless
            await self._inject(frame)

    async def _reply(self, frame: Frame, message: dict[str, Any]) -> None:
        with contextlib.suppress(Exception):
            await _send(frame, message)

    # -- the conversation ----------------------------------------------------------------

    def _deadline(self) -> float:
        """When to stop waiting, given what has been seen so far."""
        hard = self.started + self.timeout
        if self.result_at is not None:
            return min(hard, self.result_at + DONE_GRACE)
        if self.acting is not None:
            return hard
        if self.detected_at is not None:
            return min(hard, self.detected_at + POPUP_WAIT)
        return min(hard, self.looking_since + self.detect_timeout)

    async def _receive(self) -> None:
        while True:
            remaining = self._deadline() - time.monotonic()
            if remaining <= 0:
                self._expired()
                return
            try:
                frame, message = await asyncio.wait_for(self.session.queue.get(), remaining)
            except TimeoutError:
                self._expired()
                return
            if await self._handle(frame, message):
                return

    def _expired(self) -> None:
        """The current wait ran out: turn where we were into a conclusion."""
        record = self.record
        if self.result_at is not None:  # good result, no autoconsentDone: intermediate rule
            record.action = "accepted" if self.mode == "accept" else "rejected"
        elif self.acting is not None:
            record.action = "failed"
            record.error = f"autoconsent did not finish answering the {record.cmp} banner in time"
        # else: nothing detected, or a platform without a visible banner: none_found

    async def _handle(self, frame: Frame | None, message: dict[str, Any]) -> bool:
        """Act on one message; True when the record is complete."""
        record = self.record
        kind = message.get("type")
        if kind == "_gone":
            record.error = "the page closed or crashed during consent handling"
            if record.popup_found and record.action == "none_found":
                record.action = "failed"
            return True
        if frame is None:
            return False
        if kind == "init":
            main = frame == self.page.main_frame
            if main:
                self.looking_since = time.monotonic()
            rules = rules_for(frame.url, main, self.assets)
            reply = {
                "type": "initResp",
                "config": _config(self.detect_timeout),
                "rules": {"autoconsent": rules},
            }
            self._spawn(self._reply(frame, reply))
        elif kind == "eval":
            self._spawn(self._answer_eval(frame, message))
        elif kind == "cmpDetected":
            if not record.detected:
                record.detected = True
                record.cmp = str(message.get("cmp") or "") or None
                self.detected_at = time.monotonic()
        elif kind == "popupFound":
            if record.popup_found:
                return False  # a second banner (another frame): the first one is answered
            return self._popup(frame, message)
        elif kind in ("optInResult", "optOutResult") and frame == self.acting:
            if message.get("result"):
                self.result_at = time.monotonic()
            else:
                record.action = "failed"
                why = message.get("_reason") or "did not succeed"
                record.error = f"autoconsent's {kind[:-6]} steps for {record.cmp}: {why}"
                return True
        elif kind == "autoconsentDone" and frame == self.acting:
            record.action = "accepted" if self.mode == "accept" else "rejected"
            return True
        elif kind == "report" and frame == self.page.main_frame:
            state = message.get("state") or {}
            if state.get("lifecycle") == "nothingDetected" and not record.detected:
                return True  # autoconsent itself gave up on the page: none_found
        return False

    def _popup(self, frame: Frame, message: dict[str, Any]) -> bool:
        record = self.record
        record.popup_found = True
        record.detected = True
        record.cmp = str(message.get("cmp") or record.cmp or "") or None
        if frame != self.page.main_frame:
            record.frame_url = frame.url
        if self.mode == "none":
            record.action = "left"
            return True
        if self.mode == "accept" and (record.cmp or "").startswith("HEURISTIC"):
            record.action = "failed"
            record.error = (
                "autoconsent found this banner by its text only and has no accept step for it"
            )
            return True
        self.acting = frame
        self._spawn(self._act(frame, "optIn" if self.mode == "accept" else "optOut"))
        return False

    async def _act(self, frame: Frame, kind: str) -> None:
        try:
            delivered = await _send(frame, {"type": kind})
        except Exception as exc:
            delivered, reason = False, _short(exc)
        else:
            reason = "autoconsent was gone from the frame"
        if not delivered:
            self.session.queue.put_nowait(
                (frame, {"type": f"{kind}Result", "result": False, "_reason": reason})
            )

    async def _answer_eval(self, frame: Frame, message: dict[str, Any]) -> None:
        try:
            result = await asyncio.wait_for(frame.evaluate(str(message.get("code"))), SEND_TIMEOUT)
        except Exception:
            result = False
        await self._reply(frame, {"type": "evalResp", "id": message.get("id"), "result": result})
