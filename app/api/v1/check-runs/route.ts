import { apiRoute } from '@/lib/api-v1/api-route';
import { listApiCheckRuns } from '@/lib/api-v1/list-check-runs';
import { parseQuery } from '@/lib/api-v1/parse-query';
import { checkRunsQuery } from '@/lib/api-v1/schemas';
import { appContext } from '@/lib/context';

export const dynamic = 'force-dynamic';

export const GET = apiRoute('api.v1.check-runs', async (request) =>
  listApiCheckRuns(appContext().db, parseQuery(checkRunsQuery, request.url)),
);
