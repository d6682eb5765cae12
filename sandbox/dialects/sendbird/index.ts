import { VendorCodedError } from '../../http/errors';
import type { Dialect } from '../types';
import { MESSAGE_ID_SQL } from './json';
import { sendbirdRestRoutes } from './rest-routes';
import { sendbirdWebhookHeaders } from './sign';
import { sendbirdWebhooks } from './webhooks';

/**
 * Sendbird's error codes (sendbird.com/docs/chat/platform-api/v3/error-codes); the body is `{ error: true, code,
 * message }`. Sendbird answers most client errors with HTTP 400 and tells them apart by code.
 */
const CODES: Record<string, number> = {
  invalid_json: 400403,
  validation_error: 400111,
  unauthorized: 400401,
  forbidden: 400108,
  not_found: 400201,
  payload_too_large: 400100,
  too_many_requests: 500910,
  service_unavailable: 500901,
  internal: 500901,
};

/**
 * Sendbird's wire format: the Platform API under /v3 with the `Api-Token` header, channels paged by `next` tokens
 * (limit ≤ 100), messages around `message_ts` / `message_id` (prev/next_limit ≤ 200), `{error, code, message}` errors,
 * and group-channel webhooks signed with `x-sendbird-signature`. SendGrid's /v3/mail stays the sandbox's own.
 */
export const sendbirdDialect: Dialect = {
  name: 'sendbird',
  webhooks: sendbirdWebhooks,
  messageIdSql: MESSAGE_ID_SQL,
  signWebhook: sendbirdWebhookHeaders,
  restRoutes: sendbirdRestRoutes,
  isRestPath: (path) => /^\/v3\/(users|group_channels)(\/|$)/.test(path),
  errorBody: (error) => ({
    error: true,
    code: error instanceof VendorCodedError ? error.vendorCode : (CODES[error.code] ?? 500901),
    message: error.message,
  }),
  embedTokenClaims: { tokenType: 'sendbird_session' },
};
