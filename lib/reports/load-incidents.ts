import type { Db } from '../db/client';
import type { ReportIncident, ReportMaintenance } from './report-types';

/**
 * Incidents overlapping [from, to), oldest first, with the start of their earliest matched fault. Vendor-facing
 * callers (reports, exports, the status page's vendor uptime) pass `externalOnly`: incidents of our own parts
 * (party `ours`) never reach them.
 */
export async function loadIncidents(
  db: Db,
  from: Date,
  to: Date,
  options: { externalOnly: boolean },
): Promise<ReportIncident[]> {
  const rows = await db.incident.findMany({
    where: {
      startedAt: { lt: to },
      OR: [{ recoveredAt: null }, { recoveredAt: { gt: from } }],
      ...(options.externalOnly ? { party: { not: 'ours' as const } } : {}),
    },
    orderBy: { startedAt: 'asc' },
    select: {
      id: true,
      component: true,
      party: true,
      title: true,
      status: true,
      startedAt: true,
      detectedAt: true,
      recoveredAt: true,
      missingWebhooks: true,
      faults: { select: { startedAt: true }, orderBy: { startedAt: 'asc' }, take: 1 },
    },
  });
  return rows.map(({ faults, ...incident }) => ({ ...incident, faultStartedAt: faults[0]?.startedAt ?? null }));
}

/** Maintenance windows overlapping [from, to). */
export async function loadMaintenance(db: Db, from: Date, to: Date): Promise<ReportMaintenance[]> {
  return db.maintenanceWindow.findMany({
    where: { startsAt: { lt: to }, endsAt: { gt: from } },
    orderBy: { startsAt: 'asc' },
    select: { component: true, startsAt: true, endsAt: true, reason: true },
  });
}
