import { STAFF_ROLES } from '@/lib/auth/roles';
import { getConfig } from '@/lib/config';
import { appContext } from '@/lib/context';
import { route } from '@/lib/http/route';
import { requireApiRole } from '@/lib/reports/access';
import { openArtifact } from '@/lib/status/open-artifact';

export const dynamic = 'force-dynamic';

/** A failed run's evidence: screenshots inline, traces as a download (open them with `npx playwright show-trace`). */
export const GET = route<{ id: string }>('artifacts.get', async (_request, { params }) => {
  await requireApiRole(STAFF_ROLES);
  const artifact = await openArtifact(appContext().db, getConfig().MONITOR_ARTIFACTS_DIR, params.id);
  const disposition = artifact.kind === 'TRACE' ? 'attachment' : 'inline';
  return new Response(artifact.body, {
    headers: {
      'content-type': artifact.contentType,
      'content-length': String(artifact.bytes),
      'content-disposition': `${disposition}; filename="${artifact.fileName.replace(/[^\w.-]/g, '_')}"`,
      'cache-control': 'private, max-age=3600',
      'x-content-type-options': 'nosniff',
    },
  });
});
