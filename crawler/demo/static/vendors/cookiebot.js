/*
 * Fake Cookiebot consent banner, served as https://consent.cookiebot.com/uc.js
 * from <script id="Cookiebot" data-cbid="..." data-culture="SV">.
 *
 * DOM like the real dialog: div#CybotCookiebotDialog (role=dialog) with the buttons
 * #CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll ("allow all"),
 * #CybotCookiebotDialogBodyLevelButtonLevelOptinAllowallSelection and
 * #CybotCookiebotDialogBodyButtonDecline, and the category checkboxes
 * #CybotCookiebotDialogBodyLevelButtonPreferences/Statistics/Marketing.
 * Manual blocking as documented: <script type="text/plain" data-cookieconsent="preferences">
 * elements only run once their categories are accepted. Consent is kept in the
 * CookieConsent cookie (1 year); with it present no dialog is shown and consented
 * scripts run at once. window.Cookiebot: consent{necessary,preferences,statistics,marketing},
 * consented, declined, hasResponse, dialog.visible, show(), hide(), renew(), withdraw(),
 * submitCustomConsent(pref, stat, mkt), runScripts(). Window events: CookiebotOnLoad,
 * CookiebotOnDialogDisplay, CookiebotOnAccept, CookiebotOnDecline, CookiebotOnConsentReady.
 */
