import { createChatProvider, chatProviderSettingsFromConfig } from '../../lib/chat-provider';
import { VendorApiError } from '../../lib/chat-provider/errors';
import type { CheckDeps } from './deps';
import type { Check } from './types';

/**
 * The vendor's REST API: one cheap authenticated request through the adapter's got client (its own timeout, no
 * retries inside a probe) — the adapter's `probe()` when it has one (TalkJS: one `GET /conversations?limit=1`),
 * else a list of the last second of messages. Latency and HTTP status are kept on the run.
 */
export function createVendorApiCheck({ config }: CheckDeps): Check {
  const timeoutMs = config.MONITOR_VENDOR_API_TIMEOUT_MS;
  const vendor = createChatProvider(config.CHAT_VENDOR, { ...chatProviderSettingsFromConfig(config), timeoutMs });
  return {
    name: 'vendor-api',
    description: `${config.CHAT_VENDOR} REST API answers an authenticated request within ${timeoutMs} ms`,
    components: ['vendor_api'],
    lagging: false,
    timeoutMs: timeoutMs + 2000,
    async run(ctx) {
      await ctx.step('request', 'vendor_api', async () => {
        const until = new Date();
        const started = performance.now();
        try {
          if (vendor.probe) await vendor.probe();
          else
            for await (const message of vendor.listMessages({ since: new Date(until.getTime() - 1000), until }))
              void message;
          ctx.detail({ status: 200, latencyMs: Math.round(performance.now() - started) });
        } catch (error) {
          const latencyMs = Math.round(performance.now() - started);
          ctx.detail({
            status: error instanceof VendorApiError ? error.status : null,
            code: error instanceof VendorApiError ? error.vendorCode : null,
            latencyMs,
          });
          throw error;
        }
      });
    },
  };
}
