import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { createChatProvider } from '../../lib/chat-provider';
import { ingestVendorEventBatch, type IngestInput } from '../../lib/messaging/ingest-vendor-events';
import type { RunningStack } from '../../scripts/lib/stack';
import { WORKER_BACKLOG_SQL } from '../../monitor/checks/pipeline-backlog';
import { signedMessage, type ChaosConversation } from '../chaos/load';

/**
 * The backlog drill's shape. The vendor redelivers a backlog of its own (`prepared` signed webhooks, verified and
 * normalized by our adapter BEFORE the fault starts, so the drill's own CPU does not compete with our worker) at
 * `rate` a second. If the worker keeps up (oldest due job under `keptUpS` after `stepMs`), the rate doubles, up to
 * `maxRate`: how fast the worker is on this machine is not known in advance. Once it falls behind, the drill
 * measures how fast it drains (events a second, over the last `windowMs`) and stores only while fewer than
 * `holdS` seconds of that are waiting, until the oldest due job has waited `buildS` (the monitor's limit,
 * MONITOR_PIPELINE_MAX_AGE_SECONDS = 20, plus 15 s so two pipeline runs 5 s apart see it over), at most `maxMs`.
 * Then the queue must drain (oldest due job ≤ `drainedS`) within `drainMs`.
 *
 * Why prepared: generating each webhook during the drill (sign, verify, parse) cost the bench as much CPU as the worker
 * spent processing it, and on a quiet machine the worker kept up with all it could make (1,540/s, 30 Nov).
 * Why held to `holdS` of work: storing at full rate until the oldest job had waited 35 s put 304,000 events in the
 * queue (8,000/s for 39 s), more than the worker drains in the 300 s allowed.
 */
export const BACKLOG = {
  rate: 8000,
  maxRate: 32_000,
  prepared: 400_000,
  stepMs: 10_000,
  keptUpS: 5,
  buildS: 35,
  holdS: 50,
  windowMs: 5000,
  maxMs: 120_000,
  tickMs: 500,
  drainedS: 5,
  drainMs: 300_000,
  /** Events per ingest statement: the web route's batcher stores at most 200 per statement (ingest-batcher.ts). */
  statementEvents: 200,
};

export interface BacklogOutcome {
  stored: number;
  peakRate: number;
  /** The oldest due job's longest wait, seconds. */
  peakOldestS: number;
  peakPending: number;
  builtInMs: number;
  drainedInMs: number;
}

/**
 * How long our queue's oldest due job has waited (seconds), and how many are due, over all tasks: the monitor's own
 * backlog query (WORKER_BACKLOG_SQL), so the drill measures what the pipeline check judges.
 */
export async function readBacklog(db: pg.Pool): Promise<{ pending: number; oldest: number }> {
  const { rows } = await db.query<{ pending: number; oldest: number | null }>(WORKER_BACKLOG_SQL);
  return {
    pending: rows.reduce((sum, r) => sum + r.pending, 0),
    oldest: Math.max(0, ...rows.map((r) => r.oldest ?? 0)),
  };
}

/**
 * The vendor's backlog, made before the fault starts: `count` signed message.sent deliveries (Standard Webhooks) over
 * `conversations`, each verified and normalized by our sandbox adapter as POST /api/webhooks/chat does after reading
 * the body. Returns them ready for our intake statement.
 */
export async function prepareBacklog(
  stack: RunningStack,
  conversations: ChaosConversation[],
  count = BACKLOG.prepared,
): Promise<IngestInput[]> {
  const env = stack.env;
  const vendor = createChatProvider('sandbox', {
    appId: env.VENDOR_APP_ID ?? 'truth',
    apiUrl: env.VENDOR_API_URL ?? stack.urls.sandbox,
    embedUrl: env.VENDOR_EMBED_URL ?? `${stack.urls.sandbox}/embed`,
    apiSecret: env.VENDOR_API_SECRET ?? '',
    webhookSecret: env.VENDOR_WEBHOOK_SECRET!,
  });
  const url = `${stack.urls.app}/api/webhooks/chat`;
  const inputs: IngestInput[] = [];
  for (let i = 0; i < count; i++) {
    const event = signedMessage(env.VENDOR_WEBHOOK_SECRET!, conversations[i % conversations.length]!, `backlog`);
    const events = await vendor.parseWebhook({ rawBody: event.body, headers: new Headers(event.sign()), url });
    inputs.push({ vendor: 'sandbox', events, rawBody: event.body, receivedAt: new Date(), source: 'WEBHOOK' });
  }
  return inputs;
}

/**
 * Builds a real backlog in our worker queue from `prepared` (prepareBacklog) and waits until it has drained again.
 * Each event is stored by our intake statement with its processing job — what POST /api/webhooks/chat does after
 * verifying the body, without the HTTP front. Why not through HTTP: on the shared 2-core machine our web app stored
 * about 7 events/s under a 300/s burst, so no backlog ever formed (docs/benchmarks.md § Truth). The queue, the
 * worker and the monitor are untouched: the worker runs at full speed and falls behind for real.
 * Throws when no backlog of `buildS` formed within `maxMs` or before `prepared` ran out (the fault was not
 * injected), or it did not drain.
 */
