/*
 * Fake Zoho SalesIQ widget, served as https://salesiq.zohopublic.eu/widget?wc=<widgetcode>
 * from the stock snippet:
 *   window.$zoho=window.$zoho||{}; $zoho.salesiq=$zoho.salesiq||{widgetcode:"siq…",values:{},ready:function(){}};
 *   <script id="zsiqscript" src="https://salesiq.zohopublic.eu/widget?wc=siq…" defer>
 *
 * The snippet's stub has only widgetcode/values/ready; this bundle adds floatbutton,
 * floatwindow, chat and visitor (loaded marker: $zoho.salesiq.floatbutton defined) and then
 * calls $zoho.salesiq.ready(). DOM as the real floatbutton script draws it, in the page:
 * div#zsiq_float.zsiq_floatmain[data-id="zsalesiq"] (the round button with #zsiq_maintitle
 * and #zsiq_byline) and the chat window div.zls-sptwndw.siqembed[data-id="zsiqembed"] holding
 * div#siqcht > iframe#siqiframe[title="SalesIQ Chatwindow"], a same-origin about:blank frame
 * whose document the loader writes itself (the window html comes from
 * /salesiq/chatwindow.html on the vendor host). API: floatwindow.visible('show'|'hide'),
 * floatbutton.visible('show'|'hide'), floatbutton.click(fn), floatwindow.minimize(fn),
 * chat.online(fn) / chat.offline(fn) (callbacks only: there is no status getter),
 * chat.agentMessage(fn), visitor.offlineMessage(fn), visitor.name/email/contactnumber (set
 * only), chat.start() (opens the window). Pre-chat form fields come from the account's
 * `prechat_fields`. Cookies _zldp (visitor) and _zldt (session); the transcript is kept in
 * localStorage under ZLD<embed id>.
 */
