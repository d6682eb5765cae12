import type { Queryable } from '../../db';
import type { ChatEvent, WebhookClock, WebhookDraft } from '../wire';
import { toSendbirdChannel, toSendbirdMessage, toSendbirdUser, unixMs } from './json';

/**
 * Sendbird's group channel webhook bodies (sendbird.com/docs/chat/platform-api/v3/webhook/events/group-channel-events):
 * `{ category, app_id, channel, members, … }` with
 * - group_channel:message_send: `sender`, `type` "MESG", `payload` {message_id, message, data, created_at (ms)};
 * - group_channel:message_read: `read_updates` [{user_id, read_ts (ms), …}]: the time each reader has read up to.
 * The sandbox sends only these two (the categories docs/connect-sendbird.md subscribes); group_channel:create is
 * not subscribed, so a new channel sends nothing. Sendbird sends no delivery id: the event id lives only in the
 * sandbox's outbox.
 */
export async function sendbirdWebhooks(event: ChatEvent, at: WebhookClock, db: Queryable): Promise<WebhookDraft[]> {
  switch (event.type) {
    case 'conversation.created':
      return [];
    case 'message.sent': {
      const { rows } = await db.query<{ seq: number }>('SELECT seq FROM sandbox.messages WHERE id = $1', [
        event.message.id,
      ]);
      const channel = await channelOf(db, event.conversation.id);
      const message = toSendbirdMessage({ ...event.message, seq: rows[0]!.seq });
      const id = at.newEventId();
      const body = JSON.stringify({
        category: 'group_channel:message_send',
        app_id: at.appId,
        sender: toSendbirdUser({ id: event.message.senderId, name: event.message.senderId }),
        silent: false,
        custom_type: '',
        mention_type: 'users',
        mentioned_users: [],
        members: channel.members,
        type: 'MESG',
        payload: {
          message_id: message.message_id,
          custom_type: '',
          message: message.message,
          translations: {},
          created_at: message.created_at,
          data: message.data,
        },
        channel: channelRef(channel),
        sdk: 'Platform API',
      });
      return [
        {
          id,
          type: 'group_channel:message_send',
          body,
          messageId: event.message.id,
          conversationId: event.conversation.id,
        },
      ];
    }
    case 'message.read': {
      const channel = await channelOf(db, event.conversationId);
      const body = JSON.stringify({
        category: 'group_channel:message_read',
        app_id: at.appId,
        members: channel.members,
        read_updates: [
          {
            ...toSendbirdUser({ id: event.readerId, name: event.readerId }),
            read_ts: unixMs(event.readAt),
            channel_unread_message_count: 0,
          },
        ],
        channel: channelRef(channel),
      });
      return [
        {
          id: at.newEventId(),
          type: 'group_channel:message_read',
          body,
          messageId: null,
          conversationId: event.conversationId,
        },
      ];
    }
  }
}

async function channelOf(db: Queryable, id: string) {
  const { rows } = await db.query<{ id: string; participants: string[]; subject: string | null; created_at: Date }>(
    'SELECT id, participants, subject, created_at FROM sandbox.conversations WHERE id = $1',
    [id],
  );
  const r = rows[0]!;
  return toSendbirdChannel(
    { id: r.id, participants: r.participants, subject: r.subject, createdAt: r.created_at },
    null,
  );
}

function channelRef(channel: ReturnType<typeof toSendbirdChannel>) {
  const { members: _members, last_message: _last, ...rest } = channel;
  return rest;
}
