import { Hono, type Context } from 'hono';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { entityId } from '../../chat/schemas';
import { getConversation, putConversation } from '../../chat/put-conversation';
import { putUser } from '../../chat/put-user';
import { sendMessage } from '../../chat/send-message';
import type { SandboxContext } from '../../context';
import { apiGate } from '../../faults/gates';
import { SandboxError, VendorCodedError, notFound, validate } from '../../http/errors';
import type { SandboxEnv } from '../../http/env';
import { twilioAuth } from './auth';
import {
  ATTRIBUTES_FIELD,
  serviceSid,
  toTwilioConversation,
  toTwilioMessage,
  toTwilioParticipant,
  toTwilioUser,
  toTwilioWebhook,
  type ScopedWebhookRow,
  type TwilioEnv,
} from './json';
import { conversationsPage, messagesPage } from './listing';
import { pageOf, pageQuery, readToken } from './paging';
import { resolveConversation } from './sids';
import { indexOf } from './webhooks';

// Form parameters from twilio.com/docs/conversations/api/ › user-resource, conversation-resource,
// conversation-participant-resource, conversation-message-resource, conversation-scoped-webhook-resource and
// configuration-resource. Twilio answers "already exists" with 409 and a resource-specific code
// (twilio.com/docs/api/errors: 50201 user, 50353 conversation, 50433 participant).
const createUser = z.object({ Identity: entityId, FriendlyName: z.string().max(256).optional() });
const updateUser = z.object({ FriendlyName: z.string().max(256).optional() });
const createConversation = z.object({ UniqueName: entityId.optional(), FriendlyName: z.string().max(256).optional() });
const createParticipant = z.object({ Identity: entityId });
const createMessage = z.object({
  Author: entityId,
  Body: z.string().min(1).max(1600),
  Attributes: z
    .string()
    .max(16_384)
    .refine((s) => {
      try {
        JSON.parse(s);
        return true;
      } catch {
        return false;
      }
    }, 'must be valid JSON')
    .optional(),
});
const createWebhook = z.object({
  Target: z.literal('webhook'),
  'Configuration.Url': z.url(),
  'Configuration.Method': z.enum(['GET', 'POST', 'get', 'post']).default('POST'),
  'Configuration.Filters': z.array(z.string().min(1).max(64)).min(1).max(20),
});
const listMessages = pageQuery.extend({ Order: z.enum(['asc', 'desc']).default('asc') });

/** Twilio's "already exists": 409 with the resource's own code. */
const conflict = (code: number, message: string) => new VendorCodedError(409, code, message);

/** A form body as an object; a name given more than once (Configuration.Filters) becomes a list. */
async function form(c: Context<SandboxEnv>): Promise<Record<string, string | string[]>> {
  const params = new URLSearchParams(await c.req.text());
  const out: Record<string, string | string[]> = {};
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    out[name] = name === 'Configuration.Filters' ? values : values[0]!;
  }
  return out;
}

