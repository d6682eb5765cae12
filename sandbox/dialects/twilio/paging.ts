import { z } from 'zod';
import { SandboxError } from '../../http/errors';

/**
 * Twilio's list paging (twilio.com/docs/usage/twilios-response › Paging): `PageSize` (Conversations: default 50,
 * maximum 100, per the `twilio` library's list options), `Page` (the page number) and `PageToken` (opaque, from the
 * previous page's `meta.next_page_url`). A page answers `{ <key>: [...], meta: { page, page_size, first_page_url,
 * previous_page_url, url, next_page_url, key } }`. Above 100 the sandbox answers 400 rather than silently capping.
 */
export const TWILIO_PAGE_CAP = 100;
export const pageQuery = z.object({
  PageSize: z.coerce.number().int().min(1).max(TWILIO_PAGE_CAP).default(50),
  Page: z.coerce.number().int().min(0).default(0),
  PageToken: z.string().max(500).optional(),
});
export type PageQuery = z.output<typeof pageQuery>;

/** A keyset position: the sort key of the previous page's last item. */
const position = z
  .array(z.union([z.string(), z.number()]))
  .min(1)
  .max(4);
export type Position = z.infer<typeof position>;

export function readToken(query: PageQuery): Position | null {
  if (!query.PageToken) return null;
  try {
    return position.parse(JSON.parse(Buffer.from(query.PageToken.replace(/^PT/, ''), 'base64url').toString('utf8')));
  } catch {
    throw new SandboxError(400, 'validation_error', 'PageToken: not a token this API issued', 'PageToken');
  }
}

/** The page envelope; `next` is the last item's position when a further page exists. */
export function pageOf<T>(
  key: string,
  items: T[],
  next: Position | null,
  at: { url: URL; query: PageQuery },
): Record<string, unknown> {
  const link = (page: number, token: string | null) => {
    const url = new URL(at.url.href);
    url.searchParams.set('PageSize', String(at.query.PageSize));
    url.searchParams.set('Page', String(page));
    if (token) url.searchParams.set('PageToken', token);
    else url.searchParams.delete('PageToken');
    return url.href;
  };
  return {
    [key]: items,
    meta: {
      page: at.query.Page,
      page_size: at.query.PageSize,
      first_page_url: link(0, null),
      previous_page_url: null,
      url: at.url.href,
      next_page_url: next
        ? link(at.query.Page + 1, `PT${Buffer.from(JSON.stringify(next)).toString('base64url')}`)
        : null,
      key,
    },
  };
}
