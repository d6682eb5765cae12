import { Hono } from 'hono';
import { html } from 'hono/html';
import { z } from 'zod';
import { layout } from '../admin/layout';
import type { Db } from '../db';
import { notFound, validate } from '../http/errors';
import type { SandboxEnv } from '../http/env';
import { clearEmails, getEmail, listEmails, type StoredEmail } from './mailbox-store';

const listQuery = z.object({
  to: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const summary = (e: StoredEmail) => html`<tr>
  <td>${e.createdAt}</td><td>${e.to.join(', ')}</td><td>${e.from.email}</td>
  <td><a href="/mailbox/${e.id}">${e.subject ?? (e.templateId ? `(template ${e.templateId})` : '(no subject)')}</a></td>
  <td><code>${e.messageId}</code></td>
</tr>`;

const detail = (e: StoredEmail) => html`<dl>
    <dt>From</dt><dd>${e.from.name ? `${e.from.name} <${e.from.email}>` : e.from.email}</dd>
    <dt>To</dt><dd>${e.to.join(', ')}</dd>
    ${e.cc.length > 0 ? html`<dt>Cc</dt><dd>${e.cc.join(', ')}</dd>` : ''}
    ${e.bcc.length > 0 ? html`<dt>Bcc</dt><dd>${e.bcc.join(', ')}</dd>` : ''}
    <dt>X-Message-Id</dt><dd><code>${e.messageId}</code></dd>
    <dt>Headers</dt><dd><pre>${JSON.stringify(e.headers, null, 2)}</pre></dd>
    <dt>Custom args</dt><dd><pre>${JSON.stringify(e.customArgs, null, 2)}</pre></dd>
    <dt>Categories</dt><dd>${e.categories.join(', ') || '—'}</dd>
    ${e.templateId ? html`<dt>Template</dt><dd><code>${e.templateId}</code><pre>${JSON.stringify(e.dynamicTemplateData, null, 2)}</pre></dd>` : ''}
  </dl>
  <h2>HTML</h2>
  ${
    e.html
      ? html`<iframe title="HTML version" sandbox="" srcdoc="${e.html}" style="width:100%;height:480px;border:1px solid #8884;background:#fff"></iframe>`
      : html`<p class="muted">No HTML part.</p>`
  }
  <h2>Text</h2>
  ${e.text ? html`<pre>${e.text}</pre>` : html`<p class="muted">No text part.</p>`}`;

/** The sandbox's inbox: every email the mail API accepted (not sandbox_mode ones). */
export function mailboxRoutes(db: Db): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();

  app.get('/mailbox/api/messages', async (c) => {
    const query = validate(listQuery, c.req.query());
    return c.json({ data: await listEmails(db, query) });
  });
  app.delete('/mailbox/api/messages', async (c) => c.json({ deleted: await clearEmails(db) }));

  app.get('/mailbox', async (c) => {
    const query = validate(listQuery, c.req.query());
    const emails = await listEmails(db, query);
    return c.html(
      layout(
        'Mailbox',
        html`<form class="filters"><input name="to" placeholder="recipient" value="${query.to ?? ''}" aria-label="recipient" /><button>Filter</button></form>
          <table>
            <thead><tr><th>received</th><th>to</th><th>from</th><th>subject</th><th>X-Message-Id</th></tr></thead>
            <tbody>${emails.map(summary)}</tbody>
          </table>`,
      ),
    );
  });
  app.get('/mailbox/:id', async (c) => {
    const email = await getEmail(db, c.req.param('id'));
    if (!email) throw notFound('Email');
    return c.html(layout(email.subject ?? 'Email', detail(email)));
  });

  return app;
}
