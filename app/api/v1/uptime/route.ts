import { apiRoute } from '@/lib/api-v1/api-route';
import { getApiUptime } from '@/lib/api-v1/get-uptime';
import { parseQuery } from '@/lib/api-v1/parse-query';
import { uptimeQuery } from '@/lib/api-v1/schemas';
import { reportContext } from '@/lib/reports/context';

export const dynamic = 'force-dynamic';

export const GET = apiRoute('api.v1.uptime', async (request) =>
  getApiUptime(reportContext(), parseQuery(uptimeQuery, request.url)),
);
