/*
 * Fake Dixa Messenger, served as https://messenger.dixa.io/bootstrap.js.
 *
 * docs.dixa.io/docs/dixamessenger/web: the embed snippet defines the stub
 *   _dixa_ = { invoke(m, a) -> pendingCalls.push([m, a]),
 *              addListener(e, l) -> pendingAddListenerCalls.push([e, l]) }
 * and calls _dixa_.invoke('init', { messengerToken }) at once. This script replaces
 * the stub, replays both queues and, on `init`, creates the widget iframe and the
 * toggler button. Commands (invoke): init, shutdown, setWidgetOpen(bool),
 * setPosition('bottomRight'|'bottomLeft'), setView, setUserIdentity, purgeUserIdentity,
 * startConversation/endConversation (no-ops here: nothing is ever sent). Listeners
 * (addListener/removeListener, "HostNotificationEvents"): on-widget-open-changed,
 * on-message-added, on-conversation-started, on-agent-assigned, on-widget-loaded (?).
 * The promise-based API (BETA doc) lives on _dixa_.api; the snippet never defines it,
 * so `_dixa_.api` being an object marks the loaded bundle.
 * DOM: ? the real ids are not documented; here one cross-origin iframe
 * (#dixa-messenger-iframe, title "Dixa Messenger") from messenger.dixa.io, resized
 * between the round toggler and the open messenger (position from `position`).
 * Storage: ? the transcript is kept in localStorage `dixa-messenger.<token>.transcript`.
 */
(function () {
  'use strict';
  var stub = window._dixa_ || {};
  if (stub.api) return;
  var ORIGIN = 'https://messenger.dixa.io';
  var pending = (stub.pendingCalls || []).slice();
  var pendingListeners = (stub.pendingAddListenerCalls || []).slice();
  var listeners = {};
  var cfg = null, token = null, opened = false, position = 'bottomRight', hideToggler = false;
  var box, frame;

  function emit(name, payload) { (listeners[name] || []).forEach(function (cb) { try { cb(payload); } catch (e) { console.error(e); } }); }
  function mobile() { return window.matchMedia('(max-width: 600px)').matches; }

  function layout() {
    if (!box) return;
    var side = position === 'bottomLeft' ? 'left' : 'right';
    var base = 'position:fixed;z-index:2147483000;bottom:16px;' + side + ':16px;border:0;';
    if (opened) box.style.cssText = base + (mobile() ? 'top:0;left:0;right:0;bottom:0;width:100%;height:100%;' : 'width:376px;height:min(640px,calc(100vh - 32px));');
    else if (hideToggler) box.style.cssText = base + 'display:none;';
    else box.style.cssText = base + 'width:84px;height:84px;';
  }
  function setOpen(next) {
    if (!box || next === opened) return;
    opened = next;
    layout();
    if (frame._loaded) frame.contentWindow.postMessage({ demoChatCmd: opened ? 'open' : 'close' }, ORIGIN);
    emit('on-widget-open-changed', { isOpen: opened });
  }

  function keep(source, m) {
    var area = null;
    try { area = cfg.transcript_storage === 'session' ? sessionStorage : cfg.transcript_storage === 'none' ? null : localStorage; } catch (e) { area = null; }
    var key = 'dixa-messenger.' + token + '.transcript';
    if (m.action === 'store') { if (area) area.setItem(key, JSON.stringify(m.state)); return; }
    source.postMessage({ demoChatCmd: 'history', state: area ? JSON.parse(area.getItem(key) || 'null') : null }, ORIGIN);
  }
  window.addEventListener('message', function (e) {
    var m = e.data;
    if (e.origin !== ORIGIN || !m || m.demoChat !== 'dixa' || m.account !== token) return;
    if (m.action === 'ready' || m.action === 'store') { keep(e.source, m); return; }
    if (m.action === 'toggle') setOpen(!opened);
    else if (m.action === 'open') setOpen(true);
    else if (m.action === 'close') setOpen(false);
    else if (m.action === 'visitor_message') emit('on-message-added', { author: 'user', text: m.text });
    else if (m.action === 'agent_message') { emit('on-agent-assigned', {}); emit('on-message-added', { author: 'agent', text: m.text }); }
  });

  function render() {
    box = document.createElement('div');
    box.id = 'dixa-messenger-wrapper';
    frame = document.createElement('iframe');
    frame.id = 'dixa-messenger-iframe';
    frame.title = 'Dixa Messenger';
    frame.setAttribute('allow', 'clipboard-write');
    frame.src = ORIGIN + '/widget/frame.html?token=' + encodeURIComponent(token) + '&lang=' + (cfg.lang || 'en') + '&view=combined';
    frame.style.cssText = 'width:100%;height:100%;border:0;display:block;background:transparent;color-scheme:normal;';
    frame.addEventListener('load', function () {
      frame._loaded = true;
      frame.contentWindow.postMessage({ demoChatCmd: opened ? 'open' : 'close' }, ORIGIN);
    });
    box.appendChild(frame);
    document.body.appendChild(box);
    layout();
    window.addEventListener('resize', layout);
    emit('on-widget-loaded', {});
  }

  var commands = {
    init: function (payload) {
      payload = payload || {};
      if (!payload.messengerToken) { console.error('[Dixa] init: messengerToken is required'); return Promise.reject(new Error('Invalid payload')); }
      if (token) return Promise.resolve();
      token = String(payload.messengerToken);
      hideToggler = !!payload.hideToggler;
      if (payload.position) position = payload.position;
      return fetch(ORIGIN + '/api/messengers/' + encodeURIComponent(token) + '/settings')
        .then(function (r) { if (!r.ok) throw new Error('unknown messenger token'); return r.json(); })
        .then(function (settings) {
          cfg = settings;
          if (!payload.position && cfg.position === 'left') position = 'bottomLeft';
          return new Promise(function (resolve) {
            setTimeout(function () {
              var go = function () { render(); resolve(); };
              if (document.body) go(); else document.addEventListener('DOMContentLoaded', go);
            }, cfg.load_delay_ms == null ? 400 : cfg.load_delay_ms);
          });
        })
        .catch(function (err) { console.error('[Dixa]', err.message); });
    },
    shutdown: function () { if (box) box.remove(); box = null; token = null; opened = false; },
    setWidgetOpen: function (open) { setOpen(!!open); },
    setPosition: function (p) { position = p; layout(); },
    setView: function () {},
    setUserIdentity: function () {},
    purgeUserIdentity: function () {},
    startConversation: function () { setOpen(true); },
    endConversation: function () {}
  };

  var api = {
    invoke: function (method, payload) {
      var fn = commands[method];
      if (!fn) { console.warn('[Dixa] unknown command ' + method); return undefined; }
      return fn(payload);
    },
    addListener: function (event, listener) { (listeners[event] = listeners[event] || []).push(listener); },
    removeListener: function (event, listener) { listeners[event] = (listeners[event] || []).filter(function (l) { return l !== listener; }); }
  };
  // The promise-based API (BETA): same commands, each returning a promise.
  api.api = {
    init: function (payload) { return Promise.resolve(commands.init(payload)); },
    setWidgetOpen: function (payload) { setOpen(!!(payload && typeof payload === 'object' ? payload.open : payload)); return Promise.resolve(); },
    shutdown: function () { commands.shutdown(); return Promise.resolve(); }
  };
  window._dixa_ = api;
  pendingListeners.forEach(function (c) { api.addListener(c[0], c[1]); });
  pending.forEach(function (c) { api.invoke(c[0], c[1]); });
})();
