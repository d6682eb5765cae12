import type { SandboxError } from '../../http/errors';
import type { Dialect } from '../types';
import { streamRestRoutes } from './rest-routes';
import { streamWebhookHeaders } from './sign';
import { streamWebhooks } from './webhooks';

/** Stream's error codes by the sandbox's error kinds (getstream.io/chat/docs/node/api_errors_response). */
const STREAM_CODES: Record<SandboxError['code'], number> = {
  invalid_json: 4,
  validation_error: 4,
  payload_too_large: 4,
  unauthorized: 5,
  forbidden: 17,
  not_found: 16,
  too_many_requests: 9,
  service_unavailable: -1,
  internal: -1,
};

/**
 * Stream Chat's wire format (getstream.io/chat/docs/node): REST at the API base (`/users`, `/channels…`,
 * `/messages/{id}`, `/app`) with `api_key` + server JWT, Query Channels pages (limit ≤ 30, offset ≤ 1000) and
 * id-based message pages (≤ 300); webhooks that are the event itself, signed `X-Signature` (hex HMAC-SHA256 of the
 * body with the API secret) with `X-Webhook-Id` / `X-Webhook-Attempt`; errors `{ code, message, StatusCode,
 * duration, more_info }`; user tokens `{ user_id }` HS256 with the API secret.
 */
export const streamDialect: Dialect = {
  name: 'stream',
  webhooks: streamWebhooks,
  signWebhook: streamWebhookHeaders,
  restRoutes: streamRestRoutes,
  isRestPath: (path) => /^\/(users|channels|messages|app)(\/|$)/.test(path),
  errorBody: (error) => ({
    code: STREAM_CODES[error.code],
    message: error.message,
    StatusCode: error.status,
    duration: '0.00ms',
    more_info: 'https://getstream.io/chat/docs/api_errors_response',
    details: [],
  }),
  embedTokenClaims: {},
  embedUserClaim: 'user_id',
};
