import { listApiIncidents } from '@/lib/api-v1/list-incidents';
import { apiRoute } from '@/lib/api-v1/api-route';
import { parseQuery } from '@/lib/api-v1/parse-query';
import { incidentsQuery } from '@/lib/api-v1/schemas';
import { getConfig } from '@/lib/config';
import { appContext } from '@/lib/context';

export const dynamic = 'force-dynamic';

export const GET = apiRoute('api.v1.incidents', async (request) =>
  listApiIncidents(appContext().db, parseQuery(incidentsQuery, request.url), getConfig().APP_URL),
);
