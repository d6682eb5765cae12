import type { E2eVendorClient, E2eVendorStack } from './types';

/** The sandbox's own REST: bearer = the API secret, one page of up to 1000 messages. */
export function sandboxClient(stack: E2eVendorStack): E2eVendorClient {
  const base = `${stack.sandboxUrl}/v1/${stack.appId}/conversations`;
  const headers = { authorization: `Bearer ${stack.apiSecret}`, 'content-type': 'application/json' };
  return {
    newMessageEvent: 'message.sent',
    async messages(conversationId) {
      const response = await fetch(`${base}/${conversationId}/messages?limit=1000`, { headers });
      if (!response.ok) throw new Error(`sandbox list answered ${response.status}`);
      return ((await response.json()) as { data: { id: string; text: string; idempotencyKey: string | null }[] }).data;
    },
    async send({ conversationId, senderId, text, key }) {
      const response = await fetch(`${base}/${conversationId}/messages`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ senderId, text, idempotencyKey: key }),
        signal: AbortSignal.timeout(10_000),
      });
      if (response.status !== 201) throw new Error(`sandbox send answered ${response.status}`);
      return ((await response.json()) as { message: { id: string } }).message.id;
    },
  };
}
