import { requireApiUser } from '@/lib/auth/session';
import { readJson } from '@/lib/http/read-json';
import { route } from '@/lib/http/route';
import { assertSameOrigin } from '@/lib/http/same-origin';
import { recordChatEmbedBeacon } from '@/lib/rum/record-chat-embed-beacon';

export const dynamic = 'force-dynamic';

/** Real-user monitoring: one beacon per chat embed attempt (ready with its load time, timeout, error). */
export const POST = route('rum.chat-embed', async (request, ctx) => {
  assertSameOrigin(request);
  const viewer = await requireApiUser();
  const body = await readJson(request, 4 * 1024);
  const { recorded } = await recordChatEmbedBeacon({ ctx, input: { viewer, body } });
  return Response.json({ recorded }, { status: 202 });
});
