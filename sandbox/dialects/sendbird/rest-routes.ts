import { Hono } from 'hono';
import { SignJWT } from 'jose';
import { z } from 'zod';
import { entityId } from '../../chat/schemas';
import { getConversation, putConversation } from '../../chat/put-conversation';
import { putUser } from '../../chat/put-user';
import { sendMessage } from '../../chat/send-message';
import type { SandboxContext } from '../../context';
import { apiGate } from '../../faults/gates';
import { SandboxError, VendorCodedError, parseJson, validate } from '../../http/errors';
import type { SandboxEnv } from '../../http/env';
import { sendbirdAuth } from './auth';
import { DATA_FIELD, toSendbirdChannel, toSendbirdMessage, toSendbirdUser } from './json';
import { channelsQuery, listChannelMessages, listChannels, messagesQuery } from './listing';

// Request bodies from sendbird.com/docs/chat/platform-api/v3/ › user/creating-users/create-a-user, › …/update-a-user,
// › user/managing-session-tokens/issue-a-session-token, › channel/creating-a-channel/create-a-group-channel,
// › channel/inviting-a-user/invite-as-members-channel, › message/messaging-basics/send-a-message. Unmodelled fields
// are accepted and ignored, as Sendbird ignores unknown keys.
const createUserBody = z.object({
  user_id: entityId,
  nickname: z.string().max(80),
  profile_url: z.string().max(2048),
});
const updateUserBody = z.object({ nickname: z.string().max(80).optional() });
const tokenBody = z.object({ expires_at: z.number().int().positive().optional() });
const createChannelBody = z.object({
  channel_url: entityId,
  name: z.string().max(191).optional(),
  user_ids: z.array(entityId).max(100).default([]),
});
const inviteBody = z.object({ user_ids: z.array(entityId).min(1).max(100) });
const sendBody = z.object({
  message_type: z.literal('MESG'),
  user_id: entityId,
  message: z.string().min(1).max(5000),
  data: z.string().max(4096).optional(),
});
const usersQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(10) });

const exists = (what: string) => new VendorCodedError(400, 400202, `"${what}" violates a unique constraint.`);
/** Sendbird answers a missing resource with HTTP 400 and code 400201 (…/platform-api/v3/error-codes). */
const missing = (what: string) => new SandboxError(400, 'not_found', `"${what}" not found.`);
const DAY_MS = 24 * 3600 * 1000;

