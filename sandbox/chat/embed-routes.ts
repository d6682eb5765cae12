import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { SandboxContext } from '../context';
import { embedGate } from '../faults/gates';
import { parseJson, validate } from '../http/errors';
import { authorizeViewer, embedAuth, type EmbedEnv } from './embed-auth';
import { embedCsp, embedPage, type Build } from './embed-page';
import type { HubEvent } from './hub';
import { recentMessages } from './list-messages';
import { markRead } from './mark-read';
import { sendMessageBody } from './schemas';
import { sendMessage } from './send-message';
import { showMessages, shownIds, storedIds } from './shown-ids';

const clientSource = readFileSync(new URL('./embed-client.js', import.meta.url), 'utf8');
const assets: Record<Build, string> = {
  stable: clientSource.replace("var BUILD = '__CHAT_BUILD__'", "var BUILD = 'stable'"),
  broken: clientSource.replace("var BUILD = '__CHAT_BUILD__'", "var BUILD = 'broken'"),
};

const readBody = z.object({ messageIds: z.array(z.string().min(1).max(255)).min(1).max(1000) });
const KEEPALIVE_MS = 15_000;

/**
 * The embeddable chat: the page, its script, and the token-authenticated API it calls. Every message id the browser
 * sees or sends back is the active dialect's (shown-ids.ts), as in the vendor's REST answers and webhooks.
 */
export function embedRoutes(base: SandboxContext): Hono<EmbedEnv> {
  const app = new Hono<EmbedEnv>();
  const { config, db, hub, dialect } = base;

  app.use('/embed/*', embedGate(base.faults), async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
  });

  app.get('/embed/assets/:file', (c) => {
    const build = /^chat\.(stable|broken)\.js$/.exec(c.req.param('file'))?.[1] as Build | undefined;
    if (!build) return c.notFound();
    return c.body(assets[build], 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
  });

  app.get('/embed/:conversationId', async (c) => {
    const conversationId = c.req.param('conversationId');
    const token = c.req.query('token') ?? '';
    c.header('Content-Security-Policy', embedCsp(config.APP_ORIGIN));
    const viewer = await authorizeViewer(base, conversationId, token);
    const { rows } = await db.query<{ id: string; name: string }>(
      'SELECT id, name FROM sandbox.users WHERE id = ANY($1)',
      [viewer.conversation.participants],
    );
    const name = (id: string) => rows.find((r) => r.id === id)?.name ?? id;
    const broken = base.faults.roll('ui-broken');
    if (broken) c.get('log').info({ faultId: broken.id, conversationId }, 'fault applied: serving the broken build');
    return c.html(
      embedPage(
        {
          conversationId,
          subject: viewer.conversation.subject,
          viewer: { id: viewer.userId, name: name(viewer.userId) },
          participants: viewer.conversation.participants.map((id) => ({ id, name: name(id) })),
          appOrigin: config.APP_ORIGIN,
          token,
          showHeader: c.req.query('header') !== 'none',
        },
        broken ? 'broken' : 'stable',
      ),
    );
  });

  app.use('/embed/api/:conversationId/*', embedAuth(base));

  app.get('/embed/api/:conversationId/messages', async (c) => {
    const messages = await recentMessages(base, c.get('viewer').conversation.id);
    return c.json({ data: await showMessages(db, dialect, messages) });
  });

  app.post('/embed/api/:conversationId/messages', async (c) => {
    const viewer = c.get('viewer');
    const { text } = validate(sendMessageBody.pick({ text: true }), parseJson(await c.req.text()));
    const { message } = await sendMessage({
      ctx: { ...base, log: c.get('log') },
      input: { conversationId: viewer.conversation.id, senderId: viewer.userId, text },
    });
    const [shown] = await showMessages(db, dialect, [message]);
    return c.json({ message: shown }, 201);
  });

  app.post('/embed/api/:conversationId/read', async (c) => {
    const viewer = c.get('viewer');
    const { messageIds } = validate(readBody, parseJson(await c.req.text()));
    const conversationId = viewer.conversation.id;
    const result = await markRead({
      ctx: { ...base, log: c.get('log') },
      input: {
        conversationId,
        readerId: viewer.userId,
        messageIds: await storedIds(db, dialect, conversationId, messageIds),
      },
    });
    const shown = await shownIds(db, dialect, result.messageIds);
    return c.json({ ...result, messageIds: result.messageIds.map((id) => shown.get(id) ?? id) });
  });

  app.get('/embed/api/:conversationId/events', (c) => {
    const conversationId = c.get('viewer').conversation.id;
    return streamSSE(c, async (stream) => {
      await stream.writeSSE({ event: 'hello', data: '{}', retry: 2000 });
      await new Promise<void>((resolve) => {
        // One write at a time, in the hub's order: each event's ids are translated (a query) before it is written.
        let writing = Promise.resolve();
        const send = (event: HubEvent) => {
          if (event.type === 'close') return done();
          writing = writing
            .then(async () => stream.writeSSE({ event: event.type, data: JSON.stringify(await shownEvent(event)) }))
            .catch(done);
        };
        const unsubscribe = hub.subscribe(conversationId, send);
        const ping = setInterval(() => void stream.writeSSE({ event: 'ping', data: '{}' }).catch(done), KEEPALIVE_MS);
        function done() {
          clearInterval(ping);
          unsubscribe();
          resolve();
        }
        stream.onAbort(done);
      });
    });
  });

  /** A hub event's SSE data as the browser sees it: messages and read receipts under the dialect's ids. */
  async function shownEvent(event: Exclude<HubEvent, { type: 'close' }>): Promise<unknown> {
    if (event.type === 'message') return (await showMessages(db, dialect, [event.message]))[0];
    const { type: _type, ...data } = event;
    const shown = await shownIds(db, dialect, event.messageIds);
    return { ...data, messageIds: event.messageIds.map((id) => shown.get(id) ?? id) };
  }

  return app;
}
