// The embed's browser script, served as /embed/assets/chat.<build>.js with BUILD set to the build name.
(function () {
  'use strict';
  var BUILD = '__CHAT_BUILD__';
  var config = JSON.parse(document.getElementById('chat-config').textContent);
  var cid = config.conversationId;
  var me = config.viewer.id;
  var names = {};
  config.participants.forEach(function (p) {
    names[p.id] = p.name;
  });

  function toParent(message) {
    // Never '*': only the app may hear about this conversation.
    window.parent.postMessage(message, config.appOrigin);
  }
  var reportedError = false;
  function reportError(message) {
    if (reportedError) return;
    reportedError = true;
    toParent({ type: 'chat:error', conversationId: cid, message: String(message || 'Unknown error') });
  }
  window.addEventListener('error', function (event) {
    reportError(event.message);
  });
  window.addEventListener('unhandledrejection', function (event) {
    reportError(event.reason && event.reason.message ? event.reason.message : event.reason);
  });

  var log = document.getElementById('chat-log');
  var status = document.getElementById('chat-status');
  var messages = new Map();

  function api(path, options) {
    options = options || {};
    var headers = { authorization: 'Bearer ' + config.token };
    if (options.body) headers['content-type'] = 'application/json';
    return fetch('/embed/api/' + encodeURIComponent(cid) + path, {
      method: options.method || 'GET',
      headers: headers,
      body: options.body ? JSON.stringify(options.body) : undefined,
    }).then(function (response) {
      if (!response.ok) throw new Error('Chat API answered ' + response.status);
      return response.json();
    });
  }

  function time(iso) {
    return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  function readByOther(message) {
    return message.readBy.some(function (id) {
      return id !== message.senderId;
    });
  }

  function renderMessage(message) {
    var li = log.querySelector('[data-message-id="' + CSS.escape(message.id) + '"]');
    if (!li) {
      li = document.createElement('li');
      li.setAttribute('data-testid', 'chat-message');
      li.dataset.messageId = message.id;
      li.dataset.senderId = message.senderId;
      li.className = 'msg ' + (message.senderId === me ? 'own' : 'other');
      var meta = document.createElement('div');
      meta.className = 'meta';
      meta.textContent =
        (message.senderId === me ? 'You' : names[message.senderId] || message.senderId) +
        ' · ' +
        time(message.createdAt);
      var text = document.createElement('div');
      text.className = 'text';
      text.textContent = message.text;
      li.append(meta, text);
      insertInOrder(li, message);
    }
    if (message.senderId === me && readByOther(message) && !li.querySelector('[data-testid="chat-read-receipt"]')) {
      var receipt = document.createElement('div');
      receipt.className = 'receipt';
      receipt.setAttribute('data-testid', 'chat-read-receipt');
      receipt.textContent = 'Read';
      li.append(receipt);
    }
  }

  function insertInOrder(li, message) {
    var key = message.createdAt + message.id;
    var after = Array.prototype.find.call(log.children, function (other) {
      var m = messages.get(other.dataset.messageId);
      return m && m.createdAt + m.id > key;
    });
    log.insertBefore(li, after || null);
    li.scrollIntoView({ block: 'end' });
  }

  function upsert(message) {
    var known = messages.get(message.id);
    if (known) message.readBy = Array.from(new Set(known.readBy.concat(message.readBy)));
    messages.set(message.id, message);
    if (status.dataset.empty) {
      status.textContent = '';
      delete status.dataset.empty;
    }
    renderMessage(message);
  }

  var reading = false;
  var readAgain = false;
  function markRead() {
    if (document.visibilityState !== 'visible') return;
    if (reading) {
      readAgain = true;
      return;
    }
    var unread = [];
    messages.forEach(function (m) {
      if (m.senderId !== me && m.readBy.indexOf(me) === -1) unread.push(m.id);
    });
    if (unread.length === 0) return;
    reading = true;
    api('/read', { method: 'POST', body: { messageIds: unread } })
      .then(function () {
        unread.forEach(function (id) {
          var m = messages.get(id);
          if (m && m.readBy.indexOf(me) === -1) m.readBy.push(me);
        });
      })
      .catch(function (error) {
        console.warn('marking read failed', error);
      })
      .finally(function () {
        reading = false;
        if (readAgain) {
          readAgain = false;
          markRead();
        }
      });
  }
  document.addEventListener('visibilitychange', markRead);

  function renderComposer() {
    if (BUILD === 'broken') {
      // The bad deploy: a widget registry that this build forgot to ship.
      var widgets = window.__chatWidgets;
      widgets.composer.mount(document.getElementById('composer-slot'));
    }
    var form = document.createElement('form');
    form.className = 'composer';
    form.noValidate = true;
    var label = document.createElement('label');
    label.htmlFor = 'chat-input';
    label.className = 'visually-hidden';
    label.textContent = 'Message';
    var input = document.createElement('textarea');
    input.id = 'chat-input';
    input.rows = 2;
    input.maxLength = 10000;
    input.placeholder = 'Write a message… (Enter to send, Shift+Enter for a new line)';
    input.setAttribute('data-testid', 'chat-composer');
    var send = document.createElement('button');
    send.type = 'submit';
    send.textContent = 'Send';
    send.setAttribute('data-testid', 'chat-send');
    form.append(label, input, send);
    document.getElementById('composer-slot').append(form);

    function submit() {
      var text = input.value;
      if (!text.trim() || send.disabled) return;
      send.disabled = true;
      status.textContent = '';
      api('/messages', { method: 'POST', body: { text: text } })
        .then(function (body) {
          input.value = '';
          upsert(body.message);
        })
        .catch(function (error) {
          status.textContent = 'Not sent: ' + error.message;
        })
        .finally(function () {
          send.disabled = false;
          input.focus();
        });
    }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      submit();
    });
    input.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        submit();
      }
    });
  }

  function listen() {
    var source = new EventSource(
      '/embed/api/' + encodeURIComponent(cid) + '/events?token=' + encodeURIComponent(config.token),
    );
    var opened = false;
    source.addEventListener('open', function () {
      // After a reconnect, fetch what was missed.
      if (opened)
        loadHistory().catch(function (error) {
          console.warn('history reload failed', error);
        });
      opened = true;
    });
    source.addEventListener('message', function (event) {
      upsert(JSON.parse(event.data));
      markRead();
    });
    source.addEventListener('read', function (event) {
      var read = JSON.parse(event.data);
      read.messageIds.forEach(function (id) {
        var m = messages.get(id);
        if (m && m.readBy.indexOf(read.readerId) === -1) {
          m.readBy.push(read.readerId);
          renderMessage(m);
        }
      });
    });
  }

  function loadHistory() {
    return api('/messages').then(function (body) {
      body.data.forEach(upsert);
    });
  }

  loadHistory()
    .then(function () {
      status.textContent = messages.size === 0 ? 'No messages yet.' : '';
      if (messages.size === 0) status.dataset.empty = 'true';
      renderComposer();
      listen();
      markRead();
      document.documentElement.dataset.chatReady = 'true';
      toParent({ type: 'chat:ready', conversationId: cid });
    })
    .catch(function (error) {
      status.textContent = 'The conversation could not be loaded.';
      reportError(error && error.message ? error.message : error);
    });
})();
