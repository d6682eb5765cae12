import { z } from 'zod';
import type { Db } from '../../db/client';
import { inTransaction, type DbTx } from '../../db/tx';
import { enqueue } from '../../jobs/enqueue';
import { prismaExecutor } from '../../jobs/prisma-executor';
import { EmailTemplateError } from '../render';
import { templates, type TemplateName } from '../templates';
import { recordEmailEvent } from './record-email-event';
import { sendEmailJob } from '../jobs/send-email';

const templateNames = Object.keys(templates) as [TemplateName, ...TemplateName[]];

const queueEmailInput = z.object({
  /** The logical email: the same key is queued (and sent) at most once, ever. */
  idempotencyKey: z.string().min(1).max(300),
  template: z.enum(templateNames),
  toUserId: z.string().min(1),
  props: z.record(z.string(), z.unknown()),
  /** When to send; defaults to now. Preferences (quiet hours, digest) may push it later. */
  sendAt: z.date().optional(),
  /** For the support trace: the conversation and messages this email is about. */
  conversationId: z.uuid().optional(),
  messageIds: z.array(z.uuid()).optional(),
});

export type QueueEmailInput = z.input<typeof queueEmailInput>;

// Placeholder for fields the send path fills in (the signed unsubscribe link), so props can be checked now.
const PLACEHOLDER_URL = 'https://placeholder.invalid/unsubscribe';

function checkProps(template: TemplateName, props: Record<string, unknown>): void {
  const definition = templates[template];
  if (definition.compose) return;
  const candidate = definition.policy.purpose ? { unsubscribeUrl: PLACEHOLDER_URL, ...props } : props;
  const result = definition.schema.safeParse(candidate);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new EmailTemplateError(`${template}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`, {
      cause: result.error,
    });
  }
}

/**
 * Queues one email in the caller's transaction: the Email row (status queued) under its unique idempotency key,
 * and its send-email job, commit together. A key already queued answers created:false and adds nothing, so
 * nothing is ever sent twice. Preferences, unsubscribes and quiet hours are applied when sending.
 * Throws EmailTemplateError (a caller bug) when the props do not fit the template.
 */
export async function queueEmail(
  tx: DbTx | Db,
  input: QueueEmailInput,
): Promise<{ emailId: string; created: boolean }> {
  const parsed = queueEmailInput.parse(input);
  checkProps(parsed.template, parsed.props);
  const sendAt = parsed.sendAt ?? new Date();
  return inTransaction(tx, async (t) => {
    const inserted = await t.$queryRaw<{ id: string }[]>`
      INSERT INTO email ("idempotencyKey", template, "toUserId", "conversationId", props, "sendAt")
      VALUES (${parsed.idempotencyKey}, ${parsed.template}, ${parsed.toUserId}, ${parsed.conversationId ?? null}::uuid, ${JSON.stringify(parsed.props)}::jsonb, ${sendAt})
      ON CONFLICT ("idempotencyKey") DO NOTHING
      RETURNING id`;
    const emailId = inserted[0]?.id;
    if (!emailId) {
      const existing = await t.email.findUniqueOrThrow({
        where: { idempotencyKey: parsed.idempotencyKey },
        select: { id: true },
      });
      return { emailId: existing.id, created: false };
    }
    if (parsed.messageIds?.length) {
      await t.emailMessage.createMany({
        data: parsed.messageIds.map((messageId) => ({ emailId, messageId })),
        skipDuplicates: true,
      });
    }
    await recordEmailEvent(t, {
      emailId,
      template: parsed.template,
      type: 'queued',
      detail: `due ${sendAt.toISOString()}`,
      status: 'queued',
    });
    await enqueue(prismaExecutor(t), sendEmailJob, { emailId }, { runAt: sendAt });
    return { emailId, created: true };
  });
}
