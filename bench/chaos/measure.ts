import pg from 'pg';
import type { LoadTally } from './load';

/** One printed row of the chaos report. */
export interface FaultRow {
  fault: string;
  sent: number;
  acknowledged: number;
  unavailable: number;
  serverErrors: number;
  stored: number;
  /** Acknowledged (2xx) at least once and not stored: a product loss. */
  lost: number;
  /** Never acknowledged and not stored when the redelivery window closed: refused to the end. */
  refused: number;
  duplicated: number;
  emailsExpected: number;
  emailsInMailbox: number;
  /** The status (and reason) of each expected email not in the mailbox, for the log: why it is missing. */
  missingEmails?: Record<string, number>;
  restarted: number;
  longestMs: number;
  /** Page answers by status during the fault (`page 503` …), when pages were probed. */
  pages?: Record<string, number>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Waits (at most `withinMs`) until every stored event of the run is processed and every email of the run's
 * conversations has left QUEUED/SENDING, then counts what our database (`db`) and the sandbox's mailbox (`sandboxDb`)
 * hold.
 */
export async function measure(
  { db, sandboxDb }: { db: pg.Pool; sandboxDb: pg.Pool },
  tally: LoadTally,
  options: { conversationIds: string[]; since: Date; withinMs: number },
): Promise<
  Omit<
    FaultRow,
    'fault' | 'sent' | 'acknowledged' | 'unavailable' | 'serverErrors' | 'restarted' | 'longestMs' | 'pages'
  >
> {
  const ids = [...tally.ids];
  const deadline = Date.now() + options.withinMs;
  for (;;) {
    const settled = await db
      .query<{ events: number; emails: number }>(
        `SELECT (SELECT count(*)::int FROM vendor_event WHERE "vendorEventId" = ANY($1) AND status = 'RECEIVED') AS events,
                (SELECT count(*)::int FROM email WHERE "conversationId" = ANY($2::uuid[]) AND "createdAt" >= $3 AND status IN ('QUEUED', 'SENDING') AND "sendAt" <= now()) AS emails`,
        [ids, options.conversationIds, options.since],
      )
      .then(
        (r) => r.rows[0]!,
        () => null,
      );
    if ((settled && settled.events === 0 && settled.emails === 0) || Date.now() > deadline) break;
    await sleep(500);
  }
  const { rows: stored } = await db.query<{ id: string; n: number }>(
    `SELECT "vendorEventId" AS id, count(*)::int AS n FROM vendor_event WHERE "vendorEventId" = ANY($1) GROUP BY 1`,
    [ids],
  );
  const storedIds = new Set(stored.map((r) => r.id));
  const notStored = ids.filter((id) => !storedIds.has(id));
  const { rows: emails } = await db.query<{ id: string; status: string; reason: string | null }>(
    `SELECT id, status::text, left("statusReason", 80) AS reason FROM email WHERE "conversationId" = ANY($1::uuid[]) AND "createdAt" >= $2 AND status <> 'CANCELLED'`,
    [options.conversationIds, options.since],
  );
  const { rows: mailbox } = await sandboxDb.query<{ email_id: string; n: number }>(
    `SELECT custom_args->>'email_id' AS email_id, count(*)::int AS n FROM sandbox.emails WHERE custom_args->>'email_id' = ANY($1) GROUP BY 1`,
    [emails.map((e) => e.id)],
  );
  const inMailbox = new Set(mailbox.map((m) => m.email_id));
  const missingEmails: Record<string, number> = {};
  for (const e of emails.filter((x) => !inMailbox.has(x.id))) {
    const why = `${e.status}${e.reason ? `: ${e.reason}` : ''}`;
    missingEmails[why] = (missingEmails[why] ?? 0) + 1;
  }
  return {
    stored: storedIds.size,
    // Two different failures, kept apart: an event we acknowledged and did not store is lost by us; an event we
    // refused until the bench's redelivery window closed was never accepted (a real vendor keeps retrying for
    // hours, so it is only lost if we keep refusing once the database is back — which this column catches).
    lost: notStored.filter((id) => tally.acknowledged.has(id)).length,
    refused: notStored.filter((id) => !tally.acknowledged.has(id)).length,
    duplicated: stored.filter((r) => r.n > 1).length + mailbox.filter((m) => m.n > 1).length,
    emailsExpected: emails.length,
    emailsInMailbox: mailbox.length,
    missingEmails,
  };
}

const COLUMNS: [keyof FaultRow, string][] = [
  ['fault', 'fault'],
  ['sent', 'sent'],
  ['acknowledged', 'acked'],
  ['unavailable', '503'],
  ['serverErrors', '5xx'],
  ['stored', 'stored'],
  ['lost', 'lost'],
  ['refused', 'refused'],
  ['duplicated', 'dup'],
  ['emailsExpected', 'emails exp'],
  ['emailsInMailbox', 'in mailbox'],
  ['restarted', 'restarts'],
  ['longestMs', 'longest ms'],
];

/** The report as a fixed-width table. */
export function formatReport(rows: FaultRow[]): string {
  const cells = [
    COLUMNS.map(([, title]) => title),
    ...rows.map((row) => COLUMNS.map(([key]) => String(key === 'longestMs' ? Math.round(row.longestMs) : row[key]))),
  ];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  return cells
    .map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '))
    .join('\n');
}
