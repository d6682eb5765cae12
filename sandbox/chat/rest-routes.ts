import { Hono } from 'hono';
import type { SandboxContext } from '../context';
import { apiGate } from '../faults/gates';
import { parseJson, validate } from '../http/errors';
import type { SandboxEnv } from '../http/env';
import { vendorAuth } from './auth';
import { listMessages } from './list-messages';
import { putConversation } from './put-conversation';
import { putUser } from './put-user';
import {
  conversationMessagesQuery,
  entityId,
  messagesWindowQuery,
  putConversationBody,
  putUserBody,
  sendMessageBody,
} from './schemas';
import { sendMessage } from './send-message';

/** The vendor's REST API, mounted at /v1/:appId. Handlers parse, call one service, answer. */
export function restRoutes(base: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const ctx = (log: SandboxEnv['Variables']['log']): SandboxContext => ({ ...base, log });

  app.use('/v1/:appId/*', apiGate(base.faults), vendorAuth(base.config.VENDOR_APP_ID, base.config.VENDOR_API_SECRET));

  app.put('/v1/:appId/users/:userId', async (c) => {
    const id = validate(entityId, c.req.param('userId'));
    const body = validate(putUserBody, parseJson(await c.req.text()));
    return c.json({ user: await putUser({ ctx: ctx(c.get('log')), input: { ...body, id } }) });
  });

  app.put('/v1/:appId/conversations/:conversationId', async (c) => {
    const id = validate(entityId, c.req.param('conversationId'));
    const body = validate(putConversationBody, parseJson(await c.req.text()));
    const { conversation } = await putConversation({ ctx: ctx(c.get('log')), input: { ...body, id } });
    return c.json({ conversation });
  });

  app.post('/v1/:appId/conversations/:conversationId/messages', async (c) => {
    const conversationId = validate(entityId, c.req.param('conversationId'));
    const body = validate(sendMessageBody, parseJson(await c.req.text()));
    const { message, created } = await sendMessage({ ctx: ctx(c.get('log')), input: { ...body, conversationId } });
    return c.json({ message }, created ? 201 : 200);
  });

  app.get('/v1/:appId/conversations/:conversationId/messages', async (c) => {
    const conversationId = validate(entityId, c.req.param('conversationId'));
    const query = validate(conversationMessagesQuery, c.req.query());
    return c.json(await listMessages({ ctx: base, input: { ...query, conversationId } }));
  });

  app.get('/v1/:appId/messages', async (c) => {
    const query = validate(messagesWindowQuery, c.req.query());
    return c.json(await listMessages({ ctx: base, input: { ...query, until: query.until ?? new Date() } }));
  });

  return app;
}
