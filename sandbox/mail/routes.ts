import { Hono } from 'hono';
import { setTimeout as sleep } from 'node:timers/promises';
import { secretsEqual } from '../chat/auth';
import type { SandboxContext } from '../context';
import { mailGate } from '../faults/gates';
import { parseJson } from '../http/errors';
import type { SandboxEnv } from '../http/env';
import { sendMail } from './send-mail';
import { validateMail } from './validate';

/** SendGrid's POST /v3/mail/send. */
export function mailRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();

  app.use(
    '/v3/*',
    async (c, next) => {
      const key = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim();
      if (!key || !secretsEqual(key, ctx.config.SENDGRID_API_KEY)) {
        return c.json(
          {
            errors: [
              { message: 'The provided authorization grant is invalid, expired, or revoked', field: null, help: null },
            ],
          },
          401,
        );
      }
      await next();
    },
    mailGate(ctx.faults),
  );

  app.post('/v3/mail/send', async (c) => {
    const result = validateMail(parseJson(await c.req.text()));
    if (!result.ok) return c.json({ errors: result.errors }, 400);
    // Like SendGrid: validated, not sent, no events.
    if (result.mail.sandboxMode) return c.body(null, 200);
    const messageId = await sendMail({ db: ctx.db, mail: result.mail });
    c.get('log').info({ messageId, personalizations: result.mail.personalizations.length }, 'mail accepted');
    // Accepted, but the answer is late (a lost or slow response): the sender cannot tell whether it arrived.
    const late = ctx.faults.roll('mail-no-answer');
    if (late) {
      c.get('log').info({ faultId: late.id, mode: late.mode, delayMs: late.delayMs }, 'fault applied');
      await sleep(late.delayMs ?? 0, undefined, { signal: c.req.raw.signal }).catch(() => undefined);
    }
    return c.body(null, 202, { 'X-Message-Id': messageId });
  });

  return app;
}
