import { Hono } from 'hono';
import { z } from 'zod';
import { MESSAGE_SELECT, toStoredMessage, type MessageRow } from '../../chat/message-json';
import { putConversation } from '../../chat/put-conversation';
import { putUser } from '../../chat/put-user';
import { entityId } from '../../chat/schemas';
import { sendMessage } from '../../chat/send-message';
import type { SandboxContext } from '../../context';
import { apiGate } from '../../faults/gates';
import { SandboxError, notFound, parseJson, validate } from '../../http/errors';
import type { SandboxEnv } from '../../http/env';
import { streamServerAuth } from './auth';
import { CHANNEL_TYPE, toChannelState, toStreamChannel, toStreamMessage } from './json';
import { channelMessages, getChannel, messagePaging, queryChannels, queryChannelsBody } from './listing';

// Request bodies as the `stream-chat` server client sends them (dist/cjs: upsertUsers, Channel#query, Channel#_update,
// Channel#sendMessage, getMessage, queryChannelsRequest, getAppSettings) and Stream's REST docs. Fields the sandbox
// does not model are accepted and ignored, as Stream accepts them.

const member = z
  .union([entityId, z.object({ user_id: entityId })])
  .transform((m) => (typeof m === 'string' ? m : m.user_id));
const upsertUsersBody = z.object({
  users: z.record(
    z.string(),
    z.object({
      id: entityId,
      name: z.string().trim().min(1).max(200).optional(),
      role: z.string().max(100).optional(),
    }),
  ),
});
const channelQueryBody = z.object({
  data: z
    .object({
      members: z.array(member).max(100).optional(),
      created_by_id: entityId.optional(),
      created_by: z.object({ id: entityId }).optional(),
      name: z.string().max(500).optional(),
    })
    .optional(),
  messages: messagePaging.optional(),
});
const channelUpdateBody = z.object({ add_members: z.array(member).max(100).optional() });
const MESSAGE_FIELDS = new Set([
  'id',
  'text',
  'user_id',
  'user',
  'type',
  'html',
  'attachments',
  'mentioned_users',
  'parent_id',
  'silent',
]);
const sendMessageBody = z.object({
  message: z
    .object({
      id: entityId.optional(),
      text: z.string().min(1).max(5000),
      user_id: entityId.optional(),
      user: z.object({ id: entityId }).optional(),
    })
    .catchall(z.unknown()),
});

const channelType = (type: string | undefined) => {
  if (type !== CHANNEL_TYPE)
    throw new SandboxError(
      400,
      'validation_error',
      `channel type ${type ?? ''} does not exist (the sandbox has "messaging")`,
    );
};
const inputError = (message: string) => new SandboxError(400, 'validation_error', message);

