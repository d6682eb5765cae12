// Test data for reports and the status dashboard: unique ids per call, times given explicitly.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../lib/db/client';
import { partyOf } from '../../lib/incidents/blame';
import type { MonitorComponent } from '../../lib/incidents/components';

export async function seedConversation(db: Db, vendor = 'sandbox') {
  const suffix = randomUUID().slice(0, 8);
  const client = await db.user.create({
    data: { id: `client-${suffix}`, name: 'Test Client', email: `client-${suffix}@example.test`, role: 'CLIENT' },
  });
  const designer = await db.user.create({
    data: {
      id: `designer-${suffix}`,
      name: 'Test Designer',
      email: `designer-${suffix}@example.test`,
      role: 'DESIGNER',
    },
  });
  const project = await db.project.create({
    data: { title: `Project ${suffix}`, clientId: client.id, designerId: designer.id },
  });
  const conversation = await db.conversation.create({
    data: { projectId: project.id, vendor, vendorConversationId: project.id },
  });
  return { client, designer, project, conversation };
}

export async function seedStaff(db: Db, role: 'SUPPORT' | 'MANAGER' | 'ENGINEER' | 'ADMIN' = 'SUPPORT') {
  const suffix = randomUUID().slice(0, 8);
  return db.user.create({
    data: { id: `staff-${suffix}`, name: `Staff ${suffix}`, email: `staff-${suffix}@example.test`, role },
  });
}

/** Counted runs of one check every `everyMinutes` in [from, to); `failing(at)` names the component a run failed on. */
export async function insertRuns(
  db: Db,
  input: {
    check: string;
    components: MonitorComponent[];
    from: Date;
    to: Date;
    everyMinutes: number;
    failing?: (at: Date) => MonitorComponent | null;
    durationMs?: number;
  },
): Promise<number> {
  const rows = [];
  for (let t = input.from.getTime(); t < input.to.getTime(); t += input.everyMinutes * 60_000) {
    const at = new Date(t);
    const failed = input.failing?.(at) ?? null;
    rows.push({
      check: input.check,
      trigger: 'SCHEDULED' as const,
      scheduledFor: at,
      counted: true,
      status: failed ? ('FAILED' as const) : ('PASSED' as const),
      startedAt: at,
      finishedAt: new Date(t + (input.durationMs ?? 1500)),
      durationMs: input.durationMs ?? 1500,
      components: input.components,
      failedComponent: failed,
      failedParty: failed ? partyOf(failed) : null,
      failedStep: failed ? 'open-chat' : null,
      error: failed ? 'The chat iframe did not load' : null,
      instanceId: 'test',
    });
  }
  await db.checkRun.createMany({ data: rows });
  return rows.length;
}

export async function insertIncident(
  db: Db,
  input: {
    component: MonitorComponent;
    startedAt: Date;
    detectedAt?: Date;
    recoveredAt?: Date | null;
    faultStartedAt?: Date;
    title?: string;
    missingWebhooks?: number;
  },
) {
  const open = input.recoveredAt === null || input.recoveredAt === undefined;
  return db.incident.create({
    data: {
      component: input.component,
      party: partyOf(input.component),
      status: open ? 'OPEN' : 'RESOLVED',
      openComponent: open ? input.component : null,
      title: input.title ?? `${input.component}: test outage`,
      openedBy: 'chat-journey',
      startedAt: input.startedAt,
      detectedAt: input.detectedAt ?? new Date(input.startedAt.getTime() + 60_000),
      recoveredAt: input.recoveredAt ?? null,
      resolvedAt: input.recoveredAt ? new Date(input.recoveredAt.getTime() + 30_000) : null,
      missingWebhooks: input.missingWebhooks ?? 0,
      lastError: 'The chat iframe did not load',
      updates: {
        create: [
          {
            kind: 'OPENED',
            message: 'Opened by the test',
            createdAt: input.detectedAt ?? new Date(input.startedAt.getTime() + 60_000),
          },
        ],
      },
      faults: input.faultStartedAt
        ? {
            create: [{ source: 'sandbox', externalId: randomUUID(), mode: 'ui-down', startedAt: input.faultStartedAt }],
          }
        : undefined,
    },
  });
}

/** A vendor message and the event that brought it: its webhook after `lagMs`, or reconciliation. */
export async function insertMessage(
  db: Db,
  input: {
    conversationId: string;
    vendor?: string;
    senderId: string;
    sentAt: Date;
    source?: 'WEBHOOK' | 'RECONCILED';
    lagMs?: number;
  },
) {
  const vendor = input.vendor ?? 'sandbox';
  const id = randomUUID();
  const source = input.source ?? 'WEBHOOK';
  const receivedAt = new Date(input.sentAt.getTime() + (input.lagMs ?? 200));
  await db.vendorEvent.create({
    data: {
      vendor,
      vendorEventId: `evt_${id}`,
      type: 'message.sent',
      source,
      vendorConversationId: input.conversationId,
      occurredAt: input.sentAt,
      receivedAt,
      normalized: {},
      status: 'PROCESSED',
    },
  });
  return db.message.create({
    data: {
      vendor,
      vendorMessageId: `msg_${id}`,
      conversationId: input.conversationId,
      senderId: input.senderId,
      text: 'hello',
      sentAt: input.sentAt,
      source,
      vendorEventId: `evt_${id}`,
    },
  });
}

export async function insertEmail(
  db: Db,
  input: {
    toUserId: string;
    sendAt: Date;
    status: 'SENT' | 'DELIVERED' | 'FAILED' | 'BOUNCED' | 'CANCELLED' | 'QUEUED';
    sentAt?: Date | null;
    conversationId?: string;
  },
) {
  return db.email.create({
    data: {
      idempotencyKey: `test:${randomUUID()}`,
      template: 'unread-messages',
      toUserId: input.toUserId,
      status: input.status,
      sendAt: input.sendAt,
      sentAt: input.sentAt ?? (input.status === 'SENT' || input.status === 'DELIVERED' ? input.sendAt : null),
      conversationId: input.conversationId ?? null,
    },
  });
}
