/**
 * Scripts of our Sendbird, Twilio and Stream host pages (served from our origin, so the page's CSP needs no inline script).
 * The shared frame loads the vendor's browser SDK from `data-sdk-url`, then runs the vendor's `start(data, ui)`, which
 * must resolve once the conversation is mounted. It tells the parent how it went with the messages the chat panel and
 * the monitor's journey wait for — `{ type: 'chat:ready', conversationId }` or `{ type: 'chat:error', conversationId,
 * message }` — posted to the app's origin only, like the TalkJS host page (../talkjs-host/host-script.ts). Every
 * failure names its cause: SDK script blocked or unreachable, SDK not ready in time, or the SDK's own error.
 */
const frame = (vendor: string, sdkGlobal: string, start: string) => String.raw`(function () {
  'use strict';
  var data = document.body.dataset;
  var conversationId = data.conversationId;
  var settled = false;
  var status = document.getElementById('chat-status');
  function post(message) {
    try { window.parent.postMessage(message, data.parentOrigin); } catch (e) { /* no parent: opened on its own */ }
  }
  function describe(error) {
    if (!error) return 'unknown error';
    if (typeof error === 'string') return error;
    return (error.name ? error.name + ': ' : '') + (error.message || String(error));
  }
  function fail(message) {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    status.textContent = 'The chat could not load.';
    post({ type: 'chat:error', conversationId: conversationId, message: String(message).slice(0, 300) });
  }
  function ready() {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    status.textContent = '';
    post({ type: 'chat:ready', conversationId: conversationId });
  }
  /** The smallest chat UI: the latest messages and a composer; the SDK does the talking. */
  var ui = {
    list: document.getElementById('chat-messages'),
    show: function (author, text) {
      var li = document.createElement('li');
      li.textContent = author + ': ' + text;
      ui.list.appendChild(li);
      li.scrollIntoView();
    },
    onSend: function (send) {
      var form = document.getElementById('chat-composer');
      form.hidden = false;
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        var input = form.elements.namedItem('text');
        var text = input.value.trim();
        if (!text) return;
        input.value = '';
        Promise.resolve(send(text)).catch(function (error) { status.textContent = 'Not sent: ' + describe(error); });
      });
    }
  };
  if (data.error) { var timer = 0; return fail(data.error); }
  var timer = setTimeout(function () {
    fail('${vendor} SDK from ' + data.sdkUrl + ' was not ready within ' + data.readyTimeoutMs + ' ms');
  }, Number(data.readyTimeoutMs));
  var token = new URLSearchParams(window.location.search).get('token');
  function start(SDK) {
${start}
  }
  function run() {
    try {
      Promise.resolve(start(window.${sdkGlobal})).then(ready, function (error) { fail('${vendor} chat failed: ' + describe(error)); });
    } catch (error) {
      fail('${vendor} chat failed: ' + describe(error));
    }
  }
  var script = document.createElement('script');
  script.src = data.sdkUrl;
  script.async = true;
  script.onload = function () {
    if (!window.${sdkGlobal}) return fail('${vendor} SDK from ' + data.sdkUrl + ' loaded but defined no ${sdkGlobal}');
    run();
  };
  script.onerror = function () { fail('${vendor} SDK could not be loaded from ' + data.sdkUrl + ' (blocked or unreachable)'); };
  document.head.appendChild(script);
})();
`;

/**
 * Sendbird: `@sendbird/chat` 4.22's UMD bundle (sendbird.min.js) defines `window.Sendbird` with `SendbirdChat` and
 * `GroupChannelModule` (its index.d.ts): `SendbirdChat.init({ appId, modules })`,
 * `sb.connect(userId, sessionToken)`, `sb.groupChannel.getChannel(channelUrl)`,
 * `channel.createPreviousMessageListQuery({ limit }).load()`, `channel.sendUserMessage({ message })`, `channel.markAsRead()`
 * (lib/__definition.d.ts).
 */
