import { ListingBudgetError } from './errors';
import { parseResponse, segment, type VendorHttp } from './http';
import { listResponse, talkjsConversation, talkjsMessage, toVendorMessage } from './talkjs-schemas';
import type { TimeWindow, VendorMessage } from './types';

/**
 * Page size we ask for on every TalkJS listing. TalkJS lists with `limit` + cursor `startingAfter`
 * (https://talkjs.com/docs/Reference/REST_API/Conversations/ and …/REST_API/Messages/). A cap of 30
 * conversations a page is stated by a third-party catalogue (api-evangelist/talkjs `rate-limits`); we could
 * not confirm the caps on TalkJS's own pages, so we ask for 30 (at or under any cap we have seen stated)
 * and never infer "last page" from a short page: only an empty page ends a listing. A server that caps
 * lower than we ask therefore costs requests, never messages.
 */
export const TALKJS_PAGE_LIMIT = 30;

/** Requests one listMessages call may make before it gives up (≈ 30 × this many conversations). */
export const DEFAULT_LIST_REQUEST_BUDGET = 300;

/**
 * Every message created in [since, until), across conversations. TalkJS has no app-wide message list and
 * its docs name no time filter for conversations (`lastMessageAfter` could not be confirmed), so we walk
 * every conversation page and filter on our side: a conversation whose `lastMessage` is older than `since`
 * (or that has none) holds nothing in the window and is not opened. Each opened conversation's messages
 * are paged newest first (the order TalkJS's message list uses) until one is older than `since`.
 *
 * Bounded: at most `budget` HTTP requests per call; past that it throws ListingBudgetError (our limit,
 * not a vendor failure) rather than return a silently partial list.
 */
export async function* listTalkJsMessages(
  http: VendorHttp,
  window: TimeWindow,
  budget = DEFAULT_LIST_REQUEST_BUDGET,
): AsyncGenerator<VendorMessage> {
  let requests = 0;
  const get = async (path: string, startingAfter: string | undefined) => {
    if (++requests > budget)
      throw new ListingBudgetError(
        `talkjs listing needed more than ${budget} requests for ${window.since.toISOString()}..${window.until.toISOString()}`,
      );
    return http('GET', { path, query: { limit: TALKJS_PAGE_LIMIT, startingAfter } });
  };

  const active: string[] = [];
  for await (const conversation of pages(get, '/conversations', talkjsConversation)) {
    if (conversation.lastMessage && conversation.lastMessage.createdAt >= window.since) active.push(conversation.id);
  }
  for (const conversationId of active) {
    for await (const raw of pages(
      get,
      `/conversations/${segment(conversationId)}/messages`,
      talkjsMessage,
      (m) => m.createdAt < window.since,
    )) {
      const message = toVendorMessage(raw);
      if (message && message.createdAt >= window.since && message.createdAt < window.until) yield message;
    }
  }
}

type Get = (path: string, startingAfter: string | undefined) => ReturnType<VendorHttp>;

/** Follows `startingAfter` = the last item's id until an empty page, or until `stop` holds for an item of a page. */
async function* pages<S extends typeof talkjsConversation | typeof talkjsMessage>(
  get: Get,
  path: string,
  item: S,
  stop: (value: ReturnType<S['parse']>) => boolean = () => false,
): AsyncGenerator<ReturnType<S['parse']>> {
  const seen = new Set<string>();
  let startingAfter: string | undefined;
  for (;;) {
    const { status, body } = await get(path, startingAfter);
    const page = parseResponse(listResponse(item), body, `talkjs GET ${path}`, status).data as ReturnType<S['parse']>[];
    if (page.length === 0) return;
    let done = false;
    let fresh = 0;
    for (const value of page) {
      // A cursor that repeats an item would loop forever on a misbehaving server; a page of only repeats ends it.
      if (seen.has(value.id)) continue;
      seen.add(value.id);
      fresh++;
      yield value;
      if (stop(value)) done = true;
    }
    if (done || fresh === 0) return;
    startingAfter = page.at(-1)!.id;
  }
}
