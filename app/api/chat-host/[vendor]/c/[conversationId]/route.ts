import { getConfig } from '@/lib/config';
import { NotFoundError } from '@/lib/errors';
import { renderSdkHostPage } from '@/lib/chat-provider/sdk-host/render-sdk-host-page';
import { isSdkHostVendor } from '@/lib/chat-provider/sdk-host/sdk-hosts';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** The page the chat iframe loads when CHAT_VENDOR=sendbird|twilio|stream: the vendor's SDK in our own page (docs/connect-<vendor>.md). */
export const GET = route<{ vendor: string; conversationId: string }>('chat-host.sdk', async (request, { params }) => {
  const config = getConfig();
  if (!isSdkHostVendor(params.vendor) || config.CHAT_VENDOR !== params.vendor)
    throw new NotFoundError('Chat host page');
  const query = new URL(request.url).searchParams;
  const { html, csp } = renderSdkHostPage({
    vendor: params.vendor,
    appId: config.VENDOR_APP_ID,
    conversationId: params.conversationId,
    userId: query.get('user'),
    token: query.get('token'),
    apiUrl: config.VENDOR_API_URL,
    parentOrigin: new URL(config.APP_URL).origin,
    // A little under the chat panel's own timeout, so the page's named cause arrives before the parent gives up.
    readyTimeoutMs: Math.max(500, config.CHAT_READY_TIMEOUT_MS - 500),
  });
  return new Response(html, {
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': csp,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    },
  });
});
