import { route } from '@/lib/http/route';
import { receiveVendorWebhook } from '@/lib/messaging/receive-vendor-webhook';

export const dynamic = 'force-dynamic';

/** The chat vendor's webhooks: verified, stored once with their processing job, acknowledged (see lib/messaging). */
export const POST = route('vendor-webhook', async (request, { log, startedAt }) =>
  Response.json(await receiveVendorWebhook(request, { log, startedAt })),
);
