/*
 * Fake giosg client, served as https://service.giosg.com/live/.
 *
 * The documented snippet (giosg "Visitor Javascript API", CODE) defines the stub
 *   _giosg = function(){ (_giosg._e = _giosg._e || []).push(arguments) }
 * with _giosg._c = <company id> and _giosg._h = 'https://service.giosg.com', then
 * loads h + '/live/'. This script is that client: it defines window.giosg
 * (giosg.api.visitor.submit/remove, giosg.api.shoppingCart.submit/addProduct/freeze/
 * setCurrency/setTotalPrice, as the docs and WooCommerce plugins use them) and the
 * webpack chunk list window.giosgWebpackJsonp, replaces _giosg with one that runs
 * ready callbacks at once and maps _giosg('module', 'method', ...) to
 * giosg.api.<module>.<method>(...), and replays the queue. Loaded marker: `giosg.api`
 * is an object (the snippet never defines `giosg`).
 * The chat button appears when the account's display rule fires (giosg has a rule
 * engine, giosg.ruleEngine in CODE; here `load_delay_ms` after load).
 * DOM: an in-page button div.giosg-chat-button (class prefix as in CODE:
 * .giosg-chat-button-message-preview-bubble), a preview bubble with the greeting,
 * and the chat window in a cross-origin iframe from service.giosg.com (? the iframe's
 * id and path are the demo's; iframe.__gcbsess_frame is co-browsing, not used here).
 * No documented open call exists in the public docs (? "Visitor chat API" is empty),
 * so the window opens from the button only.
 * Cookies (seen in CODE request headers): giosg_gid_<company>, giosg_gsessid_<company>,
 * giosg_chat_id_<company> (set once a chat exists). Nothing is ever sent.
 */
