import { z } from 'zod';
import { boundedId } from '../http/bounded-text';
import { ListingBudgetError } from './errors';
import { parseResponse, segment, type VendorHttp } from './http';
import { sendbirdMessage, toVendorMessage } from './sendbird-schemas';
import type { TimeWindow, VendorMessage } from './types';

/**
 * Page sizes, from the Platform API docs: List group channels takes `limit` ≤ 100 and pages with the `next` token
 * it returns (empty when done) (…/channel/listing-channels-in-an-application/list-group-channels); List messages
 * takes `message_ts` or `message_id` with `next_limit` ≤ 200 (…/message/messaging-basics/list-messages).
 */
export const SENDBIRD_CHANNEL_PAGE = 100;
export const SENDBIRD_MESSAGE_PAGE = 200;
export const DEFAULT_SENDBIRD_LIST_BUDGET = 300;

const channelsPage = z.object({
  channels: z.array(
    z.object({
      channel_url: boundedId(),
      last_message: z.object({ created_at: z.number().int() }).nullish(),
    }),
  ),
  next: z.string().nullish(),
});
const messagesPage = z.object({ messages: z.array(sendbirdMessage) });

/**
 * Every message created in [since, until). Channels come newest activity first (`order=latest_last_message`), so
 * the walk stops at the first channel whose last message is older than `since`. Each channel's messages are read
 * forward from `message_ts=since` and then from the last message id seen (`message_id`, `include=false`), so two
 * messages in the same millisecond are never skipped. At most `budget` requests, then ListingBudgetError.
 */
export async function* listSendbirdMessages(
  http: VendorHttp,
  window: TimeWindow,
  budget = DEFAULT_SENDBIRD_LIST_BUDGET,
): AsyncGenerator<VendorMessage> {
  let requests = 0;
  const get = async <S extends z.ZodType>(
    path: string,
    query: Record<string, string | number | undefined>,
    schema: S,
  ) => {
    if (++requests > budget)
      throw new ListingBudgetError(
        `sendbird listing needed more than ${budget} requests for ${window.since.toISOString()}`,
      );
    const { status, body } = await http('GET', { path, query });
    return parseResponse(schema, body, `sendbird GET ${path}`, status);
  };

  const active: string[] = [];
  let token: string | undefined;
  walk: for (;;) {
    const page = await get(
      '/group_channels',
      { limit: SENDBIRD_CHANNEL_PAGE, token, order: 'latest_last_message', show_empty: 'false' },
      channelsPage,
    );
    for (const channel of page.channels) {
      if (!channel.last_message || channel.last_message.created_at < window.since.getTime()) break walk;
      if (!active.includes(channel.channel_url)) active.push(channel.channel_url);
    }
    if (!page.next || page.channels.length === 0) break;
    token = page.next;
  }

  for (const channelUrl of active) {
    const path = `/group_channels/${segment(channelUrl)}/messages`;
    let cursor: { message_ts: number } | { message_id: string } = { message_ts: window.since.getTime() };
    for (;;) {
      const { messages }: z.output<typeof messagesPage> = await get(
        path,
        {
          ...cursor,
          prev_limit: 0,
          next_limit: SENDBIRD_MESSAGE_PAGE,
          include: 'message_ts' in cursor ? 'true' : 'false',
        },
        messagesPage,
      );
      let pastEnd = false;
      for (const raw of messages) {
        if (raw.created_at >= window.until) {
          pastEnd = true;
          break;
        }
        const message = toVendorMessage(raw, channelUrl);
        if (message && message.createdAt >= window.since) yield message;
      }
      const last = messages.at(-1);
      if (pastEnd || !last || ('message_id' in cursor && cursor.message_id === last.message_id)) break;
      cursor = { message_id: last.message_id };
    }
  }
}
