/*
 * Fake OneTrust banner SDK, served as
 * https://cdn.cookielaw.org/scripttemplates/<version>/otBannerSdk.js (loaded by otSDKStub.js).
 *
 * DOM as the real SDK draws it: div#onetrust-consent-sdk holding
 * div.onetrust-pc-dark-filter, the banner div#onetrust-banner-sdk (role=region) with
 * button#onetrust-pc-btn-handler (settings), button#onetrust-reject-all-handler and
 * button#onetrust-accept-btn-handler, and the preference centre div#onetrust-pc-sdk
 * (category switches input.category-switch-handler, #accept-recommended-btn-handler,
 * button.ot-pc-refuse-all-handler, button.save-preference-btn-handler). After an answer
 * the banner is hidden and button#ot-sdk-btn-floating reopens the preference centre.
 * Groups: C0001 strictly necessary (always on), C0002 performance, C0003 functional,
 * C0004 targeting, C0005 social media. Manual blocking as documented:
 * <script type="text/plain" class="optanon-category-C0003"> (several groups:
 * optanon-category-C0002-C0004) runs only once every group it names is active.
 * Cookies: OptanonConsent (groups=C0001:1,C0002:0,..., interactionCount, landingPath)
 * written on the first view, OptanonAlertBoxClosed (ISO date) once the visitor answered;
 * with both present no banner is shown and consented scripts run at once.
 * Globals: OneTrust and Optanon (AllowAll, RejectAll, ToggleInfoDisplay, Close,
 * IsAlertBoxClosed, IsAlertBoxClosedAndValid, OnConsentChanged, UpdateConsent,
 * GetDomainData, getGeolocationData, InsertScript), OnetrustActiveGroups and
 * OptanonActiveGroups (",C0001,C0003,"); OptanonWrapper() is called on load and on
 * every change, and window gets the OneTrustGroupsUpdated event.
 */