export async function buildBacklog(
  stack: RunningStack,
  prepared: IngestInput[],
  log: (line: string) => void,
): Promise<BacklogOutcome> {
  const pool = new pg.Pool({ connectionString: stack.databaseUrl, max: 2, connectionTimeoutMillis: 5000 });
  pool.on('error', () => undefined);
  const outcome: BacklogOutcome = {
    stored: 0,
    peakRate: BACKLOG.rate,
    peakOldestS: 0,
    peakPending: 0,
    builtInMs: 0,
    drainedInMs: 0,
  };
  const observe = async () => {
    const b = await readBacklog(pool);
    outcome.peakOldestS = Math.max(outcome.peakOldestS, b.oldest);
    outcome.peakPending = Math.max(outcome.peakPending, b.pending);
    return b;
  };
  const noBacklog = (why: string, rate: number) =>
    new Error(
      `the drill built no backlog: the oldest due job peaked at ${outcome.peakOldestS.toFixed(1)} s (< ${BACKLOG.buildS} s) ${why}, last at ${rate}/s (${outcome.stored} events stored)`,
    );
  try {
    const started = Date.now();
    let rate = BACKLOG.rate;
    let stepStarted = started;
    let next = 0;
    /** Events to keep waiting once the worker is behind (null: not behind yet). */
    let hold: number | null = null;
    const samples: { at: number; stored: number; waiting: number }[] = [];
    for (let tick = 0; ; tick++) {
      const wait = started + tick * BACKLOG.tickMs - Date.now();
      if (wait > 0) await sleep(wait);
      const b = await observe();
      if (b.oldest >= BACKLOG.buildS) break;
      if (Date.now() - started > BACKLOG.maxMs) throw noBacklog(`after ${BACKLOG.maxMs / 1000} s`, rate);
      // Each intake statement queues one job for its events, so due jobs × statementEvents ≈ events waiting.
      const now = Date.now();
      const waiting = b.pending * BACKLOG.statementEvents;
      samples.push({ at: now, stored: outcome.stored, waiting });
      while (samples.length > 1 && now - samples[0]!.at > BACKLOG.windowMs) samples.shift();
      if (hold !== null || b.oldest >= BACKLOG.keptUpS) {
        const first = samples[0]!;
        const seconds = (now - first.at) / 1000;
        if (seconds >= 1) {
          const drainRate = Math.max(0, outcome.stored - first.stored - (waiting - first.waiting)) / seconds;
          const wanted = Math.round(drainRate * BACKLOG.holdS);
          if (hold === null)
            log(
              `backlog: the worker fell behind at ${rate} webhooks/s; it drains ≈ ${drainRate.toFixed(0)} events/s, so ${wanted} events are kept waiting`,
            );
          hold = Math.max(hold ?? 0, wanted);
        }
      }
      // Enough waiting: watch its oldest job age, store again only if the worker works it down below `hold`.
      if (hold !== null && waiting >= hold) continue;
      // All stored: the backlog may still be growing older while the worker works through it, so keep watching
      // until it reaches `buildS` or starts to shrink (the worker caught up: no backlog of that size will form).
      if (next >= prepared.length) {
        if (b.oldest < outcome.peakOldestS - 1)
          throw noBacklog(`when all ${prepared.length} prepared webhooks were stored and the worker caught up`, rate);
        continue;
      }
      if (
        hold === null &&
        now - stepStarted >= BACKLOG.stepMs &&
        b.oldest < BACKLOG.keptUpS &&
        rate < BACKLOG.maxRate
      ) {
        rate = Math.min(BACKLOG.maxRate, rate * 2);
        stepStarted = now;
        outcome.peakRate = rate;
        log(`backlog: the worker kept up (oldest due job ${b.oldest.toFixed(1)} s); now ${rate} webhooks/s`);
      }
      const inputs = prepared.slice(next, next + Math.round((rate * BACKLOG.tickMs) / 1000));
      next += inputs.length;
      const receivedAt = new Date();
      for (let i = 0; i < inputs.length; i += BACKLOG.statementEvents) {
        const batch = inputs.slice(i, i + BACKLOG.statementEvents).map((input) => ({ ...input, receivedAt }));
        const results = await ingestVendorEventBatch(pool, batch);
        outcome.stored += results.reduce((n, r) => n + r.accepted.size, 0);
      }
    }
    outcome.builtInMs = Date.now() - started;
    log(
      `backlog: built in ${(outcome.builtInMs / 1000).toFixed(0)} s — ${outcome.stored} webhooks stored (last ${rate}/s), ${outcome.peakPending} jobs due, oldest ${outcome.peakOldestS.toFixed(1)} s`,
    );
    const drainStarted = Date.now();
    for (;;) {
      const b = await observe().catch(() => ({ pending: -1, oldest: Infinity }));
      if (b.oldest <= BACKLOG.drainedS) break;
      if (Date.now() - drainStarted > BACKLOG.drainMs)
        throw new Error(`the backlog did not drain in ${BACKLOG.drainMs / 1000} s (${b.pending} jobs due)`);
      await sleep(1000);
    }
    outcome.drainedInMs = Date.now() - drainStarted;
    return outcome;
  } finally {
    await pool.end().catch(() => undefined);
  }
}
