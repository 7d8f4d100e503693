/*
 * Fake HubSpot analytics (js.hs-analytics.net/analytics/<bucket>/<portalId>.js):
 * sets the tracking cookies __hstc, hubspotutk, __hssrc and __hssc and drains _hsq.
 * Tracking only; there is no chat here.
 */
(function () {
  'use strict';
  var cfg = __ACCOUNT_CONFIG__;
  if (!cfg) return;
  function hex(n) { var s = ''; while (s.length < n) s += Math.random().toString(16).slice(2); return s.slice(0, n); }
  function setCookie(name, value, days) {
    var c = name + '=' + value + '; path=/; SameSite=Lax';
    if (days) c += '; expires=' + new Date(Date.now() + days * 864e5).toUTCString();
    document.cookie = c;
  }
  var utk = (document.cookie.match(/(?:^|; )hubspotutk=([^;]*)/) || [])[1] || hex(32);
  var now = Date.now();
  setCookie('hubspotutk', utk, 180);
  setCookie('__hstc', [cfg.account, utk, now, now, now, 1].join('.'), 180);
  setCookie('__hssrc', '1');
  setCookie('__hssc', [cfg.account, 1, now].join('.'), 0.02);
  var queue = window._hsq || [];
  window._hsq = { push: function () { return 0; }, length: 0 };
  queue.length = 0;
})();
