import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { Webhook } from 'standardwebhooks';
import { onFileEnd } from './cleanup';
import { createDb, type Db } from '../../lib/db/client';
import type { Role } from '../../lib/db/generated/enums';
import type { ClaimSettings } from '../../lib/email/outbox/claim-email';
import { sendQueuedEmail, type SendOutcome } from '../../lib/email/outbox/send-queued-email';
import { sendEmailJob } from '../../lib/email/jobs/send-email';
import { createEmailTransport, type EmailTransport } from '../../lib/email/transport';
import { migrateJobQueue } from '../../lib/jobs/migrate';
import type { MessagingSettings } from '../../lib/messaging/handlers/types';
import { processVendorEventsJob } from '../../lib/messaging/jobs/process-vendor-events';
import { retryUnmatchedEventsJob } from '../../lib/messaging/jobs/retry-unmatched-events';
import { processVendorEventBatch } from '../../lib/messaging/process-event-batch';
import { retryUnmatchedEvents } from '../../lib/messaging/retry-unmatched-events';
import { createChatProvider } from '../../lib/chat-provider';
import { extendContext } from '../../lib/context';
import type { ChatProvider } from '../../lib/chat-provider/types';
import { createTestDatabase } from './db';
import { testContext } from './service-context';
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

// ---- SendGrid stand-in and a deterministic "worker" ----

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

export interface DrainOptions {
  db: Db;
  transport: EmailTransport;
  /** The virtual clock: only jobs due by then run, and services see this time. */
  now: Date;
  unmatchedRetryDelaysMs?: readonly number[];
}

/**
 * Runs every job due by `now` through the same services the worker's tasks call, until none is due — the
 * worker's behaviour under a clock the test controls. Returns what each job did.
 */
export async function drainJobs({ db, transport, now, unmatchedRetryDelaysMs }: DrainOptions): Promise<string[]> {
  const log: string[] = [];
  const ctx = testContext({ db, log: silent, clock: now });
  for (let round = 0; round < 100; round++) {
    const due = await db.$queryRaw<
      { id: bigint; task_identifier: string; payload: { eventIds?: string[]; emailId?: string } }[]
    >`
      SELECT j.id, t.identifier AS task_identifier, j.payload FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
      WHERE j.run_at <= ${now} AND j.locked_at IS NULL ORDER BY j.run_at, j.id`;
    if (due.length === 0) return log;
    for (const job of due) {
      await db.$executeRaw`DELETE FROM graphile_worker._private_jobs WHERE id = ${job.id}`;
      if (job.task_identifier === processVendorEventsJob.name) {
        // One batch per job, as the worker runs it (without topping up from other jobs: the order of the log is the jobs').
        const eventIds = job.payload.eventIds!;
        const outcomes = await processVendorEventBatch(
          extendContext(ctx, { settings: messagingSettings, unmatchedRetryDelaysMs }),
          { eventIds },
        );
        for (const eventId of eventIds) log.push(`event:${outcomes.get(eventId)}`);
      } else if (job.task_identifier === sendEmailJob.name) {
        const outcome: SendOutcome = await sendQueuedEmail(
          extendContext(ctx, { transport, settings: claimSettings, retry: { attempts: 1, baseDelayMs: 1 } }),
          { emailId: job.payload.emailId!, finalAttempt: false },
        );
        log.push(`email:${outcome}`);
      } else if (job.task_identifier === retryUnmatchedEventsJob.name) {
        const result = await retryUnmatchedEvents(db, now);
        log.push(`sweep:${result.requeued}`);
      } else {
        throw new Error(`unexpected job ${job.task_identifier}`);
      }
    }
  }
  throw new Error('jobs kept scheduling more jobs');
}

export const addSeconds = (date: Date, seconds: number) => new Date(date.getTime() + seconds * 1000);
export const newId = () => randomUUID();