(function () {
  'use strict';
  var stub = window._giosg;
  if (window.giosg && window.giosg.api) return;
  var company = stub && stub._c != null ? String(stub._c) : null;
  var host = (stub && stub._h) || 'https://service.giosg.com';
  if (!company) { console.error('giosg: no company id (_giosg._c)'); return; }

  var ORIGIN = 'https://service.giosg.com';
  var queue = stub && stub._e ? stub._e.slice() : [];
  var cfg = null, opened = false, button, bubble, frameBox, frame;

  function rand(n) { var s = ''; while (s.length < n) s += Math.random().toString(36).slice(2); return s.slice(0, n); }
  function cookie(name) { var m = document.cookie.match('(?:^|; )' + name + '=([^;]*)'); return m ? decodeURIComponent(m[1]) : null; }
  function setCookie(name, value, days) {
    document.cookie = name + '=' + encodeURIComponent(value) + '; path=/; SameSite=Lax' +
      (days ? '; expires=' + new Date(Date.now() + days * 864e5).toUTCString() : '');
  }
  function resolved(value) { return Promise.resolve(value); }

  var cart = [];
  var giosg = window.giosg = {
    version: 'demo',
    api: {
      visitor: {
        submit: function (data) { giosg._visitorData = Object.assign(giosg._visitorData || {}, data || {}); return resolved(); },
        remove: function () { giosg._visitorData = {}; return resolved(); }
      },
      shoppingCart: {
        submit: function (items) { cart = (items || []).slice(); return resolved(); },
        addProduct: function (item) { cart.push(item); return resolved(); },
        freeze: function () { return resolved(); },
        setCurrency: function () { return resolved(); },
        setTotalPrice: function () { return resolved(); }
      }
    },
    ruleEngine: { rules: [] }
  };
  window.giosgWebpackJsonp = window.giosgWebpackJsonp || [];

  function run(args) {
    args = [].slice.call(args);
    if (typeof args[0] === 'function') { try { args[0](); } catch (e) { console.error(e); } return undefined; }
    var module = giosg.api[args[0]];
    var method = module && module[args[1]];
    if (typeof method !== 'function') { console.warn('giosg: unknown api ' + args[0] + '.' + args[1]); return undefined; }
    return method.apply(module, args.slice(2));
  }
  var ready = false;
  var waiting = [];
  window._giosg = function () {
    if (!ready) { waiting.push(arguments); return; }
    return run(arguments);
  };
  window._giosg._c = company;
  window._giosg._h = host;

  setCookie('giosg_gid_' + company, cookie('giosg_gid_' + company) || rand(48), 365);
  setCookie('giosg_gsessid_' + company, cookie('giosg_gsessid_' + company) || rand(8) + '-' + rand(4) + '-' + rand(4), 0);

  // The transcript of the chat frame, kept first-party like a real widget's session.
  function area() {
    try { return cfg.transcript_storage === 'session' ? sessionStorage : cfg.transcript_storage === 'none' ? null : localStorage; } catch (e) { return null; }
  }
  function keep(source, m) {
    var store = area();
    var key = 'giosg_chat_' + company;
    if (m.action === 'store') {
      if (store) store.setItem(key, JSON.stringify(m.state));
      if (!cookie('giosg_chat_id_' + company)) setCookie('giosg_chat_id_' + company, rand(48), 365);
      return;
    }
    source.postMessage({ demoChatCmd: 'history', state: store ? JSON.parse(store.getItem(key) || 'null') : null }, ORIGIN);
  }

  function setOpened(next) {
    if (!frameBox || next === opened) return;
    opened = next;
    frameBox.style.display = opened ? 'block' : 'none';
    button.setAttribute('aria-expanded', String(opened));
    button.classList.toggle('giosg-chat-button--open', opened);
    if (bubble) bubble.style.display = 'none';
    try { sessionStorage.setItem('giosg_open_' + company, opened ? '1' : '0'); } catch (e) { /* blocked */ }
    if (frame._loaded) frame.contentWindow.postMessage({ demoChatCmd: opened ? 'open' : 'close' }, ORIGIN);
  }

  window.addEventListener('message', function (e) {
    var m = e.data;
    if (e.origin !== ORIGIN || !m || m.demoChat !== 'giosg' || String(m.account) !== company) return;
    if (m.action === 'ready' || m.action === 'store') { keep(e.source, m); return; }
    if (m.action === 'close') setOpened(false);
    else if (m.action === 'open') setOpened(true);
  });

  function render() {
    var side = cfg.position === 'left' ? 'left' : 'right';
    var color = cfg.color || '#2b2d42';
    var css = document.createElement('style');
    css.id = 'giosg-chat-styles';
    css.textContent =
      '.giosg-chat-button{position:fixed;bottom:0;' + side + ':32px;z-index:2147483000;display:flex;align-items:center;gap:10px;' +
      'padding:10px 18px 12px;background:' + color + ';color:#fff;font:600 15px/1.2 Arial,sans-serif;border-radius:6px 6px 0 0;' +
      'box-shadow:0 -2px 12px rgba(0,0,0,.25);cursor:pointer;border:0}' +
      '.giosg-chat-button .giosg-chat-button-status{width:10px;height:10px;border-radius:50%;background:#4cd964;display:inline-block}' +
      '.giosg-chat-button--open{display:none}' +
      '.giosg-chat-button-message-preview-bubble{position:fixed;bottom:56px;' + side + ':32px;z-index:2147483000;max-width:260px;' +
      'background:#fff;color:#222;font:14px/1.4 Arial,sans-serif;padding:12px 34px 12px 14px;border-radius:8px;box-shadow:0 4px 18px rgba(0,0,0,.2)}' +
      '.giosg-chat-button-message-preview-bubble button{position:absolute;top:6px;right:6px;border:0;background:transparent;font-size:16px;cursor:pointer}';
    document.head.appendChild(css);
    button = document.createElement('div');
    button.className = 'giosg-chat-button giosg-chat-button-online';
    button.setAttribute('role', 'button');
    button.setAttribute('tabindex', '0');
    button.setAttribute('aria-expanded', 'false');
    button.innerHTML = '<span class="giosg-chat-button-status" aria-hidden="true"></span><span class="giosg-chat-button-text"></span>';
    button.querySelector('.giosg-chat-button-text').textContent = cfg.launcher_text || 'Chat';
    button.addEventListener('click', function () { setOpened(!opened); });
    button.addEventListener('keydown', function (e) { if (e.key === 'Enter') setOpened(!opened); });
    document.body.appendChild(button);
    if (cfg.proactive || cfg.greeting) {
      bubble = document.createElement('div');
      bubble.className = 'giosg-chat-button-message-preview-bubble';
      bubble.textContent = cfg.proactive || cfg.greeting;
      var close = document.createElement('button');
      close.type = 'button';
      close.setAttribute('aria-label', 'Sulje');
      close.textContent = '×';
      close.addEventListener('click', function (e) { e.stopPropagation(); bubble.style.display = 'none'; });
      bubble.appendChild(close);
      bubble.addEventListener('click', function () { setOpened(true); });
      document.body.appendChild(bubble);
    }
    frameBox = document.createElement('div');
    frameBox.id = 'giosg_chat_window_container';
    frameBox.style.cssText = 'position:fixed;bottom:0;' + side + ':32px;width:360px;height:min(520px,100vh);z-index:2147483001;display:none;box-shadow:0 0 24px rgba(0,0,0,.25);';
    if (window.matchMedia('(max-width: 600px)').matches) frameBox.style.cssText += 'left:0;right:0;top:0;width:100%;height:100%;';
    frame = document.createElement('iframe');
    frame.id = 'giosg_chat_window';
    frame.title = 'giosg chat';
    frame.src = ORIGIN + '/live/chat/frame.html?company=' + encodeURIComponent(company) + '&lang=' + (cfg.lang || 'fi') + '&view=panel';
    frame.style.cssText = 'border:0;width:100%;height:100%;display:block;background:#fff;';
    frame.addEventListener('load', function () {
      frame._loaded = true;
      if (opened) frame.contentWindow.postMessage({ demoChatCmd: 'open' }, ORIGIN);
    });
    frameBox.appendChild(frame);
    document.body.appendChild(frameBox);
    var remembered = null;
    try { remembered = sessionStorage.getItem('giosg_open_' + company); } catch (e) { /* blocked */ }
    if (remembered === '1') setOpened(true);
  }

  fetch(ORIGIN + '/api/v5/public/client/' + encodeURIComponent(company) + '/settings')
    .then(function (r) { if (!r.ok) throw new Error('company ' + company + ' not found'); return r.json(); })
    .then(function (settings) {
      cfg = settings;
      ready = true;
      queue.concat(waiting).forEach(run);
      queue = []; waiting = [];
      // The display rule: show the chat button `load_delay_ms` after the page loaded.
      setTimeout(function () {
        if (document.body) render(); else document.addEventListener('DOMContentLoaded', render);
      }, cfg.load_delay_ms == null ? 400 : cfg.load_delay_ms);
    })
    .catch(function (err) { console.error('giosg:', err.message); });
})();
