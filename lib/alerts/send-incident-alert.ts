import type { AlertKind } from '../db/generated/enums';
import type { IncidentContext } from '../incidents/context';
import { isUniqueViolation } from '../incidents/errors';
import { findActiveMaintenance } from '../incidents/maintenance';
import { withRetry, type RetryOptions } from '../retry';
import { AlertSendError } from './errors';
import { buildAlertMessage } from './message';
import type { AlertChannel, AlertKindName, AlertMessage, ChannelName } from './types';

/** `unconfirmed`: sent with no answer to a channel that cannot drop a repeat; it may have arrived, so not resent. */
export type AlertResult = 'success' | 'failure' | 'suppressed' | 'unconfirmed';

export interface SendAlertOptions {
  channels: AlertChannel[];
  dashboardUrl: string;
  /** Counts each delivery (alerts_sent_total). */
  onResult?: (channel: ChannelName, result: AlertResult) => void;
  retry?: Partial<RetryOptions>;
  now?: () => Date;
}

export const KIND: Record<AlertKindName, AlertKind> = { opened: 'OPENED', reminder: 'REMINDER', resolved: 'RESOLVED' };

/**
 * Tells every configured channel about an incident. Each (incident, channel, recipient, kind, sequence) is inserted
 * before sending under a unique key and skipped if it exists, so restarts and replicas never send it twice. A crash
 * between that insert and the send leaves it SENDING; resendOrphanedAlerts sends it once its lease has passed, under
 * the same dedup key (./resend-orphaned-alerts.ts). Inside a maintenance window openings and reminders are recorded as
 * suppressed; a recovery notice goes to exactly the channels that were told the incident opened, and is
 * never suppressed (a channel told of an opening is always told of the recovery: PagerDuty gets its
 * `resolve` under the same dedup key, whatever window started since). `opened` with sequence ≥ 1 is the
 * late announcement of announceAfterMaintenance: it waits (nothing recorded) while a window still covers the
 * component. Never throws for a channel: failures are retried, recorded and counted.
 */
export async function sendIncidentAlert({
  ctx,
  input,
  options,
}: {
  ctx: IncidentContext;
  input: { incidentId: string; kind: AlertKindName; sequence?: number };
  options: SendAlertOptions;
}): Promise<Record<string, AlertResult | 'skipped'>> {
  const now = options.now?.() ?? new Date();
  const sequence =
    input.kind === 'reminder' ? (input.sequence ?? 1) : input.kind === 'opened' ? (input.sequence ?? 0) : 0;
  const incident = await ctx.db.incident.findUniqueOrThrow({
    where: { id: input.incidentId },
    include: {
      faults: true,
      // An UNCONFIRMED opening may have arrived: its recovery is sent too (a recovery too many beats one missing).
      alerts: { where: { status: { in: ['SENT', 'UNCONFIRMED'] } }, select: { channel: true, recipient: true } },
    },
  });
  const message = buildAlertMessage(incident, input.kind, { dashboardUrl: options.dashboardUrl, sequence, now });
  const window = await findActiveMaintenance({ ctx, input: { component: incident.component, at: now } });
  if (window && input.kind === 'opened' && sequence > 0)
    return Object.fromEntries(options.channels.map((c) => [c.name, 'skipped' as const]));
  const maintenance = input.kind === 'resolved' ? null : window;
  const told = new Set(incident.alerts.map((a) => deliveryKey(a.channel, a.recipient)));
  const outcome: Record<string, AlertResult | 'skipped'> = {};

  await Promise.all(
    options.channels.map(async (channel) => {
      if (!channel.kinds.includes(input.kind)) {
        outcome[channel.name] = 'skipped';
        return;
      }
      // One recipient after another: each is its own delivery, so one's failure or retries never touch another.
      const results: (AlertResult | 'skipped')[] = [];
      for (const recipient of channel.recipients ?? ['']) {
        const untold = input.kind === 'resolved' && !told.has(deliveryKey(channel.name, recipient));
        results.push(
          untold
            ? 'skipped'
            : await deliver({
                ctx,
                channel,
                recipient,
                incidentId: incident.id,
                kind: input.kind,
                sequence,
                message,
                maintenance,
                options,
              }),
        );
      }
      outcome[channel.name] = summarize(results);
    }),
  );
  return outcome;
}

/** The reminder due now for an incident open since `detectedAt` (1 after one interval, …), or 0 when none is due. */
export function reminderSequence(detectedAt: Date, now: Date, intervalMinutes: number): number {
  if (intervalMinutes <= 0) return 0;
  return Math.floor((now.getTime() - detectedAt.getTime()) / (intervalMinutes * 60_000));
}

const deliveryKey = (channel: string, recipient: string) => `${channel}\u0000${recipient}`;

/** A channel's result over its recipients: any failure is a failure; otherwise success if any was sent. */
function summarize(results: readonly (AlertResult | 'skipped')[]): AlertResult | 'skipped' {
  for (const result of ['failure', 'unconfirmed', 'success', 'suppressed'] as const)
    if (results.includes(result)) return result;
  return 'skipped';
}

/**
 * One delivery: (incident, channel, recipient, kind, sequence) inserted under its unique key before sending, and
 * skipped if it exists; then sent with retries of its own, so a retry never reaches another recipient.
 */
