import type pg from 'pg';
import type { FaultParty, MonitorComponent } from '../../lib/db/generated/enums';
import type { ObservedIncident } from './score';

interface SinkAlert {
  sink: string;
  payload: unknown;
  receivedAt: string;
}

/**
 * Every incident the monitor opened since `since`, with its alerts as the receivers saw them: the sandbox's
 * sinks (Slack, PagerDuty, webhook: GET /admin/api/alerts, matched by the incident id in the payload) and the
 * e-mail alerts SendGrid accepted (alert_delivery rows SENT on channel email: the mailbox has no incident id).
 */
export async function observeIncidents(db: pg.Pool, sandboxUrl: string, since: Date): Promise<ObservedIncident[]> {
  const { rows } = await db.query<{ id: string; component: MonitorComponent; party: FaultParty; detectedAt: Date }>(
    `SELECT id, component, party, "detectedAt" FROM incident WHERE "detectedAt" >= $1 ORDER BY "detectedAt"`,
    [since],
  );
  const emails = await db.query<{ incidentId: string; n: number; first: Date }>(
    `SELECT "incidentId", count(*)::int AS n, min("sentAt") AS first FROM alert_delivery
     WHERE channel = 'email' AND status = 'SENT' AND "createdAt" >= $1 GROUP BY "incidentId"`,
    [since],
  );
  const response = await fetch(
    `${sandboxUrl}/admin/api/alerts?since=${encodeURIComponent(since.toISOString())}&limit=5000`,
    { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(15_000) },
  );
  if (!response.ok) throw new Error(`sandbox alerts: HTTP ${response.status}`);
  const { data: sinkAlerts } = (await response.json()) as { data: SinkAlert[] };
  return rows.map((incident) => {
    const alerts: Record<string, number> = {};
    let first: number | null = null;
    for (const alert of sinkAlerts) {
      if (!JSON.stringify(alert.payload).includes(incident.id)) continue;
      alerts[alert.sink] = (alerts[alert.sink] ?? 0) + 1;
      const at = Date.parse(alert.receivedAt);
      first = first === null ? at : Math.min(first, at);
    }
    const email = emails.rows.find((e) => e.incidentId === incident.id);
    if (email) {
      alerts.email = email.n;
      first = first === null ? email.first.getTime() : Math.min(first, email.first.getTime());
    }
    return { ...incident, firstAlertAt: first === null ? null : new Date(first), alerts };
  });
}