/** Twilio Conversations' REST API at /v1 (the default Conversation Service's shortened URLs). */
export function twilioRestRoutes(base: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const { db } = base;
  const env: TwilioEnv = { accountSid: base.config.VENDOR_APP_ID, baseUrl: base.config.SANDBOX_PUBLIC_URL };
  const ctx = (log: SandboxEnv['Variables']['log']): SandboxContext => ({ ...base, log });
  const conversation = async (sidOrName: string) => {
    const id = await resolveConversation(db, sidOrName);
    if (!id) throw notFound(`The requested resource /Conversations/${sidOrName}`);
    return getConversation(base, id);
  };
  const publicUrl = (c: Context<SandboxEnv>) => new URL(c.req.path + new URL(c.req.url).search, env.baseUrl);
  const user = async (identity: string) => {
    const { rows } = await db.query<{ id: string; name: string; created_at: Date; updated_at: Date }>(
      `SELECT id, name, created_at, updated_at FROM sandbox.users WHERE id = $1 OR 'US' || md5(id) = $1`,
      [identity],
    );
    return rows[0];
  };
  const userJson = (u: { id: string; name: string; created_at: Date; updated_at: Date }) =>
    toTwilioUser(env, {
      id: u.id,
      name: u.name,
      createdAt: u.created_at.toISOString(),
      updatedAt: u.updated_at.toISOString(),
    });

  app.use('/v1/*', apiGate(base.faults), twilioAuth(env.accountSid, base.config.VENDOR_API_SECRET));

  app.get('/v1/Configuration', (c) =>
    c.json({
      account_sid: env.accountSid,
      default_chat_service_sid: serviceSid(env),
      default_messaging_service_sid: null,
      default_inactive_timer: null,
      default_closed_timer: null,
      url: `${env.baseUrl}/v1/Configuration`,
      links: {},
    }),
  );

  app.post('/v1/Users', async (c) => {
    const input = validate(createUser, await form(c));
    if (await user(input.Identity)) throw conflict(50201, 'User with provided identity already exists');
    await putUser({
      ctx: ctx(c.get('log')),
      input: { id: input.Identity, name: input.FriendlyName ?? input.Identity },
    });
    return c.json(userJson((await user(input.Identity))!), 201);
  });

  app.post('/v1/Users/:sid', async (c) => {
    const input = validate(updateUser, await form(c));
    const found = await user(c.req.param('sid'));
    if (!found) throw notFound(`The requested resource /Users/${c.req.param('sid')}`);
    await putUser({ ctx: ctx(c.get('log')), input: { id: found.id, name: input.FriendlyName ?? found.name } });
    return c.json(userJson((await user(found.id))!));
  });

  app.post('/v1/Conversations', async (c) => {
    const input = validate(createConversation, await form(c));
    const id = input.UniqueName ?? `conv_${randomBytes(12).toString('hex')}`;
    const { conversation: created, created: isNew } = await putConversation({
      ctx: ctx(c.get('log')),
      input: { id, participants: [], subject: input.FriendlyName ?? null },
    });
    if (!isNew) throw conflict(50353, 'Conversation with provided unique name already exists');
    const at = new Date(created.createdAt);
    return c.json(toTwilioConversation(env, { id, subject: created.subject, createdAt: at, updatedAt: at }), 201);
  });

  app.get('/v1/Conversations', async (c) => {
    const query = validate(pageQuery, c.req.query());
    const { items, next } = await conversationsPage(db, env, query, readToken(query));
    return c.json(pageOf('conversations', items, next, { url: publicUrl(c), query }));
  });

  // A participant by identity; Twilio creates the User when the identity is new (participant resource › Identity).
  app.post('/v1/Conversations/:sid/Participants', async (c) => {
    const input = validate(createParticipant, await form(c));
    const current = await conversation(c.req.param('sid'));
    if (current.participants.includes(input.Identity)) throw conflict(50433, 'Participant already exists');
    if (!(await user(input.Identity)))
      await putUser({ ctx: ctx(c.get('log')), input: { id: input.Identity, name: input.Identity } });
    await putConversation({
      ctx: ctx(c.get('log')),
      input: { id: current.id, participants: [...current.participants, input.Identity] },
    });
    return c.json(toTwilioParticipant(env, current.id, input.Identity, new Date()), 201);
  });

  app.get('/v1/Conversations/:sid/Webhooks', async (c) => {
    const query = validate(pageQuery, c.req.query());
    const current = await conversation(c.req.param('sid'));
    const { rows } = await db.query<ScopedWebhookRow>(
      'SELECT * FROM sandbox.scoped_webhooks WHERE conversation_id = $1 ORDER BY created_at, sid LIMIT $2',
      [current.id, query.PageSize],
    );
    return c.json(
      pageOf(
        'webhooks',
        rows.map((w) => toTwilioWebhook(env, w)),
        null,
        { url: publicUrl(c), query },
      ),
    );
  });

  app.post('/v1/Conversations/:sid/Webhooks', async (c) => {
    const input = validate(createWebhook, await form(c));
    const current = await conversation(c.req.param('sid'));
    const { rows } = await db.query<ScopedWebhookRow>(
      `INSERT INTO sandbox.scoped_webhooks (sid, conversation_id, url, method, filters) VALUES ($1, $2, $3, $4, $5)
       RETURNING *`,
      [
        `WH${randomBytes(16).toString('hex')}`,
        current.id,
        input['Configuration.Url'],
        input['Configuration.Method'].toUpperCase(),
        input['Configuration.Filters'],
      ],
    );
    return c.json(toTwilioWebhook(env, rows[0]!), 201);
  });

  app.get('/v1/Conversations/:sid/Messages', async (c) => {
    const query = validate(listMessages, c.req.query());
    const current = await conversation(c.req.param('sid'));
    const after = readToken(query);
    if (after && typeof after[0] !== 'number') throw new SandboxError(400, 'validation_error', 'PageToken: invalid');
    const { items, next } = await messagesPage(db, env, {
      conversationId: current.id,
      order: query.Order,
      query,
      after,
    });
    return c.json(pageOf('messages', items, next, { url: publicUrl(c), query }));
  });

  // No idempotency key exists for Conversation messages: every POST is a new message. Without
  // `X-Twilio-Webhook-Enabled: true` a REST-sent message fires no post-event webhook (conversations-webhooks ›
  // "Webhooks … are not triggered by REST API actions unless X-Twilio-Webhook-Enabled is set").
  app.post('/v1/Conversations/:sid/Messages', async (c) => {
    const input = validate(createMessage, await form(c));
    const current = await conversation(c.req.param('sid'));
    const custom: Record<string, string> = input.Attributes ? { [ATTRIBUTES_FIELD]: input.Attributes } : {};
    const { message } = await sendMessage({
      ctx: ctx(c.get('log')),
      input: {
        conversationId: current.id,
        senderId: input.Author,
        text: input.Body,
        custom,
        webhooks: c.req.header('x-twilio-webhook-enabled')?.toLowerCase() === 'true',
      },
    });
    return c.json(toTwilioMessage(env, { ...message, custom, index: await indexOf(db, message.id) }), 201);
  });

  return app;
}
