import type { ServiceContext } from '../context';
import { queueEmail } from '../email/outbox/queue-email';
import { COMPONENT_LABELS } from '../incidents/components';

const CURSOR = 'incident-notifications';
/**
 * Timeline entries are read again this far back: an entry's createdAt is set by its writer (the detection or
 * resolution time) and may commit a little later than entries after it. The email's unique key makes a second
 * pass send nothing twice.
 */
export const OVERLAP_MS = 5 * 60_000;
/** Entries per run; the next run continues from the last one handled. */
const BATCH = 200;

const EVENT = { OPENED: 'opened', UPDATE: 'updated', NOTE: 'updated', RESOLVED: 'resolved' } as const;

/** The links point at the config's APP_URL; entries are read up to the clock's now. */
export type NotifyContext = Pick<ServiceContext, 'db' | 'log' | 'clock' | 'config'>;

/**
 * Queues an email for every new incident timeline entry to every subscriber who wants that kind of event for
 * that component. A subscription only gets entries written after it was made. Returns the emails queued.
 */
export async function notifySubscribers({ ctx }: { ctx: NotifyContext }): Promise<number> {
  const { db, log } = ctx;
  const now = ctx.clock.now();
  const cursor = await db.reportJobCursor.findUnique({ where: { name: CURSOR } });
  if (!cursor) {
    // First run: start from now rather than mailing the whole history.
    await db.reportJobCursor.create({ data: { name: CURSOR, position: now } });
    return 0;
  }
  const subscriptions = await db.incidentSubscription.findMany();
  const include = { incident: { select: { id: true, component: true, title: true, startedAt: true } } };
  // Entries in the overlap are re-read in full; new ones a batch at a time, so a burst cannot stall the cursor.
  const [again, fresh] = await Promise.all([
    db.incidentUpdate.findMany({
      where: { createdAt: { gt: new Date(cursor.position.getTime() - OVERLAP_MS), lte: cursor.position } },
      orderBy: { createdAt: 'asc' },
      include,
    }),
    db.incidentUpdate.findMany({
      where: { createdAt: { gt: cursor.position, lte: now } },
      orderBy: { createdAt: 'asc' },
      take: BATCH,
      include,
    }),
  ]);
  const updates = [...again, ...fresh];
  if (subscriptions.length === 0 || updates.length === 0) {
    if (updates.length > 0)
      await db.reportJobCursor.update({ where: { name: CURSOR }, data: { position: updates.at(-1)!.createdAt } });
    return 0;
  }
  const users = await db.user.findMany({
    where: { id: { in: subscriptions.map((s) => s.userId) } },
    select: { id: true, timeZone: true, role: true },
  });
  const authorIds = [...new Set(updates.map((u) => u.authorId).filter((id): id is string => id !== null))];
  const authors = new Map(
    (await db.user.findMany({ where: { id: { in: authorIds } }, select: { id: true, name: true } })).map((a) => [
      a.id,
      a.name,
    ]),
  );
  const base = ctx.config.APP_URL.replace(/\/+$/, '');
  let queued = 0;
  for (const update of updates) {
    const event = EVENT[update.kind];
    for (const sub of subscriptions) {
      const wants = event === 'opened' ? sub.onOpened : event === 'resolved' ? sub.onResolved : sub.onUpdated;
      const user = users.find((u) => u.id === sub.userId);
      if (!wants || !user || sub.createdAt > update.createdAt) continue;
      if (sub.components.length > 0 && !sub.components.includes(update.incident.component)) continue;
      // A person does not need an email about their own note.
      if (update.authorId === sub.userId) continue;
      const { created } = await queueEmail(db, {
        idempotencyKey: `incident-notification:${update.id}:${sub.userId}`,
        template: 'incident-notification',
        toUserId: sub.userId,
        props: {
          component: COMPONENT_LABELS[update.incident.component],
          event,
          title: update.incident.title,
          message: update.message,
          ...(update.authorId ? { author: authors.get(update.authorId) ?? 'A former staff member' } : {}),
          startedAt: update.incident.startedAt.toISOString(),
          at: update.createdAt.toISOString(),
          incidentUrl: `${base}/incidents/${update.incident.id}`,
          unsubscribeUrl: `${base}/unsubscribe/incidents?token=${sub.unsubscribeToken}`,
          timeZone: user.timeZone,
        },
      });
      if (created) queued++;
    }
  }
  const last = updates.at(-1)!.createdAt;
  if (last > cursor.position) await db.reportJobCursor.update({ where: { name: CURSOR }, data: { position: last } });
  if (queued > 0) log.info({ queued, entries: updates.length }, 'incident notifications queued');
  return queued;
}
