import type pg from 'pg';
import type { PipelineEvent } from './events';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface BacklogSample {
  at: number;
  backlog: number;
  processed: number;
}

/**
 * Samples the run's backlog (stored, not yet processed) every `everyMs` until `stop()`. One count over the run's
 * events by id, cheap next to the load.
 */
export function sampleBacklog(db: pg.Pool, eventIds: string[], everyMs = 200) {
  const samples: BacklogSample[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const { rows } = await db.query<{ backlog: number; processed: number }>(
        `SELECT count(*) FILTER (WHERE status IN ('RECEIVED', 'UNMATCHED'))::int AS backlog,
                count(*) FILTER (WHERE status = 'PROCESSED')::int AS processed
         FROM vendor_event WHERE vendor = 'sandbox' AND "vendorEventId" = ANY($1)`,
        [eventIds],
      );
      samples.push({ at: Date.now(), ...rows[0]! });
      await sleep(everyMs);
    }
  })();
  return {
    samples,
    async stop() {
      running = false;
      await done;
    },
  };
}

/** Waits (at most `withinMs`) until `probe` answers true, polling the database's record of the run. */
export async function waitUntil(probe: () => Promise<boolean>, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > deadline) return false;
    await sleep(250);
  }
}

export interface ExactlyOnce {
  events: { acknowledged: number; stored: number; processed: number; duplicated: number };
  messages: { expected: number; recorded: number; duplicated: number };
  emails: { owed: number; listedOnce: number; missing: number; duplicated: number; toSender: number };
  mailbox: { emails: number; delivered: number; deliveredTwice: number };
  /** The first event stored (its request acknowledged moments later): from then on the worker had work. */
  firstReceivedAt: number;
  firstProcessedAt: number;
  lastProcessedAt: number;
  firstSentAt: number | null;
  lastSentAt: number | null;
}

/**
 * What the database and the sandbox mailbox hold for the acknowledged events: each stored once and processed, each
 * message recorded once, each message listed in exactly one live email to its other member (never to its sender),
 * each such email in the sandbox mailbox exactly once.
 */
export async function verifyExactlyOnce(db: pg.Pool, events: PipelineEvent[]): Promise<ExactlyOnce> {
  const ids = events.map((e) => e.id);
  const { rows: stored } = await db.query<{ n: number; processed: number; last: Date | null }>(
    `SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'PROCESSED')::int AS processed, max("processedAt") AS last, min("processedAt") AS first,
            min("receivedAt") AS received,
            (count(*) - count(DISTINCT "vendorEventId"))::int AS dup
     FROM vendor_event WHERE vendor = 'sandbox' AND "vendorEventId" = ANY($1)`,
    [ids],
  );
  const { rows: messages } = await db.query<{ n: number; distinct: number }>(
    `SELECT count(*)::int AS n, count(DISTINCT "vendorMessageId")::int AS distinct FROM message
     WHERE vendor = 'sandbox' AND "vendorMessageId" = ANY($1)`,
    [events.map((e) => e.messageId)],
  );
  const { rows: listed } = await db.query<{ n: number; to_sender: number; emails: string[] }>(
    `SELECT count(e.id) FILTER (WHERE e."toUserId" = x.rcpt)::int AS n,
            count(e.id) FILTER (WHERE e."toUserId" = x.sender)::int AS to_sender,
            array_agg(e.id::text) FILTER (WHERE e.id IS NOT NULL) AS emails
     FROM unnest($1::text[], $2::text[], $3::text[]) AS x(mid, sender, rcpt)
     LEFT JOIN message m ON m.vendor = 'sandbox' AND m."vendorMessageId" = x.mid
     LEFT JOIN email_message em ON em."messageId" = m.id
     LEFT JOIN email e ON e.id = em."emailId" AND e.status <> 'CANCELLED'
     GROUP BY x.mid`,
    [events.map((e) => e.messageId), events.map((e) => e.senderId), events.map((e) => e.recipientId)],
  );
  const emailIds = [...new Set(listed.flatMap((r) => r.emails ?? []))];
  const { rows: mailbox } = await db.query<{ email_id: string; n: number; first: Date; last: Date }>(
    `SELECT custom_args->>'email_id' AS email_id, count(*)::int AS n, min(created_at) AS first, max(created_at) AS last
     FROM sandbox.emails WHERE custom_args->>'email_id' = ANY($1) GROUP BY 1`,
    [emailIds],
  );
  const row = stored[0]! as {
    n: number;
    processed: number;
    first: Date | null;
    last: Date | null;
    received: Date | null;
    dup: number;
  };
  const times = mailbox.flatMap((m) => [m.first.getTime(), m.last.getTime()]);
  return {
    events: { acknowledged: ids.length, stored: row.n, processed: row.processed, duplicated: row.dup },
    messages: {
      expected: ids.length,
      recorded: messages[0]!.distinct,
      duplicated: messages[0]!.n - messages[0]!.distinct,
    },
    emails: {
      owed: listed.length,
      listedOnce: listed.filter((r) => r.n === 1).length,
      missing: listed.filter((r) => r.n === 0).length,
      duplicated: listed.filter((r) => r.n > 1).length,
      toSender: listed.reduce((sum, r) => sum + r.to_sender, 0),
    },
    mailbox: {
      emails: emailIds.length,
      delivered: mailbox.length,
      deliveredTwice: mailbox.filter((m) => m.n > 1).length,
    },
    firstReceivedAt: row.received?.getTime() ?? 0,
    firstProcessedAt: row.first?.getTime() ?? 0,
    lastProcessedAt: row.last?.getTime() ?? 0,
    firstSentAt: times.length ? Math.min(...times) : null,
    lastSentAt: times.length ? Math.max(...times) : null,
  };
}
