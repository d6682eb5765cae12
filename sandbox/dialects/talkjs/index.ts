import type { Dialect } from '../types';
import { talkjsRestRoutes } from './rest-routes';
import { talkjsWebhookHeaders } from './sign';
import { talkjsWebhooks } from './webhooks';

/**
 * TalkJS's wire format (talkjs.com/docs): REST under /v1/{appId} with app-scoped JWTs, `startingAfter` cursors and a
 * 30-item page cap, `X-TalkJS-Signature` / `X-TalkJS-Timestamp` webhooks with `{id, createdAt, type, data}` bodies.
 * Error bodies are `{ errorCode, reasons }`: TalkJS's docs tell clients to read only the status ("Do not inspect the
 * response body"), so the body's shape is not documented; the sandbox sends one a client can log.
 */
export const talkjsDialect: Dialect = {
  name: 'talkjs',
  webhooks: talkjsWebhooks,
  signWebhook: talkjsWebhookHeaders,
  restRoutes: talkjsRestRoutes,
  isRestPath: (path) => path.startsWith('/v1/'),
  errorBody: (error) => ({ errorCode: error.code.toUpperCase(), reasons: [error.message] }),
  // User tokens: {tokenType: "user"}, iss = app id, sub = user id (talkjs.com/docs › Security settings › Authentication).
  embedTokenClaims: { tokenType: 'user' },
};
