import { TALKJS_HOST_SCRIPT } from '@/lib/chat-provider/talkjs-host/host-script';

export const dynamic = 'force-static';

/** The TalkJS host page's script (lib/chat-provider/talkjs-host/host-script.ts), from our origin. */
export function GET(): Response {
  return new Response(TALKJS_HOST_SCRIPT, {
    headers: {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=300',
      'x-content-type-options': 'nosniff',
    },
  });
}
