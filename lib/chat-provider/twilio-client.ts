import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';

/**
 * The official `twilio` server SDK with its requests sent to `apiUrl` instead of https://<product>.twilio.com:
 * BaseTwilio.request() hands every request (next-page URLs included) to `httpClient.request({ uri, … })`
 * (twilio lib/base/BaseTwilio.js), so rewriting `uri`'s origin here points the whole SDK at a stub or a proxy.
 * With apiUrl = https://conversations.twilio.com nothing changes. No auto-retry: jobs own retries.
 */
export function createTwilioClient(input: {
  accountSid: string;
  authToken: string;
  apiUrl: string;
  timeoutMs: number;
}) {
  const base = new URL(input.apiUrl);
  class RebasedRequestClient extends twilio.RequestClient {
    override request<T>(opts: RequestClient.RequestOptions<T>) {
      const uri = new URL(opts.uri);
      if (base.hostname !== 'conversations.twilio.com') {
        uri.protocol = base.protocol;
        uri.host = base.host;
      }
      return super.request<T>({ ...opts, uri: uri.href, timeout: input.timeoutMs });
    }
  }
  return twilio(input.accountSid, input.authToken, {
    httpClient: new RebasedRequestClient({ timeout: input.timeoutMs, autoRetry: false }),
  });
}
export type TwilioClient = ReturnType<typeof createTwilioClient>;