(function () {
  'use strict';
  if (window.Cookiebot && window.Cookiebot.__demo) return;
  var me = document.currentScript || document.getElementById('Cookiebot');
  var culture = ((me && me.getAttribute('data-culture')) || document.documentElement.lang || 'en').toLowerCase().slice(0, 2);
  var TEXT = {
    sv: { title: 'Den här webbplatsen använder kakor', body: 'Vi använder kakor för att anpassa innehåll, erbjuda chatt med kundtjänst och analysera vår trafik. Du kan när som helst ändra ditt samtycke.', all: 'Tillåt alla', selection: 'Tillåt urval', deny: 'Neka', necessary: 'Nödvändiga', preferences: 'Inställningar', statistics: 'Statistik', marketing: 'Marknadsföring' },
    fi: { title: 'Tämä sivusto käyttää evästeitä', body: 'Käytämme evästeitä sisällön mukauttamiseen, asiakaspalvelun chattiin ja liikenteen analysointiin.', all: 'Salli kaikki', selection: 'Salli valinta', deny: 'Kiellä', necessary: 'Välttämättömät', preferences: 'Asetukset', statistics: 'Tilastot', marketing: 'Markkinointi' },
    et: { title: 'See veebileht kasutab küpsiseid', body: 'Kasutame küpsiseid sisu isikupärastamiseks, klienditeeninduse vestluseks ja liikluse analüüsiks.', all: 'Luba kõik', selection: 'Luba valik', deny: 'Keeldu', necessary: 'Vajalikud', preferences: 'Eelistused', statistics: 'Statistika', marketing: 'Turundus' },
    en: { title: 'This website uses cookies', body: 'We use cookies to personalise content, to offer a customer-service chat and to analyse our traffic.', all: 'Allow all', selection: 'Allow selection', deny: 'Deny', necessary: 'Necessary', preferences: 'Preferences', statistics: 'Statistics', marketing: 'Marketing' }
  };
  var T = TEXT[culture] || TEXT.en;
  var NAME = 'CookieConsent';
  var dialog = null;

  function emit(name) { window.dispatchEvent(new Event(name)); var cb = window['CookiebotCallback_' + name.replace('Cookiebot', '')]; if (typeof cb === 'function') cb(); }
  function readCookie() {
    var m = document.cookie.match(/(?:^|; )CookieConsent=([^;]*)/);
    if (!m) return null;
    var raw = decodeURIComponent(m[1]);
    var out = {};
    ['necessary', 'preferences', 'statistics', 'marketing'].forEach(function (k) { out[k] = new RegExp(k + ':true').test(raw); });
    out.stamp = (raw.match(/stamp:'([^']*)'/) || [])[1] || '';
    return out;
  }
  function writeCookie(c) {
    var value = "{stamp:'" + c.stamp + "',necessary:true,preferences:" + c.preferences + ',statistics:' + c.statistics + ',marketing:' + c.marketing + ",method:'explicit',ver:1,utc:" + Date.now() + ",region:'" + culture + "'}";
    document.cookie = NAME + '=' + encodeURIComponent(value) + '; path=/; SameSite=Lax; expires=' + new Date(Date.now() + 365 * 864e5).toUTCString();
  }

  var CB = window.Cookiebot = {
    __demo: true,
    version: 'demo',
    consent: { necessary: true, preferences: false, statistics: false, marketing: false, stamp: '0', method: null },
    consented: false,
    declined: false,
    hasResponse: false,
    doNotTrack: false,
    consentID: '',
    show: function () { showDialog(); },
    hide: function () { if (dialog) dialog.style.display = 'none'; },
    renew: function () { showDialog(); },
    withdraw: function () { decide(false, false, false); },
    submitCustomConsent: function (p, s, m) { decide(!!p, !!s, !!m); },
    runScripts: function () { runScripts(); }
  };
  // The real SDK exposes its dialog object; consent tools read dialog.visible.
  CB.dialog = {};
  Object.defineProperty(CB.dialog, 'visible', {
    enumerable: true,
    get: function () { return !!dialog && dialog.isConnected && dialog.style.display !== 'none'; }
  });

  function runScripts() {
    document.querySelectorAll('script[type="text/plain"][data-cookieconsent]').forEach(function (blocked) {
      var wanted = blocked.getAttribute('data-cookieconsent').split(',').map(function (s) { return s.trim(); });
      var ok = wanted.every(function (k) { return k === 'necessary' || k === 'ignore' || CB.consent[k]; });
      if (!ok) return;
      var script = document.createElement('script');
      Array.prototype.forEach.call(blocked.attributes, function (a) { if (a.name !== 'type') script.setAttribute(a.name, a.value); });
      script.type = 'text/javascript';
      if (!blocked.src) script.text = blocked.text;
      blocked.parentNode.replaceChild(script, blocked);
    });
  }

  function apply(c) {
    CB.consent = { necessary: true, preferences: c.preferences, statistics: c.statistics, marketing: c.marketing, stamp: c.stamp, method: 'explicit' };
    CB.hasResponse = true;
    CB.consented = c.preferences || c.statistics || c.marketing;
    CB.declined = !CB.consented;
    CB.consentID = c.stamp;
  }

  function decide(pref, stat, mkt) {
    var c = { preferences: pref, statistics: stat, marketing: mkt, stamp: Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2) };
    writeCookie(c);
    apply(c);
    if (dialog) dialog.remove();
    dialog = null;
    emit(CB.consented ? 'CookiebotOnAccept' : 'CookiebotOnDecline');
    emit('CookiebotOnConsentReady');
    runScripts();
  }

  function checkbox(id, label, checked, disabled) {
    return '<label class="CybotCookiebotDialogBodyLevelButtonWrapper"><input type="checkbox" id="' + id + '" class="CybotCookiebotDialogBodyLevelButton"' + (checked ? ' checked' : '') + (disabled ? ' disabled' : '') + '> ' + label + '</label>';
  }

  function showDialog() {
    if (dialog) { dialog.style.display = 'flex'; return; }
    dialog = document.createElement('div');
    dialog.id = 'CybotCookiebotDialog';
    dialog.setAttribute('name', 'CybotCookiebotDialog');
    dialog.setAttribute('role', 'dialog');
    dialog.setAttribute('aria-modal', 'true');
    dialog.setAttribute('aria-labelledby', 'CybotCookiebotDialogBodyContentTitle');
    dialog.setAttribute('lang', culture);
    dialog.setAttribute('data-template', 'popup');
    dialog.className = 'CybotCookiebotDialogActive CybotEdge';
    dialog.style.cssText = 'position:fixed;z-index:2147483631;left:50%;bottom:24px;transform:translateX(-50%);width:min(900px,calc(100% - 32px));display:flex;flex-direction:column;gap:12px;background:#fff;color:#141414;border-radius:8px;box-shadow:0 30px 70px rgba(0,0,0,.3);padding:24px;font:15px/1.5 Helvetica,Arial,sans-serif;';
    dialog.innerHTML =
      '<div id="CybotCookiebotDialogHeader"><span id="CybotCookiebotDialogPoweredbyCybot" style="font-weight:700;color:#1032cf">Cookiebot</span></div>' +
      '<div id="CybotCookiebotDialogBody"><h2 id="CybotCookiebotDialogBodyContentTitle" style="margin:0 0 6px;font-size:17px"></h2><div id="CybotCookiebotDialogBodyContentText"></div></div>' +
      '<div id="CybotCookiebotDialogBodyLevelWrapper" style="display:flex;gap:16px;flex-wrap:wrap">' +
      checkbox('CybotCookiebotDialogBodyLevelButtonNecessary', T.necessary, true, true) +
      checkbox('CybotCookiebotDialogBodyLevelButtonPreferences', T.preferences, false, false) +
      checkbox('CybotCookiebotDialogBodyLevelButtonStatistics', T.statistics, false, false) +
      checkbox('CybotCookiebotDialogBodyLevelButtonMarketing', T.marketing, false, false) + '</div>' +
      '<div id="CybotCookiebotDialogFooter"><div id="CybotCookiebotDialogBodyButtonsWrapper" style="display:flex;gap:8px;flex-wrap:wrap">' +
      '<button id="CybotCookiebotDialogBodyButtonDecline" class="CybotCookiebotDialogBodyButton" type="button"></button>' +
      '<button id="CybotCookiebotDialogBodyLevelButtonLevelOptinAllowallSelection" class="CybotCookiebotDialogBodyButton" type="button"></button>' +
      '<button id="CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll" class="CybotCookiebotDialogBodyButton" type="button" style="background:#1032cf;color:#fff"></button>' +
      // Real templates keep the older "allow selection" control too, often hidden;
      // consent tools (autoconsent's Cookiebot rule) submit through it.
      '<a id="CybotCookiebotDialogBodyLevelButtonAccept" href="#" style="display:none" tabindex="-1"></a>' +
      '</div></div>';
    dialog.querySelector('#CybotCookiebotDialogBodyContentTitle').textContent = T.title;
    dialog.querySelector('#CybotCookiebotDialogBodyContentText').textContent = T.body;
    dialog.querySelector('#CybotCookiebotDialogBodyButtonDecline').textContent = T.deny;
    dialog.querySelector('#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowallSelection').textContent = T.selection;
    dialog.querySelector('#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll').textContent = T.all;
    dialog.querySelectorAll('button').forEach(function (b) { b.style.cssText += ';padding:10px 18px;border:2px solid #1032cf;border-radius:4px;font-weight:600;cursor:pointer;background:' + (b.style.background || '#fff'); });
    dialog.querySelector('#CybotCookiebotDialogBodyButtonDecline').addEventListener('click', function () { decide(false, false, false); });
    dialog.querySelector('#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll').addEventListener('click', function () { decide(true, true, true); });
    dialog.querySelector('#CybotCookiebotDialogBodyLevelButtonAccept').addEventListener('click', function (e) {
      e.preventDefault();
      decide(dialog.querySelector('#CybotCookiebotDialogBodyLevelButtonPreferences').checked,
        dialog.querySelector('#CybotCookiebotDialogBodyLevelButtonStatistics').checked,
        dialog.querySelector('#CybotCookiebotDialogBodyLevelButtonMarketing').checked);
    });
    dialog.querySelector('#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowallSelection').addEventListener('click', function () {
      decide(dialog.querySelector('#CybotCookiebotDialogBodyLevelButtonPreferences').checked,
        dialog.querySelector('#CybotCookiebotDialogBodyLevelButtonStatistics').checked,
        dialog.querySelector('#CybotCookiebotDialogBodyLevelButtonMarketing').checked);
    });
    document.body.appendChild(dialog);
    emit('CookiebotOnDialogDisplay');
  }

  function start() {
    var saved = readCookie();
    if (saved) {
      apply(saved);
      emit('CookiebotOnConsentReady');
      runScripts();
    } else {
      showDialog();
    }
    emit('CookiebotOnLoad');
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
