/*
 * Fake HubSpot tracking-code loader, served as https://js(-eu1).hs-scripts.com/<portalId>.js.
 *
 * This is HubSpot's general tracking code, NOT a chat: it loads the analytics
 * script and, only when the portal has chat switched on (`chat = true` in the
 * shop's [[widgets]] entry), loads js.usemessages.com/conversations-embed.js
 * (hubspot-conversations.js). Without it HubSpotConversations stays undefined: a
 * crawler that reports "HubSpot chat" from this request alone falls into the trap.
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
  if (cfg.chat && !document.getElementById('hubspot-messages-loader')) {
    // Chat switched on for the portal: the conversations embed (hubspot-conversations.js).
    var m = document.createElement('script');
    m.id = 'hubspot-messages-loader';
    m.async = true;
    m.setAttribute('data-loader', 'hs-scriptloader');
    m.setAttribute('data-hsjs-portal', String(cfg.account));
    m.setAttribute('data-hsjs-env', 'prod');
    m.setAttribute('data-hsjs-hublet', cfg.region || 'na1');
    m.src = 'https://js.usemessages.com/conversations-embed.js';
    (document.body || document.head).appendChild(m);
  }
})();
