/*
 * Fake LiveChat (text.com) widget, served as https://cdn.livechatinc.com/tracking.js.
 *
 * The shop's snippet sets window.__lc.license and defines the LiveChatWidget stub
 * ({_q, _h: null, on, once, off, get, call, init}); its get() throws
 * "[LiveChatWidget] You can't use getters before load." until this script sets
 * LiveChatWidget._h (the loaded marker) and replays the queue. The license's
 * settings are fetched from api.livechatinc.com (get_dynamic_configuration).
 * API: call('maximize'|'minimize'|'hide'|'destroy'|'set_customer_name'|...),
 * get('state') -> {availability: 'online'|'offline', visibility: 'maximized'|'minimized'|'hidden'},
 * get('customer_data'), get('chat_data'); on/once/off('ready'|'availability_changed'|
 * 'visibility_changed'|'new_event'|'form_submitted'|'customer_status_changed').
 * Legacy LC_API: open_chat_window(), agents_are_available(), chat_window_maximized()...
 * DOM: div#chat-widget-container holding one cross-origin iframe#chat-widget
 * (name "chat-widget", title "LiveChat chat widget") that switches between the
 * minimized bubble and the maximized window; offline licences show the ticket
 * form ("Leave a message"). Cookies: __lc_cid, __lc_cst (2 years).
 */
