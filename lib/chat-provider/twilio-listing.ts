import type V1 from 'twilio/lib/rest/conversations/V1';
import { ListingBudgetError } from './errors';
import { vendorErrorFromSdk } from './sdk-error';
import { keyFromAttributes } from './twilio-schemas';
import type { TimeWindow, VendorMessage } from './types';

/** Twilio list pages take PageSize ≤ 100 and link the next page by `meta.next_page_url` (the SDK's `page.nextPage()`). */
export const TWILIO_PAGE_SIZE = 100;
export const DEFAULT_TWILIO_LIST_BUDGET = 300;

/**
 * Every message created in [since, until), `since` taken to its whole second (Twilio's dates have no fraction), so
 * up to 999 ms before it may be listed too. Twilio's Conversation list filters only by creation date, so every
 * conversation page is walked (PageSize 100) and each conversation updated since `since` is opened; its messages are
 * read newest first (`Order=desc`) until one is older than `since`. At most `budget` requests, then ListingBudgetError.
 */
export async function* listTwilioMessages(
  api: V1,
  window: TimeWindow,
  budget = DEFAULT_TWILIO_LIST_BUDGET,
): AsyncGenerator<VendorMessage> {
  let requests = 0;
  const fetchPage = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    if (++requests > budget)
      throw new ListingBudgetError(
        `twilio listing needed more than ${budget} requests for ${window.since.toISOString()}`,
      );
    try {
      return await run();
    } catch (error) {
      throw vendorErrorFromSdk(`twilio ${what}`, error);
    }
  };

  // Twilio's dates are whole seconds (ISO 8601 without a fraction), rounded down: a message created 400 ms after
  // `since` reads as created before it, and so does its conversation's date_updated. Compare against `since` rounded
  // down to its second, so the window's first second is never skipped. A message from up to 999 ms before `since`
  // may be listed as well: reconciliation finds it recorded, or backfills it once.
  const since = new Date(Math.floor(window.since.getTime() / 1000) * 1000);
  const active: { sid: string; id: string }[] = [];
  // nextPage() is typed as the SDK's generic Page (undefined past the last page); the instances are the same.
  type Paged<I> = { instances: I[]; nextPageUrl?: string; nextPage(): Promise<Paged<I>> | undefined };
  let conversations: Paged<{ sid: string; uniqueName: string | null; dateUpdated: Date }> = await fetchPage(
    'conversations.page',
    () => api.conversations.page({ pageSize: TWILIO_PAGE_SIZE }),
  );
  for (;;) {
    for (const c of conversations.instances)
      if (c.dateUpdated >= since) active.push({ sid: c.sid, id: c.uniqueName ?? c.sid });
    if (!conversations.nextPageUrl) break;
    const current = conversations;
    const next = await fetchPage('conversations.nextPage', async () => current.nextPage());
    if (!next) break;
    conversations = next;
  }

  for (const { sid, id } of active) {
    let page: Paged<{ sid: string; author: string; body: string | null; attributes: string; dateCreated: Date }> =
      await fetchPage('messages.page', () =>
        api.conversations(sid).messages.page({ order: 'desc', pageSize: TWILIO_PAGE_SIZE }),
      );
    for (;;) {
      let older = false;
      for (const m of page.instances) {
        if (m.dateCreated < since) {
          older = true;
          break;
        }
        if (m.dateCreated < window.until)
          yield {
            id: m.sid,
            conversationId: id,
            senderId: m.author,
            text: m.body ?? '',
            createdAt: m.dateCreated,
            idempotencyKey: keyFromAttributes(m.attributes),
          };
      }
      if (older || !page.nextPageUrl) break;
      const current = page;
      const next = await fetchPage('messages.nextPage', async () => current.nextPage());
      if (!next) break;
      page = next;
    }
  }
}
