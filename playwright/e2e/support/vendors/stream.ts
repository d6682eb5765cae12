import { StreamChat } from 'stream-chat';
import type { E2eVendorClient, E2eVendorStack } from './types';

/**
 * Stream through its official server client pointed at the sandbox (`baseURL`): a channel query pages messages
 * oldest first with `id_lt` (≤ 300 a page); our key is the custom field `chatwatch_key` (lib/chat-provider/stream.ts).
 */
export function streamClient(stack: E2eVendorStack): E2eVendorClient {
  const client = new StreamChat(stack.appId, stack.apiSecret, { baseURL: stack.sandboxUrl });
  type StreamMessage = { id: string; text?: string; chatwatch_key?: string };
  return {
    newMessageEvent: 'message.new',
    async messages(conversationId) {
      const channel = client.channel('messaging', conversationId);
      const all: StreamMessage[] = [];
      for (let idLt: string | undefined; ;) {
        const state = await channel.query({ messages: { limit: 300, ...(idLt ? { id_lt: idLt } : {}) } });
        const page = state.messages as StreamMessage[];
        all.unshift(...page);
        if (page.length < 300) break;
        idLt = page[0]!.id;
      }
      return all.map((m) => ({ id: m.id, text: m.text ?? '', idempotencyKey: m.chatwatch_key ?? null }));
    },
    async send({ conversationId, senderId, text }) {
      const { message } = await client.channel('messaging', conversationId).sendMessage({ text, user_id: senderId });
      return message.id;
    },
  };
}
