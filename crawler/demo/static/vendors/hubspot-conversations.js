/*
 * Fake HubSpot chat widget, served as https://js.usemessages.com/conversations-embed.js.
 *
 * HubSpot's tracking loader (js(-eu1).hs-scripts.com/<portalId>.js, hubspot-loader.js)
 * adds it only for a portal with chat switched on, as
 * <script id="hubspot-messages-loader" data-loader="hs-scriptloader" data-hsjs-portal="<id>"
 * data-hsjs-env="prod" data-hsjs-hublet="eu1">. It fetches the portal's chat settings from
 * api-eu1.hubspot.com/livechat-public/v1/message/public?portalId=<id> and draws
 * div#hubspot-messages-iframe-container (class widget-align-right) holding
 * div.shadow-container and one cross-origin iframe#hubspot-conversations-iframe
 * (title "Chat Widget") from app-eu1.hubspot.com/conversations-visitor/<portalId>/threads/utk/<utk>
 * with the launcher and the conversation; the container is resized when the chat opens.
 * window.hsConversationsSettings is honoured: loadImmediately:false waits for
 * widget.load(). API (window.HubSpotConversations, defined here, no stub):
 * widget.load(), widget.remove(), widget.open(), widget.close(), widget.refresh(),
 * widget.status() -> {loaded} (load state, not agent presence: HubSpot has no client
 * availability call), on/off('widgetLoaded'|'widgetClosed'|'conversationStarted'|
 * 'unreadConversationCountChanged'|'userInteractedWithWidget', fn), clear(),
 * resetAndReloadWidget(); functions in window.hsConversationsOnReady run once it is ready.
 * Cookies messagesUtk (visitor), hs-messages-is-open (reopens on the next page) and
 * hs-messages-hide-welcome-message.
 */
