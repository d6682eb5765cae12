import { requireApiUser } from '@/lib/auth/session';
import { openChatEmbed } from '@/lib/chat-provider/open-chat-embed';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** A fresh signed embed URL (the page asks again while it retries after a failed load). */
export const GET = route<{ id: string }>('projects.embed', async (_request, ctx) => {
  const viewer = await requireApiUser();
  const embed = await openChatEmbed({ ctx, input: { projectId: ctx.params.id, viewer } });
  return Response.json({ url: embed.url, origin: embed.origin }, { headers: { 'cache-control': 'no-store' } });
});
