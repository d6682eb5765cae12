import type { E2eVendorClient, E2eVendorStack } from './types';

/**
 * TalkJS's REST (the legacy secret-key bearer is one of its documented auths): pages of at most 30, newest first,
 * cursor startingAfter; our key rides in the message's `custom` (lib/chat-provider/talkjs.ts).
 */
export function talkjsClient(stack: E2eVendorStack): E2eVendorClient {
  const base = `${stack.sandboxUrl}/v1/${stack.appId}/conversations`;
  const headers = { authorization: `Bearer ${stack.apiSecret}`, 'content-type': 'application/json' };
  type TalkjsMessage = { id: string; text: string; custom: Record<string, string> };
  return {
    newMessageEvent: 'message.sent',
    async messages(conversationId) {
      const all: TalkjsMessage[] = [];
      for (let startingAfter: string | undefined; ;) {
        const query = `limit=30${startingAfter ? `&startingAfter=${startingAfter}` : ''}`;
        const response = await fetch(`${base}/${conversationId}/messages?${query}`, { headers });
        if (!response.ok) throw new Error(`talkjs list answered ${response.status}`);
        const page = ((await response.json()) as { data: TalkjsMessage[] }).data;
        if (page.length === 0) break;
        all.push(...page);
        startingAfter = page.at(-1)!.id;
      }
      return all.map((m) => ({ id: m.id, text: m.text, idempotencyKey: m.custom.idempotencyKey ?? null }));
    },
    async send({ conversationId, senderId, text, key }) {
      const response = await fetch(`${base}/${conversationId}/messages`, {
        method: 'POST',
        headers,
        body: JSON.stringify([{ text, sender: senderId, type: 'UserMessage', idempotencyKey: key }]),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`talkjs send answered ${response.status}`);
      return ((await response.json()) as { id: string }[])[0]!.id;
    },
  };
}
