/*
 * Fake Ninchat embed, served as https://ninchat.com/js/embed.min.js?_=<n>.
 *
 * Per ninchat/ninchat-embed embed.md and embed2.md: the site defines
 * window.NinchatAsyncInit and loads this script as script#ninchat-js; the script
 * defines window.Ninchat and then calls NinchatAsyncInit, which calls
 * Ninchat.embedInit(options). Loaded marker: `Ninchat.embedInit` is a function.
 * With a site `configKey` the config is read from https://api.ninchat.com/config/<key>.json
 * and merged over the options (embed2.md). Customer-service mode creates a floating
 * chat bar docked at the bottom right (dock "bottom", width 240px, height 400px,
 * titleText on a titleBackground bar, defaults from embed.md) in the container
 * div#ninchat-iframe (the default containerId), holding the chat iframe.
 * Public API (embed.md): Ninchat.embedInit, iframeInit, toggle(open), close(),
 * start(), rename(name), channel(id). Cookies: prefix `ninchat_` (cookiePrefix,
 * "saves chat popup horizontal position and open/close state"; ? exact names).
 * The queue's pre-chat questionnaire (? a site-config feature) is drawn by the shared
 * chat frame as required fields. Nothing is ever sent.
 */
(function () {
  'use strict';
  if (window.Ninchat && window.Ninchat.embedInit) return;
  var ORIGIN = 'https://ninchat.com';
  var instances = {};

  function cookie(name) { var m = document.cookie.match('(?:^|; )' + name + '=([^;]*)'); return m ? decodeURIComponent(m[1]) : null; }
  function setCookie(name, value) { document.cookie = name + '=' + encodeURIComponent(value) + '; path=/; SameSite=Lax; max-age=31536000'; }

  function Instance(options) {
    this.options = options;
    this.id = options.containerId || 'ninchat-iframe';
    this.prefix = options.cookiePrefix || 'ninchat_';
    this.opened = false;
  }
  Instance.prototype.render = function () {
    var self = this, o = this.options;
    var floating = !document.getElementById(this.id);
    var box = document.getElementById(this.id) || document.createElement('div');
    box.id = this.id;
    box.className = 'ninchat-embed ninchat-embed-' + (floating ? 'floating' : 'inline');
    var width = o.width || '240px', height = o.height || '400px';
    if (floating) {
      var side = o.horizontalPosition === 'left' ? 'left:20px;' : 'right:20px;';
      box.style.cssText = 'position:fixed;bottom:0;' + side + 'width:' + width + ';z-index:2147483640;font:14px/1.3 Helvetica,Arial,sans-serif;box-shadow:0 0 10px rgba(0,0,0,.3);';
      if (o.responsive && window.matchMedia('(max-width: 800px)').matches) box.style.width = '100%';
    }
    var bar = document.createElement('div');
    bar.className = 'ninchat-titlebar';
    bar.setAttribute('role', 'button');
    bar.setAttribute('tabindex', '0');
    bar.setAttribute('aria-expanded', 'false');
    bar.style.cssText = 'display:flex;align-items:center;justify-content:space-between;gap:8px;cursor:pointer;padding:10px 12px;background:' +
      (o.titleBackground || 'black') + ';color:' + (o.titleTextColor || 'white') + ';font-weight:bold;';
    var label = document.createElement('span');
    label.className = 'ninchat-title';
    label.textContent = o.titleText || 'Audience';
    var sign = document.createElement('span');
    sign.className = 'ninchat-toggle';
    sign.setAttribute('aria-hidden', 'true');
    sign.textContent = '▲';
    bar.appendChild(label);
    bar.appendChild(sign);
    bar.addEventListener('click', function () { self.toggle(); });
    bar.addEventListener('keydown', function (e) { if (e.key === 'Enter') self.toggle(); });
    var frame = document.createElement('iframe');
    frame.name = 'ninchat-' + this.id;
    frame.title = o.titleText || 'Ninchat';
    frame.src = ORIGIN + '/embed/frame.html?configKey=' + encodeURIComponent(o.configKey || '') + '&lang=' + (o.language || 'en') + '&view=panel';
    frame.style.cssText = 'display:none;width:100%;height:' + height + ';border:0;background:#fff;';
    frame.addEventListener('load', function () {
      frame._loaded = true;
      if (self.opened) frame.contentWindow.postMessage({ demoChatCmd: 'open' }, ORIGIN);
    });
    box.appendChild(bar);
    box.appendChild(frame);
    if (floating) document.body.appendChild(box);
    this.box = box; this.bar = bar; this.sign = sign; this.frame = frame;
    if (o.open || cookie(this.prefix + 'open') === '1') this.toggle(true);
  };
  Instance.prototype.toggle = function (open) {
    var next = open === undefined ? !this.opened : !!open;
    if (!this.frame || next === this.opened) return;
    this.opened = next;
    this.frame.style.display = next ? 'block' : 'none';
    this.bar.setAttribute('aria-expanded', String(next));
    this.sign.textContent = next ? '▼' : '▲';
    setCookie(this.prefix + 'open', next ? '1' : '0');
    if (this.frame._loaded) this.frame.contentWindow.postMessage({ demoChatCmd: next ? 'open' : 'close' }, ORIGIN);
  };

  function find(containerId) { return instances[containerId || 'ninchat-iframe'] || instances[Object.keys(instances)[0]]; }

  // The frame's transcript and filled questionnaire, kept first-party (cookiePrefix + 'transcript').
  window.addEventListener('message', function (e) {
    var m = e.data;
    if (e.origin !== ORIGIN || !m || m.demoChat !== 'ninchat') return;
    var inst = Object.keys(instances).map(function (k) { return instances[k]; })
      .filter(function (i) { return i.options.configKey === m.account; })[0];
    if (!inst) return;
    var storage = null;
    try { storage = inst.options.remember === false ? null : localStorage; } catch (err) { storage = null; }
    var key = inst.prefix + 'transcript_' + inst.id;
    if (m.action === 'store') { if (storage) storage.setItem(key, JSON.stringify(m.state)); return; }
    if (m.action === 'ready') { e.source.postMessage({ demoChatCmd: 'history', state: storage ? JSON.parse(storage.getItem(key) || 'null') : null }, ORIGIN); return; }
    if (m.action === 'close') inst.toggle(false);
    else if (m.action === 'open') inst.toggle(true);
  });

  function embedInit(options) {
    options = Object.assign({}, options || {});
    var inst = new Instance(options);
    instances[inst.id] = inst;
    var start = function () {
      var delay = options.load_delay_ms == null ? 300 : options.load_delay_ms;
      setTimeout(function () { inst.render(); }, delay);
    };
    if (!options.configKey) { start(); return; }
    fetch('https://api.ninchat.com/config/' + options.configKey + '.json')
      .then(function (r) { if (!r.ok) throw new Error('site config not found'); return r.json(); })
      .then(function (site) {
        // The site config's "default" environment, merged under the page's options.
        var env = site['default'] || site;
        inst.options = options = Object.assign({}, env, options);
        inst.prefix = options.cookiePrefix || 'ninchat_';
        if (document.body) start(); else document.addEventListener('DOMContentLoaded', start);
      })
      .catch(function (err) { console.error('[Ninchat]', err.message); });
  }

  window.Ninchat = {
    embedInit: embedInit,
    iframeInit: function (options) { var inst = find(options && options.containerId); if (inst) inst.options = Object.assign(inst.options, options); },
    toggle: function (open, containerId) { var inst = find(containerId); if (inst) inst.toggle(open); },
    close: function (containerId) { var inst = find(containerId); if (inst) inst.toggle(false); },
    start: function () {},
    rename: function () {},
    channel: function () {}
  };
  if (typeof window.NinchatAsyncInit === 'function') {
    try { window.NinchatAsyncInit(); } catch (e) { console.error('[Ninchat] NinchatAsyncInit failed', e); }
  }
})();
