import type { E2eVendorClient, E2eVendorStack } from './types';

/**
 * Twilio Conversations' REST (Basic auth, Account SID : Auth Token; form bodies): a conversation's messages in
 * index order, 100 a page, following `meta.next_page_url`; our key rides in the message's Attributes JSON as
 * `chatwatch_key` (lib/chat-provider/twilio.ts). A person's send fires the webhook as the SDK's would
 * (X-Twilio-Webhook-Enabled).
 */
export function twilioClient(stack: E2eVendorStack): E2eVendorClient {
  const authorization = `Basic ${Buffer.from(`${stack.appId}:${stack.apiSecret}`).toString('base64')}`;
  type TwilioMessage = { sid: string; body: string | null; attributes: string };
  const keyOf = (attributes: string) => {
    try {
      return (JSON.parse(attributes || '{}') as { chatwatch_key?: string }).chatwatch_key ?? null;
    } catch {
      return null;
    }
  };
  return {
    newMessageEvent: 'onMessageAdded',
    async messages(conversationId) {
      const all: TwilioMessage[] = [];
      let url: string | null = `${stack.sandboxUrl}/v1/Conversations/${conversationId}/Messages?PageSize=100`;
      while (url) {
        const response = await fetch(url, { headers: { authorization } });
        if (!response.ok) throw new Error(`twilio list answered ${response.status}`);
        const page = (await response.json()) as { messages: TwilioMessage[]; meta: { next_page_url: string | null } };
        all.push(...page.messages);
        url = page.meta.next_page_url;
      }
      return all.map((m) => ({ id: m.sid, text: m.body ?? '', idempotencyKey: keyOf(m.attributes) }));
    },
    async send({ conversationId, senderId, text }) {
      const response = await fetch(`${stack.sandboxUrl}/v1/Conversations/${conversationId}/Messages`, {
        method: 'POST',
        headers: {
          authorization,
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-webhook-enabled': 'true',
        },
        body: new URLSearchParams({ Author: senderId, Body: text }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`twilio send answered ${response.status}`);
      return ((await response.json()) as TwilioMessage).sid;
    },
  };
}
