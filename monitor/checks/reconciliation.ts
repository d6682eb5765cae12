import { attributeMissingWebhooks } from '../../lib/incidents/attribute-missing-webhooks';
import { backfillMessages, findUnrecordedMessages } from '../../lib/messaging/backfill-messages';
import type { TimeWindow, VendorMessage } from '../../lib/chat-provider/types';
import type { CheckDeps } from './deps';
import type { Check } from './types';

/**
 * Missing-webhook reconciliation: lists the vendor's messages of a closed window (default 15 to 5 minutes
 * ago) through the adapter, finds those whose webhook never reached us, and backfills them
 * (lib/messaging/backfill-messages.ts) through the webhook ingestion statement (source RECONCILED), so the worker processes them and their emails go out.
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
      const missing = await ctx.step('compare', 'webhooks', () =>
        findUnrecordedMessages(db, { vendor: vendor.name, messages }),
      );
      ctx.detail({
        vendorMessages: messages.length,
        missing: missing.length,
        missingMessageIds: missing.slice(0, 200).map((m) => m.id),
      });
      if (missing.length === 0) return;
      metrics.webhooksMissing.inc({ detected_by: 'reconciliation' }, missing.length);

      const backfilled = await ctx.step('backfill', 'webhooks', async () => {
        const { backfilled } = await backfillMessages(pool, { vendor: vendor.name, messages: missing });
        return backfilled.length;
      });
      metrics.webhooksBackfilled.inc(backfilled);
      log.warn({ window, missing: missing.length, backfilled }, 'reconciliation backfilled missing webhooks');

      const attribution = await attributeMissingWebhooks({
        ctx: { db, log },
        input: { missing: missing.map((m) => ({ vendorMessageId: m.id, createdAt: m.createdAt })), now },
      });
      ctx.detail({ backfilled, explained: attribution.explained, unexplained: attribution.unexplained });
      await ctx.step('verdict', 'webhooks', async () => {
        if (attribution.unexplained > 0) {
          throw new Error(
            `${attribution.unexplained} of ${messages.length} vendor message(s) between ${window.since.toISOString()} and ${window.until.toISOString()} never arrived as webhooks (backfilled ${backfilled})`,
          );
        }
      });
    },
  };
}
