/**
 * The script of our TalkJS host page (served from our origin at TALKJS_HOST_SCRIPT_PATH, so the page's CSP needs no
 * inline script). It loads TalkJS's SDK, signs the user in and mounts the conversation's chatbox, then tells the
 * parent page how it went with the messages our chat panel and the monitor's journey wait for:
 * `{ type: 'chat:ready', conversationId }` or `{ type: 'chat:error', conversationId, message }`, posted to the app's
 * origin only. Every failure path names its cause (SDK script blocked or unreachable, SDK not ready in time,
 * session or mount rejected with the SDK's own error).
 *
 * SDK calls follow the `talkjs` npm package's types (types/talk.types.d.ts, v0.46.0): `new Talk.Session({ appId,
 * userId, token })`, `session.createChatbox()`, `chatbox.select(conversationId)`, `chatbox.mount(el): Promise<void>`,
 * `Talk.ready: Promise<void>`. The npm package itself is only a loader that adds `https://cdn.talkjs.com/talk.js`
 * (its src/index.esnext.js); we add that script ourselves so a load failure is seen (the package's loader has no
 * error path) — the SDK's code therefore always comes from TalkJS's CDN.
 */
export const TALKJS_HOST_SCRIPT = String.raw`(function () {
  'use strict';
  var data = document.body.dataset;
  var conversationId = data.conversationId;
  var parentOrigin = data.parentOrigin;
  var settled = false;
  function post(message) {
    try { window.parent.postMessage(message, parentOrigin); } catch (e) { /* no parent: opened on its own */ }
  }
  function describe(error) {
    if (!error) return 'unknown error';
    if (typeof error === 'string') return error;
    return (error.name ? error.name + ': ' : '') + (error.message || String(error));
  }
  function fail(message) {
    if (settled) return;
    settled = true;
    document.getElementById('talkjs-status').textContent = 'The chat could not load.';
    post({ type: 'chat:error', conversationId: conversationId, message: String(message).slice(0, 300) });
  }
  function ready() {
    if (settled) return;
    settled = true;
    document.getElementById('talkjs-status').textContent = '';
    post({ type: 'chat:ready', conversationId: conversationId });
  }
  if (data.error) return fail(data.error);
  var token = new URLSearchParams(window.location.search).get('token');
  var timer = setTimeout(function () {
    fail('TalkJS SDK from ' + data.sdkUrl + ' was not ready within ' + data.readyTimeoutMs + ' ms');
  }, Number(data.readyTimeoutMs));

  function start() {
    var Talk = window.Talk;
    Promise.resolve(Talk.ready).then(function () {
      var session = new Talk.Session({ appId: data.appId, userId: data.userId, token: token });
      var chatbox = session.createChatbox();
      chatbox.select(conversationId);
      return chatbox.mount(document.getElementById('talkjs-container'));
    }).then(function () {
      clearTimeout(timer);
      ready();
    }, function (error) {
      clearTimeout(timer);
      fail('TalkJS chatbox failed: ' + describe(error));
    });
  }

  if (window.Talk && window.Talk.Session) return start();
  var script = document.createElement('script');
  script.src = data.sdkUrl;
  script.async = true;
  script.onload = function () {
    if (!window.Talk || !window.Talk.Session) {
      clearTimeout(timer);
      return fail('TalkJS SDK from ' + data.sdkUrl + ' loaded but defined no Talk.Session');
    }
    start();
  };
  script.onerror = function () {
    clearTimeout(timer);
    fail('TalkJS SDK could not be loaded from ' + data.sdkUrl + ' (blocked or unreachable)');
  };
  document.head.appendChild(script);
})();
`;