/** Sendbird's Platform API at /v3 (no app id in the path: it is in the host name, api-{app_id}.sendbird.com). */
export function sendbirdRestRoutes(base: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const ctx = (log: SandboxEnv['Variables']['log']): SandboxContext => ({ ...base, log });
  const userExists = async (id: string) =>
    !!(await base.db.query('SELECT 1 FROM sandbox.users WHERE id = $1', [id])).rowCount;
  const body = async <S extends z.ZodType>(schema: S, text: Promise<string>) => validate(schema, parseJson(await text));

  for (const path of ['/v3/users', '/v3/users/*', '/v3/group_channels', '/v3/group_channels/*'])
    app.use(path, apiGate(base.faults), sendbirdAuth(base.config.VENDOR_API_SECRET));

  app.post('/v3/users', async (c) => {
    const input = await body(createUserBody, c.req.text());
    if (await userExists(input.user_id)) throw exists('user_id');
    const user = await putUser({ ctx: ctx(c.get('log')), input: { id: input.user_id, name: input.nickname } });
    return c.json(toSendbirdUser(user));
  });

  app.put('/v3/users/:userId', async (c) => {
    const id = c.req.param('userId');
    const input = await body(updateUserBody, c.req.text());
    const { rows } = await base.db.query<{ name: string }>('SELECT name FROM sandbox.users WHERE id = $1', [id]);
    if (!rows[0]) throw missing('user_id');
    const user = await putUser({ ctx: ctx(c.get('log')), input: { id, name: input.nickname || rows[0].name } });
    return c.json(toSendbirdUser(user));
  });

  app.get('/v3/users', async (c) => {
    const { limit } = validate(usersQuery, c.req.query());
    const { rows } = await base.db.query<{ id: string; name: string }>(
      'SELECT id, name FROM sandbox.users ORDER BY created_at, id LIMIT $1',
      [limit],
    );
    return c.json({ users: rows.map(toSendbirdUser), next: '' });
  });

  // The session token is opaque to clients; the sandbox's is its own identity token (iss app id, sub user), so
  // the embed standing in for Sendbird's UI accepts it. Sendbird's default lifetime is 7 days; the embed takes 24 h at most.
  app.post('/v3/users/:userId/token', async (c) => {
    const id = c.req.param('userId');
    const input = await body(tokenBody, c.req.text());
    if (!(await userExists(id))) throw missing('user_id');
    const expiresAt = Math.min(input.expires_at ?? Date.now() + DAY_MS, Date.now() + DAY_MS);
    const token = await new SignJWT({ tokenType: 'sendbird_session' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(base.config.VENDOR_APP_ID)
      .setSubject(id)
      .setExpirationTime(Math.floor(expiresAt / 1000))
      .sign(new TextEncoder().encode(base.config.VENDOR_API_SECRET));
    return c.json({ user_id: id, token, expires_at: expiresAt });
  });

  app.post('/v3/group_channels', async (c) => {
    const input = await body(createChannelBody, c.req.text());
    const { conversation, created } = await putConversation({
      ctx: ctx(c.get('log')),
      input: { id: input.channel_url, participants: input.user_ids, subject: input.name ?? null },
    }).then(async (r) => r, rethrowMissingUser);
    if (!created) throw exists('channel_url');
    return c.json(toSendbirdChannel({ ...conversation, createdAt: new Date(conversation.createdAt) }, null));
  });

  app.post('/v3/group_channels/:channelUrl/invite', async (c) => {
    const url = c.req.param('channelUrl');
    const input = await body(inviteBody, c.req.text());
    const current = await getConversation(base, url).catch(() => {
      throw missing('channel_url');
    });
    const { conversation } = await putConversation({
      ctx: ctx(c.get('log')),
      input: { id: url, participants: [...current.participants, ...input.user_ids] },
    }).then(async (r) => r, rethrowMissingUser);
    return c.json(toSendbirdChannel({ ...conversation, createdAt: new Date(conversation.createdAt) }, null));
  });

  app.get('/v3/group_channels', async (c) => c.json(await listChannels(base, validate(channelsQuery, c.req.query()))));

  app.get('/v3/group_channels/:channelUrl/messages', async (c) => {
    const query = validate(messagesQuery, c.req.query());
    return c.json(await listChannelMessages(base, c.req.param('channelUrl'), query).catch(notFoundAs400));
  });

  // Sendbird documents no idempotency key for sends: every POST is a new message.
  app.post('/v3/group_channels/:channelUrl/messages', async (c) => {
    const url = c.req.param('channelUrl');
    const input = await body(sendBody, c.req.text());
    const { message } = await sendMessage({
      ctx: ctx(c.get('log')),
      input: {
        conversationId: url,
        senderId: input.user_id,
        text: input.message,
        custom: input.data ? { [DATA_FIELD]: input.data } : {},
      },
    }).catch(notFoundAs400);
    const { rows } = await base.db.query<{ seq: number }>('SELECT seq FROM sandbox.messages WHERE id = $1', [
      message.id,
    ]);
    return c.json(
      toSendbirdMessage({ ...message, custom: input.data ? { [DATA_FIELD]: input.data } : {}, seq: rows[0]!.seq }),
    );
  });

  return app;
}

function notFoundAs400(error: unknown): never {
  if (error instanceof SandboxError && error.status === 404) throw new SandboxError(400, 'not_found', error.message);
  throw error;
}
const rethrowMissingUser = notFoundAs400;
