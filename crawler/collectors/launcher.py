# ruff: noqa: E501  (JavaScript sources kept readable as written, as in dom.py)
"""Chat launchers as a customer sees them: visible, in the first viewport, on top.

Two scripts share one measuring library:

- the *observer*, installed with ``context.add_init_script`` so it runs before
  any page script, watches the top document from navigation start (a
  MutationObserver plus a poll of about 200 ms) and notes, per candidate
  element, ``performance.now()`` when it was first visible in the first
  viewport and the largest box it was seen at (a panel that opened itself, a
  greeting bubble). It is cheap on purpose: one combined ``querySelectorAll``
  per check, a capped number of candidates, a back-off when a check is slow,
  and it stops after a few minutes;
- the *scan*, run once when the page is captured (before the chat is clicked),
  measures every candidate now: display/visibility, opacity on it or an
  ancestor, size, whether its centre is inside the first viewport, and what
  ``elementFromPoint`` finds at that centre. Elements of the widget itself do
  not cover it; an element that looks like a cookie banner is marked as such.

Candidates are the catalogue's DOM selectors (in the document and in open
shadow roots), iframes (matched to a vendor here, from their ``src`` and
``title``), and floating links to WhatsApp, Messenger, Telegram or Viber.
"""

from __future__ import annotations

import json
from typing import Any

from probes.artifacts import Box, LauncherObservation, LauncherScan, OpenStateCheck
from probes.catalogue import catalogue
from probes.findability import NOT_LAUNCHER_TAGS, is_launcher, launcher_selectors

LINK_SELECTORS = (
    'a[href*="wa.me/"]',
    'a[href*="api.whatsapp.com/send"]',
    'a[href^="whatsapp:"]',
    'a[href*="m.me/"]',
    'a[href*="messenger.com/t/"]',
    'a[href*="t.me/"]',
    'a[href^="viber:"]',
)
OBSERVE_MS = 180_000  # the observer stops after this long
POLL_MS = 200
MAX_CANDIDATES = 40
MAX_FRAMES = 30
STATE_KEY = "__chatshopperLaunchers"

