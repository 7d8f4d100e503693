/*
 * Fake Tawk.to widget, served as https://embed.tawk.to/<propertyId>/<widgetId>.
 *
 * The shop's snippet defines the stub `var Tawk_API=Tawk_API||{}, Tawk_LoadStart=new Date();`
 * (a plain object, possibly holding the shop's callbacks). This script turns it
 * into the loaded API: maximize/minimize/toggle/popup, getStatus() ->
 * 'online'|'away'|'offline', isChatMaximized()..., showWidget/hideWidget, and
 * calls onLoad/onStatusChange/onChatMaximized/... plus window events
 * tawkLoad/tawkStatusChange. Loaded marker: `typeof Tawk_API.getStatus === 'function'`
 * (and window.$_Tawk.loaded). DOM: a div with a random id holding two
 * cross-origin iframes titled "chat widget" (the bubble and the chat panel).
 * Cookies: __tawkuuid (6 months), TawkConnectionTime (session); localStorage twk_uuid_<property>.
 * Account settings (site.toml [[widgets]]) arrive below as __ACCOUNT_CONFIG__.
 */
(function () {
  'use strict';
  var cfg = __ACCOUNT_CONFIG__;
  var API = window.Tawk_API = window.Tawk_API || {};
  if (!cfg) { console.error('[tawk.to] Property not found'); return; }
  if (window.$_Tawk && window.$_Tawk.loaded) return;

  var ORIGIN = 'https://embed.tawk.to';
  var FRAME = ORIGIN + '/_s/v4/app/frame.html?property=' + encodeURIComponent(cfg.account) + '&lang=' + (cfg.lang || 'en');
  var status = cfg.status || 'online';
  var state = 'min';
  var hidden = false;
  var container, bubble, panel;

  function rid(n) { var s = ''; while (s.length < n) s += Math.random().toString(36).slice(2); return s.slice(0, n); }
  function cookie(name) { var m = document.cookie.match('(?:^|; )' + name.replace(/[.$]/g, '\\$&') + '=([^;]*)'); return m ? decodeURIComponent(m[1]) : null; }
  function setCookie(name, value, days) {
    var c = name + '=' + value + '; path=/; SameSite=Lax';
    if (days) c += '; expires=' + new Date(Date.now() + days * 864e5).toUTCString();
    document.cookie = c;
  }
  function call(name) {
    var fn = API[name];
    if (typeof fn === 'function') { try { fn.apply(API, [].slice.call(arguments, 1)); } catch (e) { console.error(e); } }
  }
  function emit(name, detail) { window.dispatchEvent(new CustomEvent(name, { detail: detail })); }
  function mobile() { return window.matchMedia('(max-width: 640px)').matches; }

  function frame(view, css) {
    var f = document.createElement('iframe');
    f.src = FRAME + '&view=' + view;
    f.setAttribute('title', 'chat widget');
    f.setAttribute('frameborder', '0');
    f.setAttribute('scrolling', 'no');
    f.allowTransparency = true;
    f.style.cssText = css;
    // Commands wait for the frame document; before that it is still about:blank.
    f.addEventListener('load', function () { f._loaded = true; f.contentWindow.postMessage({ demoChatCmd: state === 'max' ? 'open' : 'close' }, ORIGIN); });
    return f;
  }

  function layout() {
    var pos = cfg.position === 'left' ? 'left' : 'right';
    bubble.style.display = hidden || state === 'max' && mobile() ? 'none' : 'block';
    panel.style.display = !hidden && state === 'max' ? 'block' : 'none';
    if (mobile()) {
      panel.style.cssText += ';top:0!important;bottom:0!important;' + pos + ':0!important;width:100%!important;height:100%!important;max-height:none!important;border-radius:0!important';
    }
    container.className = hidden ? 'widget-hidden' : 'widget-visible';
  }

  function setState(next) {
    if (next === state) return;
    state = next;
    try { sessionStorage.setItem('twk_state_' + cfg.account, state); } catch (e) { /* storage blocked */ }
    layout();
    if (panel._loaded) panel.contentWindow.postMessage({ demoChatCmd: state === 'max' ? 'open' : 'close' }, ORIGIN);
    if (state === 'max') { call('onChatMaximized'); emit('tawkChatMaximized'); }
    else { call('onChatMinimized'); emit('tawkChatMinimized'); }
  }

  function render() {
    var pos = cfg.position === 'left' ? 'left' : 'right';
    container = document.createElement('div');
    container.id = rid(10);
    container.className = 'widget-visible';
    container.style.cssText = 'display:block!important;';
    bubble = frame('launcher', 'position:fixed!important;bottom:20px!important;' + pos + ':20px!important;width:64px!important;height:64px!important;border:0!important;background:transparent!important;z-index:1000003!important;display:block;');
    panel = frame('panel', 'position:fixed!important;bottom:96px!important;' + pos + ':20px!important;width:360px!important;height:540px!important;max-height:calc(100% - 116px)!important;border:0!important;background:transparent!important;z-index:1000002!important;display:none;');
    container.appendChild(panel);
    container.appendChild(bubble);
    document.body.appendChild(container);
    var remembered = null;
    try { remembered = sessionStorage.getItem('twk_state_' + cfg.account); } catch (e) { /* storage blocked */ }
    if (remembered === 'max') setState('max');
    layout();
    window.addEventListener('resize', layout);
  }

  // The chat frame's transcript, kept first-party like a real widget's session;
  // `transcript_storage` = local (default) | session | none picks where.
  function keep(source, m) {
    var area = null;
    try { area = cfg.transcript_storage === 'session' ? sessionStorage : cfg.transcript_storage === 'none' ? null : localStorage; } catch (err) { area = null; }
    var key = 'twk_chat_' + cfg.account;
    if (m.action === 'store') { if (area) area.setItem(key, JSON.stringify(m.state)); return; }
    source.postMessage({ demoChatCmd: 'history', state: area ? JSON.parse(area.getItem(key) || 'null') : null }, ORIGIN);
  }

  window.addEventListener('message', function (e) {
    var m = e.data;
    if (e.origin !== ORIGIN || !m || m.demoChat !== 'tawk' || m.account !== cfg.account) return;
    if (m.action === 'ready' || m.action === 'store') { keep(e.source, m); return; }
    if (m.action === 'toggle') API.toggle();
    else if (m.action === 'open') API.maximize();
    else if (m.action === 'close') API.minimize();
    else if (m.action === 'visitor_message') { call('onChatMessageVisitor', m.text); call('onChatStarted'); }
    else if (m.action === 'agent_message') call('onChatMessageAgent', m.text);
    else if (m.action === 'form_submitted') call(m.form === 'offline' ? 'onOfflineSubmit' : 'onPrechatSubmit', {});
  });

  // The documented JavaScript API (developer.tawk.to/jsapi), attached only once the
  // widget is drawn: before that Tawk_API is the snippet's plain object.
  function attachApi() {
    API.maximize = function () { if (container) setState('max'); };
    API.minimize = function () { if (container) setState('min'); };
    API.toggle = function () { if (container) setState(state === 'max' ? 'min' : 'max'); };
    API.popup = function () { window.open(FRAME + '&view=panel', 'tawk_popout_' + cfg.account, 'width=400,height=600'); };
    API.getWindowType = function () { return 'inline'; };
    API.getStatus = function () { return status; };
    API.isChatMaximized = function () { return state === 'max'; };
    API.isChatMinimized = function () { return state === 'min'; };
    API.isChatHidden = function () { return hidden; };
    API.isChatOngoing = function () { return false; };
    API.isVisitorEngaged = function () { return false; };
    API.showWidget = function () { hidden = false; if (container) layout(); };
    API.hideWidget = function () { hidden = true; if (container) layout(); };
    API.toggleVisibility = function () { hidden = !hidden; if (container) layout(); };
    API.endChat = function () {};
    API.setAttributes = function (attrs, cb) { if (cb) cb(); };
    API.addEvent = function (name, meta, cb) { if (typeof meta === 'function') meta(); else if (cb) cb(); };
    API.addTags = function (tags, cb) { if (cb) cb(); };
    API.removeTags = function (tags, cb) { if (cb) cb(); };
  }

  API.start = function () { boot(); };
  API.shutdown = function () { if (container) container.remove(); container = null; };

  var uuid = cookie('__tawkuuid') || 'e::' + location.hostname + '::' + rid(24) + '::2';
  setCookie('__tawkuuid', uuid, 180);
  setCookie('TawkConnectionTime', '0');
  try { localStorage.setItem('twk_uuid_' + cfg.account, JSON.stringify({ uuid: uuid.split('::')[2], ts: Date.now() })); } catch (e) { /* storage blocked */ }

  var booted = false;
  function boot() {
    if (booted) return;
    booted = true;
    setTimeout(function () {
      if (!document.body) { document.addEventListener('DOMContentLoaded', function () { booted = false; boot(); }); return; }
      render();
      attachApi();
      window.$_Tawk = { loaded: true, version: 'demo-4' };
      window.$_Tawk_AccountKey = cfg.account;
      window.$_Tawk_WidgetId = 'default';
      call('onLoad');
      emit('tawkLoad');
      call('onStatusChange', status);
      emit('tawkStatusChange', status);
    }, cfg.load_delay_ms == null ? 300 : cfg.load_delay_ms);
  }
  // `Tawk_API.autoStart = false` in the snippet waits for Tawk_API.start() (consent tools use it).
  if (API.autoStart !== false) boot();
})();
