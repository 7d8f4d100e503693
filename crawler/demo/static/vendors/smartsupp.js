/*
 * Fake Smartsupp widget, served as https://www.smartsuppchat.com/loader.js.
 *
 * The shop's snippet sets `_smartsupp.key` and a queueing stub
 * `smartsupp = function(){ o._.push(arguments) }`. This script fetches the key's
 * settings from bootstrap.smartsuppchat.com, replaces the stub with the loaded
 * function (smartsupp.loaded === true; window.$smartsupp.options.widgetVersion
 * is the loaded marker) and replays the queue. API: smartsupp('chat:open'|
 * 'chat:close'|'chat:toggle'|'chat:show'|'chat:hide'), smartsupp('chat:message', text)
 * (prefill), smartsupp('chat:send', text) (only echoed in the frame),
 * smartsupp('on', 'status'|'message'|'messenger:open'|'messenger:close', cb),
 * smartsupp('language'|'name'|'email'|'variables', ...). `_smartsupp.hideMobileWidget`
 * hides it on phones, as the real option does. DOM: div#chat-application whose open
 * shadow root holds a pill-shaped launcher button and the cross-origin panel
 * iframe (title "Smartsupp widget chat") from widget-v3.smartsuppcdn.com, so
 * plain querySelector from the page cannot see inside. Cookies: ssupp.vid, ssupp.visits
 * (sessionStorage keys instead with the account's visitor_storage = "session").
 */