_LIB_JS = r"""
(CFG) => {
  const gcs = window.getComputedStyle.bind(window);
  const rectOf = (el) => { const r = el.getBoundingClientRect();
    return {x: r.x, y: r.y, width: r.width, height: r.height}; };
  const describe = (el) => {
    if (!el || !el.tagName) return '';
    let d = el.tagName.toLowerCase();
    if (el.id) d += '#' + String(el.id).slice(0, 60);
    const c = typeof el.className === 'string' ? el.className.trim() : '';
    if (c) d += '.' + c.split(/\s+/).slice(0, 3).join('.');
    return d.slice(0, 200);
  };
  const up = (e) => e.parentElement || (e.parentNode && e.parentNode.host) || null;
  const within = (inner, outer) => {  // composed containment, across shadow roots
    for (let e = inner, i = 0; e && i < 200; e = up(e), i++) if (e === outer) return true;
    return false;
  };
  const valid = CFG.selectors.filter((s) => { try { document.createDocumentFragment().querySelector(s); return true; } catch (e) { return false; } });
  const combined = valid.join(',');
  const links = CFG.links.join(',');
  const matches = (el, sel) => { try { return !!sel && el.matches(sel); } catch (e) { return false; } };
  const roots = () => (window[CFG.key] && window[CFG.key].roots) || [];
  const candidates = () => {
    const out = [];
    const seen = new Set();
    const add = (el, source, inShadow) => {
      if (seen.has(el) || out.length >= CFG.max) return;
      if (CFG.skipTags.includes(el.tagName.toLowerCase())) return;
      seen.add(el);
      let selector = source === 'link' ? 'a[href]' : source === 'frame' ? 'iframe' : '';
      if (source === 'selector') selector = valid.find((s) => matches(el, s)) || '';
      out.push({el, source, selector, inShadow});
    };
    const scopes = [[document, false]];
    for (const r of roots()) scopes.push([r, true]);
    for (const [scope, inShadow] of scopes) {
      try { if (combined) for (const el of scope.querySelectorAll(combined)) add(el, 'selector', inShadow); } catch (e) {}
      try { if (links) for (const el of scope.querySelectorAll(links)) add(el, 'link', inShadow); } catch (e) {}
    }
    const frames = document.getElementsByTagName('iframe');
    for (let i = 0; i < frames.length && i < CFG.maxFrames; i++) add(frames[i], 'frame', false);
    return out;
  };
  const style = (el) => {  // hidden / transparent / floating, along the composed ancestor chain
    let hidden = null, transparent = null, floating = false;
    const own = gcs(el);
    if (own.visibility === 'hidden' || own.visibility === 'collapse')
      hidden = 'visibility:' + own.visibility + ' on ' + describe(el);
    for (let e = el, i = 0; e && e.nodeType === 1 && i < 80; e = up(e), i++) {
      const s = e === el ? own : gcs(e);
      if (!hidden && s.display === 'none') hidden = 'display:none on ' + describe(e);
      if (!transparent && parseFloat(s.opacity) === 0) transparent = 'opacity:0 on ' + describe(e);
      if (s.position === 'fixed' || s.position === 'sticky') floating = true;
    }
    return {hidden, transparent, floating};
  };
  const children = (el) => {  // light and open-shadow descendants, breadth first, capped
    const out = [];
    const queue = [el];
    while (queue.length && out.length < 300) {
      const node = queue.shift();
      const kids = [];
      if (node.shadowRoot) kids.push(...node.shadowRoot.children);
      if (node.children) kids.push(...node.children);
      for (const k of kids) { if (out.length >= 300) break; out.push(k); queue.push(k); }
    }
    return out;
  };
  const measured = (el) => {  // a zero-sized container stands for its largest visible child
    const b = rectOf(el);
    const contents = gcs(el).display === 'contents';
    if ((b.width >= 2 && b.height >= 2 && !contents) || el.tagName === 'IFRAME') return el;
    let best = null, area = 0;
    for (const k of children(el)) {
      if (!k.getBoundingClientRect) continue;
      const r = rectOf(k);
      const s = gcs(k);
      if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) continue;
      if (r.width * r.height > area) { area = r.width * r.height; best = k; }
    }
    return best || el;
  };
  const consentLike = (el) => {
    for (let e = el, i = 0; e && e.nodeType === 1 && i < 15; e = up(e), i++) {
      const text = [e.id, typeof e.className === 'string' ? e.className : '', e.getAttribute('aria-label') || '',
        e.tagName === 'IFRAME' ? (e.src || '') + ' ' + (e.title || '') : ''].join(' ');
      if (CFG.consent.test(text)) return true;
    }
    return false;
  };
  const widgetLike = (el) => {
    for (let e = el, i = 0; e && e.nodeType === 1 && i < 80; e = up(e), i++) if (matches(e, combined)) return true;
    return false;
  };
  const topAt = (x, y) => {
    let top = document.elementFromPoint(x, y);
    for (let i = 0; top && top.shadowRoot && i < 10; i++) {
      const deeper = top.shadowRoot.elementFromPoint(x, y);
      if (!deeper || deeper === top) break;
      top = deeper;
    }
    return top;
  };
  // cover: also test what lies on top (only meaningful at scroll 0, so the scan asks for it)
  const inspect = (c, cover) => {
    const el = measured(c.el);
    const st = style(el);
    const box = rectOf(el);
    const vw = window.innerWidth, vh = window.innerHeight;
    const r = {element: describe(el), box, floating: st.floating, reasons: [], covered_by: null,
      covered_by_consent: false, state: 'visible'};
    const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
    const fx = st.floating ? cx : cx + window.scrollX, fy = st.floating ? cy : cy + window.scrollY;
    if (st.hidden) { r.state = 'hidden'; r.reasons.push(st.hidden); }
    else if (st.transparent) { r.state = 'transparent'; r.reasons.push(st.transparent); }
    else if (box.width < 2 || box.height < 2) {
      r.state = 'zero_size'; r.reasons.push('box ' + Math.round(box.width) + 'x' + Math.round(box.height));
    } else if (fx < 0 || fy < 0 || fx >= vw || fy >= vh) {
      r.state = 'offscreen';
      r.reasons.push('centre at (' + Math.round(fx) + ',' + Math.round(fy) + ') outside the first viewport ' + vw + 'x' + vh);
    } else if (cover && cx >= 0 && cy >= 0 && cx < vw && cy < vh) {
      const top = topAt(cx, cy);
      if (top && top !== el && !within(top, el) && !within(el, top) && !within(top, c.el) && !widgetLike(top)) {
        r.state = 'covered';
        r.covered_by = describe(top);
        r.covered_by_consent = consentLike(top);
        r.reasons.push('covered at its centre by ' + r.covered_by + (r.covered_by_consent ? ' (cookie banner)' : ''));
      }
    }
    return r;
  };
  return {candidates, inspect, describe, within, rectOf};
}
"""

