/*
 * Fake Crisp chatbox, served as https://client.crisp.chat/l.js.
 *
 * The snippet sets `window.$crisp=[]` (a plain array: the stub) and
 * CRISP_WEBSITE_ID. This script fetches the website's settings from
 * settings.crisp.chat, replaces $crisp with the loaded object (push/is/get/set/do/on/off),
 * replays queued commands and sets window.$__CRISP_INCLUDED (loaded marker:
 * `!Array.isArray($crisp) && typeof $crisp.is === 'function'`). Supported:
 *   $crisp.push(['do', 'chat:open'|'chat:close'|'chat:toggle'|'chat:show'|'chat:hide'|'message:send', ...])
 *   $crisp.push(['set', 'message:text', [text]])   (prefill)      $crisp.push(['config', 'hide:on:mobile', [true]])
 *   $crisp.push(['on', 'chat:opened'|'chat:closed'|'message:received'|'message:sent'|'website:availability:changed', cb])
 *   $crisp.is('chat:opened'|'chat:closed'|'chat:visible'|'chat:small'|'website:available')
 *   $crisp.get('session:identifier'), $crisp.get('chat:unread:count')
 * Unlike the iframe vendors, Crisp draws into the page itself: div.crisp-client >
 * div#crisp-chatbox[data-visible][data-availability] with a launcher
 * a[aria-label][data-maximized] and the chat window (textarea composer) in the same
 * document. "Hide on mobile" (the dashboard setting, or the config above) leaves the
 * markup in place but not displayed under 768 px or on a mobile user agent.
 * Nothing is sent: a visitor message is echoed and kept in localStorage.
 * Cookie: crisp-client/session/<websiteId> (6 months).
 */