(function () {
  'use strict';
  var lc = window.__lc || {};
  var widget = window.LiveChatWidget;
  if (!lc.license) { console.error('[LiveChatWidget] Missing license'); return; }
  if (widget && widget._h) return;
  if (!widget) {
    // Loaded without the snippet: provide the same shape the snippet would have.
    widget = window.LiveChatWidget = { _q: [], _h: null, _v: '2.0' };
    ['on', 'once', 'off', 'get', 'call'].forEach(function (m) {
      widget[m] = function () { var a = [m, [].slice.call(arguments)]; return widget._h ? widget._h.apply(null, a) : widget._q.push(a); };
    });
  }

  var API_ORIGIN = 'https://api.livechatinc.com';
  var ORIGIN = 'https://secure.livechatinc.com';
  var license = String(lc.license);
  var cfg, availability, visibility = 'minimized';
  var listeners = {};
  var container, frame;

  function uuid() { return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, function (c) { var r = Math.random() * 16 | 0; return (c === 'x' ? r : (r & 3 | 8)).toString(16); }); }
  function cookie(name) { var m = document.cookie.match('(?:^|; )' + name + '=([^;]*)'); return m ? decodeURIComponent(m[1]) : null; }
  function setCookie(name, value) { document.cookie = name + '=' + encodeURIComponent(value) + '; path=/; SameSite=Lax; expires=' + new Date(Date.now() + 730 * 864e5).toUTCString(); }
  function emit(name, payload) {
    (listeners[name] || []).slice().forEach(function (entry) {
      if (entry.once) listeners[name].splice(listeners[name].indexOf(entry), 1);
      try { entry.cb(payload); } catch (e) { console.error(e); }
    });
  }
  function mobile() { return window.matchMedia('(max-width: 640px)').matches; }

  var customerId = cookie('__lc_cid') || uuid();
  setCookie('__lc_cid', customerId);
  if (!cookie('__lc_cst')) setCookie('__lc_cst', Math.random().toString(16).slice(2) + Math.random().toString(16).slice(2));

  function state() { return { availability: availability, visibility: visibility }; }
  function customerData() {
    return { id: customerId, name: '', email: '', isReturning: !!cookie('__lc_visited'), status: visibility === 'maximized' ? 'browsing' : 'browsing', sessionVariables: {} };
  }

  function layout() {
    var side = cfg.position === 'left' ? 'left' : 'right';
    var css = 'position:fixed;bottom:0;' + side + ':0;border:0;z-index:2147483639;background:transparent;';
    if (visibility === 'hidden') container.style.cssText = css + 'display:none;';
    else if (visibility === 'maximized') {
      container.style.cssText = css + (mobile() ? 'top:0;left:0;width:100%;height:100%;' : 'width:400px;height:min(680px,100vh);');
    } else container.style.cssText = css + 'width:84px;height:84px;';
  }
  function setVisibility(next) {
    if (!container || next === visibility) return;
    visibility = next;
    layout();
    if (frame._loaded) frame.contentWindow.postMessage({ demoChatCmd: next === 'maximized' ? 'open' : 'close' }, ORIGIN);
    emit('visibility_changed', { visibility: next });
  }

  var calls = {
    maximize: function () { setVisibility('maximized'); },
    minimize: function () { setVisibility('minimized'); },
    hide: function () { setVisibility('hidden'); },
    destroy: function () { if (container) container.remove(); container = null; },
    hide_greeting: function () {},
    set_session_variables: function () {},
    update_session_variables: function () {},
    set_customer_name: function () {},
    set_customer_email: function () {},
    trigger_sales_tracker: function () {}
  };
  var getters = {
    state: state,
    customer_data: customerData,
    chat_data: function () { return { chatId: null, threadId: null }; }
  };

  function handler(method, args) {
    args = args || [];
    if (method === 'call') { if (calls[args[0]]) calls[args[0]](args[1]); return undefined; }
    if (method === 'get') return getters[args[0]] ? getters[args[0]]() : undefined;
    if (method === 'on' || method === 'once') {
      (listeners[args[0]] = listeners[args[0]] || []).push({ cb: args[1], once: method === 'once' });
      return undefined;
    }
    if (method === 'off') {
      listeners[args[0]] = (listeners[args[0]] || []).filter(function (e) { return e.cb !== args[1]; });
      return undefined;
    }
    return undefined;
  }

  // The chat frame's transcript, kept first-party like a real widget's session;
  // `transcript_storage` = local (default) | session | none picks where.
  function keep(source, m) {
    var area = null;
    try { area = cfg.transcript_storage === 'session' ? sessionStorage : cfg.transcript_storage === 'none' ? null : localStorage; } catch (err) { area = null; }
    var key = '__lc_chat_' + license;
    if (m.action === 'store') { if (area) area.setItem(key, JSON.stringify(m.state)); return; }
    source.postMessage({ demoChatCmd: 'history', state: area ? JSON.parse(area.getItem(key) || 'null') : null }, ORIGIN);
  }

  window.addEventListener('message', function (e) {
    var m = e.data;
    if (e.origin !== ORIGIN || !m || m.demoChat !== 'livechat' || m.account !== license) return;
    if (m.action === 'ready' || m.action === 'store') { keep(e.source, m); return; }
    if (m.action === 'open') setVisibility('maximized');
    else if (m.action === 'close') setVisibility('minimized');
    else if (m.action === 'toggle') setVisibility(visibility === 'maximized' ? 'minimized' : 'maximized');
    else if (m.action === 'visitor_message' || m.action === 'agent_message') {
      emit('new_event', { type: 'message', text: m.text, author: { type: m.action === 'agent_message' ? 'agent' : 'customer' }, timestamp: Date.now() });
    } else if (m.action === 'form_submitted') emit('form_submitted', { type: m.form === 'offline' ? 'ticket' : 'prechat' });
  });

  window.LC_API = window.LC_API || {};
  var legacy = window.LC_API;
  legacy.open_chat_window = function () { calls.maximize(); };
  legacy.minimize_chat_window = function () { calls.minimize(); };
  legacy.hide_chat_window = function () { calls.hide(); };
  legacy.agents_are_available = function () { return availability === 'online'; };
  legacy.chat_window_maximized = function () { return visibility === 'maximized'; };
  legacy.chat_window_minimized = function () { return visibility === 'minimized'; };
  legacy.chat_window_hidden = function () { return visibility === 'hidden'; };
  legacy.chat_running = function () { return false; };
  legacy.visitor_queued = function () { return false; };
  legacy.get_window_type = function () { return 'embedded'; };

  function render() {
    container = document.createElement('div');
    container.id = 'chat-widget-container';
    frame = document.createElement('iframe');
    frame.id = 'chat-widget';
    frame.name = 'chat-widget';
    frame.title = 'LiveChat chat widget';
    frame.setAttribute('scrolling', 'no');
    frame.src = ORIGIN + '/licence/' + encodeURIComponent(license) + '/v2/frame.html?lang=' + (cfg.lang || 'en') + '&view=combined';
    frame.style.cssText = 'width:100%;height:100%;border:0;background:transparent;';
    frame.addEventListener('load', function () {
      frame._loaded = true;  // sync a maximize that came before the frame was ready
      frame.contentWindow.postMessage({ demoChatCmd: visibility === 'maximized' ? 'open' : 'close' }, ORIGIN);
    });
    container.appendChild(frame);
    document.body.appendChild(container);
    layout();
    window.addEventListener('resize', layout);
    widget._h = handler;
    var pending = widget._q.splice(0);
    pending.forEach(function (a) { handler(a[0], a[1]); });
    emit('ready', { state: state(), customerData: customerData() });
    emit('availability_changed', { availability: availability });
    if (typeof legacy.on_after_load === 'function') legacy.on_after_load();
    setCookie('__lc_visited', '1');
  }

  fetch(API_ORIGIN + '/v3.5/customer/action/get_dynamic_configuration?license_id=' + encodeURIComponent(license) + '&client_id=c5e4f61e1a6c3b1521b541bc5c5a2ac5&url=' + encodeURIComponent(location.href))
    .then(function (r) { if (!r.ok) throw new Error('license ' + license + ' not found'); return r.json(); })
    .then(function (settings) {
      cfg = settings;
      availability = cfg.status === 'online' || cfg.status === 'away' ? 'online' : 'offline';
      setTimeout(function () {
        if (document.body) render(); else document.addEventListener('DOMContentLoaded', render);
      }, cfg.load_delay_ms == null ? 200 : cfg.load_delay_ms);
    })
    .catch(function (err) { console.error('[LiveChatWidget]', err.message); });
})();
