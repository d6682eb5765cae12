import type { Db } from '../db/client';
import { describeOptOut } from '../email/describe-outcome';
import type { TraceParticipant } from './trace-types';

export type ProjectRow = NonNullable<Awaited<ReturnType<typeof loadProjectOf>>>;

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export async function loadProjectOf(db: Db, projectId: string | null) {
  if (!projectId) return null;
  return db.project.findUnique({
    where: { id: projectId },
    select: { id: true, title: true, status: true, createdAt: true, clientId: true, designerId: true },
  });
}

/** The project's client and designer with the email settings that decide whether they get an email. */
export async function loadParticipants(db: Db, project: ProjectRow): Promise<TraceParticipant[]> {
  const users = await db.user.findMany({
    where: { id: { in: [project.clientId, project.designerId] } },
    include: { emailOptOuts: { select: { purpose: true, reason: true, createdAt: true } } },
  });
  return users.map((u) => ({
    id: u.id,
    name: u.name,
    email: u.email,
    role: u.role,
    side: u.id === project.clientId ? 'client' : 'designer',
    emailMode: u.emailMode,
    quietHours:
      u.quietStartMin !== null && u.quietEndMin !== null && u.quietStartMin !== u.quietEndMin
        ? `${hhmm(u.quietStartMin)}–${hhmm(u.quietEndMin)}`
        : null,
    timeZone: u.timeZone,
    unsubscribedAt: u.unsubscribedAt,
    optOuts: [
      ...(u.unsubscribedAt
        ? [describeOptOut({ scope: 'all notification emails', reason: u.unsubscribedReason, since: u.unsubscribedAt })]
        : []),
      ...u.emailOptOuts.map((o) =>
        describeOptOut({ scope: `${o.purpose} emails`, reason: o.reason, since: o.createdAt }),
      ),
    ],
  }));
}
