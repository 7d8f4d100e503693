/*
 * Fake Ebbot chat widget, served as
 * https://ebbot-v2.storage.googleapis.com/ebbot-web/init.js?t=<Math.random()>.
 *
 * Ebbot "Web" doc: the site sets `window.Ebbot = { botId: '…' }` (only config: the
 * stub) and appends script#init-js-widget to <body>. Ebbot "Chat widget API" doc
 * (docs.ebbot.ai/chat-widget-api): once loaded, window.Ebbot has the methods
 * create, destroy, initChatWindow (also as window.ebbot.initChatWindow), isInitialized,
 * resetSession, openChatWindow, closeChatWindow, isChatWindowOpened, isChatWindowClosed,
 * sendMessage (echoed only: nothing is sent), setUserAttribute, triggerScenario, endChat,
 * transcriptChat, snoozeChat, isSnoozed, hide, show, isHidden, clearChat, isUserActive,
 * isConversationActive, getWidgetSize; and it calls the hooks the site set:
 * onBeforeLoad, onLoad, onReset, onCreate, onDestroy, onChatWindowOpen, onChatWindowClose,
 * onMessage, onBotMessage, onUserMessage, onStartConversation.
 * Loaded marker: `Ebbot.openChatWindow` is a function.
 * Dashboard settings (Web doc): chat bubble, colour, placeholder, half/tall height,
 * left/right, footer, "Clear chat on tab close" (here: transcript in sessionStorage).
 * DOM: ? not documented; here a round "blob" button in the page (div#ebbot-chat-bubble)
 * with a teaser, and the chat window in a cross-origin iframe (#ebbot_chat_frame)
 * from the vendor host. The bot answers first (greeting with a bot name).
 */
