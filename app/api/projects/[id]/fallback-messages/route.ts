import { requireApiUser } from '@/lib/auth/session';
import { listFallbackMessages } from '@/lib/fallback/list-fallback-messages';
import { sendFallbackMessage } from '@/lib/fallback/send-fallback-message';
import { readJson } from '@/lib/http/read-json';
import { route } from '@/lib/http/route';
import { assertSameOrigin } from '@/lib/http/same-origin';

export const dynamic = 'force-dynamic';

/** 10 000 characters of 4-byte UTF-8, JSON-escaped, fit well under this. */
const MAX_BODY_BYTES = 128 * 1024;

export const GET = route<{ id: string }>('fallback-messages.list', async (_request, ctx) => {
  const viewer = await requireApiUser();
  const data = await listFallbackMessages({ ctx, input: { projectId: ctx.params.id, viewer } });
  return Response.json({ data }, { headers: { 'cache-control': 'no-store' } });
});

export const POST = route<{ id: string }>('fallback-messages.create', async (request, ctx) => {
  assertSameOrigin(request);
  const viewer = await requireApiUser();
  const body = await readJson(request, MAX_BODY_BYTES);
  const { message, created } = await sendFallbackMessage({
    ctx,
    input: { projectId: ctx.params.id, viewer, body },
  });
  return Response.json({ message }, { status: created ? 201 : 200 });
});
