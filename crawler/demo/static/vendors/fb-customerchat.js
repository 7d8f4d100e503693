/*
 * Fake Facebook SDK with the Customer Chat plugin, served as
 * https://connect.facebook.net/<locale>/sdk/xfbml.customerchat.js.
 *
 * Meta shut the Messenger Chat Plugin down on 9 May 2024. Shops that still
 * carry the snippet load an SDK that defines FB and FB.CustomerChat but draws
 * nothing: the div.fb-customerchat stays empty, no iframe under
 * /plugins/customerchat appears and 'customerchat.load' never fires. That is
 * today's reality, and what this fake reproduces.
 * API present: FB.init, FB.XFBML.parse, FB.Event.subscribe/unsubscribe,
 * FB.CustomerChat.show/hide/showDialog/hideDialog/update, FB.getLoginStatus.
 */
(function () {
  'use strict';
  if (window.FB && window.FB.__demo) return;
  var subscribers = {};
  var FB = window.FB = {
    __demo: true,
    __buffer: false,
    init: function (opts) { FB._initOptions = opts || {}; if (opts && opts.xfbml) FB.XFBML.parse(); },
    getLoginStatus: function (cb) { if (cb) cb({ status: 'unknown', authResponse: null }); },
    login: function (cb) { if (cb) cb({ status: 'unknown', authResponse: null }); },
    api: function () {},
    AppEvents: { logPageView: function () {}, logEvent: function () {} },
    Event: {
      subscribe: function (name, cb) { (subscribers[name] = subscribers[name] || []).push(cb); },
      unsubscribe: function (name, cb) { subscribers[name] = (subscribers[name] || []).filter(function (f) { return f !== cb; }); }
    },
    XFBML: {
      // The plugin is gone: parsing finds the markup and renders nothing.
      parse: function (node, cb) {
        var found = (node || document).querySelectorAll('.fb-customerchat');
        if (found.length && window.console) console.debug('[FB] customerchat plugin is no longer available');
        if (typeof cb === 'function') cb();
      }
    },
    CustomerChat: {
      show: function () {}, hide: function () {}, showDialog: function () {}, hideDialog: function () {}, update: function () {}
    }
  };
  setTimeout(function () {
    if (typeof window.fbAsyncInit === 'function') { try { window.fbAsyncInit(); } catch (e) { console.error(e); } }
    else FB.XFBML.parse();
  }, 0);
})();
