import { Hono } from 'hono';
import { html } from 'hono/html';
import { z } from 'zod';
import type { Db } from '../db';
import type { ChatDialect } from '../dialects/wire';
import { validate } from '../http/errors';
import type { SandboxEnv } from '../http/env';
import { clearAlerts, listAlerts } from '../sinks/store';
import { SINKS } from '../sinks/index';
import { listDeliveries } from '../webhooks/deliveries';
import { alertsTable, deliveriesTable } from './tables';
import { layout } from './layout';

const since = z.iso
  .datetime({ offset: true })
  .transform((s) => new Date(s))
  .optional();
const limit = z.coerce.number().int().min(1).max(5000);

const deliveriesQuery = z.object({
  target: z.enum(['vendor', 'sendgrid']).default('vendor'),
  status: z.enum(['pending', 'held', 'delivered', 'failed', 'dropped']).optional(),
  eventType: z.string().min(1).optional(),
  since,
  limit: limit.default(1000),
});

const alertsQuery = z.object({
  sink: z.enum(Object.keys(SINKS) as [string, ...string[]]).optional(),
  since,
  limit: limit.default(1000),
});

/**
 * The operator's views of what the sandbox did: deliveries (ground truth for reconciliation, messages named by the
 * active dialect's ids) and alerts.
 */
export function adminRoutes(db: Db, dialect: ChatDialect): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();

  app.get('/admin', (c) =>
    c.html(
      layout(
        'ChatWatch sandbox',
        html`<ul>
          <li><a href="/admin/deliveries">Webhook deliveries</a> — <a href="/admin/deliveries?target=sendgrid">SendGrid event posts</a> (<a href="/admin/api/deliveries">JSON</a>)</li>
          <li><a href="/admin/alerts">Alerts received</a> (<a href="/admin/api/alerts">JSON</a>)</li>
          <li><a href="/admin/faults">Faults</a> (active and history)</li>
          <li><a href="/mailbox">Mailbox</a> (<a href="/mailbox/api/messages">JSON</a>)</li>
          <li><a href="/health">Health</a></li>
        </ul>`,
      ),
    ),
  );

  app.get('/admin/api/deliveries', async (c) => {
    const query = validate(deliveriesQuery, c.req.query());
    return c.json({ data: await listDeliveries(db, dialect, query) });
  });
  app.get('/admin/deliveries', async (c) => {
    const query = validate(deliveriesQuery, c.req.query());
    const rows = await listDeliveries(db, dialect, { ...query, limit: Math.min(query.limit, 500), newestFirst: true });
    return c.html(
      layout(query.target === 'sendgrid' ? 'SendGrid event posts' : 'Webhook deliveries', deliveriesTable(rows, query)),
    );
  });

  app.get('/admin/api/alerts', async (c) => {
    const query = validate(alertsQuery, c.req.query());
    return c.json({ data: await listAlerts(db, query) });
  });
  app.delete('/admin/api/alerts', async (c) => c.json({ deleted: await clearAlerts(db) }));
  app.get('/admin/alerts', async (c) => {
    const query = validate(alertsQuery, c.req.query());
    return c.html(layout('Alerts', alertsTable(await listAlerts(db, query))));
  });

  return app;
}
