import { requireApiUser } from '@/lib/auth/session';
import { openChatEmbed } from '@/lib/chat-provider/open-chat-embed';
import { appContext } from '@/lib/context';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** A fresh signed embed URL (the page asks again while it retries after a failed load). */
export const GET = route<{ id: string }>('projects.embed', async (_request, { params, log }) => {
  const viewer = await requireApiUser();
  const embed = await openChatEmbed({ ctx: appContext(log), input: { projectId: params.id, viewer } });
  return Response.json({ url: embed.url, origin: embed.origin }, { headers: { 'cache-control': 'no-store' } });
});
