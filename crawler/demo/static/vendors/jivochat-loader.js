/*
 * Fake JivoChat loader, served as https://code.jivosite.com/widget/<widgetId> from the
 * stock snippet <script src="//code.jivosite.com/widget/<widgetId>" async></script>.
 * Like the real one it only pulls the widget bundle (/script/widget/<widgetId>);
 * see jivochat.js.
 */
(function () {
  'use strict';
  var cfg = __ACCOUNT_CONFIG__;
  if (!cfg || window.jivo_api) return;
  var s = document.createElement('script');
  s.async = true;
  s.src = 'https://code.jivosite.com/script/widget/' + encodeURIComponent(cfg.account);
  (document.head || document.documentElement).appendChild(s);
})();
