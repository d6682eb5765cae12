import { attributeMissingWebhooks } from '../../lib/incidents/attribute-missing-webhooks';
import { ingestVendorEvents } from '../../lib/messaging/ingest-vendor-events';
import type { NormalizedEvent, TimeWindow, VendorMessage } from '../../lib/chat-provider/types';
import type { CheckDeps } from './deps';
import type { Check } from './types';

/** The prefix of a reconciled event's id: the vendor never told us its own (we never got the webhook). */
export const RECONCILED_EVENT_PREFIX = 'reconciled:';

/** Vendor messages of the window that we hold neither a message.sent event nor a Message row for. */
export async function findMissing(deps: Pick<CheckDeps, 'db'>, vendor: string, messages: VendorMessage[]): Promise<VendorMessage[]> {
  if (messages.length === 0) return [];
  const rows = await deps.db.$queryRaw<{ id: string }[]>`
    SELECT x.id FROM unnest(${messages.map((m) => m.id)}::text[], ${messages.map((m) => m.conversationId)}::text[], ${messages.map((m) => m.createdAt)}::timestamptz[]) AS x(id, conversation_id, created_at)
    WHERE NOT EXISTS (SELECT 1 FROM message m WHERE m.vendor = ${vendor} AND m."vendorMessageId" = x.id)
      AND NOT EXISTS (
        SELECT 1 FROM vendor_event e
        WHERE e.vendor = ${vendor} AND e."vendorConversationId" = x.conversation_id AND e."receivedAt" >= x.created_at - interval '1 minute'
          AND e.type = 'message.sent' AND e.normalized -> 'message' ->> 'id' = x.id)`;
  const missing = new Set(rows.map((r) => r.id));
  return messages.filter((m) => missing.has(m.id));
}

/**
 * Missing-webhook reconciliation: lists the vendor's messages of a closed window (default 15 to 5 minutes
 * ago) through the adapter, finds those whose webhook never reached us, and backfills them through the
 * webhook ingestion statement (source RECONCILED), so the worker processes them and their emails go out.
 * It fails when it finds missing webhooks that no resolved incident explains.
 */
export function createReconciliationCheck(deps: CheckDeps): Check {
  const { config, vendor, metrics, db, pool, log } = deps;
  return {
    name: 'reconciliation',
    description: `every ${vendor.name} message from ${config.MONITOR_RECONCILE_FROM_SECONDS} s to ${config.MONITOR_RECONCILE_TO_SECONDS} s ago reached us as a webhook`,
    components: ['webhooks'],
    lagging: true,
    timeoutMs: config.MONITOR_RECONCILIATION_TIMEOUT_MS,
    async run(ctx) {
      const now = new Date();
      const window: TimeWindow = ctx.window ?? {
        since: new Date(now.getTime() - config.MONITOR_RECONCILE_FROM_SECONDS * 1000),
        until: new Date(now.getTime() - config.MONITOR_RECONCILE_TO_SECONDS * 1000),
      };
      ctx.detail({ window: { since: window.since.toISOString(), until: window.until.toISOString() } });

      const messages = await ctx.step('list-vendor-messages', 'vendor_api', async () => {
        const all: VendorMessage[] = [];
        for await (const message of vendor.listMessages(window)) {
          if (ctx.signal.aborted) throw ctx.signal.reason;
          all.push(message);
        }
        return all;
      });
      const missing = await ctx.step('compare', 'webhooks', () => findMissing({ db }, vendor.name, messages));
      ctx.detail({ vendorMessages: messages.length, missing: missing.length, missingMessageIds: missing.slice(0, 200).map((m) => m.id) });
      if (missing.length === 0) return;
      metrics.webhooksMissing.inc({ detected_by: 'reconciliation' }, missing.length);

      const backfilled = await ctx.step('backfill', 'webhooks', async () => {
        const events: NormalizedEvent[] = missing.map((message) => ({ kind: 'message.sent', eventId: `${RECONCILED_EVENT_PREFIX}${message.id}`, type: 'message.sent', occurredAt: message.createdAt, message }));
        const { accepted } = await ingestVendorEvents(pool, { vendor: vendor.name, events, rawBody: null, receivedAt: new Date(), source: 'RECONCILED' });
        return accepted.size;
      });
      metrics.webhooksBackfilled.inc(backfilled);
      log.warn({ window, missing: missing.length, backfilled }, 'reconciliation backfilled missing webhooks');

      const attribution = await attributeMissingWebhooks({ ctx: { db, log }, input: { missing: missing.map((m) => ({ vendorMessageId: m.id, createdAt: m.createdAt })), now } });
      ctx.detail({ backfilled, explained: attribution.explained, unexplained: attribution.unexplained });
      await ctx.step('verdict', 'webhooks', async () => {
        if (attribution.unexplained > 0) {
          throw new Error(`${attribution.unexplained} of ${messages.length} vendor message(s) between ${window.since.toISOString()} and ${window.until.toISOString()} never arrived as webhooks (backfilled ${backfilled})`);
        }
      });
    },
  };
}
