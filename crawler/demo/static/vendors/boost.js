/*
 * Fake Boost.ai chat panel, served as https://<tenant>.boost.ai/chatPanel/chatPanel.js.
 *
 * There is no stub: the site loads this script and then calls
 *   var boost = window.boostInit('<tenant>', { chatPanel: { header, styling, settings } })
 * (CODE; vendors.md), or the older window.boostChatPanel({ apiUrlBase, conversationId }).
 * Both are defined here (loaded marker: typeof boostInit === 'function'). The returned
 * chatPanel has show(), minimize(), close(), addEventListener(type, cb) with
 * 'conversationIdChanged' (event.detail.conversationId), 'chatPanelClosed',
 * 'chatPanelMinimized', 'setFilterValue'; setFilterValues, triggerAction,
 * setConversationId, loginEvent, sendMessage (echoed only: nothing is sent).
 * The panel is drawn into the shop's page (Tealium's boost.ai tag: "the HTML element
 * where the chat panel is injected"; the catalogue's link[href*=".boost.ai"] marker is
 * its stylesheet); ? its class names (.bai-panel…) and the settings call are the
 * demo's. There is no vendor launcher: shops open the panel from their own button.
 * A bot answers first, with action buttons. Conversation id kept in
 * localStorage `boostai.conversation.id` (CODE), or removed on close with the setting
 * removeRememberedConversationOnChatPanelClose (vendors.md).
 */
