import type { AlertKind } from '../db/generated/enums';
import type { IncidentContext } from '../incidents/context';
import { buildAlertMessage } from './message';
import { KIND, sendDelivery, type AlertResult, type SendAlertOptions } from './send-incident-alert';
import type { AlertKindName, ChannelName } from './types';

/**
 * How long a SENDING delivery belongs to the process that took it. A send is at most 3 attempts of a 10 s request
 * with ≤ 10 s between them (≈ 50 s), so a delivery still SENDING after 5 minutes was left by a process that died.
 */
export const ALERT_SEND_LEASE_MS = 5 * 60_000;

const KIND_NAME = Object.fromEntries(Object.entries(KIND).map(([name, kind]) => [kind, name])) as Record<
  AlertKind,
  AlertKindName
>;

/**
 * Sends the deliveries a crash left SENDING (recorded, then the process died before the channel answered), so an
 * alert is never silently lost. Each is taken by moving its `claimedAt` under a compare-and-set, so two monitors
 * never resend the same one. The message is rebuilt with the same dedup key (PagerDuty's `dedup_key`, the
 * webhook's `id`), so a channel that did receive the first send drops the second; channels without one (e-mail,
 * Slack) may show the alert twice, which beats an alert that never arrives. A delivery whose channel is no longer
 * configured is settled FAILED. Returns what happened to each delivery it took.
 */
export async function resendOrphanedAlerts({
  ctx,
  options,
}: {
  ctx: IncidentContext;
  options: SendAlertOptions & { leaseMs?: number };
}): Promise<AlertResult[]> {
  const now = options.now?.() ?? new Date();
  const orphans = await ctx.db.alertDelivery.findMany({
    where: { status: 'SENDING', claimedAt: { lt: new Date(now.getTime() - (options.leaseMs ?? ALERT_SEND_LEASE_MS)) } },
    include: { incident: { include: { faults: true } } },
    orderBy: { createdAt: 'asc' },
  });
  const results: AlertResult[] = [];
  for (const orphan of orphans) {
    const taken = await ctx.db.alertDelivery.updateMany({
      where: { id: orphan.id, status: 'SENDING', claimedAt: orphan.claimedAt },
      data: { claimedAt: now },
    });
    if (taken.count === 0) continue;
    const kind = KIND_NAME[orphan.kind];
    const who = {
      incidentId: orphan.incidentId,
      channel: orphan.channel,
      kind,
      ...(orphan.recipient ? { recipient: orphan.recipient } : {}),
    };
    const channel = options.channels.find((c) => c.name === orphan.channel);
    if (!channel) {
      await ctx.db.alertDelivery.update({
        where: { id: orphan.id },
        data: { status: 'FAILED', error: 'interrupted by a crash; the channel is no longer configured' },
      });
      ctx.log.error(who, 'interrupted alert not resent: its channel is no longer configured');
      options.onResult?.(orphan.channel as ChannelName, 'failure');
      results.push('failure');
      continue;
    }
    ctx.log.warn({ ...who, since: orphan.createdAt }, 'alert delivery interrupted by a crash; resending');
    const message = buildAlertMessage(orphan.incident, kind, {
      dashboardUrl: options.dashboardUrl,
      sequence: orphan.sequence,
      now,
    });
    results.push(
      await sendDelivery({ ctx, channel, recipient: orphan.recipient, deliveryId: orphan.id, who, message, options }),
    );
  }
  return results;
}
