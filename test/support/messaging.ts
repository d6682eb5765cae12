import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { Webhook } from 'standardwebhooks';
import { onFileEnd } from './cleanup';
import { createDb, type Db } from '../../lib/db/client';
import type { Role } from '../../lib/db/generated/enums';
import type { ClaimSettings } from '../../lib/email/outbox/claim-email';
import { createEmailTransport, type EmailTransport } from '../../lib/email/transport';
import { migrateJobQueue } from '../../lib/jobs/migrate';
import type { MessagingSettings } from '../../lib/messaging/handlers/types';
import { createChatProvider } from '../../lib/chat-provider';
import type { ChatProvider } from '../../lib/chat-provider/types';
import { createTestDatabase } from './db';
import { startHttpStub, type HttpStub } from './http-stub';

export const silent = pino({ level: 'silent' });
export const WEBHOOK_SECRET = `whsec_${Buffer.from('chatwatch-test-webhook-secret-32b').toString('base64')}`;
export const APP_URL = 'http://app.chatwatch.test';
export const AUTH_SECRET = 'test-auth-secret-that-is-long-enough-32';
export const claimSettings: ClaimSettings = { appUrl: APP_URL, authSecret: AUTH_SECRET, digestHour: 8 };
export const messagingSettings: MessagingSettings = { unreadDelaySeconds: 300, appUrl: APP_URL };

const uid = () => randomBytes(5).toString('hex');

/** A migrated database private to the test file, with graphile-worker's schema, a Prisma client and a plain pg pool. */
export async function messagingDatabase() {
  const url = await createTestDatabase();
  await migrateJobQueue(url);
  const db = createDb(url, 4);
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  onFileEnd(async () => {
    await db.$disconnect();
    await pool.end();
  });
  return { url, db, pool };
}

/** The sandbox adapter with a test secret; its REST side is never called here. */
export function testVendor(): ChatProvider {
  return createChatProvider('sandbox', {
    appId: 'test',
    apiUrl: 'http://127.0.0.1:9',
    embedUrl: 'http://127.0.0.1:9',
    apiSecret: 'sandbox-api-secret-for-tests',
    webhookSecret: WEBHOOK_SECRET,
  });
}

export async function makeUser(
  db: Db,
  role: Role,
  data: Partial<{
    name: string;
    emailMode: 'IMMEDIATE' | 'DIGEST' | 'OFF';
    quietStartMin: number;
    quietEndMin: number;
    timeZone: string;
  }> = {},
) {
  const id = `u-${role.toLowerCase()}-${uid()}`;
  return db.user.create({
    data: {
      id,
      name: data.name ?? `${role.toLowerCase()} ${id.slice(-4)}`,
      email: `${id}@test.chatwatch.test`,
      role,
      ...data,
    },
  });
}

/** A client–designer project; with `conversation`, also its vendor conversation row (vendor id = project id, as issue 4 creates it). */
export async function makeConversation(
  db: Db,
  options: { clientRole?: Role; designerRole?: Role; conversation?: boolean } = {},
) {
  const client = await makeUser(db, options.clientRole ?? 'CLIENT', { name: 'Chris Client' });
  const designer = await makeUser(db, options.designerRole ?? 'DESIGNER', { name: 'Dana Designer' });
  const project = await db.project.create({
    data: { title: `Loft ${uid()}`, clientId: client.id, designerId: designer.id },
  });
  const conversation =
    options.conversation === false
      ? null
      : await db.conversation.create({
          data: { projectId: project.id, vendor: 'sandbox', vendorConversationId: project.id },
        });
  return { client, designer, project, conversation, vendorConversationId: project.id };
}

// ---- Vendor webhook bodies as the sandbox sends them (see lib/chat-provider/sandbox-schemas.ts) ----

export function messageSentEvent(input: {
  conversationId: string;
  senderId: string;
  participants: string[];
  text?: string;
  messageId?: string;
  eventId?: string;
  at?: Date;
  idempotencyKey?: string | null;
}) {
  const at = (input.at ?? new Date()).toISOString();
  const message = {
    id: input.messageId ?? `msg_${uid()}`,
    conversationId: input.conversationId,
    senderId: input.senderId,
    text: input.text ?? 'Hello there',
    createdAt: at,
    idempotencyKey: input.idempotencyKey ?? null,
    readBy: [],
  };
  return {
    id: input.eventId ?? `evt_${uid()}`,
    type: 'message.sent',
    created_at: at,
    data: { message, conversation: { id: input.conversationId, participants: input.participants } },
  };
}

export function messageReadEvent(input: {
  conversationId: string;
  readerId: string;
  messageIds: string[];
  eventId?: string;
  at?: Date;
}) {
  const at = (input.at ?? new Date()).toISOString();
  return {
    id: input.eventId ?? `evt_${uid()}`,
    type: 'message.read',
    created_at: at,
    data: { conversationId: input.conversationId, readerId: input.readerId, messageIds: input.messageIds, readAt: at },
  };
}

/** A POST as the sandbox signs it (Standard Webhooks). `body` overrides the signed JSON, to tamper after signing. */
export function signedRequest(
  event: { id: string },
  options: { sentAt?: Date; body?: string; secret?: string; webhookId?: string } = {},
): Request {
  const json = JSON.stringify(event);
  const sentAt = options.sentAt ?? new Date();
  const webhookId = options.webhookId ?? event.id;
  const signature = new Webhook(options.secret ?? WEBHOOK_SECRET).sign(webhookId, sentAt, json);
  return new Request('http://app.test/api/webhooks/chat', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': webhookId,
      'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
      'webhook-signature': signature,
    },
    body: options.body ?? json,
  });
}

// ---- SendGrid stand-in ----

export async function sendgridStub(): Promise<{ stub: HttpStub; transport: EmailTransport }> {
  let n = 0;
  const stub = await startHttpStub(() => ({ status: 202, headers: { 'x-message-id': `sg-${++n}` } }));
  onFileEnd(() => stub.close());
  return {
    stub,
    transport: createEmailTransport({
      apiKey: 'SG.test',
      apiUrl: stub.url,
      from: 'ChatWatch <no-reply@chatwatch.test>',
      timeoutMs: 3000,
    }),
  };
}

export const addSeconds = (date: Date, seconds: number) => new Date(date.getTime() + seconds * 1000);
export const newId = () => randomUUID();
