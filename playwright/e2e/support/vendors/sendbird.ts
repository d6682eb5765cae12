import type { E2eVendorClient, E2eVendorStack } from './types';

/**
 * Sendbird's Platform API (`Api-Token`): a channel's messages oldest first from `message_ts=0`, then after the last
 * `message_id` (`include=false`), at most 200 a page; our key rides in the message's `data` JSON as `chatwatch_key`
 * (lib/chat-provider/sendbird.ts).
 */
export function sendbirdClient(stack: E2eVendorStack): E2eVendorClient {
  const base = `${stack.sandboxUrl}/v3/group_channels`;
  const headers = { 'api-token': stack.apiSecret, 'content-type': 'application/json' };
  type SendbirdMessage = { message_id: number; message: string; data?: string };
  const keyOf = (data: string | undefined) => {
    try {
      return (JSON.parse(data || '{}') as { chatwatch_key?: string }).chatwatch_key ?? null;
    } catch {
      return null;
    }
  };
  return {
    newMessageEvent: 'group_channel:message_send',
    async messages(conversationId) {
      const all: SendbirdMessage[] = [];
      for (let anchor = 'message_ts=0&include=true'; ;) {
        const response = await fetch(`${base}/${conversationId}/messages?${anchor}&prev_limit=0&next_limit=200`, {
          headers,
        });
        if (!response.ok) throw new Error(`sendbird list answered ${response.status}`);
        const page = ((await response.json()) as { messages: SendbirdMessage[] }).messages;
        all.push(...page);
        if (page.length < 200) break;
        anchor = `message_id=${page.at(-1)!.message_id}&include=false`;
      }
      return all.map((m) => ({ id: String(m.message_id), text: m.message, idempotencyKey: keyOf(m.data) }));
    },
    async send({ conversationId, senderId, text }) {
      const response = await fetch(`${base}/${conversationId}/messages`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ message_type: 'MESG', user_id: senderId, message: text }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`sendbird send answered ${response.status}`);
      return String(((await response.json()) as SendbirdMessage).message_id);
    },
  };
}
