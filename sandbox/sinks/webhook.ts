import type { Sink } from './types';

/** A generic JSON webhook: any JSON is accepted (undefined means the body did not parse). */
export const webhook: Sink = {
  name: 'webhook',
  path: '/webhook/:name',
  targetParam: 'name',
  handle: (body) =>
    body === undefined
      ? {
          status: 400,
          body: { error: { code: 'invalid_json', message: 'Request body is not valid JSON' } },
          accepted: false,
        }
      : { status: 200, body: { ok: true }, accepted: true },
};
