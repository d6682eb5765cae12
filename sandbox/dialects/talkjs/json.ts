import type { StoredMessage } from '../../chat/message-json';

// TalkJS's objects as its REST API and webhooks show them: the message object of talkjs.com/docs › Reference ›
// Concepts › Messages and the conversation of › REST API › Conversations (times are Unix milliseconds, participants
// a map of user id → {access, notify}). Fields the sandbox has no notion of are present with TalkJS's empty values.

export type TalkjsStoredMessage = ReturnType<typeof toTalkjsMessage>;

export function toTalkjsMessage(m: StoredMessage) {
  return {
    id: m.id,
    conversationId: m.conversationId,
    type: 'UserMessage' as const,
    senderId: m.senderId,
    text: m.text,
    readBy: m.readBy,
    origin: 'rest' as const,
    location: null,
    attachment: null,
    custom: m.custom,
    createdAt: Date.parse(m.createdAt),
    editedAt: null,
    referencedMessageId: null,
  };
}

export function toTalkjsParticipants(ids: string[]) {
  return Object.fromEntries(ids.map((id) => [id, { access: 'ReadWrite', notify: true }]));
}

export function toTalkjsConversation(
  c: { id: string; participants: string[]; subject: string | null; createdAt: Date },
  lastMessage: StoredMessage | null,
) {
  return {
    id: c.id,
    subject: c.subject,
    topicId: null,
    photoUrl: null,
    welcomeMessages: null,
    custom: {},
    participants: toTalkjsParticipants(c.participants),
    createdAt: c.createdAt.getTime(),
    lastMessage: lastMessage ? toTalkjsMessage(lastMessage) : null,
  };
}
