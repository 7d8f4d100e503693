/*
 * Fake OneTrust stub, served as https://cdn.cookielaw.org/scripttemplates/otSDKStub.js
 * from <script src=".../otSDKStub.js" data-domain-script="<uuid>">, as the real
 * snippet is. Like the real stub it only defines OneTrustStub and pulls the
 * versioned banner SDK (scripttemplates/<version>/otBannerSdk.js), which draws
 * the banner and runs the consented scripts; see onetrust.js.
 */
(function () {
  'use strict';
  if (window.OneTrustStub) return;
  var me = document.currentScript || document.querySelector('script[src*="otSDKStub.js"]');
  var domainScript = (me && me.getAttribute('data-domain-script')) || '';
  var VERSION = '202409.1.0';
  window.OneTrustStub = { version: VERSION, domainScript: domainScript, loaded: false };
  var sdk = document.createElement('script');
  sdk.src = 'https://cdn.cookielaw.org/scripttemplates/' + VERSION + '/otBannerSdk.js';
  sdk.async = true;
  sdk.charset = 'UTF-8';
  sdk.setAttribute('data-domain-script', domainScript);
  (document.head || document.documentElement).appendChild(sdk);
})();