(function () {
  'use strict';
  if (window.HubSpotConversations && window.HubSpotConversations.__demo) return;
  var me = document.getElementById('hubspot-messages-loader') || document.currentScript;
  var portal = me && me.getAttribute('data-hsjs-portal');
  var hublet = (me && me.getAttribute('data-hsjs-hublet')) || 'eu1';
  if (!portal) return;
  var APP = 'https://app-' + hublet + '.hubspot.com';
  var API = 'https://api-' + hublet + '.hubspot.com';
  var settings = window.hsConversationsSettings || {};
  var listeners = {};
  var container = null, frame = null, cfg = null, loaded = false, opened = false, started = false;

  function cookie(name) { var m = document.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)')); return m ? decodeURIComponent(m[1]) : null; }
  function setCookie(name, value, days) {
    document.cookie = name + '=' + encodeURIComponent(value) + '; path=/; SameSite=Lax' + (days ? '; expires=' + new Date(Date.now() + days * 864e5).toUTCString() : '');
  }
  function hex(n) { var s = ''; while (s.length < n) s += Math.random().toString(16).slice(2); return s.slice(0, n); }
  function emit(name, payload) { (listeners[name] || []).forEach(function (cb) { try { cb(payload); } catch (e) { console.error(e); } }); }
  var utk = cookie('messagesUtk') || hex(32);
  setCookie('messagesUtk', utk, 390);

  function layout() {
    if (!container) return;
    var phone = window.matchMedia('(max-width: 640px)').matches;
    var side = cfg && cfg.position === 'left' ? 'left' : 'right';
    container.className = 'widget-align-' + side;
    var base = 'position:fixed;bottom:0;' + side + ':0;z-index:2147483647;display:block;border:0;';
    container.style.cssText = base + (opened
      ? (phone ? 'top:0;left:0;width:100%;height:100%;' : 'width:400px;height:min(680px,100vh);')
      : 'width:100px;height:96px;');
  }

  function setOpened(next) {
    if (!container || next === opened) return;
    opened = next;
    layout();
    setCookie('hs-messages-is-open', String(opened));
    if (frame && frame._loaded) frame.contentWindow.postMessage({ demoChatCmd: opened ? 'open' : 'close' }, APP);
    emit('userInteractedWithWidget', {});
    if (!opened) emit('widgetClosed', { message: 'widget closed' });
  }

  function keep(source, m) {
    var area = null;
    try { area = cfg.transcript_storage === 'session' ? sessionStorage : cfg.transcript_storage === 'none' ? null : localStorage; } catch (err) { area = null; }
    var key = 'hs-messages-thread-' + portal;
    if (m.action === 'store') { if (area) area.setItem(key, JSON.stringify(m.state)); return; }
    source.postMessage({ demoChatCmd: 'history', state: area ? JSON.parse(area.getItem(key) || 'null') : null }, APP);
  }

  window.addEventListener('message', function (e) {
    var m = e.data;
    if (e.origin !== APP || !frame || e.source !== frame.contentWindow || !m || m.demoChat !== 'hubspot_conversations') return;
    if (m.action === 'ready' || m.action === 'store') { keep(e.source, m); return; }
    if (m.action === 'open') setOpened(true);
    else if (m.action === 'close') setOpened(false);
    else if (m.action === 'toggle') setOpened(!opened);
    else if (m.action === 'visitor_message' && !started) { started = true; emit('conversationStarted', { conversation: { conversationId: Date.now() } }); }
  });

  function draw() {
    if (container || !cfg) return;
    container = document.createElement('div');
    container.id = 'hubspot-messages-iframe-container';
    var shadow = document.createElement('div');
    shadow.className = 'shadow-container';
    container.appendChild(shadow);
    frame = document.createElement('iframe');
    frame.id = 'hubspot-conversations-iframe';
    frame.title = 'Chat Widget';
    frame.setAttribute('data-test-id', 'chat-widget-iframe');
    frame.setAttribute('allowfullscreen', 'true');
    frame.src = APP + '/conversations-visitor/' + portal + '/threads/utk/' + utk + '?uuid=' + hex(32) + '&mobile=' + window.matchMedia('(max-width: 640px)').matches + '&hideWelcomeMessage=' + (cookie('hs-messages-hide-welcome-message') === 'true') + '&domain=' + encodeURIComponent(location.hostname) + '&url=' + encodeURIComponent(location.href) + '&inline=false&view=combined&lang=' + encodeURIComponent(cfg.lang || 'en');
    frame.style.cssText = 'display:block;border:0;width:100%;height:100%;background:transparent;';
    frame.addEventListener('load', function () {
      frame._loaded = true;
      frame.contentWindow.postMessage({ demoChatCmd: opened ? 'open' : 'close' }, APP);
    });
    container.appendChild(frame);
    document.body.appendChild(container);
    opened = cookie('hs-messages-is-open') === 'true';
    layout();
    window.addEventListener('resize', layout);
    loaded = true;
    emit('widgetLoaded', { message: 'widget loaded' });
    emit('unreadConversationCountChanged', { unreadCount: 0 });
  }

  function load() {
    if (cfg) { draw(); return; }
    var request = new XMLHttpRequest();
    request.open('GET', API + '/livechat-public/v1/message/public?portalId=' + encodeURIComponent(portal) + '&conversations-embed=static-1.23456&mobile=false&messagesUtk=' + utk);
    request.onload = function () {
      if (request.status !== 200) return;  // chat is off for this portal: nothing is drawn
      cfg = JSON.parse(request.responseText);
      if (document.body) draw(); else document.addEventListener('DOMContentLoaded', draw);
    };
    request.send();
  }

  var widget = {
    load: function () { load(); },
    remove: function () { if (container) container.remove(); container = null; frame = null; loaded = false; opened = false; },
    open: function () { setOpened(true); },
    close: function () { setOpened(false); },
    refresh: function () {},
    status: function () { return { loaded: loaded }; }
  };
  window.HubSpotConversations = {
    __demo: true,
    widget: widget,
    on: function (name, cb) { (listeners[name] = listeners[name] || []).push(cb); },
    off: function (name, cb) { listeners[name] = (listeners[name] || []).filter(function (f) { return f !== cb; }); },
    clear: function () { setCookie('messagesUtk', '', -1); },
    resetAndReloadWidget: function () { widget.remove(); load(); }
  };
  (window.hsConversationsOnReady || []).forEach(function (fn) { try { fn(); } catch (e) { console.error(e); } });
  if (settings.loadImmediately !== false) load();
})();
