"""One pass over the rendered page: title, links, marker elements and chat globals.

Everything is read in a single ``evaluate`` so that a slow page costs one round
trip. The catalogue's "loaded" expressions are inlined as code rather than
``eval``-ed at run time, so a page whose Content-Security-Policy forbids eval
is read like any other.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

MAX_LINKS = 3000
MAX_MARKER_HITS = 5


@dataclass(frozen=True)
class GlobalSpec:
    """A window global to read, and the JS expression that says its bundle loaded."""

    name: str
    loaded: str | None = None


_SNAPSHOT_JS = r"""
(() => {
  const SELECTORS = __SELECTORS__;
  const GLOBALS = __GLOBALS__;
  const MAX_LINKS = __MAX_LINKS__;
  const MAX_HITS = __MAX_HITS__;
  const vw = window.innerWidth, vh = window.innerHeight;
  const txt = (s, n) => (s || '').replace(/\s+/g, ' ').trim().slice(0, n);
  const boxOf = (el) => { const r = el.getBoundingClientRect();
    return {x: r.x, y: r.y, width: r.width, height: r.height}; };
  const inView = (b) => b.width > 0 && b.height > 0 && b.x < vw && b.y < vh &&
    b.x + b.width > 0 && b.y + b.height > 0;
  const describe = (el) => {
    let d = el.tagName.toLowerCase();
    if (el.id) d += '#' + el.id;
    if (typeof el.className === 'string' && el.className.trim())
      d += '.' + el.className.trim().split(/\s+/).slice(0, 3).join('.');
    return d;
  };
  const visible = (el) => {
    const b = el.getBoundingClientRect();
    if (b.width < 1 || b.height < 1) return false;
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || s.visibility === 'collapse') return false;
      if (parseFloat(s.opacity) === 0) return false;
    }
    return true;
  };
  const coveredBy = (el, b) => {
    if (!inView(b)) return null;
    const cx = Math.min(Math.max(b.x + b.width / 2, 0), vw - 1);
    const cy = Math.min(Math.max(b.y + b.height / 2, 0), vh - 1);
    const top = document.elementFromPoint(cx, cy);
    if (!top || top === el || el.contains(top) || top.contains(el)) return null;
    return describe(top);
  };
  const links = [];
  for (const a of document.querySelectorAll('a[href]')) {
    if (links.length >= MAX_LINKS) break;
    const b = boxOf(a);
    const vis = visible(a);
    links.push({href: a.href, text: txt(a.innerText || a.textContent, 200),
      rel: a.rel || '', aria_label: txt(a.getAttribute('aria-label') || a.title, 200),
      visible: vis, in_first_viewport: vis && inView(b)});
  }
  const markers = [];
  for (const sel of SELECTORS) {
    let hits = [];
    try { hits = Array.from(document.querySelectorAll(sel)).slice(0, MAX_HITS); } catch (e) { continue; }
    for (const el of hits) {
      const b = boxOf(el);
      const vis = visible(el);
      markers.push({selector: sel, tag: el.tagName.toLowerCase(), id: el.id || '',
        classes: typeof el.className === 'string' ? el.className.slice(0, 200) : '',
        text: txt(el.innerText || el.textContent, 300), box: b, visible: vis,
        in_first_viewport: vis && inView(b), z_index: getComputedStyle(el).zIndex,
        covered_by: vis ? coveredBy(el, b) : null});
    }
  }
  const safe = (v, depth) => {
    if (v === null || v === undefined) return null;
    const t = typeof v;
    if (t === 'string') return v.slice(0, 200);
    if (t === 'number' || t === 'boolean') return v;
    if (t === 'function') return '[function]';
    if (depth <= 0) return Array.isArray(v) ? '[array]' : '[object]';
    if (Array.isArray(v)) return v.slice(0, 5).map(x => safe(x, depth - 1));
    const out = {};
    let i = 0;
    for (const k of Object.keys(v)) { if (i++ >= 12) break;
      try { out[k] = safe(v[k], depth - 1); } catch (e) { out[k] = '[unreadable]'; } }
    return out;
  };
  const lookup = (name) => name.split('.').reduce((o, k) => (o == null ? undefined : o[k]), window);
  const globals = [];
  for (const g of GLOBALS) {
    const rec = {name: g.name, defined: false, type: 'undefined', loaded: null, value: null, error: null};
    try {
      const v = lookup(g.name);
      rec.type = typeof v;
      rec.defined = v !== undefined;
      if (rec.defined) rec.value = safe(v, 1);
      if (g.loaded) { try { rec.loaded = rec.defined ? Boolean(g.loaded()) : false; }
        catch (e) { rec.loaded = false; rec.error = String(e).slice(0, 200); } }
    } catch (e) { rec.error = String(e).slice(0, 200); }
    globals.push(rec);
  }
  return {title: document.title || '', links, markers, globals,
    viewport: {x: 0, y: 0, width: vw, height: vh}};
})()
"""


def snapshot_script(selectors: Sequence[str], globals_: Sequence[GlobalSpec]) -> str:
    """The JS source that reads the page; catalogue expressions become inline functions."""
    parts = []
    for spec in globals_:
        loaded = f"() => ({spec.loaded})" if spec.loaded else "null"
        parts.append(f"{{name: {json.dumps(spec.name)}, loaded: {loaded}}}")
    return (
        _SNAPSHOT_JS.replace("__SELECTORS__", json.dumps(list(selectors)))
        .replace("__GLOBALS__", "[" + ",\n".join(parts) + "]")
        .replace("__MAX_LINKS__", str(MAX_LINKS))
        .replace("__MAX_HITS__", str(MAX_MARKER_HITS))
    )


STORAGE_JS = r"""
(() => {
  const out = [];
  const read = (area, store) => {
    try {
      for (let i = 0; i < store.length && i < 200; i++) {
        const k = store.key(i);
        out.push({origin: location.origin, area, key: k, value: String(store.getItem(k)).slice(0, 256)});
      }
    } catch (e) {}
  };
  read('local', window.localStorage);
  read('session', window.sessionStorage);
  return out;
})()
"""


def parse_snapshot(raw: dict[str, Any]) -> dict[str, Any]:
    """Drop anything the page could have made non-JSON (defensive: pages are hostile)."""
    return json.loads(json.dumps(raw, default=str))