_OBSERVER_JS = r"""
(() => {
  if (window.top !== window || window[__KEY__]) return;
  const t0 = performance.now();
  const state = {roots: [], first: new WeakMap(), firstBySelector: {}, checks: 0, spent: 0, stopped: false};
  try { Object.defineProperty(window, __KEY__, {value: state, enumerable: false}); } catch (e) { return; }
  try {  // remember open shadow roots as they are made: the cheap way to look inside them
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
      const root = attach.call(this, init);
      try { if (init && init.mode === 'open' && state.roots.length < 100) state.roots.push(root); } catch (e) {}
      return root;
    };
  } catch (e) {}
  const lib = (__LIB__)(__CFG__);
  state.lib = lib;
  let timer = null, pending = false, interval = __POLL__, last = 0, slow = 0;
  const check = () => {
    pending = false;
    last = performance.now();
    if (state.stopped || !document.documentElement) return;
    const start = performance.now();
    try {
      for (const c of lib.candidates()) {
        const r = lib.inspect(c, false);
        if (r.state !== 'visible') continue;
        const now = performance.now();
        let rec = state.first.get(c.el);
        if (!rec) { rec = {first: now, firstBox: r.box, area: 0, box: null, at: null}; state.first.set(c.el, rec); }
        const area = r.box.width * r.box.height;
        if (area > rec.area) { rec.area = area; rec.box = r.box; rec.at = now; }
        const key = c.source + '|' + c.selector;
        if (!(key in state.firstBySelector)) state.firstBySelector[key] = now;
      }
    } catch (e) { state.error = String(e).slice(0, 200); }
    const took = performance.now() - start;
    state.checks++; state.spent += took;
    slow = took > 40 ? slow + 1 : 0;
    if (slow >= 2 && interval < 2000) { interval *= 2; slow = 0; restart(); }  // a huge page: look less often
    if (performance.now() - t0 > __STOP__) stop();
  };
  const restart = () => { clearInterval(timer); timer = setInterval(check, interval); };
  const stop = () => { state.stopped = true; clearInterval(timer); try { mo.disconnect(); } catch (e) {} };
  const mo = new MutationObserver(() => {
    if (pending || state.stopped) return;
    pending = true;  // soon, but never more often than about every 150 ms for mutations
    setTimeout(check, Math.max(50, Math.min(interval, 400) * 0.75 - (performance.now() - last)));
  });
  try { mo.observe(document, {childList: true, subtree: true, attributes: true,
    attributeFilter: ['style', 'class', 'hidden', 'open']}); } catch (e) {}
  restart();
})();
"""

