import type { StoredMessage } from '../../chat/message-json';

// Stream's objects as its REST API and webhooks show them (getstream.io/chat/docs/node › Messages › "Message
// format", › Channels; the `stream-chat` SDK's MessageResponse / ChannelResponse types). Times are RFC 3339
// strings. Custom data is flat: a message's custom fields sit beside `text` (the sandbox stores string values).

export const CHANNEL_TYPE = 'messaging';
export const cidOf = (id: string) => `${CHANNEL_TYPE}:${id}`;

export function toStreamMessage(m: StoredMessage) {
  return {
    ...m.custom,
    id: m.id,
    text: m.text,
    html: `<p>${m.text.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`)}</p>\n`,
    type: 'regular' as const,
    cid: cidOf(m.conversationId),
    user: { id: m.senderId },
    attachments: [],
    latest_reactions: [],
    own_reactions: [],
    mentioned_users: [],
    reply_count: 0,
    silent: false,
    shadowed: false,
    pinned: false,
    created_at: m.createdAt,
    updated_at: m.createdAt,
  };
}

export interface ChannelRow {
  id: string;
  participants: string[];
  subject: string | null;
  created_at: Date;
  last_message_at: Date | null;
}

export function toStreamChannel(c: ChannelRow) {
  return {
    id: c.id,
    type: CHANNEL_TYPE,
    cid: cidOf(c.id),
    created_at: c.created_at.toISOString(),
    updated_at: c.created_at.toISOString(),
    last_message_at: c.last_message_at?.toISOString(),
    created_by: { id: c.participants[0] },
    frozen: false,
    disabled: false,
    member_count: c.participants.length,
    ...(c.subject === null ? {} : { name: c.subject }),
  };
}

/** A channel query's answer: the channel, its members, a page of its messages (oldest first) and read state. */
export function toChannelState(c: ChannelRow, messages: StoredMessage[]) {
  return {
    channel: toStreamChannel(c),
    members: c.participants.map((id) => ({
      user_id: id,
      user: { id },
      role: 'member',
      channel_role: 'channel_member',
      created_at: c.created_at.toISOString(),
      updated_at: c.created_at.toISOString(),
    })),
    messages: messages.map(toStreamMessage),
    pinned_messages: [],
    read: [],
    watcher_count: 0,
    duration: '0.00ms',
  };
}
