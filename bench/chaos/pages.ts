import { send, type LoadTally } from './load';

// Pages through a database fault, on the production build the chaos stack runs (`next start`): the outage gate
// (proxy.ts, lib/db/outage-gate.ts, instrumentation.ts onRequestError) must answer them 503 + Retry-After, fast,
// once the web process knows the database is away — never Next.js's 500 error page, never a hang.
const PAGES: { name: string; path: string; headers: Record<string, string> }[] = [
  // No database read of its own: only the gate can make it a 503.
  { name: 'sign-in', path: '/sign-in', headers: {} },
  // A session cookie makes the page look the session up in the database (better-auth) before it renders.
  { name: 'projects', path: '/projects', headers: { cookie: 'chatwatch.session_token=chaos-probe.invalid' } },
];

const bump = (tally: LoadTally, key: string) => (tally.other[key] = (tally.other[key] ?? 0) + 1);

/**
 * GETs each page every `everyMs` until `stop()` is true. Counts each answer in `tally.other` as `page <status>`,
 * a 503 without Retry-After as `page 503 without Retry-After`, any other 5xx in `tally.serverErrors`, and takes
 * the longest answer into `tally.longestMs`.
 */
export async function probePages(appUrl: string, tally: LoadTally, stop: () => boolean, everyMs = 500): Promise<void> {
  while (!stop()) {
    await Promise.all(
      PAGES.map(async (page) => {
        const r = await send(`${appUrl}${page.path}`, { method: 'GET', headers: page.headers });
        tally.longestMs = Math.max(tally.longestMs, r.ms);
        bump(tally, `page ${r.status}`);
        if (r.status === 503 && !/^\d+$/.test(String(r.headers['retry-after'] ?? '')))
          bump(tally, 'page 503 without Retry-After');
        else if (r.status >= 500 && r.status !== 503) tally.serverErrors++;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
