import { requireApiUser } from '@/lib/auth/session';
import { route } from '@/lib/http/route';
import { assertSameOrigin } from '@/lib/http/same-origin';
import { markProjectSeen } from '@/lib/projects/mark-project-seen';

export const dynamic = 'force-dynamic';

export const POST = route<{ id: string }>('projects.seen', async (request, ctx) => {
  assertSameOrigin(request);
  const viewer = await requireApiUser();
  await markProjectSeen({ ctx, input: { projectId: ctx.params.id, viewer } });
  return new Response(null, { status: 204 });
});
