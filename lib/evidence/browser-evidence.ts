import { z } from 'zod';

// The monitor stores the iframe's console errors and failed requests as JSON (monitor.prisma); read them
// defensively so a shape change shows up as raw text rather than breaking the evidence pack.

const consoleError = z.object({ frame: z.string().optional(), text: z.string(), url: z.string().nullish() });
const failedRequest = z.object({
  frame: z.string().optional(),
  method: z.string().optional(),
  url: z.string(),
  status: z.number().nullish(),
  failure: z.string().nullish(),
});

export interface BrowserEvidence {
  consoleErrors: z.infer<typeof consoleError>[];
  failedRequests: z.infer<typeof failedRequest>[];
  /** Entries that did not match the expected shape, as JSON text. */
  unreadable: string[];
}

function read<T>(value: unknown, schema: z.ZodType<T>, unreadable: string[]): T[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) {
    unreadable.push(JSON.stringify(value));
    return [];
  }
  const items: T[] = [];
  for (const item of value) {
    const parsed = schema.safeParse(item);
    if (parsed.success) items.push(parsed.data);
    else unreadable.push(JSON.stringify(item));
  }
  return items;
}

export function readBrowserEvidence(run: { consoleErrors: unknown; failedRequests: unknown }): BrowserEvidence {
  const unreadable: string[] = [];
  return {
    consoleErrors: read(run.consoleErrors, consoleError, unreadable),
    failedRequests: read(run.failedRequests, failedRequest, unreadable),
    unreadable,
  };
}
