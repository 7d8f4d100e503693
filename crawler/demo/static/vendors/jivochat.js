/*
 * Fake JivoChat widget bundle, served as https://code.jivosite.com/script/widget/<widgetId>
 * (pulled by the /widget/<widgetId> loader).
 *
 * Drawn like the real widget: into the shop page itself, as custom <jdiv> elements with
 * hashed class names (root jdiv.globalClass_…, launcher label jdiv.button__… with
 * _orientationRight_…, chat window jdiv.mainContainer__…), plus the hidden
 * div#jivo-iframe-container > iframe#jivo_container the real bundle keeps for its
 * transport. No shadow root, no chat iframe. With no agent online (`status` offline) the
 * window is Jivo's offline form: "leave a message" with name, e-mail, phone and message;
 * online it is a chat with a message box. API (window.jivo_api, defined by this bundle,
 * no stub): open({start}), close(), chatMode() -> 'online'|'offline', getContactInfo(),
 * setContactInfo(), setCustomData(), showProactiveInvitation(text), getUtm(),
 * getVisitorNumber(cb), isCallbackEnabled(cb), clearHistory(), setWidgetColor(),
 * sendMessage(text) (only echoed: nothing is ever sent). Globals jivo_version, jivo_config.
 * Callbacks the site may define: jivo_onLoadCallback, jivo_onOpen, jivo_onClose,
 * jivo_onChangeState(state), jivo_onMessageSent, jivo_onMessageReceived.
 * Cookies jv_enter_ts_<id>, jv_visits_count_<id>, jv_pages_count_<id>, jv_refer_<id>,
 * jv_utm_<id>; open state in sessionStorage jv_widget_open_<id>.
 */