/** Stream's REST API at the API base: server auth on every call, `duration` on every answer. */
export function streamRestRoutes(base: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const ctx = (log: SandboxEnv['Variables']['log']): SandboxContext => ({ ...base, log });
  const guard = [
    apiGate(base.faults),
    streamServerAuth(base.config.VENDOR_APP_ID, base.config.VENDOR_API_SECRET),
  ] as const;
  for (const path of ['/users', '/channels', '/channels/*', '/messages/*', '/app']) app.use(path, ...guard);

  app.post('/users', async (c) => {
    const { users } = validate(upsertUsersBody, parseJson(await c.req.text()));
    const out: Record<string, unknown> = {};
    for (const u of Object.values(users)) {
      const user = await putUser({
        ctx: ctx(c.get('log')),
        input: { id: u.id, name: u.name ?? u.id, email: null, role: u.role ?? 'user' },
      });
      out[u.id] = {
        id: user.id,
        name: user.name,
        role: user.role,
        created_at: user.createdAt,
        updated_at: user.updatedAt,
      };
    }
    return c.json({ users: out, duration: '0.00ms' }, 201);
  });

  // Get-or-create: server-side creation needs created_by(_id) (Stream refuses without it); an existing channel's
  // members are left as they are (members change through add_members).
  app.post('/channels/:type/:id/query', async (c) => {
    channelType(c.req.param('type'));
    const id = validate(entityId, c.req.param('id'));
    const body = validate(channelQueryBody, parseJson(await c.req.text()));
    const exists = await getChannel(base, id).then(
      () => true,
      (error: unknown) => {
        if (error instanceof SandboxError && error.status === 404) return false;
        throw error;
      },
    );
    if (!exists) {
      const creator = body.data?.created_by_id ?? body.data?.created_by?.id;
      if (!creator)
        throw inputError('either data.created_by or data.created_by_id must be provided when using server side auth');
      const participants = [...new Set([creator, ...(body.data?.members ?? [])])];
      await putConversation({ ctx: ctx(c.get('log')), input: { id, participants, subject: body.data?.name ?? null } });
    }
    const channel = await getChannel(base, id);
    const messages = await channelMessages(base, id, body.messages ?? messagePaging.parse({}));
    return c.json(toChannelState(channel, messages), 201);
  });

  app.post('/channels/:type/:id', async (c) => {
    channelType(c.req.param('type'));
    const id = validate(entityId, c.req.param('id'));
    const body = validate(channelUpdateBody, parseJson(await c.req.text()));
    const before = await getChannel(base, id);
    if (body.add_members?.length) {
      const participants = [...new Set([...before.participants, ...body.add_members])];
      await putConversation({ ctx: ctx(c.get('log')), input: { id, participants } });
    }
    const channel = await getChannel(base, id);
    const { members } = toChannelState(channel, []);
    return c.json({ channel: toStreamChannel(channel), members, duration: '0.00ms' }, 201);
  });

  // A client-chosen id is unique per app: a second send with it is refused (code 4), never a second message.
  app.post('/channels/:type/:id/message', async (c) => {
    channelType(c.req.param('type'));
    const conversationId = validate(entityId, c.req.param('id'));
    const { message } = validate(sendMessageBody, parseJson(await c.req.text()));
    const senderId = message.user_id ?? message.user?.id;
    if (!senderId) throw inputError('message.user or message.user_id is required when using server side auth');
    const custom = Object.fromEntries(
      Object.entries(message).filter(
        (e): e is [string, string] => !MESSAGE_FIELDS.has(e[0]) && typeof e[1] === 'string' && e[1].length <= 4096,
      ),
    );
    const { message: stored, created } = await sendMessage({
      ctx: ctx(c.get('log')),
      input: { conversationId, senderId, text: message.text, id: message.id, idempotencyKey: message.id, custom },
    });
    if (!created) throw inputError(`SendMessage failed with error: "a message with ID ${stored.id} already exists"`);
    const { rows } = await base.db.query<MessageRow>(`${MESSAGE_SELECT} WHERE m.id = $1`, [stored.id]);
    return c.json({ message: toStreamMessage(toStoredMessage(rows[0]!)), duration: '0.00ms' }, 201);
  });

  app.get('/messages/:id', async (c) => {
    const { rows } = await base.db.query<MessageRow>(`${MESSAGE_SELECT} WHERE m.id = $1`, [c.req.param('id')]);
    if (!rows[0]) throw notFound(`Message ${c.req.param('id')}`);
    return c.json({ message: toStreamMessage(toStoredMessage(rows[0])), duration: '0.00ms' });
  });

  app.post('/channels', async (c) => {
    const body = validate(queryChannelsBody, parseJson(await c.req.text()));
    const channels = await queryChannels(base, body);
    const states = [];
    for (const channel of channels)
      states.push(toChannelState(channel, await channelMessages(base, channel.id, { limit: body.message_limit })));
    return c.json({ channels: states, duration: '0.00ms' }, 201);
  });

  app.get('/app', (c) =>
    c.json({
      app: { name: base.config.VENDOR_APP_ID, organization: 'sandbox', channel_configs: { [CHANNEL_TYPE]: {} } },
      duration: '0.00ms',
    }),
  );

  return app;
}
