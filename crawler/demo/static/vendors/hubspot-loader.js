/*
 * Fake HubSpot tracking-code loader, served as https://js(-eu1).hs-scripts.com/<portalId>.js.
 *
 * This is HubSpot's general tracking code, NOT a chat: it loads the analytics
 * script and, only when the portal has chat switched on (`chat = true` in the
 * shop's [[widgets]] entry), would load js.usemessages.com/conversations-embed.js.
 * No demo portal has chat on, so HubSpotConversations stays undefined: a crawler
 * that reports "HubSpot chat" from this request alone falls into the trap.
 * Globals: _hsq (array), _hsp; script#hs-analytics.
 */
(function () {
  'use strict';
  var cfg = __ACCOUNT_CONFIG__;
  if (!cfg) return;
  window._hsq = window._hsq || [];
  window._hsp = window._hsp || [];
  var region = location.protocol + '//js' + (cfg.region ? '-' + cfg.region : '') + '.hs-analytics.net';
  var s = document.createElement('script');
  s.id = 'hs-analytics';
  s.async = true;
  s.src = region + '/analytics/' + Math.floor(Date.now() / 300000) * 300000 + '/' + cfg.account + '.js';
  document.head.appendChild(s);
  if (cfg.chat) console.warn('[HubSpot demo] conversations are not faked yet');
})();
