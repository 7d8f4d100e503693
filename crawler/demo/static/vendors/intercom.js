/*
 * Fake Intercom Messenger, served as https://widget.intercom.io/widget/<app_id>.
 *
 * The snippet defines the stub `Intercom = function(){ i.c(arguments) }` with the
 * queue `Intercom.q` and loads this script on window load. This script defines
 * the loaded `Intercom` (loaded marker: Intercom.booted === true), replays the
 * queue and boots with window.intercomSettings. Commands: boot, update, shutdown,
 * show, hide, showMessages, showNewMessage(text) (prefill only), onShow(cb),
 * onHide(cb), onUnreadCountChange(cb), getVisitorId(), trackEvent().
 * DOM, as the real messenger draws it: div.intercom-lightweight-app with a
 * top-level launcher div.intercom-launcher (role=button, aria-label), a hidden
 * iframe#intercom-frame, and, once opened, div#intercom-container holding the
 * cross-origin iframe[name="intercom-messenger-frame"] (js.intercomcdn.com). A
 * proactive message appears after `proactive_delay_ms` in
 * iframe[name="intercom-notifications-frame"]. Cookies: intercom-id-<app>,
 * intercom-session-<app>, intercom-device-id-<app>.
 */
(function () {
  'use strict';
  var cfg = __ACCOUNT_CONFIG__;
  var stub = window.Intercom;
  if (!cfg) { console.error('[Intercom] Unknown app_id'); return; }
  if (stub && stub.booted) return;

  var ORIGIN = 'https://js.intercomcdn.com';
  var appId = String(cfg.account);
  var FRAME = ORIGIN + '/messenger/frame.html?app_id=' + encodeURIComponent(appId) + '&lang=' + (cfg.lang || 'en');
  var queue = stub && stub.q ? stub.q.slice() : [];
  var shown = false, booted = false;
  var hooks = { show: [], hide: [], unread: [] };
  var light, launcher, markerFrame, container, messenger, notification;

  function cookie(name) { var m = document.cookie.match('(?:^|; )' + name + '=([^;]*)'); return m ? decodeURIComponent(m[1]) : null; }
  function setCookie(name, value, days) {
    var c = name + '=' + encodeURIComponent(value) + '; path=/; SameSite=Lax';
    if (days) c += '; expires=' + new Date(Date.now() + days * 864e5).toUTCString();
    document.cookie = c;
  }
  function uuid() { return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, function () { return (Math.random() * 16 | 0).toString(16); }); }
  function fire(list, arg) { list.forEach(function (cb) { try { cb(arg); } catch (e) { console.error(e); } }); }

  function ensureMessenger() {
    if (container) return;
    container = document.createElement('div');
    container.id = 'intercom-container';
    container.className = 'intercom-namespace';
    messenger = document.createElement('iframe');
    messenger.name = 'intercom-messenger-frame';
    messenger.title = 'Intercom live chat';
    messenger.src = FRAME + '&view=panel';
    messenger.style.cssText = 'position:fixed;z-index:2147483000;bottom:84px;right:20px;width:400px;height:min(704px,100% - 104px);border:0;border-radius:16px;box-shadow:rgba(0,0,0,.16) 0 5px 40px;display:none;';
    if (window.matchMedia('(max-width: 450px)').matches) messenger.style.cssText += 'inset:0;width:100%;height:100%;border-radius:0;';
    messenger.addEventListener('load', function () { messenger._loaded = true; });
    container.appendChild(messenger);
    document.body.appendChild(container);
  }
  function setShown(next) {
    if (!booted || next === shown) return;
    shown = next;
    ensureMessenger();
    messenger.style.display = shown ? 'block' : 'none';
    launcher.setAttribute('aria-label', shown ? 'Close Intercom Messenger' : 'Open Intercom Messenger');
    launcher.classList.toggle('intercom-launcher-active', shown);
    if (notification) { notification.remove(); notification = null; }
    if (messenger._loaded) messenger.contentWindow.postMessage({ demoChatCmd: shown ? 'open' : 'close' }, ORIGIN);
    fire(shown ? hooks.show : hooks.hide);
  }

  function boot(settings) {
    if (booted || !document.body) return;
    booted = true;
    var device = cookie('intercom-device-id-' + appId) || uuid();
    setCookie('intercom-device-id-' + appId, device, 270);
    setCookie('intercom-id-' + appId, cookie('intercom-id-' + appId) || uuid(), 270);
    setCookie('intercom-session-' + appId, '', 7);
    light = document.createElement('div');
    light.className = 'intercom-lightweight-app';
    light.setAttribute('aria-live', 'polite');
    launcher = document.createElement('div');
    launcher.className = 'intercom-lightweight-app-launcher intercom-launcher';
    launcher.setAttribute('role', 'button');
    launcher.setAttribute('tabindex', '0');
    launcher.setAttribute('aria-label', 'Open Intercom Messenger');
    launcher.style.cssText = 'position:fixed;z-index:2147483003;bottom:20px;right:20px;width:48px;height:48px;border-radius:50%;background:' + (cfg.color || '#0b5cff') + ';cursor:pointer;display:flex;align-items:center;justify-content:center;box-shadow:0 1px 6px rgba(0,0,0,.06),0 2px 32px rgba(0,0,0,.16);';
    launcher.innerHTML = '<div class="intercom-lightweight-app-launcher-icon intercom-lightweight-app-launcher-icon-open"><svg width="24" height="24" viewBox="0 0 28 32" fill="#fff" aria-hidden="true"><path d="M28 32s-4.714-1.855-8.527-3.34H3.437C1.54 28.66 0 27.026 0 25.013V3.644C0 1.633 1.54 0 3.437 0h21.125c1.898 0 3.437 1.632 3.437 3.645v18.404H28V32z"/></svg></div>';
    launcher.addEventListener('click', function () { setShown(!shown); });
    launcher.addEventListener('keydown', function (e) { if (e.key === 'Enter') setShown(!shown); });
    light.appendChild(launcher);
    document.body.appendChild(light);
    markerFrame = document.createElement('iframe');
    markerFrame.id = 'intercom-frame';
    markerFrame.setAttribute('aria-hidden', 'true');
    markerFrame.tabIndex = -1;
    markerFrame.title = 'Intercom';
    markerFrame.src = ORIGIN + '/frame-modern.html';
    markerFrame.style.cssText = 'position:absolute!important;opacity:0!important;width:1px!important;height:1px!important;top:0!important;left:0!important;border:none!important;display:block!important;z-index:-1!important;pointer-events:none;';
    document.body.appendChild(markerFrame);
    api.booted = true;
    if (cfg.proactive) {
      setTimeout(function () {
        if (shown || !booted) return;
        notification = document.createElement('iframe');
        notification.name = 'intercom-notifications-frame';
        notification.title = 'Intercom live chat message';
        notification.src = FRAME + '&view=notification';
        notification.style.cssText = 'position:fixed;z-index:2147483002;bottom:84px;right:20px;width:330px;height:110px;border:0;background:transparent;';
        document.body.appendChild(notification);
        fire(hooks.unread, 1);
      }, cfg.proactive_delay_ms == null ? 3000 : cfg.proactive_delay_ms);
    }
    return settings;
  }

  var commands = {
    boot: function (settings) { boot(settings || window.intercomSettings); },
    update: function () {},
    shutdown: function () {
      booted = false; api.booted = false; shown = false;
      [light, markerFrame, container, notification].forEach(function (n) { if (n) n.remove(); });
      container = null; notification = null;
      setCookie('intercom-session-' + appId, '', -1);
    },
    show: function () { setShown(true); },
    hide: function () { setShown(false); },
    showMessages: function () { setShown(true); },
    showNewMessage: function (text) { setShown(true); if (messenger._loaded) messenger.contentWindow.postMessage({ demoChatCmd: 'prefill', text: text || '' }, ORIGIN); },
    onShow: function (cb) { hooks.show.push(cb); },
    onHide: function (cb) { hooks.hide.push(cb); },
    onUnreadCountChange: function (cb) { hooks.unread.push(cb); },
    getVisitorId: function () { return cookie('intercom-id-' + appId); },
    trackEvent: function () {},
    reattach_activator: function () {}
  };
  function api(name) {
    var fn = commands[name];
    if (!fn) { console.warn('[Intercom] unknown method ' + name); return undefined; }
    return fn.apply(null, [].slice.call(arguments, 1));
  }
  api.booted = false;
  window.Intercom = api;

  // The chat frame's transcript, kept first-party like a real widget's session;
  // `transcript_storage` = local (default) | session | none picks where.
  function keep(source, m) {
    var area = null;
    try { area = cfg.transcript_storage === 'session' ? sessionStorage : cfg.transcript_storage === 'none' ? null : localStorage; } catch (err) { area = null; }
    var key = 'intercom.intercom-state-' + appId;
    if (m.action === 'store') { if (area) area.setItem(key, JSON.stringify(m.state)); return; }
    source.postMessage({ demoChatCmd: 'history', state: area ? JSON.parse(area.getItem(key) || 'null') : null }, ORIGIN);
  }

  window.addEventListener('message', function (e) {
    var m = e.data;
    if (e.origin !== ORIGIN || !m || m.demoChat !== 'intercom' || m.account !== appId) return;
    if (m.action === 'ready' || m.action === 'store') { keep(e.source, m); return; }
    if (m.action === 'open') setShown(true);
    else if (m.action === 'close') setShown(false);
    else if (m.action === 'toggle') setShown(!shown);
    else if (m.action === 'agent_message') fire(hooks.unread, 1);
  });

  function start() {
    setTimeout(function () {
      boot(window.intercomSettings);
      queue.forEach(function (args) { api.apply(null, [].slice.call(args)); });
      queue = [];
    }, cfg.load_delay_ms == null ? 300 : cfg.load_delay_ms);
  }
  if (document.body) start(); else document.addEventListener('DOMContentLoaded', start);
})();