_SCAN_JS = r"""
(async () => {
  const lib = (__LIB__)(__CFG__);
  const state = window[__KEY__];
  const out = [];
  const cands = lib.candidates();
  const hits = cands.filter((c) => c.source === 'selector').map((c) => c.el);
  for (const c of cands) {
    const r = lib.inspect(c, true);
    let rec;
    try { rec = state && state.first ? state.first.get(c.el) : undefined; } catch (e) { rec = undefined; }
    const key = c.source + '|' + c.selector;
    let bySelector = null;
    try { bySelector = state && state.firstBySelector ? state.firstBySelector[key] : null; } catch (e) {}
    // The selector's first time stands in for an element re-drawn since; never for frames (all 'iframe').
    r.first_visible_ms = rec ? rec.first : (c.source !== 'frame' && typeof bySelector === 'number' ? bySelector : null);
    r.first_box = rec ? rec.firstBox : null;
    r.largest_box = rec ? rec.box : null;
    r.largest_ms = rec ? rec.at : null;
    r.source = c.source; r.selector = c.selector; r.in_shadow = c.inShadow;
    r.nested = hits.some((h) => h !== c.el && lib.within(c.el, h));
    const ref = c.el.getAttribute('href') || c.el.getAttribute('src') || '';
    try { r.url = ref ? new URL(ref, document.baseURI).href.slice(0, 500) : ''; } catch (e) { r.url = ref.slice(0, 500); }
    r.title = String(c.el.getAttribute('title') || c.el.getAttribute('aria-label') || '').slice(0, 200);
    r.tag = c.el.tagName.toLowerCase();
    out.push(r);
  }
  const open = [];
  for (const [vendor, call, fn] of __OPEN__) {
    const rec = {vendor, call, value: null, error: null};
    try {
      const v = await Promise.race([Promise.resolve().then(fn),
        new Promise((_, no) => setTimeout(() => no(new Error('timeout')), 500))]);
      rec.value = v === null || ['boolean', 'number', 'string'].includes(typeof v) ? v : String(v).slice(0, 100);
    } catch (e) { rec.error = String(e).slice(0, 200); }
    if (rec.error && /is not defined|undefined|null|not a function/i.test(rec.error)) continue;
    open.push(rec);
  }
  let checks = 0, spent = 0;
  try { checks = Number(state.checks) || 0; spent = Number(state.spent) || 0; } catch (e) {}
  return {observer: !!(state && state.lib), at_ms: performance.now(), launchers: out, open_state: open,
    observer_checks: checks, observer_ms: spent,
    viewport: {x: 0, y: 0, width: window.innerWidth, height: window.innerHeight},
    scroll_y: window.scrollY || 0};
})()
"""

CONSENT_PATTERN = (
    r"cookie|consent|gdpr|\bcmp\b|cmpbox|onetrust|cookiebot|cybot|usercentrics|didomi|truste|"
    r"osano|iubenda|klaro|cookieyes|\bcky-|tarteaucitron|cookiefirst|termly|privacy-banner|"
    r"ev[aä]ste|k[uü]psis|kakor|s[iī]kdatn|slapuk|куки"
)


def _config() -> str:
    selectors = sorted({selector for _vendor, selector in launcher_selectors()})
    cfg = (
        "{"
        f"selectors: {json.dumps(selectors)}, links: {json.dumps(list(LINK_SELECTORS))}, "
        f"skipTags: {json.dumps(list(NOT_LAUNCHER_TAGS))}, max: {MAX_CANDIDATES}, "
        f"maxFrames: {MAX_FRAMES}, key: {json.dumps(STATE_KEY)}, "
        f"consent: new RegExp({json.dumps(CONSENT_PATTERN)}, 'i')"
        "}"
    )
    return cfg


def observer_script() -> str:
    """The init script: install with ``context.add_init_script`` before any page loads."""
    return (
        _OBSERVER_JS.replace("__LIB__", _LIB_JS.strip())
        .replace("__CFG__", _config())
        .replace("__KEY__", json.dumps(STATE_KEY))
        .replace("__POLL__", str(POLL_MS))
        .replace("__STOP__", str(OBSERVE_MS))
    )


def _open_calls() -> str:
    """The vendors' documented "is open" calls, inlined as code (CSP forbids eval on some shops)."""
    items = []
    for vendor in catalogue():
        call = vendor.api.get("is_open")
        if call:
            items.append(f"[{json.dumps(vendor.id)}, {json.dumps(call)}, () => ({call})]")
    return "[" + ", ".join(items) + "]"


def scan_script() -> str:
    """The scan run at capture time; reads the observer's times when it ran."""
    return (
        _SCAN_JS.replace("__LIB__", _LIB_JS.strip())
        .replace("__CFG__", _config())
        .replace("__KEY__", json.dumps(STATE_KEY))
        .replace("__OPEN__", _open_calls())
    )


