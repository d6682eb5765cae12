import type { Db } from '../db';
import { newId, newSendgridMessageId } from '../ids';
import { insertOutbox } from '../webhooks/outbox';
import { buildEventBatches } from './events';
import type { ValidMail } from './validate';

/**
 * Stores one mailbox entry per personalization (SendGrid sends one email each) and queues the event
 * webhook batches, in one transaction. Returns the X-Message-Id.
 */
export async function sendMail({ db, mail }: { db: Db; mail: ValidMail }): Promise<string> {
  const messageId = newSendgridMessageId();
  const html = mail.content.find((c) => c.type === 'text/html')?.value ?? null;
  const text = mail.content.find((c) => c.type === 'text/plain')?.value ?? null;
  await db.tx(async (client) => {
    for (const p of mail.personalizations) {
      await client.query(
        `INSERT INTO sandbox.emails (id, message_id, "to", cc, bcc, "from", reply_to, subject, html, text, headers, custom_args, categories, template_id, dynamic_template_data)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
        [
          newId('eml'),
          messageId,
          p.to.map((a) => a.email),
          p.cc.map((a) => a.email),
          p.bcc.map((a) => a.email),
          JSON.stringify(mail.from),
          mail.replyTo ? JSON.stringify(mail.replyTo) : null,
          p.subject ?? mail.subject,
          html,
          text,
          JSON.stringify({ ...mail.headers, ...p.headers }),
          JSON.stringify({ ...mail.customArgs, ...p.customArgs }),
          mail.categories,
          mail.templateId,
          p.dynamicTemplateData === null ? null : JSON.stringify(p.dynamicTemplateData),
        ],
      );
    }
    const now = new Date();
    for (const batch of buildEventBatches(mail, messageId, now)) {
      await insertOutbox(client, {
        id: newId('evt'),
        target: 'sendgrid',
        type: 'sendgrid.events',
        body: JSON.stringify(batch),
        messageId,
        conversationId: null,
        status: 'pending',
        nextAttemptAt: now,
        dropped: false,
        duplicated: false,
        delayedMs: null,
        heldBy: null,
      });
    }
  });
  return messageId;
}