(function () {
  'use strict';
  if (window.OneTrust && window.OneTrust.__demo) return;
  var me = document.currentScript || document.querySelector('script[src*="otBannerSdk.js"]');
  var domainScript = (me && me.getAttribute('data-domain-script')) || '';
  var lang = (document.documentElement.lang || 'en').toLowerCase().slice(0, 2);
  if (lang === 'nb' || lang === 'nn') lang = 'no';
  var TEXT = {
    en: { title: 'We value your privacy', body: 'We use cookies to run the shop, to remember your choices, to offer customer-service chat and to measure our marketing. Choose which categories you allow.', accept: 'Accept all cookies', reject: 'Reject all', settings: 'Cookie settings', save: 'Confirm my choices', allowAll: 'Allow all', pcTitle: 'Privacy preference centre', C0001: 'Strictly necessary cookies', C0002: 'Performance cookies', C0003: 'Functional cookies', C0004: 'Targeting cookies', C0005: 'Social media cookies', always: 'Always active', floating: 'Cookie settings' },
    no: { title: 'Vi tar personvernet ditt på alvor', body: 'Vi bruker informasjonskapsler for å drive nettbutikken, huske valgene dine, tilby chat med kundeservice og måle markedsføringen vår. Velg hvilke kategorier du tillater.', accept: 'Godta alle', reject: 'Avvis alle', settings: 'Innstillinger for informasjonskapsler', save: 'Bekreft valgene mine', allowAll: 'Tillat alle', pcTitle: 'Personverninnstillinger', C0001: 'Strengt nødvendige', C0002: 'Ytelse', C0003: 'Funksjonelle', C0004: 'Målretting', C0005: 'Sosiale medier', always: 'Alltid aktiv', floating: 'Informasjonskapsler' },
    sv: { title: 'Vi värnar om din integritet', body: 'Vi använder kakor för att driva butiken, komma ihåg dina val, erbjuda chatt med kundtjänst och mäta vår marknadsföring.', accept: 'Acceptera alla', reject: 'Avvisa alla', settings: 'Cookie-inställningar', save: 'Bekräfta mina val', allowAll: 'Tillåt alla', pcTitle: 'Integritetsinställningar', C0001: 'Nödvändiga', C0002: 'Prestanda', C0003: 'Funktionella', C0004: 'Riktade', C0005: 'Sociala medier', always: 'Alltid aktiv', floating: 'Cookies' },
    fi: { title: 'Yksityisyytesi on meille tärkeää', body: 'Käytämme evästeitä verkkokaupan toimintaan, valintojesi muistamiseen, asiakaspalvelun chattiin ja markkinoinnin mittaamiseen.', accept: 'Hyväksy kaikki', reject: 'Hylkää kaikki', settings: 'Evästeasetukset', save: 'Vahvista valintani', allowAll: 'Salli kaikki', pcTitle: 'Tietosuoja-asetukset', C0001: 'Välttämättömät', C0002: 'Suorituskyky', C0003: 'Toiminnalliset', C0004: 'Kohdentaminen', C0005: 'Sosiaalinen media', always: 'Aina käytössä', floating: 'Evästeet' },
    et: { title: 'Hoolime sinu privaatsusest', body: 'Kasutame küpsiseid e-poe toimimiseks, valikute meelespidamiseks, klienditeeninduse vestluseks ja turunduse mõõtmiseks.', accept: 'Nõustu kõigiga', reject: 'Keeldu kõigist', settings: 'Küpsiste seaded', save: 'Kinnita valikud', allowAll: 'Luba kõik', pcTitle: 'Privaatsusseaded', C0001: 'Hädavajalikud', C0002: 'Jõudlus', C0003: 'Funktsionaalsed', C0004: 'Sihtimine', C0005: 'Sotsiaalmeedia', always: 'Alati aktiivne', floating: 'Küpsised' },
    de: { title: 'Wir respektieren Ihre Privatsphäre', body: 'Wir verwenden Cookies für den Shop, Ihre Einstellungen, den Kundenservice-Chat und die Messung unseres Marketings.', accept: 'Alle Cookies akzeptieren', reject: 'Alle ablehnen', settings: 'Cookie-Einstellungen', save: 'Meine Auswahl bestätigen', allowAll: 'Alle zulassen', pcTitle: 'Datenschutz-Präferenzcenter', C0001: 'Unbedingt erforderlich', C0002: 'Leistung', C0003: 'Funktionell', C0004: 'Zielgerichtet', C0005: 'Soziale Medien', always: 'Immer aktiv', floating: 'Cookies' }
  };
  var T = TEXT[lang] || TEXT.en;
  var GROUPS = ['C0001', 'C0002', 'C0003', 'C0004', 'C0005'];
  var VERSION = (window.OneTrustStub && window.OneTrustStub.version) || '202409.1.0';
  var listeners = [];
  var root = null, banner = null, pc = null, floating = null;

  function readCookie(name) {
    var m = document.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
    return m ? decodeURIComponent(m[1]) : null;
  }
  function writeCookie(name, value) {
    document.cookie = name + '=' + encodeURIComponent(value) + '; path=/; SameSite=Lax; expires=' + new Date(Date.now() + 365 * 864e5).toUTCString();
  }
  function consentFromCookie() {
    var raw = readCookie('OptanonConsent');
    if (!raw) return null;
    var params = new URLSearchParams(raw);
    var groups = {};
    (params.get('groups') || '').split(',').forEach(function (pair) {
      var kv = pair.split(':');
      if (kv.length === 2) groups[kv[0]] = kv[1] === '1';
    });
    return { groups: groups, params: params };
  }
  function uuid() {
    return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, function (c) {
      var r = Math.random() * 16 | 0;
      return (c === 'x' ? r : (r & 0x3 | 0x8)).toString(16);
    });
  }

  var saved = consentFromCookie();
  var active = { C0001: true };
  var consentId = (saved && saved.params.get('consentId')) || uuid();
  var interactions = saved ? Number(saved.params.get('interactionCount') || 0) : 0;
  if (saved) GROUPS.forEach(function (g) { active[g] = g === 'C0001' || !!saved.groups[g]; });

  function activeList() { return GROUPS.filter(function (g) { return active[g]; }); }
  function publishGroups() {
    window.OnetrustActiveGroups = window.OptanonActiveGroups = ',' + activeList().join(',') + ',';
  }
  function writeConsent(landing) {
    var value = [
      'isGpcEnabled=0',
      'datestamp=' + new Date().toString(),
      'version=' + VERSION,
      'isIABGlobal=false',
      'hosts=',
      'consentId=' + consentId,
      'interactionCount=' + interactions,
      'isAnonUser=1',
      'landingPath=' + (landing ? location.href : 'NotLandingPage'),
      'groups=' + GROUPS.map(function (g) { return g + ':' + (active[g] ? 1 : 0); }).join(','),
      'AwaitingReconsent=false'
    ].join('&');
    writeCookie('OptanonConsent', value);
  }

  function runScripts() {
    document.querySelectorAll('script[type="text/plain"][class*="optanon-category-"]').forEach(function (blocked) {
      var token = (blocked.className.match(/optanon-category-([\w-]+)/) || [])[1] || '';
      var wanted = token.split('-').filter(Boolean);
      if (!wanted.length || !wanted.every(function (g) { return active[g]; })) return;
      var script = document.createElement('script');
      Array.prototype.forEach.call(blocked.attributes, function (a) { if (a.name !== 'type') script.setAttribute(a.name, a.value); });
      script.type = 'text/javascript';
      if (!blocked.src) script.text = blocked.text;
      blocked.parentNode.replaceChild(script, blocked);
    });
  }
  function announce() {
    publishGroups();
    var list = activeList();
    try { window.dispatchEvent(new CustomEvent('OneTrustGroupsUpdated', { detail: list })); } catch (e) { /* old browsers */ }
    if (window.dataLayer && window.dataLayer.push) window.dataLayer.push({ event: 'OneTrustGroupsUpdated', OnetrustActiveGroups: window.OnetrustActiveGroups });
    listeners.forEach(function (fn) { try { fn({ detail: list }); } catch (e) { console.error(e); } });
    if (typeof window.OptanonWrapper === 'function') { try { window.OptanonWrapper(); } catch (e) { console.error(e); } }
  }

  function hide(el) { if (el) { el.style.display = 'none'; el.setAttribute('aria-hidden', 'true'); } }
  function decide(groups) {
    GROUPS.forEach(function (g) { active[g] = g === 'C0001' || groups.indexOf(g) >= 0; });
    interactions += 1;
    writeConsent(false);
    writeCookie('OptanonAlertBoxClosed', new Date().toISOString());
    hide(banner);
    hide(pc);
    var filter = root && root.querySelector('.onetrust-pc-dark-filter');
    if (filter) filter.classList.add('ot-hide');
    showFloating();
    runScripts();
    announce();
  }

  function button(id, cls, label, styleText) {
    var b = document.createElement('button');
    if (id) b.id = id;
    if (cls) b.className = cls;
    b.type = 'button';
    b.textContent = label;
    b.style.cssText = 'padding:10px 18px;border-radius:4px;border:1px solid #2e3644;font:600 14px/1.2 Arial,sans-serif;cursor:pointer;' + (styleText || 'background:#fff;color:#2e3644;');
    return b;
  }

  function drawRoot() {
    if (root) return root;
    root = document.createElement('div');
    root.id = 'onetrust-consent-sdk';
    var filter = document.createElement('div');
    filter.className = 'onetrust-pc-dark-filter ot-hide ot-fade-in';
    filter.style.cssText = 'position:fixed;inset:0;background:rgba(0,0,0,.5);z-index:2147483645;';
    root.appendChild(filter);
    var style = document.createElement('style');
    style.textContent = '#onetrust-consent-sdk .ot-hide{display:none!important}';
    root.appendChild(style);
    document.body.appendChild(root);
    return root;
  }

  function drawBanner() {
    drawRoot();
    banner = document.createElement('div');
    banner.id = 'onetrust-banner-sdk';
    banner.className = 'otFlat ot-bnr-w-logo vertical-align-content';
    banner.setAttribute('role', 'region');
    banner.setAttribute('aria-label', T.title);
    banner.setAttribute('lang', lang);
    banner.style.cssText = 'position:fixed;left:0;right:0;bottom:0;z-index:2147483646;background:#fff;color:#2e3644;box-shadow:0 -4px 24px rgba(0,0,0,.18);padding:20px 28px;font:14px/1.5 Arial,sans-serif;display:flex;flex-wrap:wrap;gap:16px;align-items:center;';
    var policy = document.createElement('div');
    policy.id = 'onetrust-policy';
    policy.style.cssText = 'flex:1 1 480px;';
    var title = document.createElement('h2');
    title.id = 'onetrust-policy-title';
    title.style.cssText = 'margin:0 0 6px;font-size:16px;';
    title.textContent = T.title;
    var text = document.createElement('div');
    text.id = 'onetrust-policy-text';
    text.textContent = T.body;
    policy.appendChild(title);
    policy.appendChild(text);
    var parent = document.createElement('div');
    parent.id = 'onetrust-button-group-parent';
    var group = document.createElement('div');
    group.id = 'onetrust-button-group';
    group.style.cssText = 'display:flex;gap:8px;flex-wrap:wrap;';
    var settings = button('onetrust-pc-btn-handler', 'cookie-setting-link', T.settings, 'background:transparent;color:#2e3644;border-color:transparent;text-decoration:underline;');
    var reject = button('onetrust-reject-all-handler', null, T.reject);
    var accept = button('onetrust-accept-btn-handler', null, T.accept, 'background:#2e3644;color:#fff;');
    group.appendChild(settings);
    group.appendChild(reject);
    group.appendChild(accept);
    parent.appendChild(group);
    banner.appendChild(policy);
    banner.appendChild(parent);
    accept.addEventListener('click', function () { decide(GROUPS.slice()); });
    reject.addEventListener('click', function () { decide([]); });
    settings.addEventListener('click', function () { showPreferenceCentre(); });
    root.appendChild(banner);
  }

  function drawPreferenceCentre() {
    drawRoot();
    pc = document.createElement('div');
    pc.id = 'onetrust-pc-sdk';
    pc.className = 'otPcCenter ot-hide ot-fade-in';
    pc.setAttribute('role', 'dialog');
    pc.setAttribute('aria-modal', 'true');
    pc.setAttribute('aria-label', T.pcTitle);
    pc.style.cssText = 'position:fixed;z-index:2147483647;left:50%;top:50%;transform:translate(-50%,-50%);width:min(560px,calc(100% - 32px));max-height:80vh;overflow:auto;background:#fff;color:#2e3644;border-radius:6px;padding:24px;font:14px/1.5 Arial,sans-serif;';
    var h = document.createElement('h2');
    h.id = 'ot-pc-title';
    h.textContent = T.pcTitle;
    pc.appendChild(h);
    var recommended = button('accept-recommended-btn-handler', null, T.allowAll, 'background:#2e3644;color:#fff;');
    pc.appendChild(recommended);
    GROUPS.forEach(function (g) {
      var row = document.createElement('div');
      row.className = 'ot-accordion-layout ot-cat-item';
      row.setAttribute('data-optanongroupid', g);
      row.style.cssText = 'display:flex;justify-content:space-between;padding:10px 0;border-bottom:1px solid #e5e7eb;';
      var name = document.createElement('span');
      name.className = 'ot-cat-header';
      name.textContent = T[g];
      row.appendChild(name);
      if (g === 'C0001') {
        var always = document.createElement('span');
        always.className = 'ot-always-active';
        always.textContent = T.always;
        row.appendChild(always);
      } else {
        var input = document.createElement('input');
        input.type = 'checkbox';
        input.id = 'ot-group-id-' + g;
        input.className = 'category-switch-handler';
        input.setAttribute('data-optanongroupid', g);
        input.setAttribute('aria-label', T[g]);
        input.checked = !!active[g];
        row.appendChild(input);
      }
      pc.appendChild(row);
    });
    var footer = document.createElement('div');
    footer.className = 'ot-pc-footer';
    footer.style.cssText = 'display:flex;gap:8px;margin-top:16px;';
    var refuse = button(null, 'ot-pc-refuse-all-handler', T.reject);
    var save = button(null, 'save-preference-btn-handler onetrust-close-btn-handler', T.save, 'background:#2e3644;color:#fff;');
    footer.appendChild(refuse);
    footer.appendChild(save);
    pc.appendChild(footer);
    recommended.addEventListener('click', function () { decide(GROUPS.slice()); });
    refuse.addEventListener('click', function () { decide([]); });
    save.addEventListener('click', function () {
      var chosen = [];
      pc.querySelectorAll('input.category-switch-handler').forEach(function (i) { if (i.checked) chosen.push(i.getAttribute('data-optanongroupid')); });
      decide(chosen);
    });
    root.appendChild(pc);
  }

  function showPreferenceCentre() {
    if (!pc) drawPreferenceCentre();
    pc.querySelectorAll('input.category-switch-handler').forEach(function (i) { i.checked = !!active[i.getAttribute('data-optanongroupid')]; });
    pc.style.display = '';
    pc.classList.remove('ot-hide');
    pc.removeAttribute('aria-hidden');
    root.querySelector('.onetrust-pc-dark-filter').classList.remove('ot-hide');
  }

  function showFloating() {
    drawRoot();
    if (floating) return;
    floating = document.createElement('div');
    floating.id = 'ot-sdk-btn-floating';
    floating.className = 'ot-floating-button';
    floating.style.cssText = 'position:fixed;left:16px;bottom:16px;z-index:2147483640;';
    var b = button(null, 'ot-floating-button__open', '', 'border-radius:50%;width:44px;height:44px;padding:0;background:#2e3644;color:#fff;display:flex;align-items:center;justify-content:center;');
    b.innerHTML = '<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"><circle cx="12" cy="12" r="10" fill="#d9a066"/><circle cx="8" cy="9" r="1.6" fill="#5b3a1e"/><circle cx="14" cy="14" r="1.8" fill="#5b3a1e"/><circle cx="15" cy="8" r="1.2" fill="#5b3a1e"/></svg>';
    b.setAttribute('aria-label', T.floating);
    b.title = T.floating;
    b.addEventListener('click', showPreferenceCentre);
    floating.appendChild(b);
    root.appendChild(floating);
  }

  function closedAndValid() { return !!readCookie('OptanonAlertBoxClosed') && !!consentFromCookie(); }

  var API = {
    __demo: true,
    version: VERSION,
    AllowAll: function () { decide(GROUPS.slice()); },
    RejectAll: function () { decide([]); },
    ToggleInfoDisplay: function () { if (pc && pc.style.display !== 'none' && !pc.classList.contains('ot-hide')) hide(pc); else showPreferenceCentre(); },
    Close: function () { hide(banner); hide(pc); },
    IsAlertBoxClosed: function () { return !!readCookie('OptanonAlertBoxClosed'); },
    IsAlertBoxClosedAndValid: closedAndValid,
    OnConsentChanged: function (fn) { if (typeof fn === 'function') listeners.push(fn); },
    UpdateConsent: function (kind, value) {
      var parts = String(value).split(':');
      if (kind === 'Category' && parts.length === 2) {
        var chosen = activeList().filter(function (g) { return g !== parts[0]; });
        if (parts[1] === '1') chosen.push(parts[0]);
        decide(chosen);
      }
    },
    GetDomainData: function () {
      return { cctId: domainScript, Language: { Culture: lang }, Groups: GROUPS.map(function (g) { return { CustomGroupId: g, GroupName: T[g] }; }) };
    },
    getGeolocationData: function () { return { country: 'NO', state: '' }; },
    InsertScript: function (src, where, callback, options, group) {
      if (group && !active[group]) return;
      var s = document.createElement('script');
      s.src = src;
      if (callback) s.onload = callback;
      (where === 'head' ? document.head : document.body).appendChild(s);
    },
    changeLanguage: function () {},
    testLog: function () { return activeList(); }
  };
  window.OneTrust = window.Optanon = API;

  function start() {
    publishGroups();
    if (!saved) writeConsent(true);
    if (closedAndValid()) {
      showFloating();
    } else {
      drawBanner();
      drawPreferenceCentre();
    }
    runScripts();
    if (window.OneTrustStub) window.OneTrustStub.loaded = true;
    announce();
  }
  if (document.body) start(); else document.addEventListener('DOMContentLoaded', start);
})();
