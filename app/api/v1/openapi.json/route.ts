import { buildOpenApiDocument } from '@/lib/api-v1/openapi';
import { getConfig } from '@/lib/config';

export const dynamic = 'force-dynamic';

/** The API's OpenAPI 3.1 document (public: it describes the API, it holds no data). */
export function GET() {
  return Response.json(buildOpenApiDocument(getConfig().APP_URL), {
    headers: { 'cache-control': 'public, max-age=300' },
  });
}