(function () {
  'use strict';
  var cfg = __ACCOUNT_CONFIG__;
  if (!cfg) { console.error('SalesIQ: invalid widget code'); return; }
  window.$zoho = window.$zoho || {};
  var siq = window.$zoho.salesiq = window.$zoho.salesiq || { widgetcode: cfg.account, values: {}, ready: function () {} };
  if (siq.floatbutton) return;

  var HOST = 'https://salesiq.zohopublic.eu';
  var code = String(cfg.account);
  var embedId = cfg.embed_id || code.slice(3, 15);
  var status = cfg.status === 'online' ? 'online' : 'offline';
  var lang = cfg.lang || 'en';
  var TEXT = {
    et: { title: 'Küsi meilt', online: 'Oleme kohal', offline: 'Jäta sõnum' },
    en: { title: 'We are here to help', online: 'We are online', offline: 'Leave a message' }
  };
  var T = Object.assign({}, TEXT.en, TEXT[lang] || {}, cfg.button_texts || {});
  var callbacks = { online: [], offline: [], agentMessage: [], offlineMessage: [], click: [], minimize: [], open: [], close: [] };
  var floatDiv, windowDiv, frame, opened = false, buttonShown = true;

  function fire(name, payload) { (callbacks[name] || []).forEach(function (cb) { try { cb(payload); } catch (e) { console.error(e); } }); }
  function cookie(name, value, days) {
    document.cookie = name + '=' + value + '; path=/; SameSite=Lax' + (days ? '; expires=' + new Date(Date.now() + days * 864e5).toUTCString() : '');
  }
  function hex(n) { var s = ''; while (s.length < n) s += Math.random().toString(16).slice(2); return s.slice(0, n); }
  if (!/(?:^|; )_zldp=/.test(document.cookie)) cookie('_zldp', hex(40), 365);
  cookie('_zldt', hex(8) + '-' + Date.now(), 1);

  function layout() {
    if (!floatDiv) return;
    var side = cfg.position === 'left' ? 'left' : 'right';
    floatDiv.style.cssText = 'position:fixed;bottom:20px;' + side + ':20px;z-index:2147483600;width:60px;height:60px;border-radius:50%;background:' + (cfg.color || '#0a66c2') + ';color:#fff;cursor:pointer;box-shadow:0 4px 16px rgba(0,0,0,.25);display:' + (buttonShown && !opened ? 'flex' : 'none') + ';align-items:center;justify-content:center;font:600 11px/1.1 Arial,sans-serif;text-align:center;';
    var phone = window.matchMedia('(max-width: 640px)').matches;
    var size = phone ? 'left:0;right:0;top:0;bottom:0;width:100%;height:100%;' : side + ':20px;bottom:20px;width:370px;height:min(560px,calc(100vh - 40px));';
    windowDiv.style.cssText = 'position:fixed;z-index:2147483601;border-radius:12px;overflow:hidden;box-shadow:0 8px 32px rgba(0,0,0,.25);background:#fff;' + size + (opened ? '' : 'visibility:hidden;top:-10000px;');
  }

  function keep(m) {
    var area = null;
    try { area = cfg.transcript_storage === 'session' ? sessionStorage : cfg.transcript_storage === 'none' ? null : localStorage; } catch (err) { area = null; }
    var key = 'ZLD' + embedId;
    if (m.action === 'store') { if (area) area.setItem(key, JSON.stringify(m.state)); return; }
    frame.contentWindow.postMessage({ demoChatCmd: 'history', state: area ? JSON.parse(area.getItem(key) || 'null') : null }, '*');
  }

  function setOpened(next) {
    if (!windowDiv || next === opened) return;
    opened = next;
    layout();
    try { sessionStorage.setItem('siq_window_open_' + embedId, opened ? '1' : '0'); } catch (e) { /* storage blocked */ }
    if (frame && frame.contentWindow) frame.contentWindow.postMessage({ demoChatCmd: opened ? 'open' : 'close' }, '*');
    fire(opened ? 'open' : 'minimize');
  }

  window.addEventListener('message', function (e) {
    var m = e.data;
    if (!frame || e.source !== frame.contentWindow || !m || m.demoChat !== 'zoho_salesiq') return;
    if (m.action === 'ready' || m.action === 'store') { keep(m); return; }
    if (m.action === 'close') setOpened(false);
    else if (m.action === 'open') setOpened(true);
    else if (m.action === 'agent_message') fire('agentMessage', { message: m.text });
    else if (m.action === 'form_submitted' && m.form === 'offline') fire('offlineMessage', {});
  });

  function writeWindow() {
    // The real floatbutton script writes the chat window into an about:blank iframe.
    var request = new XMLHttpRequest();
    request.open('GET', HOST + '/salesiq/chatwindow.html?wc=' + encodeURIComponent(code));
    request.onload = function () {
      if (request.status !== 200) return;
      var doc = frame.contentWindow.document;
      doc.open();
      doc.write(request.responseText.replace('<head>', '<head><base href="' + HOST + '/salesiq/">'));
      doc.close();
    };
    request.send();
  }

  function render() {
    floatDiv = document.createElement('div');
    floatDiv.id = 'zsiq_float';
    floatDiv.className = 'zsiq_floatmain zsiq_theme1 siq_bR';
    floatDiv.setAttribute('data-id', 'zsalesiq');
    floatDiv.setAttribute('role', 'button');
    floatDiv.setAttribute('tabindex', '0');
    floatDiv.setAttribute('aria-label', T.title);
    floatDiv.innerHTML = '<div class="zsiq_flt_rel"><em class="siqico-chat" aria-hidden="true"><svg viewBox="0 0 24 24" width="26" height="26" aria-hidden="true"><path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg></em>' +
      '<div id="titlediv" class="zsiq_cnt" style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)">' +
      '<div id="zsiq_maintitle" class="zsiq_ellips"></div><div id="zsiq_byline" class="zsiq_ellips"></div></div></div>';
    floatDiv.querySelector('#zsiq_maintitle').textContent = T.title;
    floatDiv.querySelector('#zsiq_byline').textContent = status === 'online' ? T.online : T.offline;
    floatDiv.addEventListener('click', function () { fire('click'); setOpened(true); });
    windowDiv = document.createElement('div');
    windowDiv.className = 'zls-sptwndw siqembed siqtrans zsiq-mobhgt zsiq-newtheme siq_rht zsiq_size2';
    windowDiv.setAttribute('data-id', 'zsiqembed');
    windowDiv.setAttribute('embedtheme', '8');
    var holder = document.createElement('div');
    holder.id = 'siqcht';
    holder.className = 'zls-prelative';
    holder.style.cssText = 'width:100%;height:100%;';
    frame = document.createElement('iframe');
    frame.id = 'siqiframe';
    frame.title = 'SalesIQ Chatwindow';
    frame.setAttribute('seamless', 'seamless');
    frame.setAttribute('scrolling', 'no');
    frame.style.cssText = 'border:0;width:100%;height:100%;display:block;';
    holder.appendChild(frame);
    windowDiv.appendChild(holder);
    document.body.appendChild(windowDiv);
    document.body.appendChild(floatDiv);
    writeWindow();
    var reopen = false;
    try { reopen = sessionStorage.getItem('siq_window_open_' + embedId) === '1'; } catch (e) { /* storage blocked */ }
    opened = false;
    layout();
    if (reopen) setOpened(true);
    window.addEventListener('resize', layout);
    if (typeof siq.ready === 'function') { try { siq.ready(); } catch (e) { console.error(e); } }
    fire(status);
  }

  siq.floatbutton = {
    visible: function (v) { buttonShown = v !== 'hide'; layout(); },
    click: function (fn) { callbacks.click.push(fn); },
    position: function () {},
    coin: { hidetooltip: function () {} }
  };
  siq.floatwindow = {
    visible: function (v) { setOpened(v === 'show'); },
    minimize: function (fn) { callbacks.minimize.push(fn); },
    open: function (fn) { callbacks.open.push(fn); },
    close: function (fn) { callbacks.close.push(fn); }
  };
  siq.chatwindow = siq.floatwindow;
  siq.chat = {
    online: function (fn) { callbacks.online.push(fn); if (floatDiv && status === 'online') fn(); },
    offline: function (fn) { callbacks.offline.push(fn); if (floatDiv && status === 'offline') fn(); },
    agentMessage: function (fn) { callbacks.agentMessage.push(fn); },
    start: function () { setOpened(true); },
    department: function () {},
    waittime: function () {}
  };
  siq.visitor = {
    name: function () {}, email: function () {}, contactnumber: function () {}, info: function () {},
    offlineMessage: function (fn) { callbacks.offlineMessage.push(fn); }
  };
  siq.privacy = { cookieBannerURL: function () {} };
  siq.language = function () {};

  var delay = cfg.load_delay_ms == null ? 400 : cfg.load_delay_ms;
  setTimeout(function () {
    if (document.body) render(); else document.addEventListener('DOMContentLoaded', render);
  }, delay);
})();