(function () {
  'use strict';
  var conf = window.Ebbot || {};
  if (typeof conf.openChatWindow === 'function') return;
  var botId = conf.botId;
  if (!botId) { console.error('Ebbot: window.Ebbot.botId is missing'); return; }
  var ORIGIN = 'https://ebbot-v2.storage.googleapis.com';
  var cfg = null, opened = false, hidden = false, initialized = false, active = false, snoozed = false;
  var bubble, teaser, box, frame;

  function hook(name, data) { var fn = window.Ebbot && window.Ebbot[name]; if (typeof fn === 'function') { try { fn(data); } catch (e) { console.error(e); } } }
  function mobile() { return window.matchMedia('(max-width: 600px)').matches; }
  function area() {
    try { return cfg.transcript_storage === 'session' ? sessionStorage : cfg.transcript_storage === 'none' ? null : localStorage; } catch (e) { return null; }
  }

  function layout() {
    if (!bubble) return;
    var side = cfg.position === 'left' ? 'left' : 'right';
    bubble.style.cssText = 'position:fixed;bottom:20px;' + side + ':20px;width:64px;height:64px;border-radius:50%;border:0;cursor:pointer;z-index:2147483000;' +
      'background:' + (cfg.color || '#2f7d4f') + ';color:#fff;box-shadow:0 6px 20px rgba(0,0,0,.25);display:' + (hidden || opened ? 'none' : 'flex') + ';align-items:center;justify-content:center;';
    if (teaser) teaser.style.cssText = 'position:fixed;bottom:96px;' + side + ':20px;max-width:240px;padding:10px 14px;border-radius:14px 14px 4px 14px;background:#fff;color:#1b2b22;' +
      'font:14px/1.4 system-ui,sans-serif;box-shadow:0 4px 16px rgba(0,0,0,.18);z-index:2147483000;display:' + (hidden || opened ? 'none' : 'block') + ';cursor:pointer;';
    var tall = cfg.height === 'tall' ? 0.9 : 0.6;
    box.style.cssText = 'position:fixed;bottom:20px;' + side + ':20px;width:380px;height:' + Math.round(window.innerHeight * tall) + 'px;min-height:420px;max-height:calc(100vh - 40px);' +
      'z-index:2147483001;border-radius:22px;overflow:hidden;box-shadow:0 10px 40px rgba(0,0,0,.25);display:' + (opened && !hidden ? 'block' : 'none') + ';';
    if (mobile() && opened) box.style.cssText += 'top:0;left:0;right:0;bottom:0;width:100%;height:100%;max-height:none;border-radius:0;';
  }
  function setOpened(next) {
    if (!box || next === opened) return;
    opened = next;
    layout();
    if (frame._loaded) frame.contentWindow.postMessage({ demoChatCmd: opened ? 'open' : 'close' }, ORIGIN);
    try { sessionStorage.setItem('ebbot_open_' + botId, opened ? '1' : '0'); } catch (e) { /* blocked */ }
    hook(opened ? 'onChatWindowOpen' : 'onChatWindowClose');
  }

  function keep(source, m) {
    var store = area();
    var key = 'ebbot_transcript_' + botId;
    if (m.action === 'store') { if (store) store.setItem(key, JSON.stringify(m.state)); return; }
    source.postMessage({ demoChatCmd: 'history', state: store ? JSON.parse(store.getItem(key) || 'null') : null }, ORIGIN);
  }
  window.addEventListener('message', function (e) {
    var m = e.data;
    if (e.origin !== ORIGIN || !m || m.demoChat !== 'ebbot' || m.account !== botId) return;
    if (m.action === 'ready' || m.action === 'store') { keep(e.source, m); return; }
    if (m.action === 'close') setOpened(false);
    else if (m.action === 'open') setOpened(true);
    else if (m.action === 'visitor_message') { active = true; hook('onUserMessage', { text: m.text }); }
    else if (m.action === 'agent_message') { hook('onBotMessage', { text: m.text }); hook('onMessage', { text: m.text }); }
  });

  function render() {
    hook('onBeforeLoad', { botId: botId });
    bubble = document.createElement('button');
    bubble.id = 'ebbot-chat-bubble';
    bubble.type = 'button';
    bubble.setAttribute('aria-label', cfg.launcher_label || 'Open chat');
    bubble.innerHTML = '<svg width="30" height="30" viewBox="0 0 24 24" fill="currentColor" aria-hidden="true"><path d="M12 3C6.5 3 2 6.6 2 11c0 2.4 1.3 4.5 3.4 6L4 21l4.6-2.3c1 .3 2.2.4 3.4.4 5.5 0 10-3.6 10-8S17.5 3 12 3zm-4 9.5a1.5 1.5 0 1 1 0-3 1.5 1.5 0 0 1 0 3zm4 0a1.5 1.5 0 1 1 0-3 1.5 1.5 0 0 1 0 3zm4 0a1.5 1.5 0 1 1 0-3 1.5 1.5 0 0 1 0 3z"/></svg>';
    bubble.addEventListener('click', function () { setOpened(true); });
    if (cfg.proactive) {
      teaser = document.createElement('div');
      teaser.id = 'ebbot-teaser';
      teaser.textContent = cfg.proactive;
      teaser.addEventListener('click', function () { setOpened(true); });
      document.body.appendChild(teaser);
    }
    box = document.createElement('div');
    box.id = 'ebbot-chat-window';
    frame = document.createElement('iframe');
    frame.id = 'ebbot_chat_frame';
    frame.title = 'Ebbot chat';
    frame.src = ORIGIN + '/ebbot-web/chat/frame.html?botId=' + encodeURIComponent(botId) + '&lang=' + (cfg.lang || 'sv') + '&view=panel';
    frame.style.cssText = 'width:100%;height:100%;border:0;display:block;background:#fff;';
    frame.addEventListener('load', function () {
      frame._loaded = true;
      if (opened) frame.contentWindow.postMessage({ demoChatCmd: 'open' }, ORIGIN);
    });
    box.appendChild(frame);
    document.body.appendChild(bubble);
    document.body.appendChild(box);
    initialized = true;
    layout();
    window.addEventListener('resize', layout);
    var remembered = null;
    try { remembered = sessionStorage.getItem('ebbot_open_' + botId); } catch (e) { /* blocked */ }
    if (remembered === '1' || (cfg.auto_open_mobile && mobile())) setOpened(true);
    hook('onLoad', { botId: botId });
  }

  var api = {
    create: function () { if (!bubble) { render(); hook('onCreate'); } },
    destroy: function () { [bubble, teaser, box].forEach(function (n) { if (n) n.remove(); }); bubble = teaser = box = null; initialized = false; opened = false; hook('onDestroy'); },
    initChatWindow: function () { setOpened(true); },
    isInitialized: function () { return initialized; },
    resetSession: function () { var s = area(); if (s) s.removeItem('ebbot_transcript_' + botId); hook('onReset'); },
    openChatWindow: function () { setOpened(true); },
    closeChatWindow: function () { setOpened(false); },
    isChatWindowOpened: function () { return opened; },
    isChatWindowClosed: function () { return !opened; },
    sendMessage: function (text) { if (frame && frame._loaded) frame.contentWindow.postMessage({ demoChatCmd: 'send', text: text }, ORIGIN); },
    setUserAttribute: function () {},
    triggerScenario: function () {},
    endChat: function () {},
    transcriptChat: function () {},
    snoozeChat: function () { snoozed = !snoozed; },
    isSnoozed: function () { return snoozed; },
    hide: function () { hidden = true; layout(); },
    show: function () { hidden = false; layout(); },
    isHidden: function () { return hidden; },
    clearChat: function () {},
    isUserActive: function () { return active; },
    isConversationActive: function () { return active; },
    getWidgetSize: function () { var n = opened ? box : bubble; return n ? { width: n.offsetWidth, height: n.offsetHeight } : { width: 0, height: 0 }; }
  };

  fetch(ORIGIN + '/ebbot-web/config/' + encodeURIComponent(botId) + '.json')
    .then(function (r) { if (!r.ok) throw new Error('bot ' + botId + ' not found'); return r.json(); })
    .then(function (settings) {
      cfg = settings;
      if (cfg.hide_chat) return;
      Object.keys(api).forEach(function (k) { window.Ebbot[k] = api[k]; });
      window.ebbot = window.Ebbot;
      setTimeout(function () {
        if (document.body) render(); else document.addEventListener('DOMContentLoaded', render);
      }, cfg.load_delay_ms == null ? 500 : cfg.load_delay_ms);
    })
    .catch(function (err) { console.error('Ebbot:', err.message); });
})();
