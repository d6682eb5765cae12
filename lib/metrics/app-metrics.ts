import { Counter, Gauge, Histogram } from 'prom-client';
import { FALLBACK_CAUSES } from '../chat-provider/fallback-cause';
import { OUTAGE_SECONDS_TOTAL, OUTAGES_TOTAL } from '../db/outage-metrics';
import { getPool } from '../db/pool';
import { DbCounter, DbHistogram } from './db-backed';
import { metric } from './registry';

// Every metric the web app exports, declared once with fixed, low-cardinality labels and base units.
// Documented in docs/metrics.md.

export const chatEmbedLoads = () =>
  metric(
    'chat_embed_loads_total',
    (registry) =>
      new Counter({
        name: 'chat_embed_loads_total',
        help: 'Chat iframe load attempts reported by real users, by result and, for failures, by whose part failed.',
        labelNames: ['result', 'cause'] as const,
        registers: [registry],
      }),
  );

export const chatEmbedLoadSeconds = () =>
  metric(
    'chat_embed_load_seconds',
    (registry) =>
      new Histogram({
        name: 'chat_embed_load_seconds',
        help: 'Time from page load to the vendor chat:ready message, as real users saw it.',
        buckets: [0.25, 0.5, 1, 2, 4, 8, 15],
        registers: [registry],
      }),
  );

export const vendorWebhooksReceived = () =>
  metric(
    'vendor_webhooks_received_total',
    (registry) =>
      new Counter({
        name: 'vendor_webhooks_received_total',
        help: 'Vendor webhook requests by event type and result (accepted, duplicate, bad_signature, bad_request, too_large, unavailable).',
        labelNames: ['type', 'result'] as const,
        registers: [registry],
      }),
  );

export const vendorWebhookLagSeconds = () =>
  metric(
    'vendor_webhook_lag_seconds',
    (registry) =>
      new Histogram({
        name: 'vendor_webhook_lag_seconds',
        help: 'Delay from the vendor event time to our receipt.',
        buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800],
        registers: [registry],
      }),
  );

export const webhookIngestSeconds = () =>
  metric(
    'webhook_ingest_duration_seconds',
    (registry) =>
      new Histogram({
        name: 'webhook_ingest_duration_seconds',
        help: 'Time to verify, store and acknowledge a vendor webhook.',
        buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
        registers: [registry],
      }),
  );

/** Due, unlocked jobs not yet out of attempts: the worker backlog (scheduled emails due later are not counted). */
export const jobsPending = () =>
  metric(
    'jobs_pending',
    (registry) =>
      new Gauge({
        name: 'jobs_pending',
        help: 'Jobs due and waiting in the graphile-worker queue.',
        registers: [registry],
        async collect() {
          try {
            const { rows } = await getPool().query<{ n: number }>(
              'SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE locked_at IS NULL AND run_at <= now() AND attempts < max_attempts',
            );
            this.set(rows[0]?.n ?? 0);
          } catch {
            // The database is down: leave the last value; db-backed metrics log the failure once per scrape.
          }
        },
      }),
  );

// Email metrics change in the worker (and the SendGrid webhook); they are counted in PostgreSQL in the same
// transaction as the status change (lib/metrics/shared-counters.ts) and read here at scrape time.

export const EMAILS_TOTAL = 'emails_total';
export const EMAIL_SEND_SECONDS = 'email_send_duration_seconds';
export const SENDGRID_EVENTS_TOTAL = 'sendgrid_events_total';
export const EMAIL_SEND_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export const emailsTotal = () =>
  metric(
    EMAILS_TOTAL,
    (registry) =>
      new DbCounter(
        {
          name: EMAILS_TOTAL,
          help: 'Emails reaching each status (queued, sent, unconfirmed, delivered, bounced, blocked, dropped, failed, cancelled), by template.',
          labelNames: ['template', 'status'] as const,
          registers: [registry],
        },
        getPool,
      ),
  );

export const sendgridEventsTotal = () =>
  metric(
    SENDGRID_EVENTS_TOTAL,
    (registry) =>
      new DbCounter(
        {
          name: SENDGRID_EVENTS_TOTAL,
          help: 'SendGrid Event Webhook events by result (applied, duplicate, unknown, invalid); invalid ones are kept in sendgrid_event_rejection.',
          labelNames: ['result'] as const,
          registers: [registry],
        },
        getPool,
      ),
  );

export const emailSendSeconds = () =>
  metric(
    EMAIL_SEND_SECONDS,
    (registry) =>
      new DbHistogram(
        {
          name: EMAIL_SEND_SECONDS,
          help: 'Time to hand one email to SendGrid, retries included.',
          buckets: EMAIL_SEND_BUCKETS,
          registers: [registry],
        },
        getPool,
      ),
  );

/** Finished database outages seen by each process (web, worker, monitor), written once the database is back (lib/db/outage.ts). */
export const databaseOutages = () =>
  metric(
    OUTAGES_TOTAL,
    (registry) =>
      new DbCounter(
        {
          name: OUTAGES_TOTAL,
          help: 'Database outages each process lived through (counted when the database came back), by process.',
          labelNames: ['process'] as const,
          registers: [registry],
        },
        getPool,
      ),
  );

export const databaseOutageSeconds = () =>
  metric(
    OUTAGE_SECONDS_TOTAL,
    (registry) =>
      new DbCounter(
        {
          name: OUTAGE_SECONDS_TOTAL,
          help: 'Seconds each process spent without its database, by process.',
          labelNames: ['process'] as const,
          registers: [registry],
        },
        getPool,
      ),
  );

/** Registers the webhook and email metrics up front, so /api/metrics lists them (at zero) before the first event. */
export function registerMessagingMetrics(): void {
  vendorWebhooksReceived();
  vendorWebhookLagSeconds();
  webhookIngestSeconds();
  jobsPending();
  emailsTotal();
  sendgridEventsTotal();
  emailSendSeconds();
  databaseOutages();
  databaseOutageSeconds();
  // Real-user chat embed metrics too: the dashboards and ChatEmbedFailuresRUM need them before the first beacon.
  chatEmbedLoads().inc({ result: 'ready', cause: 'none' }, 0);
  for (const result of ['timeout', 'error'])
    for (const cause of FALLBACK_CAUSES) chatEmbedLoads().inc({ result, cause }, 0);
  chatEmbedLoadSeconds();
}
