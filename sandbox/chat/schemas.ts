import { z } from 'zod';

export const entityId = z
  .string()
  .regex(/^[A-Za-z0-9_.:@-]{1,255}$/, 'must be 1-255 characters of letters, digits and _ . : @ -');

export const putUserBody = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.email().max(320).nullish(),
  role: z.string().min(1).max(100).nullish(),
});

export const putConversationBody = z.object({
  participants: z.array(entityId).min(1).max(100),
  subject: z.string().max(500).nullish(),
});

export const sendMessageBody = z.object({
  senderId: entityId,
  text: z.string().min(1).max(10_000),
  idempotencyKey: z.string().min(1).max(255).nullish(),
});

const limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);
const isoDate = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

export const conversationMessagesQuery = z.object({
  limit: limit(1000, 100),
  cursor: z.string().min(1).optional(),
});

export const messagesWindowQuery = z
  .object({
    since: isoDate,
    until: isoDate.optional(),
    limit: limit(1000, 100),
    cursor: z.string().min(1).optional(),
  })
  .refine((q) => !q.until || q.until > q.since, { message: 'must be after since', path: ['until'] });
