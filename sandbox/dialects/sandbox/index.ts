import { restRoutes } from '../../chat/rest-routes';
import type { Dialect } from '../types';
import { sandboxWebhooks, standardWebhookHeaders } from './webhooks';

/**
 * The sandbox's own dialect: REST under /v1/:appId with the API secret as bearer, `{ data, nextCursor }` pages
 * filtered by time, `{ error: { code, message } }` errors, Standard Webhooks signatures.
 */
export const sandboxDialect: Dialect = {
  name: 'sandbox',
  webhooks: sandboxWebhooks,
  signWebhook: standardWebhookHeaders,
  restRoutes,
  isRestPath: (path) => path.startsWith('/v1/'),
  errorBody: (error) => ({ error: { code: error.code, message: error.message } }),
  embedTokenClaims: {},
};
