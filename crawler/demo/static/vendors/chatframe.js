/*
 * The inside of a fake vendor's chat iframe (served from the vendor's host,
 * so it is cross-origin to the shop). It draws what the account settings say:
 * a launcher, a chat panel with a greeting and a composer, a pre-chat form with
 * required fields, or an offline "leave a message" form; service hours and the
 * online status. NOTHING IS EVER SENT: a visitor message is only echoed into
 * the transcript and an online account answers with a canned reply after a delay.
 * The transcript is kept by the parent (the vendor's loader on the shop page, in
 * first-party storage, as real widgets keep their session), because a
 * third-party frame is often denied storage of its own.
 *
 * Views (query ?view=): launcher | panel | combined (launcher and panel in one
 * frame the parent resizes) | notification (a proactive greeting bubble).
 * The parent talks to it with postMessage {demoChatCmd: 'open'|'close'|'prefill'|'send', text};
 * it answers {demoChat: <vendor>, action: 'ready'|'toggle'|'open'|'close'|
 * 'visitor_message'|'agent_message'|'form_submitted'|'store', ...}. After 'ready' the
 * parent sends {demoChatCmd: 'history', state} with what 'store' saved before.
 */
(function () {
  'use strict';
  var D = window.DEMO_CHAT || {};
  var cfg = D.account || {};
  var skin = D.skin || {};
  var params = new URLSearchParams(location.search);
  var view = params.get('view') || 'panel';
  var lang = params.get('lang') || cfg.lang || 'en';

  var TEXTS = {
    en: { title: 'Chat with us', placeholder: 'Type a message…', send: 'Send', start: 'Start chat',
      name: 'Name', email: 'Email', phone: 'Phone', message: 'Message', leave: 'Leave a message',
      offline: 'We are offline right now. Leave us a message and we will get back to you by email.',
      online: 'We are online', away: 'We will be right back', offline_status: 'Offline',
      prechat: 'Please introduce yourself before we start.', thanks: 'Thank you! We will reply by email.',
      minimize: 'Minimize', open: 'Open chat', agent: 'Customer service', you: 'You', bot: 'Bot',
      reply: 'Thanks for your message! Someone will be with you in a moment. (demo reply: nothing was sent)' },
    et: { title: 'Vestle meiega', placeholder: 'Kirjuta sõnum…', send: 'Saada', start: 'Alusta vestlust',
      name: 'Nimi', email: 'E-post', phone: 'Telefon', message: 'Sõnum', leave: 'Jäta sõnum',
      offline: 'Oleme hetkel eemal. Jäta sõnum ja vastame e-posti teel.',
      online: 'Oleme online', away: 'Tuleme kohe tagasi', offline_status: 'Võrguühenduseta',
      prechat: 'Palun tutvusta end enne vestluse algust.', thanks: 'Aitäh! Vastame e-posti teel.',
      minimize: 'Minimeeri', open: 'Ava vestlus', agent: 'Klienditeenindus', you: 'Sina', bot: 'Robot' },
    fi: { title: 'Keskustele kanssamme', placeholder: 'Kirjoita viesti…', send: 'Lähetä', start: 'Aloita keskustelu',
      name: 'Nimi', email: 'Sähköposti', phone: 'Puhelin', message: 'Viesti', leave: 'Jätä viesti',
      offline: 'Emme ole juuri nyt paikalla. Jätä viesti, niin vastaamme sähköpostitse.',
      online: 'Olemme paikalla', away: 'Palaamme pian', offline_status: 'Poissa',
      prechat: 'Kerro ensin nimesi ja sähköpostiosoitteesi.', thanks: 'Kiitos! Vastaamme sähköpostitse.',
      minimize: 'Pienennä', open: 'Avaa chat', agent: 'Asiakaspalvelu', you: 'Sinä', bot: 'Botti' },
    sv: { title: 'Chatta med oss', placeholder: 'Skriv ett meddelande…', send: 'Skicka', start: 'Starta chatten',
      name: 'Namn', email: 'E-post', phone: 'Telefon', message: 'Meddelande', leave: 'Lämna ett meddelande',
      offline: 'Vi är inte här just nu. Lämna ett meddelande så svarar vi via e-post.',
      online: 'Vi är online', away: 'Strax tillbaka', offline_status: 'Offline',
      prechat: 'Berätta vem du är innan vi börjar.', thanks: 'Tack! Vi svarar via e-post.',
      minimize: 'Minimera', open: 'Öppna chatten', agent: 'Kundtjänst', you: 'Du', bot: 'Bot' },
    lv: { title: 'Tērzēšana', placeholder: 'Rakstiet ziņu…', send: 'Sūtīt', start: 'Sākt sarunu',
      name: 'Vārds', email: 'E-pasts', phone: 'Tālrunis', message: 'Ziņa', leave: 'Atstājiet ziņu',
      offline: 'Pašlaik neesam tiešsaistē. Atstājiet ziņu, un mēs atbildēsim pa e-pastu.',
      online: 'Esam tiešsaistē', away: 'Drīz būsim atpakaļ', offline_status: 'Bezsaistē',
      prechat: 'Lūdzu, iepazīstieties pirms sarunas.', thanks: 'Paldies! Atbildēsim pa e-pastu.',
      minimize: 'Samazināt', open: 'Atvērt tērzēšanu', agent: 'Klientu serviss', you: 'Jūs', bot: 'Bots' },
    lt: { title: 'Pokalbis', placeholder: 'Rašykite žinutę…', send: 'Siųsti', start: 'Pradėti pokalbį',
      name: 'Vardas', email: 'El. paštas', phone: 'Telefonas', message: 'Žinutė', leave: 'Palikite žinutę',
      offline: 'Šiuo metu nesame prisijungę. Palikite žinutę ir atsakysime el. paštu.',
      online: 'Esame prisijungę', away: 'Netrukus grįšime', offline_status: 'Neprisijungę',
      prechat: 'Prieš pradėdami prisistatykite.', thanks: 'Ačiū! Atsakysime el. paštu.',
      minimize: 'Suskleisti', open: 'Atidaryti pokalbį', agent: 'Klientų aptarnavimas', you: 'Jūs', bot: 'Robotas' },
    ru: { title: 'Онлайн-чат', placeholder: 'Напишите сообщение…', send: 'Отправить', start: 'Начать чат',
      name: 'Имя', email: 'Эл. почта', phone: 'Телефон', message: 'Сообщение', leave: 'Оставить сообщение',
      offline: 'Сейчас мы не в сети. Оставьте сообщение, и мы ответим по электронной почте.',
      online: 'Мы онлайн', away: 'Скоро вернёмся', offline_status: 'Не в сети',
      prechat: 'Пожалуйста, представьтесь перед началом чата.', thanks: 'Спасибо! Мы ответим по почте.',
      minimize: 'Свернуть', open: 'Открыть чат', agent: 'Служба поддержки', you: 'Вы', bot: 'Бот' },
    de: { title: 'Chatten Sie mit uns', placeholder: 'Nachricht schreiben…', send: 'Senden', start: 'Chat starten',
      name: 'Name', email: 'E-Mail', phone: 'Telefon', message: 'Nachricht', leave: 'Nachricht hinterlassen',
      offline: 'Wir sind gerade nicht da. Hinterlassen Sie eine Nachricht, wir antworten per E-Mail.',
      online: 'Wir sind online', away: 'Gleich zurück', offline_status: 'Offline',
      prechat: 'Bitte stellen Sie sich kurz vor.', thanks: 'Danke! Wir antworten per E-Mail.',
      minimize: 'Minimieren', open: 'Chat öffnen', agent: 'Kundenservice', you: 'Sie', bot: 'Bot' }
  };
  var T = Object.assign({}, TEXTS.en, TEXTS[lang] || {}, cfg.texts || {});
  var prefix = skin.prefix || D.vendor || 'chat';
  var status = cfg.status || 'online';
  // The conversation so far; the parent stores it between pages ('store'/'history').
  var saved = { items: [], prechat: false };
  document.title = skin.frame_title || D.vendor || 'chat';
  var rootStyle = document.documentElement.style;
  if (skin.accent) rootStyle.setProperty('--accent', skin.accent);
  if (cfg.color) rootStyle.setProperty('--accent', cfg.color);
  if (skin.accent_text) rootStyle.setProperty('--accent-text', skin.accent_text);
  if (skin.radius) rootStyle.setProperty('--radius', skin.radius);
  if (skin.font) rootStyle.setProperty('--font', skin.font);

  function el(tag, part, attrs, children) {
    var node = document.createElement(tag);
    if (part) { node.setAttribute('data-part', part); node.className = prefix + '-' + part; }
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] === false || attrs[k] == null) return;
      if (k === 'text') node.textContent = attrs[k]; else node.setAttribute(k, attrs[k] === true ? '' : attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  function post(action, extra) {
    var msg = Object.assign({ demoChat: D.vendor, action: action, account: cfg.account }, extra || {});
    if (window.parent !== window) window.parent.postMessage(msg, '*');
  }

  var ICON = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>';

  function launcher() {
    var button = el('button', 'launcher', {
      type: 'button', 'aria-label': cfg.launcher_label || T.open, title: cfg.launcher_label || T.open,
      'data-shape': skin.launcher_shape || 'circle'
    });
    button.innerHTML = ICON;
    if (skin.launcher_shape === 'pill') button.appendChild(el('span', 'launcher-text', { text: cfg.launcher_text || T.title }));
    if (skin.status_dot !== false) button.appendChild(el('span', 'dot', { 'data-status': status }));
    return button;
  }

  // -- transcript ------------------------------------------------------------------------------
  var messagesList;
  function addMessage(author, body, persist) {
    var who = author === 'visitor' ? T.you : author === 'bot' ? (cfg.agent || T.bot) : (cfg.agent || T.agent);
    messagesList.appendChild(el('li', 'message', { 'data-author': author }, [
      el('small', 'author', { text: who }), el('span', 'text', { text: body })
    ]));
    messagesList.parentNode.scrollTop = 1e6;
    if (persist) { saved.items.push({ a: author, t: body, at: Date.now() }); post('store', { state: saved }); }
  }

  function visitorSays(textValue) {
    textValue = (textValue || '').trim();
    if (!textValue) return;
    addMessage('visitor', textValue, true);
    post('visitor_message', { text: textValue });
    if (status === 'online' && cfg.reply !== false) {
      setTimeout(function () {
        var reply = cfg.reply || T.reply;
        addMessage(cfg.bot ? 'bot' : 'agent', reply, true);
        post('agent_message', { text: reply, bot: !!cfg.bot });
      }, cfg.reply_delay_ms == null ? 2500 : cfg.reply_delay_ms);
    }
  }

  // -- forms -----------------------------------------------------------------------------------
  function field(name, kind, required) {
    var label = T[name] || name;
    var requiredStyle = skin.required_style || 'attr';
    var input = kind === 'textarea'
      ? el('textarea', null, { name: name, rows: 3 })
      : el('input', null, { name: name, type: kind, autocomplete: name === 'email' ? 'email' : name === 'name' ? 'name' : 'off' });
    if (required && requiredStyle !== 'star') input.setAttribute('required', '');
    if (required && requiredStyle !== 'attr') input.setAttribute('aria-required', 'true');
    var caption = el('span', null, { text: label });
    if (required) caption.appendChild(el('span', 'required-mark', { text: ' *', 'aria-hidden': 'true' }));
    return el('label', 'field', { 'data-field': name }, [caption, input]);
  }

  function prechatForm(onDone) {
    var wanted = cfg.prechat_fields || ['name', 'email'];
    var optional = cfg.prechat_optional || [];
    var form = el('form', 'prechat-form', { 'aria-label': T.start }, [el('p', 'notice', { text: cfg.prechat_text || T.prechat })]);
    wanted.forEach(function (f) { form.appendChild(field(f, f === 'email' ? 'email' : f === 'phone' ? 'tel' : f === 'message' ? 'textarea' : 'text', true)); });
    optional.forEach(function (f) { form.appendChild(field(f, f === 'message' ? 'textarea' : 'text', false)); });
    form.appendChild(el('button', 'start', { type: 'submit', text: cfg.start_text || T.start }));
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      if (!form.reportValidity()) return;
      post('form_submitted', { form: 'prechat' });
      onDone();
    });
    return form;
  }

  function offlineForm() {
    var form = el('form', 'offline-form', { 'aria-label': T.leave }, [
      el('p', 'notice', { text: cfg.offline_text || T.offline }),
      field('name', 'text', false), field('email', 'email', true), field('message', 'textarea', true),
      el('button', 'leave', { type: 'submit', text: T.leave })
    ]);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      if (!form.reportValidity()) return;
      post('form_submitted', { form: 'offline' });
      form.replaceWith(el('p', 'notice', { text: T.thanks }));
    });
    return form;
  }

  function composer() {
    var tag = skin.composer === 'input' ? 'input' : 'textarea';
    var box = el(tag, 'input', { placeholder: cfg.placeholder || T.placeholder, 'aria-label': cfg.placeholder || T.placeholder, rows: tag === 'textarea' ? 1 : null, type: tag === 'input' ? 'text' : null });
    var send = el('button', 'send', { type: 'button', 'aria-label': T.send, title: T.send, text: '➤' });
    function go() { visitorSays(box.value); box.value = ''; }
    send.addEventListener('click', go);
    box.addEventListener('keydown', function (e) { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); go(); } });
    var bar = el('div', 'composer', {}, [box, send]);
    bar.input = box;
    return bar;
  }

  // -- panel -----------------------------------------------------------------------------------
  var bar = null, prechat = null, box = null;
  function showComposer() {
    if (prechat) { prechat.remove(); prechat = null; }
    if (bar && !bar.parentNode) box.insertBefore(bar, box.querySelector('[data-part="brand"]'));
  }
  function restore(state) {
    // What the parent kept from earlier pages: the transcript and a filled pre-chat form.
    if (!state || !messagesList) return;
    saved = { items: state.items || [], prechat: !!state.prechat };
    saved.items.forEach(function (m) { addMessage(m.a, m.t, false); });
    if (bar && (saved.prechat || saved.items.length)) showComposer();
  }
  function panel() {
    var statusText = status === 'online' ? T.online : status === 'away' ? T.away : T.offline_status;
    var minimize = el('button', 'minimize', { type: 'button', 'aria-label': T.minimize, title: T.minimize, text: '–' });
    minimize.addEventListener('click', function () { post('close'); setState('closed'); });
    var header = el('header', 'header', { 'data-style': skin.header_style || 'solid' }, [
      el('div', 'avatar', { text: (cfg.agent || T.agent).charAt(0) }),
      el('div', null, {}, [el('div', 'title', { text: cfg.title || T.title }), el('div', 'status', { 'data-status': status, text: statusText })]),
      minimize
    ]);
    var body = el('div', 'body', {});
    if (cfg.hours) body.appendChild(el('p', 'hours', { text: cfg.hours }));
    messagesList = el('ol', 'messages', { 'aria-live': 'polite' });
    body.appendChild(messagesList);
    var mode = cfg.mode || 'anonymous';
    var offline = mode === 'offline' || (status === 'offline' && cfg.offline_form !== false);
    box = el('div', 'panel', { role: 'dialog', 'aria-label': cfg.title || T.title, 'data-mode': offline ? 'offline' : mode, 'data-status': status }, [header, body]);
    if (offline) {
      body.appendChild(offlineForm());
    } else {
      if (cfg.greeting) addMessage(cfg.bot ? 'bot' : 'agent', cfg.greeting, false);
      // A bot's answer buttons under its greeting (`quick_replies`); a click answers with its label.
      if (cfg.quick_replies && cfg.quick_replies.length) {
        var choices = el('div', 'quick-replies', { role: 'group' });
        cfg.quick_replies.forEach(function (label) {
          var choice = el('button', 'quick-reply', { type: 'button', text: label });
          choice.addEventListener('click', function () { choices.remove(); visitorSays(label); });
          choices.appendChild(choice);
        });
        body.appendChild(choices);
      }
      bar = composer();
      if (mode === 'prechat') {
        // Like the real pre-chat forms: no composer exists until the form is filled in.
        prechat = prechatForm(function () {
          saved.prechat = true;
          post('store', { state: saved });
          showComposer();
          bar.input.focus();
        });
        body.appendChild(prechat);
      } else {
        box.appendChild(bar);
      }
    }
    if (skin.brand) box.appendChild(el('div', 'brand', { text: skin.brand }));
    return box;
  }

  // -- views -----------------------------------------------------------------------------------
  var root = document.getElementById('root');
  document.body.setAttribute('data-view', view);
  var launcherNode = null, panelNode = null, state = 'closed';
  function setState(next) {
    state = next;
    if (view !== 'combined') return;
    launcherNode.classList.toggle('hidden', state === 'open');
    panelNode.classList.toggle('hidden', state !== 'open');
  }

  if (view === 'launcher' || view === 'combined') {
    launcherNode = launcher();
    launcherNode.addEventListener('click', function () {
      if (view === 'combined') { setState('open'); post('open'); } else { post('toggle'); }
    });
    root.appendChild(launcherNode);
  }
  if (view === 'panel' || view === 'combined') {
    panelNode = panel();
    root.appendChild(panelNode);
    if (view === 'combined') setState(params.get('state') === 'open' ? 'open' : 'closed');
  }
  if (view === 'notification') {
    var note = el('div', 'notification', { role: 'button', tabindex: '0' }, [
      el('small', 'author', { text: cfg.agent || T.agent }), el('p', 'proactive', { text: cfg.proactive || cfg.greeting || '' })
    ]);
    note.addEventListener('click', function () { post('open'); });
    root.appendChild(note);
  }

  window.addEventListener('message', function (e) {
    var m = e.data;
    if (!m || typeof m !== 'object' || !m.demoChatCmd) return;
    if (m.demoChatCmd === 'open') setState('open');
    else if (m.demoChatCmd === 'close') setState('closed');
    else if (m.demoChatCmd === 'prefill' && bar) bar.input.value = m.text || '';
    else if (m.demoChatCmd === 'send') visitorSays(m.text);
    else if (m.demoChatCmd === 'history') restore(m.state);
  });
  post('ready', { status: status, view: view });
})();
