/*
 * Fake Facebook JavaScript SDK (https://connect.facebook.net/<locale>/sdk.js) for
 * Like/Share buttons and login: NOT a chat. It renders .fb-like and .fb-page
 * markup as small static boxes and defines FB without FB.CustomerChat, the way
 * the plain SDK has no chat plugin. A crawler that calls this "Messenger" is wrong.
 */
(function () {
  'use strict';
  if (window.FB && window.FB.__demo) return;
  var FB = window.FB = {
    __demo: true,
    init: function (opts) { if (opts && opts.xfbml) FB.XFBML.parse(); },
    getLoginStatus: function (cb) { if (cb) cb({ status: 'unknown' }); },
    Event: { subscribe: function () {}, unsubscribe: function () {} },
    AppEvents: { logPageView: function () {} },
    XFBML: {
      parse: function (node) {
        (node || document).querySelectorAll('.fb-like, .fb-share-button, .fb-page').forEach(function (el) {
          if (el.getAttribute('fb-xfbml-state') === 'rendered') return;
          el.setAttribute('fb-xfbml-state', 'rendered');
          var span = document.createElement('span');
          span.style.cssText = 'display:inline-block;padding:2px 8px;border-radius:4px;background:#1877f2;color:#fff;font:600 12px/20px Helvetica,Arial,sans-serif';
          span.textContent = el.classList.contains('fb-page') ? 'Facebook' : '👍 Like 1,2 tuh';
          el.appendChild(span);
        });
      }
    }
  };
  setTimeout(function () {
    if (typeof window.fbAsyncInit === 'function') window.fbAsyncInit(); else FB.XFBML.parse();
  }, 0);
})();
