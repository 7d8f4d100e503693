/*
 * Fake Zendesk Web Widget (Classic), served as
 * https://static.zdassets.com/ekr/snippet.js?key=<key> from <script id="ze-snippet">.
 *
 * No stub exists before load: `zE` is defined by this script and queues calls
 * until the widget is drawn (loaded marker: window.zEACLoaded === true). API:
 *   zE('webWidget', 'open'|'close'|'show'|'hide'|'toggle'|'prefill'|'setLocale'|'updateSettings'|'reset')
 *   zE('webWidget:on', 'open'|'close'|'chat:connected'|'chat:status'|'chat:start'|'chat:unreadMessages', cb)
 *   zE('webWidget:get', 'display') -> 'launcher'|'chat'|'hidden'; zE('webWidget:get', 'chat:isChatting')
 *   zE('webWidget', 'chat:send', text) only echoes inside the frame (nothing is sent).
 * 'chat:status' callbacks get 'online'|'away'|'offline' (also at once when subscribing late,
 * which the real widget does not promise). window.zESettings.webWidget.position.horizontal
 * is honoured. DOM: iframe#launcher (the launcher button is itself an
 * iframe) and iframe#webWidget (the panel), both served from static.zdassets.com.
 * Storage: cookie __zlcmid; localStorage ZD-suid, ZD-buid, ZD-store, ZD-widgetOpen
 * (an open widget re-opens on the next page, like the real one).
 */
