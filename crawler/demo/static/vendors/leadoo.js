/*
 * Fake Leadoo in-page bot, served as https://bot.leadoo.com/bot/inpage.js?code=<code>#seamless.
 *
 * vendors.md and public site code (CODE): an in-page bot is a <script> placed where the
 * bot should appear in the page content; it inserts the iframe
 * https://bot.leadoo.com/bot/inpage.html?code=<code> right after itself. The hash
 * options `seamless` (no frame border, height follows the content), `noscroll` and
 * `nofocus` come from the script URL. There is no launcher and nothing to open: the bot
 * is part of the page. No JS API is documented (? an `api=<name>` hash option appears
 * in CODE; not emulated). Leadoo bots are bot-driven lead forms: they ask for contact
 * details before a salesperson gets in touch. Nothing is ever sent.
 */
(function () {
  'use strict';
  var cfg = __ACCOUNT_CONFIG__;
  var script = document.currentScript;
  if (!cfg || !script) { console.error('Leadoo: unknown bot code'); return; }
  var ORIGIN = 'https://bot.leadoo.com';
  var src = script.src || '';
  var hash = src.indexOf('#') >= 0 ? src.slice(src.indexOf('#') + 1).split(',') : [];
  var seamless = hash.indexOf('seamless') >= 0;
  var code = String(cfg.account);

  var frame = document.createElement('iframe');
  frame.className = 'ld-inpage-bot';
  frame.title = cfg.title || 'Leadoo bot';
  frame.src = ORIGIN + '/bot/inpage.html?code=' + encodeURIComponent(code) + '&lang=' + (cfg.lang || 'fi');
  frame.setAttribute('loading', 'eager');
  frame.style.cssText = 'display:block;width:100%;height:' + (cfg.height || 460) + 'px;' +
    (seamless ? 'border:0;' : 'border:1px solid #d0d5dd;border-radius:8px;') + 'background:transparent;';
  script.parentNode.insertBefore(frame, script.nextSibling);

  window.addEventListener('message', function (e) {
    var m = e.data;
    if (e.origin !== ORIGIN || !m || m.leadoo !== code) return;
    if (m.action === 'height' && seamless) frame.style.height = Math.max(200, m.height) + 'px';
    else if (m.action === 'store') { try { localStorage.setItem('ld_bot_' + code, JSON.stringify(m.state)); } catch (err) { /* blocked */ } }
    else if (m.action === 'ready') {
      var state = null;
      try { state = JSON.parse(localStorage.getItem('ld_bot_' + code) || 'null'); } catch (err) { state = null; }
      e.source.postMessage({ leadooCmd: 'history', state: state }, ORIGIN);
    }
  });
})();
