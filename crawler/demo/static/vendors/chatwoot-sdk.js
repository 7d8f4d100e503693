/*
 * Fake Chatwoot website SDK for a self-hosted install: served by the shop's own host at
 * <baseUrl>/packs/js/sdk.js (the path signature of every Chatwoot install), from the
 * stock snippet that calls window.chatwootSDK.run({websiteToken, baseUrl}) on load.
 *
 * run() defines window.$chatwoot (hasLoaded false until the widget frame says it is ready,
 * then true: the loaded marker), adds div.woot-widget-holder.woot--hide holding
 * iframe#chatwoot_live_chat_widget from <baseUrl>/widget?website_token=<token> (same
 * origin as the shop here), and, once loaded, the launcher in the page itself:
 * div.woot--bubble-holder with button.woot-widget-bubble. Cookie cw_conversation (the
 * widget's auth token, 1 year). Window events chatwoot:ready, chatwoot:opened,
 * chatwoot:closed, chatwoot:on-message. API: $chatwoot.toggle('open'|'close'|undefined),
 * toggleBubbleVisibility('show'|'hide'), setUser, setCustomAttributes, setLocale, reset,
 * popoutChatWindow (no-op); $chatwoot.isOpen. Transcript in localStorage
 * cw_demo_transcript_<token> (Chatwoot keeps it server-side behind cw_conversation).
 */
(function () {
  'use strict';
  if (window.chatwootSDK) return;

  function fire(name, detail) { try { window.dispatchEvent(new CustomEvent(name, { detail: detail })); } catch (e) { /* old browsers */ } }
  function cookie(name) { var m = document.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)')); return m ? decodeURIComponent(m[1]) : null; }
  function token(n) { var s = ''; while (s.length < n) s += Math.random().toString(36).slice(2); return s.slice(0, n); }

  function run(options) {
    options = options || {};
    var baseUrl = String(options.baseUrl || location.origin).replace(/\/$/, '');
    var websiteToken = String(options.websiteToken || '');
    var origin = new URL(baseUrl).origin;
    var settings = window.chatwootSettings || {};
    var position = settings.position === 'left' ? 'left' : 'right';
    var cw = window.$chatwoot = {
      baseUrl: baseUrl,
      websiteToken: websiteToken,
      hasLoaded: false,
      isOpen: false,
      position: position,
      locale: settings.locale || document.documentElement.lang || 'en',
      hideMessageBubble: !!settings.hideMessageBubble,
      launcherTitle: settings.launcherTitle || '',
      toggle: function (state) { setOpen(state === 'open' ? true : state === 'close' ? false : !cw.isOpen); },
      toggleBubbleVisibility: function (v) { if (bubbleHolder) bubbleHolder.style.display = v === 'hide' ? 'none' : ''; },
      setUser: function () {}, setCustomAttributes: function () {}, deleteCustomAttribute: function () {},
      setLabel: function () {}, removeLabel: function () {}, setLocale: function (l) { cw.locale = l; },
      setConversationCustomAttributes: function () {},
      reset: function () { document.cookie = 'cw_conversation=; path=/; max-age=0'; },
      popoutChatWindow: function () {}
    };
    var holder = document.createElement('div');
    holder.className = 'woot-widget-holder woot--hide woot-elements--' + position;
    var frame = document.createElement('iframe');
    frame.id = 'chatwoot_live_chat_widget';
    frame.title = 'Chatwoot';
    frame.src = baseUrl + '/widget?website_token=' + encodeURIComponent(websiteToken) + '&view=panel' + (cookie('cw_conversation') ? '&cw_conversation=' + encodeURIComponent(cookie('cw_conversation')) : '');
    frame.style.cssText = 'border:0;width:100%;height:100%;visibility:hidden;';
    holder.appendChild(frame);
    cw.frame = frame;
    var bubbleHolder = null;

    function layout() {
      var phone = window.matchMedia('(max-width: 668px)').matches;
      holder.style.cssText = 'position:fixed;z-index:2147483000;' + position + ':20px;bottom:104px;width:400px;height:min(590px,calc(100vh - 124px));border-radius:16px;overflow:hidden;box-shadow:0 5px 40px rgba(0,0,0,.16);background:#fff;' +
        (phone ? 'left:0;right:0;top:0;bottom:0;width:100%;height:100%;border-radius:0;' : '') + (cw.isOpen ? '' : 'display:none;');
      holder.classList.toggle('woot--hide', !cw.isOpen);
    }
    function setOpen(next) {
      if (next === cw.isOpen) return;
      cw.isOpen = next;
      layout();
      if (frame.contentWindow) frame.contentWindow.postMessage({ demoChatCmd: next ? 'open' : 'close' }, origin);
      fire(next ? 'chatwoot:opened' : 'chatwoot:closed');
    }
    function keep(source, m) {
      var key = 'cw_demo_transcript_' + websiteToken;
      if (m.action === 'store') { try { localStorage.setItem(key, JSON.stringify(m.state)); } catch (e) { /* blocked */ } return; }
      var state = null;
      try { state = JSON.parse(localStorage.getItem(key) || 'null'); } catch (e) { state = null; }
      source.postMessage({ demoChatCmd: 'history', state: state }, origin);
    }
    function bubble() {
      if (cw.hideMessageBubble || bubbleHolder) return;
      bubbleHolder = document.createElement('div');
      bubbleHolder.className = 'woot--bubble-holder';
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'woot-widget-bubble woot-elements--' + position;
      button.title = cw.launcherTitle || 'Open chat window';
      button.setAttribute('aria-label', button.title);
      button.style.cssText = 'position:fixed;z-index:2147483000;' + position + ':20px;bottom:20px;width:64px;height:64px;border-radius:100px;border:0;background:' + (settings.widgetColor || '#1f93ff') + ';color:#fff;font-size:26px;cursor:pointer;box-shadow:0 8px 24px rgba(0,0,0,.16);';
      button.innerHTML = '<svg viewBox="0 0 24 24" width="26" height="26" aria-hidden="true"><path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>';
      button.addEventListener('click', function () { cw.toggle(); });
      bubbleHolder.appendChild(button);
      document.body.appendChild(bubbleHolder);
    }

    window.addEventListener('message', function (e) {
      var m = e.data;
      if (e.origin !== origin || e.source !== frame.contentWindow || !m || m.demoChat !== 'chatwoot') return;
      if (m.action === 'store') { keep(e.source, m); return; }
      if (m.action === 'ready') {
        keep(e.source, m);
        if (!cookie('cw_conversation')) {
          document.cookie = 'cw_conversation=' + token(48) + '; path=/; SameSite=Lax; expires=' + new Date(Date.now() + 365 * 864e5).toUTCString();
        }
        frame.style.visibility = '';
        cw.hasLoaded = true;
        bubble();
        fire('chatwoot:ready');
        return;
      }
      if (m.action === 'close') setOpen(false);
      else if (m.action === 'open') setOpen(true);
      else if (m.action === 'agent_message') fire('chatwoot:on-message', { content: m.text, message_type: 'outgoing' });
    });
    layout();
    document.body.appendChild(holder);
    window.addEventListener('resize', layout);
  }

  window.chatwootSDK = { run: run };
})();
