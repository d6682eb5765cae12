import { NotFoundError } from '@/lib/errors';
import { isSdkHostVendor, sdkHosts } from '@/lib/chat-provider/sdk-host/sdk-hosts';
import { route } from '@/lib/http/route';

/** A host page's script (lib/chat-provider/sdk-host/host-scripts.ts), from our origin. */
export const GET = route<{ vendor: string }>('chat-host.script', async (_request, { params }) => {
  if (!isSdkHostVendor(params.vendor)) throw new NotFoundError('Chat host script');
  return new Response(sdkHosts[params.vendor].script, {
    headers: {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=300',
      'x-content-type-options': 'nosniff',
    },
  });
});
