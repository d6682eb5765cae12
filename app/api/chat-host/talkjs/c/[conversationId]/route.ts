import { getConfig } from '@/lib/config';
import { renderTalkJsHostPage } from '@/lib/chat-provider/talkjs-host/render-host-page';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** The page the chat iframe loads when CHAT_VENDOR=talkjs: TalkJS's SDK mounted in our own page (docs/connect-talkjs.md). */
export const GET = route<{ conversationId: string }>('chat-host.talkjs', async (request, { params }) => {
  const config = getConfig();
  const { html, csp } = await renderTalkJsHostPage({
    appId: config.VENDOR_APP_ID,
    conversationId: params.conversationId,
    token: new URL(request.url).searchParams.get('token'),
    secret: config.VENDOR_API_SECRET,
    sdkUrl: config.TALKJS_SDK_URL,
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
