import type { StoredMessage } from '../../chat/message-json';

// Sendbird's objects as its Platform API shows them (sendbird.com/docs/chat/platform-api/v3/…): the message resource
// (…/message/messaging-basics/message-resource: integer message_id, created_at in Unix milliseconds, `data` a free
// string), the user resource (…/user/user-resource) and the group channel resource (…/channel/channel-type/
// group-channel/group-channel-resource: created_at in Unix SECONDS). Fields the sandbox has no notion of carry
// Sendbird's empty values.

/** Where the sandbox keeps a Sendbird message's `data` string: the message's string metadata (`custom`). */
export const DATA_FIELD = 'sendbird_data';

export const unixMs = (iso: string | Date): number => new Date(iso).getTime();

export function toSendbirdUser(u: { id: string; name: string }) {
  return { user_id: u.id, nickname: u.name, profile_url: '', metadata: {}, is_active: true, is_online: false };
}

/** A message's Sendbird `message_id` in SQL, over a sandbox.messages row `m` (as text: ids leave the sandbox as strings in the embed). */
export const MESSAGE_ID_SQL = 'm.seq::text';

/** A stored message with its Sendbird integer id (sandbox.messages.seq). */
export function toSendbirdMessage(m: StoredMessage & { seq: number }, senderName?: string) {
  return {
    type: 'MESG' as const,
    message_id: m.seq,
    message: m.text,
    data: m.custom[DATA_FIELD] ?? '',
    custom_type: '',
    created_at: unixMs(m.createdAt),
    updated_at: 0,
    user: toSendbirdUser({ id: m.senderId, name: senderName ?? m.senderId }),
    channel_url: m.conversationId,
    channel_type: 'group' as const,
    mention_type: 'users' as const,
    mentioned_users: [],
    is_removed: false,
    translations: {},
    message_survival_seconds: -1,
  };
}

export function toSendbirdChannel(
  c: { id: string; participants: string[]; subject: string | null; createdAt: Date },
  lastMessage: ReturnType<typeof toSendbirdMessage> | null,
) {
  return {
    channel_url: c.id,
    name: c.subject ?? '',
    cover_url: '',
    custom_type: '',
    data: '',
    is_distinct: false,
    is_public: false,
    is_super: false,
    is_ephemeral: false,
    member_count: c.participants.length,
    joined_member_count: c.participants.length,
    created_at: Math.floor(c.createdAt.getTime() / 1000),
    last_message: lastMessage,
    members: c.participants.map((id) => toSendbirdUser({ id, name: id })),
  };
}