(function () {
  'use strict';
  var cfg = __ACCOUNT_CONFIG__;
  if (!cfg) { console.error('Zendesk Web Widget: invalid key'); return; }
  if (window.zEACLoaded || window.zE) return;

  var ORIGIN = 'https://static.zdassets.com';
  var FRAME = ORIGIN + '/web_widget/classic/frame.html?key=' + encodeURIComponent(cfg.account) + '&lang=' + (cfg.lang || 'en');
  var status = cfg.status || 'online';
  var display = 'launcher';
  var handlers = {};
  var launcher, widget, connected = false;

  function uid() { return 'xxxxxxxxxxxx4xxx'.replace(/x/g, function () { return (Math.random() * 16 | 0).toString(16); }); }
  function store(key, value) { try { localStorage.setItem(key, value); } catch (e) { /* blocked */ } }
  function read(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
  function fire(name) {
    var args = [].slice.call(arguments, 1);
    (handlers[name] || []).forEach(function (cb) { try { cb.apply(null, args); } catch (e) { console.error(e); } });
  }
  function mobile() { return window.matchMedia('(max-width: 640px)').matches; }

  function iframe(id, title, view, css) {
    var f = document.createElement('iframe');
    f.id = id;
    f.title = title;
    f.setAttribute('tabindex', '0');
    f.setAttribute('data-product', 'web_widget');
    f.src = FRAME + '&view=' + view;
    f.style.cssText = css;
    f.addEventListener('load', function () { f._loaded = true; });
    var wrap = document.createElement('div');
    wrap.appendChild(f);
    document.body.appendChild(wrap);
    return f;
  }

  function layout() {
    launcher.style.display = display === 'launcher' ? 'block' : 'none';
    widget.style.display = display === 'chat' ? 'block' : 'none';
    if (mobile()) widget.style.cssText += ';inset:0;width:100%;height:100%;max-height:none;';
  }

  function setDisplay(next) {
    if (next === display) return;
    var was = display;
    display = next;
    store('ZD-widgetOpen', String(display === 'chat'));
    layout();
    if (widget._loaded) widget.contentWindow.postMessage({ demoChatCmd: display === 'chat' ? 'open' : 'close' }, ORIGIN);
    if (display === 'chat') fire('open');
    if (was === 'chat') fire('close');
  }

  var commands = {
    open: function () { setDisplay('chat'); },
    close: function () { setDisplay('launcher'); },
    toggle: function () { setDisplay(display === 'chat' ? 'launcher' : 'chat'); },
    show: function () { if (display === 'hidden') setDisplay('launcher'); },
    hide: function () { setDisplay('hidden'); },
    prefill: function () {},
    setLocale: function () {},
    updateSettings: function () {},
    identify: function () {},
    reset: function () { store('ZD-store', '{}'); },
    'chat:send': function (text) { if (widget._loaded) widget.contentWindow.postMessage({ demoChatCmd: 'send', text: text }, ORIGIN); },
    'chat:end': function () {},
    'chat:reconnect': function () {}
  };
  var getters = {
    display: function () { return display; },
    'chat:isChatting': function () { return false; },
    'chat:department': function () { return null; },
    'chat:departments': function () { return []; }
  };

  var queue = [];
  window.zE = function (scope, name) {
    var args = [].slice.call(arguments, 2);
    if (!launcher) { queue.push([].slice.call(arguments)); return undefined; }
    if (scope === 'webWidget') {
      if (commands[name]) commands[name].apply(null, args);
      else console.warn('Zendesk Web Widget: unknown command ' + name);
      return undefined;
    }
    if (scope === 'webWidget:on') {
      (handlers[name] = handlers[name] || []).push(args[0]);
      if (connected && name === 'chat:status') args[0](status);
      if (connected && name === 'chat:connected') args[0]();
      return undefined;
    }
    if (scope === 'webWidget:get') return getters[name] ? getters[name].apply(null, args) : undefined;
    if (typeof scope === 'function') { scope(); return undefined; } // zE(function(){...}) ready form
    console.warn('Zendesk Web Widget: this account uses the Classic widget, not ' + scope);
    return undefined;
  };
  window.zE.version = 'demo-classic';
  window.zEmbed = window.zE;

  // The chat frame's transcript, kept first-party like a real widget's session;
  // `transcript_storage` = local (default) | session | none picks where.
  function keep(source, m) {
    var area = null;
    try { area = cfg.transcript_storage === 'session' ? sessionStorage : cfg.transcript_storage === 'none' ? null : localStorage; } catch (err) { area = null; }
    var key = 'ZD-chatHistory';
    if (m.action === 'store') { if (area) area.setItem(key, JSON.stringify(m.state)); return; }
    source.postMessage({ demoChatCmd: 'history', state: area ? JSON.parse(area.getItem(key) || 'null') : null }, ORIGIN);
  }

  window.addEventListener('message', function (e) {
    var m = e.data;
    if (e.origin !== ORIGIN || !m || m.demoChat !== 'zendesk' || m.account !== cfg.account) return;
    if (m.action === 'ready' || m.action === 'store') { keep(e.source, m); return; }
    if (m.action === 'toggle') commands.toggle();
    else if (m.action === 'open') commands.open();
    else if (m.action === 'close') commands.close();
    else if (m.action === 'visitor_message') fire('chat:start');
    else if (m.action === 'agent_message') fire('chat:unreadMessages', 1);
  });

  if (!read('ZD-suid')) store('ZD-suid', JSON.stringify({ id: uid(), expiry: Date.now() + 1200000 }));
  if (!read('ZD-buid')) store('ZD-buid', JSON.stringify({ id: uid(), expiry: Date.now() + 63072000000 }));
  if (!read('ZD-store')) store('ZD-store', JSON.stringify({ 'web_widget/classic': { chat: { status: status } } }));
  if (!/(?:^|; )__zlcmid=/.test(document.cookie)) {
    document.cookie = '__zlcmid=' + Math.random().toString(36).slice(2, 14).toUpperCase() + '; path=/; SameSite=Lax; expires=' + new Date(Date.now() + 365 * 864e5).toUTCString();
  }

  function render() {
    var settings = window.zESettings && window.zESettings.webWidget || {};
    var side = (settings.position && settings.position.horizontal || cfg.position) === 'left' ? 'left' : 'right';
    launcher = iframe('launcher', 'Opens a widget where you can chat to one of our agents', 'launcher',
      'position:fixed;bottom:14px;' + side + ':20px;width:64px;height:64px;border:none;z-index:999998;background:transparent;');
    widget = iframe('webWidget', 'Find more information here', 'panel',
      'position:fixed;bottom:14px;' + side + ':20px;width:374px;height:572px;max-height:calc(100vh - 28px);border:none;z-index:999999;display:none;background:transparent;');
    layout();
    if (read('ZD-widgetOpen') === 'true') setDisplay('chat');
    window.zEACLoaded = true;
    var pending = queue; queue = [];
    pending.forEach(function (args) { window.zE.apply(null, args); });
    setTimeout(function () { connected = true; fire('chat:connected'); fire('chat:status', status); }, 200);
    window.addEventListener('resize', layout);
  }

  setTimeout(function () {
    if (document.body) render(); else document.addEventListener('DOMContentLoaded', render);
  }, cfg.load_delay_ms == null ? 400 : cfg.load_delay_ms);
})();