(function () {
  'use strict';
  var websiteId = window.CRISP_WEBSITE_ID;
  var queue = Array.isArray(window.$crisp) ? window.$crisp.slice() : [];
  if (!websiteId) { console.error('[Crisp] CRISP_WEBSITE_ID is missing'); return; }
  if (window.$__CRISP_INCLUDED) return;

  var cfg, available, opened = false, visible = true, hideOnMobile = false;
  var listeners = {};
  var root, box, launcher, chatWindow, list, input;
  var sessionCookie = 'crisp-client/session/' + websiteId;
  var transcriptKey = 'crisp-client/transcript/' + websiteId;
  var TEXT = {
    fi: { placeholder: 'Kirjoita viestisi…', open: 'Avaa chat', close: 'Sulje chat', online: 'Tukitiimi on paikalla', away: 'Vastaamme yleensä muutamassa tunnissa', send: 'Lähetä' },
    et: { placeholder: 'Kirjuta sõnum…', open: 'Ava vestlus', close: 'Sulge vestlus', online: 'Tugi on online', away: 'Vastame tavaliselt mõne tunni jooksul', send: 'Saada' },
    de: { placeholder: 'Schreiben Sie Ihre Nachricht…', open: 'Chat öffnen', close: 'Chat schließen', online: 'Der Support ist online', away: 'Wir antworten meist innerhalb weniger Stunden', send: 'Senden' },
    en: { placeholder: 'Compose your message…', open: 'Open chat', close: 'Close chat', online: 'Support is online', away: 'We usually reply in a few hours', send: 'Send' }
  };
  var T;

  function cookie(name) {
    var parts = document.cookie.split('; ');
    for (var i = 0; i < parts.length; i++) { var p = parts[i].split('='); if (decodeURIComponent(p[0]) === name) return decodeURIComponent(p.slice(1).join('=')); }
    return null;
  }
  var session = cookie(sessionCookie) || 'session_' + 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, function () { return (Math.random() * 16 | 0).toString(16); });
  document.cookie = encodeURIComponent(sessionCookie) + '=' + encodeURIComponent(session) + '; path=/; SameSite=Lax; expires=' + new Date(Date.now() + 182 * 864e5).toUTCString();

  function emit(name) { var args = [].slice.call(arguments, 1); (listeners[name] || []).forEach(function (cb) { try { cb.apply(null, args); } catch (e) { console.error(e); } }); }
  function phone() { return window.matchMedia('(max-width: 767px)').matches || /Mobi|Android|iPhone/i.test(navigator.userAgent); }

  function layout() {
    if (!box) return;
    var show = visible && !(hideOnMobile && phone());
    box.setAttribute('data-visible', String(show));
    box.setAttribute('data-full-view', String(opened));
    launcher.setAttribute('data-maximized', String(opened));
    launcher.setAttribute('aria-label', opened ? T.close : T.open);
    chatWindow.style.display = opened ? 'flex' : 'none';
  }
  function setOpened(next) {
    if (!box || next === opened) return;
    opened = next;
    try { sessionStorage.setItem('crisp-client/opened/' + websiteId, String(opened)); } catch (e) { /* blocked */ }
    layout();
    emit(opened ? 'chat:opened' : 'chat:closed');
    if (opened && input) input.focus();
  }
  function transcriptArea() {
    try { return cfg.transcript_storage === 'session' ? sessionStorage : cfg.transcript_storage === 'none' ? null : localStorage; } catch (e) { return null; }
  }
  function addMessage(from, text, persist) {
    var item = document.createElement('div');
    item.className = 'cc-msg cc-msg--' + from;
    item.setAttribute('data-from', from);
    item.textContent = text;
    list.appendChild(item);
    var area = transcriptArea();
    if (persist && area) {
      var all = JSON.parse(area.getItem(transcriptKey) || '[]');
      all.push({ from: from, text: text });
      area.setItem(transcriptKey, JSON.stringify(all));
    }
  }
  function send(text) {
    text = (text || '').trim();
    if (!text) return;
    addMessage('visitor', text, true);
    emit('message:sent', { type: 'text', content: text, from: 'user' });
    if (available && cfg.reply !== false) {
      setTimeout(function () {
        addMessage('operator', cfg.reply || 'Thanks! (demo reply: nothing was sent)', true);
        emit('message:received', { type: 'text', content: cfg.reply, from: 'operator' });
      }, cfg.reply_delay_ms == null ? 2500 : cfg.reply_delay_ms);
    }
  }

  function render() {
    T = Object.assign({}, TEXT.en, TEXT[cfg.lang] || {});
    root = document.createElement('div');
    root.className = 'crisp-client';
    root.id = 'crisp-chatbox-' + websiteId.slice(0, 8);
    var style = document.createElement('style');
    var color = cfg.color || '#1972f5';
    style.textContent = '.crisp-client #crisp-chatbox[data-visible=false]{display:none!important}'
      + '.crisp-client .cc-launcher{position:fixed;bottom:20px;right:24px;width:60px;height:60px;border-radius:50%;background:' + color + ';display:flex;align-items:center;justify-content:center;z-index:1000000;box-shadow:0 4px 12px rgba(0,0,0,.2)}'
      + '.crisp-client .cc-launcher svg{width:30px;height:30px;fill:#fff}'
      + '.crisp-client .cc-window{position:fixed;bottom:96px;right:24px;width:360px;height:500px;max-height:calc(100vh - 120px);background:#fff;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.2);flex-direction:column;overflow:hidden;z-index:1000000;font:14px/1.4 system-ui,sans-serif;color:#222}'
      + '.crisp-client .cc-head{background:' + color + ';color:#fff;padding:16px}.crisp-client .cc-head b{display:block;font-size:16px}'
      + '.crisp-client .cc-list{flex:1;overflow:auto;padding:12px;display:flex;flex-direction:column;gap:8px;background:#f7f8fa}'
      + '.crisp-client .cc-msg{max-width:80%;padding:8px 12px;border-radius:14px;background:#e8ebf0}.crisp-client .cc-msg--visitor{align-self:flex-end;background:' + color + ';color:#fff}'
      + '.crisp-client .cc-hours{font-size:12px;color:#666;padding:8px 12px;background:#fff;border-bottom:1px solid #eee}'
      + '.crisp-client .cc-compose{display:flex;border-top:1px solid #eee}.crisp-client textarea{flex:1;border:0;padding:12px;font:inherit;resize:none}'
      + '.crisp-client .cc-send{border:0;background:transparent;color:' + color + ';font-weight:700;padding:0 14px}';
    root.appendChild(style);
    box = document.createElement('div');
    box.id = 'crisp-chatbox';
    box.setAttribute('data-availability', available ? 'online' : 'away');
    box.setAttribute('data-chat-status', 'ongoing');
    launcher = document.createElement('a');
    launcher.className = 'cc-launcher cc-1xry';
    launcher.href = '#';
    launcher.setAttribute('role', 'button');
    launcher.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2h-7l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"/></svg>';
    launcher.addEventListener('click', function (e) { e.preventDefault(); setOpened(!opened); });
    chatWindow = document.createElement('div');
    chatWindow.className = 'cc-window cc-kxkl';
    chatWindow.setAttribute('role', 'dialog');
    chatWindow.setAttribute('aria-label', cfg.title || 'Chat');
    var head = document.createElement('div');
    head.className = 'cc-head';
    head.innerHTML = '<b></b><span class="cc-availability"></span>';
    head.querySelector('b').textContent = cfg.title || 'Chat';
    head.querySelector('.cc-availability').textContent = available ? T.online : T.away;
    chatWindow.appendChild(head);
    if (cfg.hours) {
      var hours = document.createElement('div');
      hours.className = 'cc-hours';
      hours.textContent = cfg.hours;
      chatWindow.appendChild(hours);
    }
    list = document.createElement('div');
    list.className = 'cc-list';
    chatWindow.appendChild(list);
    var compose = document.createElement('div');
    compose.className = 'cc-compose';
    input = document.createElement('textarea');
    input.name = 'message_field';
    input.rows = 1;
    input.placeholder = cfg.placeholder || T.placeholder;
    input.setAttribute('aria-label', input.placeholder);
    input.addEventListener('keydown', function (e) { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(input.value); input.value = ''; } });
    var sendButton = document.createElement('button');
    sendButton.type = 'button';
    sendButton.className = 'cc-send';
    sendButton.textContent = T.send;
    sendButton.addEventListener('click', function () { send(input.value); input.value = ''; });
    compose.appendChild(input);
    compose.appendChild(sendButton);
    chatWindow.appendChild(compose);
    box.appendChild(chatWindow);
    box.appendChild(launcher);
    root.appendChild(box);
    document.body.appendChild(root);
    if (cfg.greeting) addMessage('operator', cfg.greeting, false);
    var area = transcriptArea();
    if (area) JSON.parse(area.getItem(transcriptKey) || '[]').forEach(function (m) { addMessage(m.from, m.text, false); });
    var remembered = null;
    try { remembered = sessionStorage.getItem('crisp-client/opened/' + websiteId); } catch (e) { /* blocked */ }
    layout();
    if (remembered === 'true') setOpened(true);
    window.addEventListener('resize', layout);
  }

  function run(cmd) {
    if (!Array.isArray(cmd)) return;
    var verb = cmd[0], name = cmd[1], args = cmd[2];
    if (verb === 'on') { (listeners[name] = listeners[name] || []).push(args); return; }
    if (verb === 'off') { delete listeners[name]; return; }
    if (verb === 'config') {
      if (name === 'hide:on:mobile') { hideOnMobile = Array.isArray(args) ? !!args[0] : !!args; layout(); }
      return;
    }
    if (verb === 'set') {
      if (name === 'message:text' && input) input.value = Array.isArray(args) ? args[0] : args;
      return;
    }
    if (verb === 'do') {
      if (name === 'chat:open') setOpened(true);
      else if (name === 'chat:close') setOpened(false);
      else if (name === 'chat:toggle') setOpened(!opened);
      else if (name === 'chat:show') { visible = true; layout(); }
      else if (name === 'chat:hide') { visible = false; layout(); }
      else if (name === 'message:send' && Array.isArray(args)) send(args[1]);
    }
  }

  var api = {
    push: function () { for (var i = 0; i < arguments.length; i++) run(arguments[i]); return 0; },
    is: function (what) {
      if (what === 'chat:opened') return opened;
      if (what === 'chat:closed') return !opened;
      if (what === 'chat:visible') return !!box && box.getAttribute('data-visible') === 'true';
      if (what === 'chat:small') return phone();
      if (what === 'website:available') return !!available;
      if (what === 'session:ongoing') return true;
      return false;
    },
    get: function (what) {
      if (what === 'session:identifier') return session;
      if (what === 'chat:unread:count') return 0;
      return null;
    },
    set: function (name, value) { run(['set', name, value]); },
    do: function (name, args) { run(['do', name, args]); },
    on: function (name, cb) { run(['on', name, cb]); },
    off: function (name) { run(['off', name]); },
    help: function () { console.info('fake Crisp chatbox (chatshopper demo)'); }
  };

  fetch('https://settings.crisp.chat/client/website/' + encodeURIComponent(websiteId) + '/')
    .then(function (r) { if (!r.ok) throw new Error('website not found'); return r.json(); })
    .then(function (settings) {
      cfg = settings;
      available = cfg.status === 'online';
      hideOnMobile = !!cfg.hide_on_mobile;
      setTimeout(function () {
        var start = function () {
          render();
          // Commands pushed while we were loading may have landed on the stub array.
          if (Array.isArray(window.$crisp)) queue = queue.concat(window.$crisp.slice(queue.length));
          window.$crisp = api;
          window.$__CRISP_INCLUDED = true;
          window.$__CRISP_INSTANCE = { website_id: websiteId };
          queue.forEach(run);
          emit('website:availability:changed', !!available);
        };
        if (document.body) start(); else document.addEventListener('DOMContentLoaded', start);
      }, cfg.load_delay_ms == null ? 300 : cfg.load_delay_ms);
    })
    .catch(function (err) { console.error('[Crisp]', err.message); });
})();
