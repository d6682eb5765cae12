import { readFile } from 'node:fs/promises';
import { NotFoundError } from '@/lib/errors';
import { isSdkHostVendor, sdkHosts } from '@/lib/chat-provider/sdk-host/sdk-hosts';
import { route } from '@/lib/http/route';

/** The vendor's browser SDK build from its pinned npm package (lib/chat-provider/sdk-host/sdk-hosts.ts), from our origin. */
export const GET = route<{ vendor: string }>('chat-host.sdk-file', async (_request, { params }) => {
  if (!isSdkHostVendor(params.vendor)) throw new NotFoundError('Chat SDK');
  return new Response(await readFile(sdkHosts[params.vendor].sdkFile()), {
    headers: {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=3600',
      'x-content-type-options': 'nosniff',
    },
  });
});
