/*
 * Fake Google Tag Manager container, served as https://www.googletagmanager.com/gtm.js?id=GTM-XXXX.
 *
 * Custom HTML tags from the container (the shop's [[widgets]] entry with
 * vendor = "gtm": `tags = [{html = "...", trigger = "window_loaded"|"dom_ready"|"timer", delay_ms = N}]`)
 * are injected the way GTM does it: the HTML is parsed into the page and its
 * <script> elements re-created so they run. A chat snippet injected here shows up
 * late, after the page itself has finished loading, which is the point.
 * Globals: google_tag_manager[<id>], dataLayer events gtm.js / gtm.dom / gtm.load.
 */
(function () {
  'use strict';
  var cfg = __ACCOUNT_CONFIG__;
  if (!cfg) return;
  var dataLayer = window.dataLayer = window.dataLayer || [];
  window.google_tag_manager = window.google_tag_manager || {};
  window.google_tag_manager[cfg.account] = { dataLayer: { get: function () { return undefined; } }, demo: true };

  function inject(html) {
    var holder = document.createElement('div');
    holder.innerHTML = html;
    Array.prototype.slice.call(holder.childNodes).forEach(function (node) {
      if (node.nodeName === 'SCRIPT') {
        var script = document.createElement('script');
        Array.prototype.forEach.call(node.attributes, function (a) { script.setAttribute(a.name, a.value); });
        script.text = node.text;
        document.body.appendChild(script);
      } else {
        document.body.appendChild(node);
      }
    });
  }
  function fire(tag) {
    var delay = tag.trigger === 'timer' ? tag.delay_ms || 0 : 0;
    setTimeout(function () { inject(tag.html || ''); }, delay);
  }
  function whenLoaded(cb) { if (document.readyState === 'complete') cb(); else window.addEventListener('load', cb); }
  function whenDom(cb) { if (document.readyState !== 'loading') cb(); else document.addEventListener('DOMContentLoaded', cb); }

  whenDom(function () { dataLayer.push({ event: 'gtm.dom' }); });
  whenLoaded(function () { dataLayer.push({ event: 'gtm.load' }); });
  (cfg.tags || []).forEach(function (tag) {
    if (tag.trigger === 'dom_ready') whenDom(function () { fire(tag); });
    else whenLoaded(function () { fire(tag); });  // window_loaded, and timers start after load
  });
})();