(function () {
  'use strict';
  var options = window._smartsupp || {};
  var stub = window.smartsupp;
  if (!options.key) { console.error('Smartsupp: missing _smartsupp.key'); return; }
  if (stub && stub.loaded) return;

  var ORIGIN = 'https://widget-v3.smartsuppcdn.com';
  var key = String(options.key);
  var queue = stub && stub._ ? stub._.slice() : [];
  var listeners = {};
  var cfg, status, open = false, hidden = false;
  var host, launcher, panel;

  function cookie(name) { var m = document.cookie.match('(?:^|; )' + name.replace('.', '\\.') + '=([^;]*)'); return m ? decodeURIComponent(m[1]) : null; }
  function setCookie(name, value, days) { document.cookie = name + '=' + encodeURIComponent(value) + '; path=/; SameSite=Lax; expires=' + new Date(Date.now() + days * 864e5).toUTCString(); }
  function emit(name) { var args = [].slice.call(arguments, 1); (listeners[name] || []).forEach(function (cb) { try { cb.apply(null, args); } catch (e) { console.error(e); } }); }
  function phone() { return window.matchMedia('(max-width: 767px)').matches || /Mobi|Android|iPhone/i.test(navigator.userAgent); }

  // The visitor id and visit count: 6-month cookies, or with the account's
  // `visitor_storage = "session"` sessionStorage keys of the same names and no
  // cookie, so the session lives and dies with the tab.
  function remember() {
    if (cfg.visitor_storage === 'session') {
      try {
        sessionStorage.setItem('ssupp.vid', sessionStorage.getItem('ssupp.vid') || 'vi' + Math.random().toString(16).slice(2, 14));
        sessionStorage.setItem('ssupp.visits', String((parseInt(sessionStorage.getItem('ssupp.visits') || '0', 10) || 0) + 1));
      } catch (e) { /* storage blocked */ }
      return;
    }
    setCookie('ssupp.vid', cookie('ssupp.vid') || 'vi' + Math.random().toString(16).slice(2, 14), 180);
    setCookie('ssupp.visits', String((parseInt(cookie('ssupp.visits') || '0', 10) || 0) + 1), 180);
  }

  function layout() {
    if (!host) return;
    var hideHere = hidden || ((options.hideMobileWidget || cfg.hide_on_mobile) && phone());
    host.style.display = hideHere ? 'none' : 'block';
    launcher.style.display = open ? 'none' : 'flex';
    panel.style.display = open ? 'block' : 'none';
  }
  function setOpen(next) {
    if (!host || next === open) return;
    open = next;
    layout();
    if (panel._loaded) panel.contentWindow.postMessage({ demoChatCmd: open ? 'open' : 'close' }, ORIGIN);
    emit(open ? 'messenger:open' : 'messenger:close');
  }
  function toFrame(cmd, text) { if (panel && panel._loaded) panel.contentWindow.postMessage({ demoChatCmd: cmd, text: text }, ORIGIN); }

  var commands = {
    'chat:open': function () { setOpen(true); },
    'chat:close': function () { setOpen(false); },
    'chat:toggle': function () { setOpen(!open); },
    'chat:show': function () { hidden = false; layout(); },
    'chat:hide': function () { hidden = true; layout(); },
    'chat:message': function (text) { toFrame('prefill', text); },
    'chat:send': function (text) { toFrame('send', text); },
    on: function (event, cb) { (listeners[event] = listeners[event] || []).push(cb); if (event === 'status' && status) cb(status); },
    language: function () {}, name: function () {}, email: function () {}, phone: function () {},
    variables: function () {}, group: function () {}, theme: function () {}, recordingOff: function () {}
  };
  function run(args) {
    var fn = commands[args[0]];
    if (fn) fn.apply(null, [].slice.call(args, 1));
    else console.warn('Smartsupp: unknown command ' + args[0]);
  }

  function render() {
    var side = cfg.position === 'left' ? 'left' : 'right';
    host = document.createElement('div');
    host.id = 'chat-application';
    host.style.cssText = 'position:fixed;bottom:24px;' + side + ':24px;z-index:10000000;';
    var root = host.attachShadow({ mode: 'open' });
    var style = document.createElement('style');
    style.textContent = '.launcher{display:flex;align-items:center;gap:8px;height:52px;padding:0 20px;border:0;border-radius:26px;'
      + 'background:' + (cfg.color || '#fe6000') + ';color:#fff;font:600 15px/1 system-ui,sans-serif;box-shadow:0 4px 16px rgba(0,0,0,.25);cursor:pointer}'
      + '.launcher svg{width:22px;height:22px;fill:#fff}.launcher .dot{width:9px;height:9px;border-radius:50%;background:'
      + (status === 'online' ? '#3ddc84' : '#bbb') + '}'
      + 'iframe{position:fixed;bottom:24px;' + side + ':24px;width:380px;height:560px;max-height:calc(100vh - 48px);border:0;border-radius:14px;background:transparent}'
      + '@media (max-width:640px){iframe{inset:0;width:100%;height:100%;max-height:none;border-radius:0}}';
    launcher = document.createElement('button');
    launcher.className = 'launcher';
    launcher.type = 'button';
    launcher.setAttribute('aria-label', cfg.launcher_label || cfg.launcher_text || 'Chat');
    launcher.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16v11H8l-4 4z"/></svg>';
    var label = document.createElement('span');
    label.textContent = cfg.launcher_text || 'Chat';
    launcher.appendChild(label);
    var dot = document.createElement('span');
    dot.className = 'dot';
    launcher.appendChild(dot);
    launcher.addEventListener('click', function () { setOpen(true); });
    panel = document.createElement('iframe');
    panel.id = 'chat-application-iframe';
    panel.title = 'Smartsupp widget chat';
    panel.src = ORIGIN + '/widget/frame.html?key=' + encodeURIComponent(key) + '&lang=' + (cfg.lang || 'en') + '&view=panel';
    panel.addEventListener('load', function () { panel._loaded = true; });
    root.appendChild(style);
    root.appendChild(launcher);
    root.appendChild(panel);
    document.body.appendChild(host);
    layout();
    window.addEventListener('resize', layout);

    var loaded = function () { run(arguments); };
    loaded.loaded = true;
    loaded._ = [];
    window.smartsupp = loaded;
    window.$smartsupp = { options: { widgetVersion: 'v3', key: key }, version: 'demo' };
    queue.forEach(run);
    queue = [];
    emit('status', status);
  }

  // The chat frame's transcript, kept first-party like a real widget's session;
  // `transcript_storage` = local (default) | session | none picks where.
  function keep(source, m) {
    var area = null;
    try { area = cfg.transcript_storage === 'session' ? sessionStorage : cfg.transcript_storage === 'none' ? null : localStorage; } catch (err) { area = null; }
    var storeKey = 'ssupp.chat.' + key;
    if (m.action === 'store') { if (area) area.setItem(storeKey, JSON.stringify(m.state)); return; }
    source.postMessage({ demoChatCmd: 'history', state: area ? JSON.parse(area.getItem(storeKey) || 'null') : null }, ORIGIN);
  }

  window.addEventListener('message', function (e) {
    var m = e.data;
    if (e.origin !== ORIGIN || !m || m.demoChat !== 'smartsupp' || m.account !== key) return;
    if (m.action === 'ready' || m.action === 'store') { keep(e.source, m); return; }
    if (m.action === 'close') setOpen(false);
    else if (m.action === 'open' || m.action === 'toggle') setOpen(m.action === 'open' ? true : !open);
    else if (m.action === 'visitor_message' || m.action === 'agent_message') {
      emit('message', {}, { type: m.action === 'agent_message' ? 'agent' : 'contact', content: { text: m.text } });
    }
  });

  fetch('https://bootstrap.smartsuppchat.com/widget/' + encodeURIComponent(key) + '/config.json')
    .then(function (r) { if (!r.ok) throw new Error('unknown key ' + key); return r.json(); })
    .then(function (settings) {
      cfg = settings;
      status = cfg.status === 'online' ? 'online' : 'offline';
      remember();
      setTimeout(function () {
        if (document.body) render(); else document.addEventListener('DOMContentLoaded', render);
      }, cfg.load_delay_ms == null ? 300 : cfg.load_delay_ms);
    })
    .catch(function (err) { console.error('Smartsupp:', err.message); });
})();