(function () {
  'use strict';
  if (typeof window.boostInit === 'function') return;
  var script = document.currentScript;
  var ORIGIN = script ? new URL(script.src).origin : location.origin;
  var KEY = 'boostai.conversation.id';

  function ChatPanel(tenant, options) {
    this.tenant = tenant;
    this.options = options || {};
    this.listeners = {};
    this.visible = false;
    this.cfg = null;
    var self = this;
    this.ready = fetch(ORIGIN + '/api/chat/v2/panel/settings?tenant=' + encodeURIComponent(tenant))
      .then(function (r) { if (!r.ok) throw new Error('unknown tenant'); return r.json(); })
      .then(function (cfg) { self.cfg = cfg; self.render(); })
      .catch(function (err) { console.error('[boost.ai]', err.message); });
  }
  ChatPanel.prototype.emit = function (type, detail) {
    (this.listeners[type] || []).forEach(function (cb) { try { cb({ type: type, detail: detail || {} }); } catch (e) { console.error(e); } });
  };
  ChatPanel.prototype.addEventListener = function (type, cb) { (this.listeners[type] = this.listeners[type] || []).push(cb); };
  ChatPanel.prototype.removeEventListener = function (type, cb) { this.listeners[type] = (this.listeners[type] || []).filter(function (c) { return c !== cb; }); };
  ChatPanel.prototype.settings = function () { return (this.options.chatPanel && this.options.chatPanel.settings) || this.options; };
  ChatPanel.prototype.render = function () {
    var self = this, cfg = this.cfg;
    var chat = this.options.chatPanel || {};
    if (!document.querySelector('link[data-boost-css]')) {
      var css = document.createElement('link');
      css.rel = 'stylesheet';
      css.href = ORIGIN + '/chatPanel/chatPanel.css';
      css.setAttribute('data-boost-css', '');
      document.head.appendChild(css);
    }
    var target = (this.options.containerId && document.getElementById(this.options.containerId)) || document.body;
    var panel = this.panel = document.createElement('div');
    panel.className = 'bai-panel';
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-label', (chat.header && chat.header.title) || cfg.title || 'Chat');
    panel.hidden = true;
    var primary = (chat.styling && chat.styling.primaryColor) || cfg.color;
    if (primary) panel.style.setProperty('--bai-primary', primary);
    var header = document.createElement('div');
    header.className = 'bai-header';
    header.innerHTML = '<span class="bai-avatar" aria-hidden="true"></span><span class="bai-title"></span>' +
      '<button type="button" class="bai-minimize" aria-label="Minimer">–</button><button type="button" class="bai-close" aria-label="Lukk">×</button>';
    header.querySelector('.bai-avatar').textContent = (cfg.agent || 'B').charAt(0);
    header.querySelector('.bai-title').textContent = (chat.header && chat.header.title) || cfg.title || 'Chat';
    header.querySelector('.bai-minimize').addEventListener('click', function () { self.minimize(); });
    header.querySelector('.bai-close').addEventListener('click', function () { self.close(); });
    this.dialogue = document.createElement('div');
    this.dialogue.className = 'bai-dialogue';
    this.dialogue.setAttribute('aria-live', 'polite');
    var input = document.createElement('div');
    input.className = 'bai-input';
    var box = document.createElement('textarea');
    box.rows = 1;
    box.placeholder = cfg.placeholder || 'Type your question';
    box.setAttribute('aria-label', box.placeholder);
    var send = document.createElement('button');
    send.type = 'button';
    send.textContent = 'Send';
    var go = function () { self.sendMessage(box.value); box.value = ''; };
    send.addEventListener('click', go);
    box.addEventListener('keydown', function (e) { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); go(); } });
    input.appendChild(box);
    input.appendChild(send);
    panel.appendChild(header);
    panel.appendChild(this.dialogue);
    panel.appendChild(input);
    target.appendChild(panel);
    if (this.wantShow) this.show();
  };
  ChatPanel.prototype.say = function (who, text) {
    var msg = document.createElement('div');
    msg.className = 'bai-msg' + (who === 'user' ? ' bai-msg--user' : '');
    msg.textContent = text;
    this.dialogue.appendChild(msg);
    this.dialogue.scrollTop = 1e6;
  };
  ChatPanel.prototype.start = function () {
    if (this.started) return;
    this.started = true;
    var self = this, cfg = this.cfg;
    var id = this.settings().conversationId || localStorage.getItem(KEY) || sessionStorage.getItem(KEY);
    if (!id) {
      id = 'demo-' + Math.random().toString(36).slice(2, 12);
      this.emit('conversationIdChanged', { conversationId: id });
    }
    try { localStorage.setItem(KEY, id); } catch (e) { /* blocked */ }
    (cfg.bot_messages || [cfg.greeting || 'Hi! How can I help?']).forEach(function (t) { self.say('bot', t); });
    if ((cfg.quick_replies || []).length) {
      var links = document.createElement('div');
      links.className = 'bai-links';
      cfg.quick_replies.forEach(function (qr) {
        var b = document.createElement('button');
        b.type = 'button';
        b.textContent = qr.label;
        b.addEventListener('click', function () { self.say('user', qr.label); setTimeout(function () { self.say('bot', qr.answer); }, 600); });
        links.appendChild(b);
      });
      this.dialogue.appendChild(links);
    }
  };
  ChatPanel.prototype.show = function () {
    if (!this.panel) { this.wantShow = true; return; }
    this.visible = true;
    this.panel.hidden = false;
    this.start();
  };
  ChatPanel.prototype.minimize = function () { if (!this.panel) return; this.visible = false; this.panel.hidden = true; this.emit('chatPanelMinimized'); };
  ChatPanel.prototype.close = function () {
    if (!this.panel) return;
    this.visible = false;
    this.panel.hidden = true;
    if (this.settings().removeRememberedConversationOnChatPanelClose) {
      try { localStorage.removeItem(KEY); sessionStorage.removeItem(KEY); } catch (e) { /* blocked */ }
    }
    this.emit('chatPanelClosed');
  };
  ChatPanel.prototype.sendMessage = function (text) {
    text = (text || '').trim();
    if (!text || !this.panel) return;
    this.show();
    this.say('user', text);
    var self = this;
    setTimeout(function () { self.say('bot', self.cfg.reply || 'Thanks! (demo: nothing was sent)'); }, this.cfg.reply_delay_ms == null ? 1500 : this.cfg.reply_delay_ms);
  };
  ChatPanel.prototype.setFilterValues = function () {};
  ChatPanel.prototype.triggerAction = function () {};
  ChatPanel.prototype.setConversationId = function (id) { try { localStorage.setItem(KEY, id); } catch (e) { /* blocked */ } };
  ChatPanel.prototype.loginEvent = function () {};

  window.boostInit = function (tenant, options) {
    return { chatPanel: new ChatPanel(tenant, options || {}) };
  };
  window.boostChatPanel = function (config) {
    var tenant = (config && config.apiUrlBase ? new URL(config.apiUrlBase).hostname : new URL(ORIGIN).hostname).split('.')[0];
    return new ChatPanel(tenant, config || {});
  };
})();
