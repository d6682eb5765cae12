import { Hono } from 'hono';
import { z } from 'zod';
import { entityId } from '../../chat/schemas';
import { putConversation } from '../../chat/put-conversation';
import { putUser } from '../../chat/put-user';
import { sendMessage } from '../../chat/send-message';
import type { SandboxContext } from '../../context';
import { apiGate } from '../../faults/gates';
import { parseJson, validate } from '../../http/errors';
import type { SandboxEnv } from '../../http/env';
import { talkjsAuth } from './auth';
import { listConversationMessages, listConversations, listingQuery } from './listing';

// Request bodies from talkjs.com/docs › REST API › Users, › Conversations and › Messages. Fields the sandbox does
// not model (photoUrl, welcomeMessage, locale, …) are accepted and ignored, as TalkJS accepts them.
const putUserBody = z.object({
  name: z.string().trim().min(1).max(200),
  // TalkJS takes one address or a list; null removes it.
  email: z.union([z.email().max(320), z.array(z.email().max(320)).max(10)]).nullish(),
  role: z.string().min(1).max(100).nullish(),
});
const putConversationBody = z.object({
  participants: z.array(entityId).min(1).max(100),
  subject: z.string().max(500).nullish(),
});
// "The request payload of this endpoint must always be an array … The maximum amount of messages sent in one request is 10."
const sendMessagesBody = z
  .array(
    z.object({
      text: z.string().min(1).max(10_000),
      sender: entityId,
      type: z.literal('UserMessage'),
      idempotencyKey: z.string().min(1).max(255).optional(),
      custom: z.record(z.string().max(255), z.string().max(4096)).optional(),
    }),
  )
  .min(1)
  .max(10);

/** TalkJS's REST API at /v1/:appId: `{}` for writes, `[{id}]` for sent messages, `{ data }` pages with `startingAfter`. */
export function talkjsRestRoutes(base: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const ctx = (log: SandboxEnv['Variables']['log']): SandboxContext => ({ ...base, log });

  app.use('/v1/:appId/*', apiGate(base.faults), talkjsAuth(base.config.VENDOR_APP_ID, base.config.VENDOR_API_SECRET));

  app.put('/v1/:appId/users/:userId', async (c) => {
    const id = validate(entityId, c.req.param('userId'));
    const body = validate(putUserBody, parseJson(await c.req.text()));
    const email = Array.isArray(body.email) ? (body.email[0] ?? null) : (body.email ?? null);
    await putUser({ ctx: ctx(c.get('log')), input: { id, name: body.name, email, role: body.role ?? null } });
    return c.json({});
  });

  app.put('/v1/:appId/conversations/:conversationId', async (c) => {
    const id = validate(entityId, c.req.param('conversationId'));
    const body = validate(putConversationBody, parseJson(await c.req.text()));
    await putConversation({ ctx: ctx(c.get('log')), input: { ...body, id } });
    return c.json({});
  });

  app.post('/v1/:appId/conversations/:conversationId/messages', async (c) => {
    const conversationId = validate(entityId, c.req.param('conversationId'));
    const messages = validate(sendMessagesBody, parseJson(await c.req.text()));
    const ids: { id: string }[] = [];
    for (const m of messages) {
      const { message } = await sendMessage({
        ctx: ctx(c.get('log')),
        input: { conversationId, senderId: m.sender, text: m.text, idempotencyKey: m.idempotencyKey, custom: m.custom },
      });
      ids.push({ id: message.id });
    }
    return c.json(ids);
  });

  app.get('/v1/:appId/conversations', async (c) =>
    c.json(await listConversations(base, validate(listingQuery, c.req.query()))),
  );

  app.get('/v1/:appId/conversations/:conversationId/messages', async (c) => {
    const conversationId = validate(entityId, c.req.param('conversationId'));
    const query = validate(listingQuery, c.req.query());
    return c.json(await listConversationMessages(base, { ...query, conversationId }));
  });

  return app;
}
