import type { ServiceContext } from '../context';
import { describeEmailOutcome } from '../email/describe-outcome';
import { NotFoundError } from '../errors';
import { buildTimeline } from './build-timeline';
import { loadParticipants, loadProjectOf } from './load-participants';
import type { ConversationTrace, TraceEmail, TraceMessage, TraceVendorEvent } from './trace-types';

const LIMIT = 300;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a stored event means, from the adapter's normalized form (its `type` is only the vendor's own name). */
function meaningOf(normalized: unknown): Pick<TraceVendorEvent, 'kind' | 'messageIds' | 'readerId'> {
  const n = (normalized ?? {}) as {
    kind?: string;
    message?: { id?: string };
    messageId?: string;
    messageIds?: string[];
    readerId?: string;
  };
  const kind = n.kind ?? 'unknown';
  if ((n.kind === 'message.sent' || n.kind === 'message.updated') && n.message?.id)
    return { kind, messageIds: [n.message.id], readerId: null };
  if (n.kind === 'message.deleted' && n.messageId) return { kind, messageIds: [n.messageId], readerId: null };
  if (n.kind === 'message.read') return { kind, messageIds: n.messageIds ?? [], readerId: n.readerId ?? null };
  return { kind, messageIds: [], readerId: null };
}

/**
 * Everything we know about one conversation, for support: vendor events (vendor time, receipt, lag, outcome),
 * messages with their reads and emails, each email's steps to delivery, and the participants' email settings.
 * `id` is the vendor conversation id (= project id) or our conversation id. Read-only; staff access is checked by the page.
 */
export async function getConversationTrace({
  ctx,
  input,
}: {
  ctx: Pick<ServiceContext, 'db'>;
  input: { id: string };
}): Promise<ConversationTrace> {
  const { db } = ctx;
  const conversation = await db.conversation.findFirst({
    where: UUID.test(input.id)
      ? { OR: [{ id: input.id }, { vendorConversationId: input.id }] }
      : { vendorConversationId: input.id },
  });
  const vendorConversationId = conversation?.vendorConversationId ?? input.id;
  const project = await loadProjectOf(db, conversation?.projectId ?? (UUID.test(input.id) ? input.id : null));
  const eventRows = await db.vendorEvent.findMany({
    where: { vendorConversationId },
    orderBy: { receivedAt: 'desc' },
    take: LIMIT + 1,
  });
  if (!conversation && !project && eventRows.length === 0) throw new NotFoundError('Conversation');

  const participants = project ? await loadParticipants(db, project) : [];
  const names = new Map(participants.map((p) => [p.id, p.name]));
  const events: TraceVendorEvent[] = eventRows.slice(0, LIMIT).map((e) => ({
    id: e.id,
    vendorEventId: e.vendorEventId,
    type: e.type,
    source: e.source,
    status: e.status,
    occurredAt: e.occurredAt,
    receivedAt: e.receivedAt,
    lagSeconds: (e.receivedAt.getTime() - e.occurredAt.getTime()) / 1000,
    attempts: e.attempts,
    lastError: e.lastError,
    ...meaningOf(e.normalized),
  }));

  const [messageRows, emailRows, reads] = conversation
    ? await Promise.all([
        db.message.findMany({
          where: { conversationId: conversation.id },
          orderBy: { sentAt: 'desc' },
          take: LIMIT + 1,
          include: {
            emails: {
              select: {
                email: {
                  select: {
                    id: true,
                    template: true,
                    status: true,
                    statusReason: true,
                    toUser: { select: { name: true } },
                  },
                },
              },
            },
          },
        }),
        db.email.findMany({
          where: { conversationId: conversation.id },
          orderBy: { createdAt: 'desc' },
          take: LIMIT + 1,
          include: {
            toUser: { select: { name: true } },
            messages: { select: { messageId: true } },
            events: { orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }] },
          },
        }),
        db.messageRead.findMany({ where: { vendorConversationId }, orderBy: { readAt: 'asc' } }),
      ])
    : [[], [], []];

  const vendorIdOf = new Map(messageRows.map((m) => [m.id, m.vendorMessageId]));
  // A fallback message's email is keyed by the fallback message (it is sent before the replay exists); the replayed
  // chat message carries "fallback:<id>", which links the two (lib/fallback: replayKey, fallbackEmailKey).
  const fallbackEmailOf = (idempotencyKey: string | null) =>
    idempotencyKey?.startsWith('fallback:')
      ? emailRows.find((e) => e.idempotencyKey === `fallback-message:${idempotencyKey.slice('fallback:'.length)}`)
      : undefined;
  const fallbackMessageOf = new Map(
    messageRows.flatMap((m) => {
      const email = fallbackEmailOf(m.idempotencyKey);
      return email ? [[email.id, m.vendorMessageId] as const] : [];
    }),
  );
  const messages: TraceMessage[] = messageRows
    .slice(0, LIMIT)
    .reverse()
    .map((m) => {
      const arrival = events
        .filter((e) => e.kind === 'message.sent' && e.messageIds.includes(m.vendorMessageId))
        .at(-1);
      return {
        id: m.id,
        vendorMessageId: m.vendorMessageId,
        senderId: m.senderId,
        senderName: names.get(m.senderId) ?? m.senderId,
        text: m.text,
        sentAt: m.sentAt,
        editedAt: m.editedAt,
        deletedAt: m.deletedAt,
        source: m.source,
        idempotencyKey: m.idempotencyKey,
        receivedAt: arrival?.receivedAt ?? null,
        lagSeconds: arrival ? arrival.lagSeconds : null,
        reads: reads
          .filter((r) => r.vendorMessageId === m.vendorMessageId)
          .map((r) => ({ readerId: r.readerId, readAt: r.readAt })),
        emails: [
          ...m.emails.map(({ email }) => email),
          ...[fallbackEmailOf(m.idempotencyKey)].filter((e) => e !== undefined),
        ].map((email) => ({
          id: email.id,
          template: email.template,
          toName: email.toUser.name,
          status: email.status,
          statusReason: email.statusReason,
          outcome: describeEmailOutcome(email),
        })),
      };
    });
  const emails: TraceEmail[] = emailRows
    .slice(0, LIMIT)
    .reverse()
    .map((e) => ({
      id: e.id,
      template: e.template,
      toUserId: e.toUserId,
      toName: e.toUser.name,
      status: e.status,
      statusReason: e.statusReason,
      outcome: describeEmailOutcome(e),
      createdAt: e.createdAt,
      sendAt: e.sendAt,
      sentAt: e.sentAt,
      sandboxMode: e.sandboxMode,
      providerMessageId: e.providerMessageId,
      messageIds: [
        ...e.messages.map((link) => vendorIdOf.get(link.messageId) ?? link.messageId),
        ...(fallbackMessageOf.has(e.id) ? [fallbackMessageOf.get(e.id)!] : []),
      ],
      steps: e.events.map((s) => ({
        type: s.type,
        source: s.source === 'sendgrid' ? 'sendgrid' : 'app',
        occurredAt: s.occurredAt,
        detail: s.detail,
      })),
    }));

  return {
    vendorConversationId,
    conversationId: conversation?.id ?? null,
    project: project
      ? { id: project.id, title: project.title, status: project.status, createdAt: project.createdAt }
      : null,
    participants,
    events: events.reverse(),
    messages,
    emails,
    timeline: buildTimeline({ events, messages, emails, participants }),
    truncated: eventRows.length > LIMIT || messageRows.length > LIMIT || emailRows.length > LIMIT,
  };
}