async function deliver(input: {
  ctx: IncidentContext;
  channel: AlertChannel;
  recipient: string;
  incidentId: string;
  kind: AlertKindName;
  sequence: number;
  message: AlertMessage;
  maintenance: { id: string; reason: string } | null;
  options: SendAlertOptions;
}): Promise<AlertResult | 'skipped'> {
  const { ctx, channel, recipient, incidentId, kind, maintenance, options } = input;
  const who = { incidentId, channel: channel.name, kind, ...(recipient ? { recipient } : {}) };
  let deliveryId: string;
  try {
    const row = await ctx.db.alertDelivery.create({
      data: {
        incidentId,
        channel: channel.name,
        recipient,
        kind: KIND[kind],
        sequence: input.sequence,
        status: maintenance ? 'SUPPRESSED' : 'SENDING',
        error: maintenance ? `maintenance: ${maintenance.reason}` : null,
      },
    });
    deliveryId = row.id;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return 'skipped';
  }
  if (maintenance) {
    ctx.log.info({ ...who, maintenanceWindowId: maintenance.id }, 'alert suppressed by a maintenance window');
    options.onResult?.(channel.name, 'suppressed');
    return 'suppressed';
  }
  return sendDelivery({ ctx, channel, recipient, deliveryId, who, message: input.message, options });
}

/**
 * The send step of a recorded SENDING delivery: sends with retries of its own, then records SENT, FAILED or
 * UNCONFIRMED (with the attempts and the last error) and counts the result. Never throws for the channel's failure.
 * A send with no answer (outcome `unknown`: it may have arrived) is sent again only to a channel that drops repeats
 * (PagerDuty, webhook); to one that cannot (e-mail, Slack) it is recorded UNCONFIRMED and not resent, so it is never
 * knowingly doubled, and never silently lost: logged at error and counted `unconfirmed`.
 * Shared by the first send and by resendOrphanedAlerts (a delivery a crash left SENDING).
 */
export async function sendDelivery(input: {
  ctx: IncidentContext;
  channel: AlertChannel;
  recipient: string;
  deliveryId: string;
  who: Record<string, unknown>;
  message: AlertMessage;
  options: Pick<SendAlertOptions, 'onResult' | 'retry'>;
}): Promise<AlertResult> {
  const { ctx, channel, recipient, deliveryId, who, options } = input;
  let attempts = 0;
  try {
    await withRetry(
      async () => {
        attempts++;
        try {
          await channel.send(input.message, recipient || undefined, deliveryId);
        } catch (error) {
          if (!channel.dropsRepeats || !noAnswer(error)) throw error;
          // The receiver drops the repeat if the first one did arrive: sending again is safe.
          throw new AlertSendError(error instanceof Error ? error.message : String(error), null, true, null, {
            cause: error,
            outcome: 'unknown',
          });
        }
      },
      {
        attempts: 3,
        baseDelayMs: 1000,
        maxDelayMs: 10_000,
        ...options.retry,
        onRetry: ({ attempt, delayMs, error }) =>
          ctx.log.warn({ ...who, attempt, delayMs, err: error }, 'alert send failed; retrying'),
      },
    );
    await ctx.db.alertDelivery.update({
      where: { id: deliveryId },
      data: { status: 'SENT', attempts: { increment: attempts }, sentAt: new Date() },
    });
    ctx.log.info({ ...who, attempts }, 'alert sent');
    options.onResult?.(channel.name, 'success');
    return 'success';
  } catch (error) {
    const reason = error instanceof Error ? error.message.slice(0, 500) : String(error);
    if (noAnswer(error) && !channel.dropsRepeats) {
      await ctx.db.alertDelivery
        .update({
          where: { id: deliveryId },
          data: {
            status: 'UNCONFIRMED',
            attempts: { increment: attempts },
            error: `${reason} — not resent: ${channel.name} cannot drop a repeat`.slice(0, 500),
          },
        })
        .catch(() => undefined);
      ctx.log.error({ ...who, attempts, err: error }, 'alert sent without an answer; not resent (it may have arrived)');
      options.onResult?.(channel.name, 'unconfirmed');
      return 'unconfirmed';
    }
    await ctx.db.alertDelivery
      .update({
        where: { id: deliveryId },
        data: { status: 'FAILED', attempts: { increment: attempts }, error: reason },
      })
      .catch(() => undefined);
    ctx.log.error({ ...who, attempts, err: error }, 'alert not sent');
    options.onResult?.(channel.name, 'failure');
    return 'failure';
  }
}

/**
 * An incident that opened inside a maintenance window and is still open when it ends: announces it then, as
 * an `opened` alert (sequence 1), to the channels whose opening alert was suppressed and that were never told.
 * Does nothing while a window still covers the component, or when no channel was muted. Idempotent (unique key).
 */
export async function announceAfterMaintenance({
  ctx,
  input,
  options,
}: {
  ctx: IncidentContext;
  input: { incidentId: string };
  options: SendAlertOptions;
}): Promise<Record<string, AlertResult | 'skipped'>> {
  const deliveries = await ctx.db.alertDelivery.findMany({
    where: { incidentId: input.incidentId, kind: 'OPENED' },
    select: { channel: true, status: true },
  });
  const told = new Set(deliveries.filter((d) => d.status !== 'SUPPRESSED').map((d) => d.channel));
  const muted = new Set(
    deliveries.filter((d) => d.status === 'SUPPRESSED' && !told.has(d.channel)).map((d) => d.channel),
  );
  if (muted.size === 0) return {};
  return sendIncidentAlert({
    ctx,
    input: { incidentId: input.incidentId, kind: 'opened', sequence: 1 },
    options: { ...options, channels: options.channels.filter((c) => muted.has(c.name)) },
  });
}

/** The request may have reached the receiver but no answer came (AlertSendError's or EmailSendError's `unknown`). */
function noAnswer(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { outcome?: unknown }).outcome === 'unknown';
}
