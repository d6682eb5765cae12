// Fixtures built from TalkJS's documentation, not captured from a live account:
// - event envelope {id, createdAt (Unix ms), type, data}: https://talkjs.com/docs/Reference/Webhooks/
// - message.sent data {sender, conversation, message}; message.read carries data.recipient
//   (TalkJS's own example, talkjs/talkjs-examples webhooks/nodejs/express-webhook/controllers/webhookController.js)
// - the message and conversation objects are the REST docs' example conversation and its lastMessage:
//   https://talkjs.com/docs/Reference/REST_API/Conversations/
// - signature = uppercase hex HMAC-SHA256(secret, timestamp + "." + raw body):
//   https://talkjs.com/docs/Features/Security_Settings/Security_Recommendations/

export const docsMessage = {
  attachment: null,
  conversationId: '87d70908d90cee5d12bd',
  createdAt: 1632919967033,
  editedAt: null,
  custom: {},
  id: 'msg_0UQbqdxnQWkoIw7Db7fZHK',
  location: null,
  origin: 'web',
  readBy: [],
  senderId: '432156789',
  text: "Hey, I'm in London",
  type: 'UserMessage',
  referencedMessageId: null,
};

export const docsConversation = {
  createdAt: 1623926680929,
  custom: {},
  id: '87d70908d90cee5d12bd',
  lastMessage: docsMessage,
  participants: {
    '123456789': { access: 'ReadWrite', notify: true },
    '432156789': { access: 'ReadWrite', notify: true },
  },
  photoUrl: null,
  subject: 'Random conversation',
  topicId: null,
  welcomeMessages: null,
};

export const docsSender = {
  id: '432156789',
  name: 'Sebastiaan',
  email: ['sebastiaan@example.com'],
  role: 'default',
  custom: {},
  photoUrl: null,
  welcomeMessage: null,
};

export const messageSentEvent = {
  id: 'evt_AVbFJQl9Wy2bJ3lB6o',
  createdAt: 1632919967100,
  type: 'message.sent',
  data: { sender: docsSender, conversation: docsConversation, message: docsMessage },
};

export const messageReadEvent = {
  id: 'evt_AVbFJQl9Wy2bJ3lB7p',
  createdAt: 1632920000000,
  type: 'message.read',
  data: {
    sender: docsSender,
    recipient: { id: '123456789', name: 'Alice', email: ['alice@example.com'], role: 'default' },
    conversation: docsConversation,
    message: { ...docsMessage, readBy: ['123456789'] },
  },
};

/** A fixed vector computed outside our code (`openssl dgst -sha256 -hmac`), pinning the documented format. */
export const signatureVector = {
  secret: 'sk_test_docsFixtureSecret0123',
  timestamp: '1700000000000',
  body: '{"id":"evt_fixture","type":"message.sent"}',
  signature: '466807AB5A8C4B3D2ADB595EEFDDBFE432AC3D3C4F75579F2FA954F2C5FC0E39',
};