# Has the observer seen one of these launchers (``source|selector`` keys) visible yet?
_SEEN_JS = r"""
(keys) => {
  let seen = false;
  try { const s = window[__KEY__]; seen = keys.some((k) => typeof s.firstBySelector[k] === 'number'); } catch (e) {}
  return {now: performance.now(), seen};
}
"""


def seen_script() -> str:
    return _SEEN_JS.replace("__KEY__", json.dumps(STATE_KEY))


def home_launcher(scan: LauncherScan | None) -> tuple[float, list[str]] | None:
    """When the home page's launcher showed (ms) and the keys that found it, if one showed."""
    if scan is None:
        return None
    shown = [obs for obs in scan.launchers if obs.visible and is_launcher(obs)]
    times = [obs.first_visible_ms for obs in shown if obs.first_visible_ms is not None]
    if not times:
        return None
    return min(times), sorted({f"{obs.source}|{obs.selector}" for obs in shown})


def _vendor_of(raw: dict[str, Any], by_selector: dict[str, str]) -> str | None:
    cat = catalogue()
    source = raw.get("source")
    url = str(raw.get("url") or "")
    if source == "selector":
        return by_selector.get(str(raw.get("selector")))
    if source == "frame":
        hits = [*cat.match_frame(url, str(raw.get("title") or "")), *cat.match_request(url)]
        for rule, _ in hits:
            if not rule.flags & {"not_chat_alone", "dead_plugin"}:
                return rule.vendor_id
        return None
    from probes.access import classify_link

    found = classify_link(url, cat)
    return found[0] if found else None


def _box(raw: Any) -> Box | None:
    if not isinstance(raw, dict):
        return None
    try:
        return Box(**{k: float(raw[k]) for k in ("x", "y", "width", "height")})
    except (KeyError, TypeError, ValueError):
        return None


def _ms(value: Any) -> float | None:
    return round(float(value), 1) if isinstance(value, (int, float)) else None


def parse_scan(raw: dict[str, Any]) -> LauncherScan:
    """The scan's answer as evidence; frames that belong to no chat vendor are left out."""
    raw = json.loads(json.dumps(raw, default=str))  # hostile pages: keep it JSON
    by_selector: dict[str, str] = {}
    for vendor_id, selector in launcher_selectors():
        by_selector.setdefault(selector, vendor_id)
    launchers: list[LauncherObservation] = []
    for item in raw.get("launchers", []):
        vendor = _vendor_of(item, by_selector)
        if item.get("source") in ("frame", "link") and vendor is None:
            continue  # an ad, a video or a social link: not a chat
        launchers.append(
            LauncherObservation(
                source=item.get("source", "selector"),
                selector=str(item.get("selector", ""))[:300],
                vendor=vendor,
                tag=str(item.get("tag", ""))[:40],
                element=str(item.get("element", ""))[:200],
                url=str(item.get("url", ""))[:500],
                title=str(item.get("title", ""))[:200],
                in_shadow=bool(item.get("in_shadow")),
                nested=bool(item.get("nested")),
                floating=bool(item.get("floating")),
                box=_box(item.get("box")),
                state=item.get("state", "hidden"),
                visible=item.get("state") == "visible",
                reasons=[str(r)[:300] for r in item.get("reasons", [])][:5],
                covered_by=item.get("covered_by"),
                covered_by_consent=bool(item.get("covered_by_consent")),
                first_visible_ms=_ms(item.get("first_visible_ms")),
                first_box=_box(item.get("first_box")),
                largest_box=_box(item.get("largest_box")),
                largest_ms=_ms(item.get("largest_ms")),
            )
        )
    return LauncherScan(
        observer=bool(raw.get("observer")),
        observer_checks=int(raw.get("observer_checks") or 0),
        observer_ms=round(float(raw.get("observer_ms") or 0.0), 1),
        at_ms=_ms(raw.get("at_ms")),
        viewport=_box(raw.get("viewport")),
        scroll_y=float(raw.get("scroll_y") or 0.0),
        launchers=launchers,
        open_state=[OpenStateCheck(**o) for o in raw.get("open_state", [])],
    )
