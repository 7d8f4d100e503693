/*
 * Fake Landbot v3 library, served as https://cdn.landbot.io/landbot-3/landbot-3.0.0.js (.mjs).
 *
 * The stock snippet loads it only on the first mouseover or touchstart ({once: true}) and
 * then runs `myLandbot = new Landbot.Livechat({configUrl: 'https://storage.googleapis.com/
 * landbot.online/v3/H-…/index.json'})`. There is no stub: window.Landbot (Livechat, Popup,
 * Fullpage, Container) exists only once this file ran. Livechat fetches the bot's
 * configuration from configUrl, then draws div.LandbotLivechat (class is-open while open)
 * around one cross-origin iframe (title "Landbot") from landbot.online/v3/H-…/index.html
 * that holds both the launcher bubble and the conversation; the bot speaks first and
 * offers answer buttons. Instance API: open(), close(), destroy(), setCustomData(),
 * core.events.on('load'|'widget_open'|'widget_close'|'new_message', fn). A bot is always
 * "online": there is no status call. The transcript is kept in localStorage
 * landbot_<botId>_messages (open state in sessionStorage landbot_<botId>_open).
 */
(function () {
  'use strict';
  if (window.Landbot && window.Landbot.__demo) return;
  var FRAME_ORIGIN = 'https://landbot.online';

  function Events() { this.handlers = {}; }
  Events.prototype.on = function (name, fn) { (this.handlers[name] = this.handlers[name] || []).push(fn); };
  Events.prototype.emit = function (name, data) { (this.handlers[name] || []).forEach(function (fn) { try { fn(data); } catch (e) { console.error(e); } }); };

  function Livechat(options) {
    var self = this;
    options = options || {};
    this.configUrl = options.configUrl || options.index || '';
    this.botId = (this.configUrl.match(/\/v3\/(H-[\w-]+)\//) || [])[1] || '';
    this.core = { events: new Events() };
    this.opened = false;
    this.container = null;
    this.frame = null;
    this.cfg = null;
    var request = new XMLHttpRequest();
    request.open('GET', this.configUrl);
    request.onload = function () {
      if (request.status !== 200) { console.error('Landbot: bot configuration not found'); return; }
      self.cfg = JSON.parse(request.responseText);
      if (document.body) self._render(); else document.addEventListener('DOMContentLoaded', function () { self._render(); });
    };
    request.send();
  }

  Livechat.prototype._layout = function () {
    if (!this.container) return;
    var phone = window.matchMedia('(max-width: 640px)').matches;
    var side = this.cfg && this.cfg.position === 'left' ? 'left' : 'right';
    var base = 'position:fixed;bottom:0;' + side + ':0;z-index:2147483000;border:0;';
    this.container.style.cssText = base + (this.opened
      ? (phone ? 'top:0;left:0;width:100%;height:100%;' : 'width:400px;height:min(640px,100vh);')
      : 'width:96px;height:96px;');
    this.container.classList.toggle('is-open', this.opened);
  };

  Livechat.prototype._setOpened = function (next) {
    if (!this.container || next === this.opened) return;
    this.opened = next;
    this._layout();
    try { sessionStorage.setItem('landbot_' + this.botId + '_open', next ? '1' : '0'); } catch (e) { /* storage blocked */ }
    if (this.frame && this.frame._loaded) this.frame.contentWindow.postMessage({ demoChatCmd: next ? 'open' : 'close' }, FRAME_ORIGIN);
    this.core.events.emit(next ? 'widget_open' : 'widget_close');
  };

  Livechat.prototype._keep = function (source, m) {
    var area = null;
    try { area = this.cfg.transcript_storage === 'session' ? sessionStorage : this.cfg.transcript_storage === 'none' ? null : localStorage; } catch (err) { area = null; }
    var key = 'landbot_' + this.botId + '_messages';
    if (m.action === 'store') { if (area) area.setItem(key, JSON.stringify(m.state)); return; }
    source.postMessage({ demoChatCmd: 'history', state: area ? JSON.parse(area.getItem(key) || 'null') : null }, FRAME_ORIGIN);
  };

  Livechat.prototype._render = function () {
    var self = this;
    this.container = document.createElement('div');
    this.container.className = 'LandbotLivechat';
    this.frame = document.createElement('iframe');
    this.frame.className = 'LandbotLivechat-iframe';
    this.frame.title = 'Landbot';
    this.frame.setAttribute('allow', 'microphone; autoplay');
    this.frame.src = FRAME_ORIGIN + '/v3/' + this.botId + '/index.html?view=combined&lang=' + encodeURIComponent(this.cfg.lang || 'en');
    this.frame.style.cssText = 'display:block;border:none;width:100%;height:100%;background:transparent;';
    this.frame.addEventListener('load', function () {
      self.frame._loaded = true;
      self.frame.contentWindow.postMessage({ demoChatCmd: self.opened ? 'open' : 'close' }, FRAME_ORIGIN);
    });
    this.container.appendChild(this.frame);
    document.body.appendChild(this.container);
    window.addEventListener('message', function (e) {
      var m = e.data;
      if (e.origin !== FRAME_ORIGIN || !m || m.demoChat !== 'landbot' || e.source !== self.frame.contentWindow) return;
      if (m.action === 'ready' || m.action === 'store') { self._keep(e.source, m); return; }
      if (m.action === 'open') self._setOpened(true);
      else if (m.action === 'close') self._setOpened(false);
      else if (m.action === 'toggle') self._setOpened(!self.opened);
      else if (m.action === 'visitor_message' || m.action === 'agent_message') self.core.events.emit('new_message', { text: m.text, author: m.action === 'visitor_message' ? 'user' : 'bot' });
    });
    var reopen = false;
    try { reopen = sessionStorage.getItem('landbot_' + this.botId + '_open') === '1'; } catch (e) { /* storage blocked */ }
    this.opened = reopen;
    this._layout();
    window.addEventListener('resize', function () { self._layout(); });
    this.core.events.emit('load');
  };

  Livechat.prototype.open = function () { this._setOpened(true); };
  Livechat.prototype.close = function () { this._setOpened(false); };
  Livechat.prototype.destroy = function () { if (this.container) this.container.remove(); this.container = null; };
  Livechat.prototype.setCustomData = function () {};

  function Unsupported(kind) { return function () { console.warn('Landbot demo: ' + kind + ' is not emulated'); }; }

  window.Landbot = {
    __demo: true,
    version: '3.0.0',
    Livechat: Livechat,
    Popup: Unsupported('Popup'),
    Fullpage: Unsupported('Fullpage'),
    Container: Unsupported('Container')
  };
})();