export const SENDBIRD_HOST_SCRIPT = frame(
  'Sendbird',
  'Sendbird',
  String.raw`    var sb = SDK.SendbirdChat.init({ appId: data.appId, modules: [new SDK.GroupChannelModule()] });
    return sb.connect(data.userId, token).then(function () {
      return sb.groupChannel.getChannel(conversationId);
    }).then(function (channel) {
      return channel.createPreviousMessageListQuery({ limit: 30 }).load().then(function (messages) {
        messages.forEach(function (m) { ui.show(m.sender ? m.sender.nickname || m.sender.userId : '', m.message || ''); });
        ui.onSend(function (text) {
          return new Promise(function (resolve, reject) {
            channel.sendUserMessage({ message: text }).onSucceeded(function (m) { ui.show(data.userId, m.message); resolve(); }).onFailed(reject);
          });
        });
        return channel.markAsRead();
      });
    });`,
);

/**
 * Twilio: `@twilio/conversations` 3.0's browser build (builds/twilio-conversations.min.js) defines
 * `window.Twilio.Conversations.Client` (its types, builds/lib.d.ts): `new Client(accessToken)`, its
 * `stateChanged` event ('initialized' | 'failed'), `client.getConversationByUniqueName(name)`,
 * `conversation.getMessages(pageSize)`, `conversation.sendMessage(text)`, `conversation.setAllMessagesRead()`.
 */
export const TWILIO_HOST_SCRIPT = frame(
  'Twilio',
  'Twilio',
  String.raw`    var client = new SDK.Conversations.Client(token);
    return new Promise(function (resolve, reject) {
      client.on('stateChanged', function (state) {
        if (state === 'initialized') resolve();
        if (state === 'failed') reject(new Error('Twilio client failed to initialize'));
      });
      client.on('connectionError', function (error) { reject(error); });
    }).then(function () {
      return client.getConversationByUniqueName(conversationId);
    }).then(function (conversation) {
      return conversation.getMessages(30).then(function (page) {
        page.items.forEach(function (m) { ui.show(m.author || '', m.body || ''); });
        ui.onSend(function (text) { return conversation.sendMessage(text); });
        return conversation.setAllMessagesRead();
      });
    });`,
);

/**
 * Stream: `stream-chat` 9.53's browser entry bundled by scripts/lib/stream-sdk-bundle.mjs into one file that defines
 * `window.StreamChatSDK` (the package's exports). Calls, from its types (dist/types/client.d.ts, channel.d.ts) and
 * https://getstream.io/chat/docs/javascript/ (init_and_users, watch_channel, send_message, unread):
 * `new StreamChat(apiKey, { baseURL })`, `client.connectUser({ id }, userToken)` (the token's `user_id` must be that
 * id), `client.channel('messaging', id).watch({ messages: { limit } })`, `channel.state.messages`,
 * `channel.on('message.new', …)`, `channel.sendMessage({ text })`, `channel.markRead()`. `defaultWSTimeout` (15 s in
 * the SDK) is how long `connectUser` waits for the socket; it is set under our ready timeout so an unreachable
 * Stream reports the SDK's own error ("initial WS connection could not be established") rather than our timer's.
 * New messages, our own included, are shown from `message.new`, so a sent message appears once.
 */
export const STREAM_HOST_SCRIPT = frame(
  'Stream',
  'StreamChatSDK',
  String.raw`    var client = new SDK.StreamChat(data.appId, data.apiUrl ? { baseURL: data.apiUrl } : {});
    client.defaultWSTimeout = Math.max(1000, Number(data.readyTimeoutMs) - 1000);
    function show(m) { ui.show(m.user ? m.user.name || m.user.id : '', m.text || ''); }
    return client.connectUser({ id: data.userId }, token).then(function () {
      var channel = client.channel('messaging', conversationId);
      return channel.watch({ messages: { limit: 30 } }).then(function () {
        channel.state.messages.forEach(show);
        channel.on('message.new', function (event) { if (event.message) show(event.message); });
        ui.onSend(function (text) { return channel.sendMessage({ text: text }); });
        return channel.markRead();
      });
    });`,
);
