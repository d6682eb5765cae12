import type { StreamChat } from 'stream-chat';
import { z } from 'zod';
import { boundedId } from '../http/bounded-text';
import { ListingBudgetError, VendorApiError } from './errors';
import { vendorErrorFromSdk } from './sdk-error';
import { STREAM_CHANNEL_TYPE, streamMessage, toVendorMessage } from './stream-schemas';
import type { TimeWindow, VendorMessage } from './types';

/**
 * Page sizes. Query Channels takes `limit` ≤ 30 with `offset` (https://getstream.io/chat/docs/node/query_channels/,
 * "Pagination"); a channel's messages page with `messages: { limit, id_lt }` (https://getstream.io/chat/docs/node/channel_pagination/),
 * id-based so a message arriving meanwhile cannot shift a page. Only an empty or short page of channels ends the
 * channel walk; only a page without older messages ends a channel.
 */
export const STREAM_CHANNEL_PAGE = 30;
export const STREAM_MESSAGE_PAGE = 100;
export const DEFAULT_STREAM_LIST_BUDGET = 300;

const channelsPage = z.object({ channels: z.array(z.object({ channel: z.object({ id: boundedId() }) })) });
const messagesPage = z.object({ messages: z.array(streamMessage) });

/**
 * Every message created in [since, until): the channels whose `last_message_at` ≥ since (Query Channels filter,
 * newest first), then each channel's messages newest to oldest with `id_lt` until one is older than `since`.
 * Requests go through the SDK's own HTTP client (`client.post`, same auth headers and base URL as its methods) to
 * the documented endpoints POST /channels and POST /channels/{type}/{id}/query. At most `budget` requests, then
 * ListingBudgetError (our limit, not the vendor's).
 */
export async function* listStreamMessages(
  client: StreamChat,
  window: TimeWindow,
  budget = DEFAULT_STREAM_LIST_BUDGET,
): AsyncGenerator<VendorMessage> {
  let requests = 0;
  const post = async <S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.output<S>> => {
    if (++requests > budget)
      throw new ListingBudgetError(
        `stream listing needed more than ${budget} requests for ${window.since.toISOString()}`,
      );
    let raw: unknown;
    try {
      raw = await client.post(`${client.baseURL}${path}`, body);
    } catch (error) {
      throw vendorErrorFromSdk(`stream POST ${path}`, error);
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success)
      throw new VendorApiError(`stream POST ${path}: unexpected response shape`, 200, false, { cause: parsed.error });
    return parsed.data;
  };

  const channelIds: string[] = [];
  for (let offset = 0; ; offset += STREAM_CHANNEL_PAGE) {
    const page = await post(
      '/channels',
      {
        filter_conditions: { type: STREAM_CHANNEL_TYPE, last_message_at: { $gte: window.since.toISOString() } },
        sort: [{ field: 'last_message_at', direction: -1 }],
        limit: STREAM_CHANNEL_PAGE,
        offset,
        state: true,
        watch: false,
        presence: false,
        message_limit: 0,
      },
      channelsPage,
    );
    for (const { channel } of page.channels) if (!channelIds.includes(channel.id)) channelIds.push(channel.id);
    if (page.channels.length < STREAM_CHANNEL_PAGE) break;
  }

  for (const channelId of channelIds) {
    let idLt: string | undefined;
    for (;;) {
      const { messages } = await post(
        `/channels/${STREAM_CHANNEL_TYPE}/${encodeURIComponent(channelId)}/query`,
        { state: true, watch: false, presence: false, messages: { limit: STREAM_MESSAGE_PAGE, id_lt: idLt } },
        messagesPage,
      );
      if (messages.length === 0) break;
      // A page is oldest first; walk it newest first so the window's end is seen before its start.
      for (const raw of [...messages].reverse()) {
        const message = toVendorMessage(raw, channelId);
        if (message && message.createdAt >= window.since && message.createdAt < window.until) yield message;
      }
      const oldest = messages[0]!;
      if (oldest.created_at < window.since || oldest.id === idLt) break;
      idLt = oldest.id;
    }
  }
}
