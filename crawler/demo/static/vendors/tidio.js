/*
 * Fake Tidio widget, served as https://code.tidio.co/<publicKey>.js.
 *
 * There is no stub: this script defines window.tidioChatApi and, once drawn,
 * dispatches the `tidioChat-ready` event on document (loaded marker:
 * tidioChatApi.readyEventWasFired === true). API: open(), close(), show(), hide(),
 * display(bool), on('ready'|'open'|'close'|'setStatus'|'messageFromOperator'|
 * 'messageFromVisitor'|'preFormFilled', cb), setVisitorData(obj), setColorPalette(c),
 * messageFromVisitor(text) (only echoed in the frame), track(), popUpOpen(), popUpHide().
 * 'setStatus' callbacks get 'online'|'offline'. DOM: div#tidio-chat holding one
 * cross-origin iframe#tidio-chat-iframe (title "Tidio Chat") from widget-v4.tidiochat.com,
 * resized between the bubble and the open chat. localStorage: tidio_state_<publicKey>.
 */
(function () {
  'use strict';
  var cfg = __ACCOUNT_CONFIG__;
  if (!cfg) { console.error('Tidio: project not found'); return; }
  if (window.tidioChatApi && window.tidioChatApi.readyEventWasFired) return;

  var ORIGIN = 'https://widget-v4.tidiochat.com';
  var key = String(cfg.account);
  var status = cfg.status === 'online' ? 'online' : 'offline';
  var listeners = {};
  var opened = false, shown = true;
  var container, frame;
  var stateKey = 'tidio_state_' + key;

  function emit(name, payload) { (listeners[name] || []).forEach(function (cb) { try { cb(payload); } catch (e) { console.error(e); } }); }
  function mobile() { return window.matchMedia('(max-width: 640px)').matches; }
  function saveState() {
    try {
      var stateValue = JSON.parse(localStorage.getItem(stateKey) || '{}');
      stateValue.visitorId = stateValue.visitorId || Math.random().toString(16).slice(2) + Math.random().toString(16).slice(2);
      stateValue.widgetOpened = opened;
      stateValue.lastVisit = Date.now();
      localStorage.setItem(stateKey, JSON.stringify(stateValue));
    } catch (e) { /* storage blocked */ }
  }

  function layout() {
    if (!container) return;
    var side = cfg.position === 'left' ? 'left' : 'right';
    var base = 'position:fixed;bottom:0;' + side + ':0;z-index:999999999;border:0;';
    if (!shown) container.style.cssText = base + 'display:none;';
    else if (opened) container.style.cssText = base + (mobile() ? 'top:0;left:0;width:100%;height:100%;' : 'width:392px;height:min(640px,100vh);');
    else container.style.cssText = base + 'width:94px;height:94px;';
  }
  function setOpened(next) {
    if (!container || next === opened) return;
    opened = next;
    layout();
    saveState();
    if (frame._loaded) frame.contentWindow.postMessage({ demoChatCmd: opened ? 'open' : 'close' }, ORIGIN);
    emit(opened ? 'open' : 'close');
  }
  function toFrame(cmd, text) { if (frame && frame._loaded) frame.contentWindow.postMessage({ demoChatCmd: cmd, text: text }, ORIGIN); }

  var api = window.tidioChatApi = {
    readyEventWasFired: false,
    open: function () { setOpened(true); },
    close: function () { setOpened(false); },
    show: function () { shown = true; layout(); },
    hide: function () { shown = false; layout(); },
    display: function (on) { shown = !!on; layout(); },
    on: function (name, cb) {
      (listeners[name] = listeners[name] || []).push(cb);
      if (name === 'ready' && api.readyEventWasFired) cb();
      if (name === 'setStatus' && api.readyEventWasFired) cb(status);
    },
    setVisitorData: function () {},
    setContactProperties: function () {},
    setColorPalette: function () {},
    messageFromVisitor: function (text) { toFrame('send', text); },
    messageFromOperator: function () {},
    track: function () {},
    popUpOpen: function () { setOpened(true); },
    popUpHide: function () { setOpened(false); },
    adjustStyles: function () {}
  };
  window.tidioIdentify = window.tidioIdentify || {};

  // The chat frame's transcript, kept first-party like a real widget's session;
  // `transcript_storage` = local (default) | session | none picks where.
  function keep(source, m) {
    var area = null;
    try { area = cfg.transcript_storage === 'session' ? sessionStorage : cfg.transcript_storage === 'none' ? null : localStorage; } catch (err) { area = null; }
    var storeKey = 'tidio_state_' + key + '_messages';
    if (m.action === 'store') { if (area) area.setItem(storeKey, JSON.stringify(m.state)); return; }
    source.postMessage({ demoChatCmd: 'history', state: area ? JSON.parse(area.getItem(storeKey) || 'null') : null }, ORIGIN);
  }

  window.addEventListener('message', function (e) {
    var m = e.data;
    if (e.origin !== ORIGIN || !m || m.demoChat !== 'tidio' || m.account !== key) return;
    if (m.action === 'ready' || m.action === 'store') { keep(e.source, m); return; }
    if (m.action === 'open') setOpened(true);
    else if (m.action === 'close') setOpened(false);
    else if (m.action === 'toggle') setOpened(!opened);
    else if (m.action === 'visitor_message') emit('messageFromVisitor', { message: m.text });
    else if (m.action === 'agent_message') emit('messageFromOperator', { message: m.text });
    else if (m.action === 'form_submitted') emit('preFormFilled', { form_data: {} });
  });

  function render() {
    container = document.createElement('div');
    container.id = 'tidio-chat';
    frame = document.createElement('iframe');
    frame.id = 'tidio-chat-iframe';
    frame.title = 'Tidio Chat';
    frame.src = ORIGIN + '/1_254_0/static/frame.html?key=' + encodeURIComponent(key) + '&lang=' + (cfg.lang || 'en') + '&view=combined';
    frame.style.cssText = 'display:block;border:none;width:100%;height:100%;background:transparent;';
    frame.addEventListener('load', function () {
      frame._loaded = true;  // sync an open() that came before the frame was ready
      frame.contentWindow.postMessage({ demoChatCmd: opened ? 'open' : 'close' }, ORIGIN);
    });
    container.appendChild(frame);
    document.body.appendChild(container);
    layout();
    window.addEventListener('resize', layout);
    saveState();
    api.readyEventWasFired = true;
    document.dispatchEvent(new Event('tidioChat-ready'));
    emit('ready');
    emit('setStatus', status);
  }

  setTimeout(function () {
    if (document.body) render(); else document.addEventListener('DOMContentLoaded', render);
  }, cfg.load_delay_ms == null ? 500 : cfg.load_delay_ms);
})();