(function () {
  'use strict';
  var cfg = __ACCOUNT_CONFIG__;
  if (!cfg) { console.error('jivo: widget not found'); return; }
  if (window.jivo_api) return;

  var id = String(cfg.account);
  var online = cfg.status === 'online';
  var lang = cfg.lang || 'en';
  var TEXT = {
    en: { label: 'Chat with us, we are online!', offLabel: 'Leave us a message', title: 'Customer support', offTitle: 'Leave a message', offline: 'We are not online right now. Leave a message and we will answer by e-mail.', name: 'Name', email: 'E-mail', phone: 'Phone', message: 'Message', send: 'Send', placeholder: 'Type your message', thanks: 'Thank you! We will reply as soon as we are back.', close: 'Close' },
    lv: { label: 'Rakstiet mums, esam tiešsaistē!', offLabel: 'Atstājiet ziņu', title: 'Klientu atbalsts', offTitle: 'Atstājiet ziņu', offline: 'Pašlaik neviens no mums nav tiešsaistē. Atstājiet ziņu, un mēs atbildēsim pa e-pastu.', name: 'Vārds', email: 'E-pasts', phone: 'Tālrunis', message: 'Ziņa', send: 'Nosūtīt', placeholder: 'Rakstiet ziņu', thanks: 'Paldies! Atbildēsim, tiklīdz būsim atpakaļ.', close: 'Aizvērt' },
    et: { label: 'Kirjuta meile, oleme kohal!', offLabel: 'Jäta sõnum', title: 'Klienditugi', offTitle: 'Jäta sõnum', offline: 'Hetkel pole keegi kohal. Jäta sõnum ja vastame e-posti teel.', name: 'Nimi', email: 'E-post', phone: 'Telefon', message: 'Sõnum', send: 'Saada', placeholder: 'Kirjuta sõnum', thanks: 'Aitäh! Vastame niipea kui saame.', close: 'Sulge' },
    lt: { label: 'Rašykite mums, esame prisijungę!', offLabel: 'Palikite žinutę', title: 'Klientų aptarnavimas', offTitle: 'Palikite žinutę', offline: 'Šiuo metu nesame prisijungę. Palikite žinutę ir atsakysime el. paštu.', name: 'Vardas', email: 'El. paštas', phone: 'Telefonas', message: 'Žinutė', send: 'Siųsti', placeholder: 'Rašykite žinutę', thanks: 'Ačiū! Atsakysime, kai tik grįšime.', close: 'Uždaryti' },
    ru: { label: 'Напишите нам, мы онлайн!', offLabel: 'Оставьте сообщение', title: 'Служба поддержки', offTitle: 'Оставьте сообщение', offline: 'Сейчас нет операторов в сети. Оставьте сообщение, и мы ответим по почте.', name: 'Имя', email: 'E-mail', phone: 'Телефон', message: 'Сообщение', send: 'Отправить', placeholder: 'Введите сообщение', thanks: 'Спасибо! Мы ответим, как только вернёмся.', close: 'Закрыть' }
  };
  var T = Object.assign({}, TEXT.en, TEXT[lang] || {}, cfg.texts || {});
  var color = cfg.color || '#00b44b';
  var hash = (id.length * 7919).toString(36);
  var root, label, win, opened = false;
  var contact = {};

  function call(name, arg) { var fn = window[name]; if (typeof fn === 'function') { try { fn(arg); } catch (e) { console.error(e); } } }
  function cookie(name, value) { document.cookie = name + '=' + encodeURIComponent(value) + '; path=/; SameSite=Lax; expires=' + new Date(Date.now() + 365 * 864e5).toUTCString(); }
  function readCookie(name) { var m = document.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)')); return m ? decodeURIComponent(m[1]) : null; }
  function jd(cls, text) { var n = document.createElement('jdiv'); if (cls) n.className = cls; if (text) n.textContent = text; return n; }

  function trackVisit() {
    if (!readCookie('jv_enter_ts_' + id)) {
      cookie('jv_enter_ts_' + id, String(Date.now()));
      cookie('jv_visits_count_' + id, String(Number(readCookie('jv_visits_count_' + id) || 0) + 1));
      cookie('jv_refer_' + id, document.referrer || '');
      cookie('jv_utm_' + id, '');
    }
    cookie('jv_pages_count_' + id, String(Number(readCookie('jv_pages_count_' + id) || 0) + 1));
  }

  function field(name, type, required) {
    var wrap = document.createElement('label');
    wrap.className = 'inputField__' + hash;
    wrap.style.cssText = 'display:flex;flex-direction:column;gap:4px;font-size:13px;color:#555;';
    var caption = document.createElement('span');
    caption.textContent = T[name] + (required ? ' *' : '');
    var input = document.createElement(type === 'textarea' ? 'textarea' : 'input');
    input.name = name;
    if (type !== 'textarea') input.type = type;
    else input.rows = 3;
    if (required) input.required = true;
    input.style.cssText = 'font:inherit;padding:9px 10px;border:1px solid #d0d5dd;border-radius:6px;';
    wrap.appendChild(caption);
    wrap.appendChild(input);
    return wrap;
  }

  function offlineForm(box) {
    var intro = jd('offlineText__' + hash, T.offline);
    intro.style.cssText = 'display:block;margin-bottom:12px;color:#444;';
    var form = document.createElement('form');
    form.className = 'offlineForm__' + hash;
    form.style.cssText = 'display:flex;flex-direction:column;gap:10px;';
    form.appendChild(field('name', 'text', false));
    form.appendChild(field('email', 'email', true));
    form.appendChild(field('phone', 'tel', false));
    form.appendChild(field('message', 'textarea', true));
    var send = document.createElement('button');
    send.type = 'submit';
    send.textContent = T.send;
    send.style.cssText = 'padding:11px;border:0;border-radius:6px;background:' + color + ';color:#fff;font-weight:700;cursor:pointer;';
    form.appendChild(send);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      if (!form.reportValidity()) return;
      var thanks = jd('offlineText__' + hash, T.thanks);
      form.replaceWith(thanks);
    });
    box.appendChild(intro);
    box.appendChild(form);
  }

  function chatBody(box) {
    var list = jd('messages__' + hash);
    list.style.cssText = 'display:flex;flex-direction:column;gap:8px;min-height:200px;';
    if (cfg.greeting) {
      var hello = jd('message__' + hash, cfg.greeting);
      hello.style.cssText = 'display:block;background:#eef1f4;border-radius:12px;padding:8px 12px;max-width:85%;';
      list.appendChild(hello);
    }
    var input = document.createElement('textarea');
    input.placeholder = T.placeholder;
    input.setAttribute('aria-label', T.placeholder);
    input.rows = 2;
    input.style.cssText = 'font:inherit;width:100%;box-sizing:border-box;padding:9px;border:1px solid #d0d5dd;border-radius:6px;margin-top:12px;';
    input.addEventListener('keydown', function (e) {
      if (e.key !== 'Enter' || e.shiftKey) return;
      e.preventDefault();
      api.sendMessage(input.value);
      input.value = '';
    });
    box.appendChild(list);
    box.appendChild(input);
  }

  function layout() {
    var phone = window.matchMedia('(max-width: 640px)').matches;
    label.style.cssText = 'position:fixed;right:24px;bottom:0;z-index:2147483640;display:' + (opened ? 'none' : 'flex') + ';align-items:center;gap:8px;height:44px;padding:0 18px;border-radius:12px 12px 0 0;background:' + color + ';color:#fff;font:600 14px/1 Arial,sans-serif;cursor:pointer;box-shadow:0 -2px 12px rgba(0,0,0,.2);';
    win.style.cssText = 'position:fixed;z-index:2147483641;display:' + (opened ? 'flex' : 'none') + ';flex-direction:column;background:#fff;font:14px/1.45 Arial,sans-serif;color:#222;box-shadow:0 6px 30px rgba(0,0,0,.25);' +
      (phone ? 'left:0;top:0;right:0;bottom:0;' : 'right:24px;bottom:0;width:360px;height:min(540px,100vh);border-radius:12px 12px 0 0;overflow:hidden;');
  }

  function setOpened(next) {
    if (next === opened || !win) return;
    opened = next;
    layout();
    try { sessionStorage.setItem('jv_widget_open_' + id, opened ? '1' : '0'); } catch (e) { /* storage blocked */ }
    call(opened ? 'jivo_onOpen' : 'jivo_onClose');
    call('jivo_onChangeState', opened ? (online ? 'chat' : 'offline') : 'label');
  }

  function render() {
    trackVisit();
    var transport = document.createElement('div');
    transport.id = 'jivo-iframe-container';
    transport.style.cssText = 'opacity:0;visibility:hidden;width:0;height:0;overflow:hidden;';
    var frame = document.createElement('iframe');
    frame.id = 'jivo_container';
    frame.name = 'jivo_container';
    frame.title = 'Jivochat';
    frame.setAttribute('role', 'presentation');
    frame.src = 'about:blank';
    transport.appendChild(frame);
    document.body.appendChild(transport);

    root = jd('globalClass_' + hash);
    label = jd('button__' + hash + ' _orientationRight_' + hash + ' __jivoDesktopButton');
    label.setAttribute('role', 'button');
    label.setAttribute('tabindex', '0');
    var icon = jd('iconWrap__' + hash);
    icon.innerHTML = '<svg viewBox="0 0 24 24" width="26" height="26" aria-hidden="true"><path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>';
    label.appendChild(icon);
    label.appendChild(jd('text__' + hash, online ? T.label : T.offLabel));
    label.addEventListener('click', function () { setOpened(true); });
    win = jd('mainContainer__' + hash + (online ? '' : ' _offline_' + hash));
    win.setAttribute('role', 'dialog');
    win.setAttribute('aria-label', online ? T.title : T.offTitle);
    var header = jd('header__' + hash);
    header.style.cssText = 'display:flex;justify-content:space-between;align-items:center;padding:14px 16px;background:' + color + ';color:#fff;font-weight:700;';
    header.appendChild(jd('title__' + hash, online ? (cfg.title || T.title) : T.offTitle));
    var close = jd('closeIcon__' + hash, '×');
    close.setAttribute('role', 'button');
    close.setAttribute('aria-label', T.close);
    close.style.cssText = 'cursor:pointer;font-size:22px;';
    close.addEventListener('click', function () { setOpened(false); });
    header.appendChild(close);
    var body = jd('body__' + hash);
    body.style.cssText = 'display:block;flex:1;overflow:auto;padding:14px 16px;';
    if (online) chatBody(body); else offlineForm(body);
    win.appendChild(header);
    win.appendChild(body);
    root.appendChild(label);
    root.appendChild(win);
    document.body.appendChild(root);
    layout();
    window.addEventListener('resize', layout);
    var reopen = false;
    try { reopen = sessionStorage.getItem('jv_widget_open_' + id) === '1'; } catch (e) { /* storage blocked */ }
    if (reopen) setOpened(true);
    call('jivo_onLoadCallback');
  }

  var api = window.jivo_api = {
    open: function () { setOpened(true); return { result: 'ok' }; },
    close: function () { setOpened(false); return { result: 'ok' }; },
    chatMode: function () { return online ? 'online' : 'offline'; },
    getContactInfo: function () { return { client_name: contact.name || null, email: contact.email || null, phone: contact.phone || null, description: contact.description || null }; },
    setContactInfo: function (info) { contact = Object.assign({}, contact, info || {}); },
    setCustomData: function () {},
    setUserToken: function () {},
    showProactiveInvitation: function () {},
    getUtm: function () { return readCookie('jv_utm_' + id) || ''; },
    getVisitorNumber: function (cb) { if (typeof cb === 'function') cb(null, Number(readCookie('jv_visits_count_' + id) || 1)); },
    isCallbackEnabled: function (cb) { if (typeof cb === 'function') cb(false); },
    clearHistory: function () {},
    setWidgetColor: function () {},
    setRules: function () {},
    sendMessage: function (text) {
      // Only echoed: the fake never sends anything anywhere.
      if (!text || !online || !win) return;
      call('jivo_onMessageSent', text);
    }
  };
  window.jivo_version = '4.2.1';
  window.jivo_config = { widget_id: id, widget_color: color, locale: lang, chat_mode: online ? 'online' : 'offline' };

  setTimeout(function () {
    if (document.body) render(); else document.addEventListener('DOMContentLoaded', render);
  }, cfg.load_delay_ms == null ? 300 : cfg.load_delay_ms);
})();
