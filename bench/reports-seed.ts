// Seeds `npm run bench:reports`: DAYS of 1-minute checks for the five components (≥ 600 000 runs for 90 days),
// incidents with their failed runs, maintenance windows, webhooks with lag, reconciled messages and emails.
// Everything is generated inside PostgreSQL (generate_series), so seeding stays in the tens of seconds.
import type pg from 'pg';
import { COMPONENTS } from '../lib/incidents/components';

export interface SeedSummary {
  checkRuns: number;
  incidents: number;
  maintenanceWindows: number;
  messages: number;
  vendorEvents: number;
  emails: number;
}

/** A small deterministic generator, so two bench runs seed the same incidents. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

export async function seedReportsBench(
  client: pg.Client,
  { days, now }: { days: number; now: Date },
): Promise<SeedSummary> {
  const minute = 60_000;
  const end = new Date(Math.floor(now.getTime() / minute) * minute);
  const start = new Date(end.getTime() - days * 86_400_000);
  const next = random(42);

  // People and conversations for the messages and emails.
  await client.query(`
    INSERT INTO "user" (id, name, email, role, "updatedAt")
    SELECT 'bench-' || i, 'Bench user ' || i, 'bench-' || i || '@bench.test', (CASE WHEN i % 2 = 0 THEN 'CLIENT' ELSE 'DESIGNER' END)::"Role", now()
    FROM generate_series(1, 40) AS i`);
  await client.query(`
    WITH p AS (
      INSERT INTO project (id, title, "clientId", "designerId", "updatedAt")
      SELECT gen_random_uuid(), 'Bench project ' || i, 'bench-' || (2 * i), 'bench-' || (2 * i - 1), now() FROM generate_series(1, 20) AS i
      RETURNING id)
    INSERT INTO conversation (id, "projectId", vendor, "vendorConversationId") SELECT gen_random_uuid(), id, 'sandbox', id::text FROM p`);

  // Incidents: every component about every 2 days, 3 to 95 minutes long, starting on a whole minute.
  const incidents: { component: string; startedAt: Date; recoveredAt: Date }[] = [];
  for (const component of COMPONENTS) {
    for (
      let t = start.getTime() + next() * 86_400_000;
      t < end.getTime() - 3 * 3_600_000;
      t += (1 + 2 * next()) * 86_400_000
    ) {
      const startedAt = new Date(Math.floor(t / minute) * minute);
      incidents.push({
        component,
        startedAt,
        recoveredAt: new Date(startedAt.getTime() + Math.round(3 + next() * 92) * minute),
      });
    }
  }
  await client.query(
    `INSERT INTO incident (id, component, status, title, "openedBy", "startedAt", "detectedAt", "recoveredAt", "resolvedAt", "failedRunCount", "updatedAt")
     SELECT gen_random_uuid(), c::"MonitorComponent", 'RESOLVED', 'Bench outage of ' || c, 'bench', s, s + interval '75 seconds', r, r + interval '60 seconds',
            (extract(epoch FROM r - s) / 60)::int, now()
     FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS x(c, s, r)`,
    [incidents.map((i) => i.component), incidents.map((i) => i.startedAt), incidents.map((i) => i.recoveredAt)],
  );
  await client.query(`
    INSERT INTO incident_fault (id, "incidentId", source, "externalId", mode, "startedAt", "endedAt")
    SELECT gen_random_uuid(), id, 'sandbox', 'bench-' || id, 'ui-down', "startedAt" - interval '20 seconds', "recoveredAt" FROM incident`);
  await client.query(`
    INSERT INTO incident_update (id, "incidentId", kind, message, "createdAt")
    SELECT gen_random_uuid(), id, 'OPENED'::"IncidentUpdateKind", 'Opened by the bench', "detectedAt" FROM incident
    UNION ALL SELECT gen_random_uuid(), id, 'RESOLVED'::"IncidentUpdateKind", 'Resolved by the bench', "resolvedAt" FROM incident`);

  // One maintenance window a week, an hour long, for every component.
  await client.query(
    `INSERT INTO maintenance_window (id, component, "startsAt", "endsAt", reason)
     SELECT gen_random_uuid(), NULL, t, t + interval '1 hour', 'Bench maintenance' FROM generate_series($1::timestamptz, $2::timestamptz, interval '7 days') AS t`,
    [new Date(start.getTime() + 3 * 86_400_000 + 2 * 3_600_000), end],
  );

  // 1-minute checks, one per component, failing inside that component's incidents.
  const runs = await client.query(
    `INSERT INTO check_run (id, "check", trigger, "scheduledFor", counted, status, "startedAt", "finishedAt", "durationMs", components, "failedComponent", "failedStep", error, "instanceId")
     SELECT gen_random_uuid(), 'bench-' || c, 'SCHEDULED', t, true,
            CASE WHEN f THEN 'FAILED' ELSE 'PASSED' END::"CheckRunStatus", t, t + make_interval(secs => d / 1000.0), d,
            ARRAY[c::"MonitorComponent"], CASE WHEN f THEN c::"MonitorComponent" END, CASE WHEN f THEN 'bench-step' END, CASE WHEN f THEN 'Bench failure' END, 'bench'
     FROM unnest($3::text[]) AS c
     CROSS JOIN generate_series($1::timestamptz, $2::timestamptz - interval '1 minute', interval '1 minute') AS t
     CROSS JOIN LATERAL (SELECT 800 + (random() * 1400 + 0 * extract(epoch FROM t))::int AS d) AS dur
     CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM incident i WHERE i.component = c::"MonitorComponent" AND t >= i."startedAt" AND t < i."recoveredAt") AS f) AS failed`,
    [start, end, [...COMPONENTS]],
  );
  await client.query(
    `UPDATE check_run r SET "incidentId" = i.id FROM incident i WHERE r.status = 'FAILED' AND r."failedComponent" = i.component AND r."startedAt" >= i."startedAt" AND r."startedAt" < i."recoveredAt"`,
  );

  // A message every 2 minutes; 3 % found by reconciliation, the rest by webhook with a long-tailed lag.
  const messages = await client.query(
    `WITH m AS (
       SELECT t, conv.id AS conversation, (random() < 0.03) AS reconciled, (50 + 400 * random() + CASE WHEN random() < 0.05 THEN 8000 * random() ELSE 0 END)::int AS lag,
              md5(random()::text || t::text) AS key
       FROM generate_series($1::timestamptz, $2::timestamptz, interval '2 minutes') AS t
       CROSS JOIN LATERAL (SELECT id FROM conversation ORDER BY random() + extract(epoch FROM t) * 0 LIMIT 1) AS conv
     ), e AS (
       INSERT INTO vendor_event (vendor, "vendorEventId", type, source, "vendorConversationId", "occurredAt", "receivedAt", normalized, status)
       SELECT 'sandbox', 'evt_' || key, 'message.sent', (CASE WHEN reconciled THEN 'RECONCILED' ELSE 'WEBHOOK' END)::"VendorEventSource", conversation::text, t,
              t + CASE WHEN reconciled THEN interval '12 minutes' ELSE make_interval(secs => lag / 1000.0) END, '{}'::json, 'PROCESSED'
       FROM m RETURNING 1)
     INSERT INTO message (vendor, "vendorMessageId", "conversationId", "senderId", text, "sentAt", source, "vendorEventId")
     SELECT 'sandbox', 'msg_' || key, conversation, 'bench-2', 'bench message', t, (CASE WHEN reconciled THEN 'RECONCILED' ELSE 'WEBHOOK' END)::"VendorEventSource", 'evt_' || key FROM m`,
    [start, end],
  );

  // An email every 10 minutes: 97 % delivered, 2 % bounced, 1 % cancelled.
  const emails = await client.query(
    `INSERT INTO email ("idempotencyKey", template, "toUserId", status, "sendAt", "sentAt", "updatedAt")
     SELECT 'bench:' || t, 'unread-messages', 'bench-' || (1 + (random() * 39)::int),
            (CASE WHEN x < 0.97 THEN 'DELIVERED' WHEN x < 0.99 THEN 'BOUNCED' ELSE 'CANCELLED' END)::"EmailStatus",
            t, CASE WHEN x < 0.97 THEN t + interval '3 seconds' END, now()
     FROM generate_series($1::timestamptz, $2::timestamptz, interval '10 minutes') AS t CROSS JOIN LATERAL (SELECT random() + 0 * extract(epoch FROM t) AS x) AS r`,
    [start, end],
  );

  await client.query('ANALYZE');
  const count = async (table: string) =>
    Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
  return {
    checkRuns: runs.rowCount ?? 0,
    incidents: incidents.length,
    maintenanceWindows: await count('maintenance_window'),
    messages: messages.rowCount ?? 0,
    vendorEvents: await count('vendor_event'),
    emails: emails.rowCount ?? 0,
  };
}
