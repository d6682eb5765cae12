import { VendorCodedError } from '../../http/errors';
import type { Dialect } from '../types';
import { accessTokenIdentity } from './auth';
import { twilioRestRoutes } from './rest-routes';
import { MESSAGE_SID_SQL } from './sids';
import { twilioWebhookHeaders } from './sign';
import { twilioWebhooks } from './webhooks';

/**
 * Twilio's REST error body (twilio.com/docs/usage/twilios-response › Errors): `{ code, message, more_info, status }`
 * with a Twilio error code (twilio.com/docs/api/errors): 20003 authenticate, 20404 not found, 20429 too many
 * requests, 20500 internal error, 20503 service unavailable; 50201/50353/50433 "already exists". 20001 for a
 * malformed parameter is the sandbox's choice (Twilio's codes for it differ per resource).
 */
const CODES: Record<string, number> = {
  invalid_json: 20001,
  validation_error: 20001,
  unauthorized: 20003,
  forbidden: 20403,
  not_found: 20404,
  payload_too_large: 20001,
  too_many_requests: 20429,
  service_unavailable: 20503,
  internal: 20500,
};

/**
 * Twilio Conversations' wire format: REST under /v1 with Basic auth (Account SID : Auth Token), form-encoded
 * requests, snake_case JSON answers with SIDs and second-precision dates, PageSize ≤ 100 pages linked by
 * `meta.next_page_url`, `{code, message, more_info, status}` errors, and form-encoded post-event webhooks to each
 * conversation's scoped webhook, signed with X-Twilio-Signature.
 */
export const twilioDialect: Dialect = {
  name: 'twilio',
  webhooks: twilioWebhooks,
  messageIdSql: MESSAGE_SID_SQL,
  signWebhook: twilioWebhookHeaders,
  restRoutes: twilioRestRoutes,
  isRestPath: (path) => path.startsWith('/v1/'),
  errorBody: (error) => {
    const code = error instanceof VendorCodedError ? error.vendorCode : (CODES[error.code] ?? 20500);
    return {
      code,
      message: error.message,
      more_info: `https://www.twilio.com/docs/errors/${code}`,
      status: error.status,
    };
  },
  embedTokenClaims: {},
  embedIdentity: accessTokenIdentity,
};
