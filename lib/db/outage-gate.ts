// Whether THIS web process currently knows the database to be unavailable. Set by lib/db/web-outage.ts (a 503
// or a failed page render starts an outage, its probe ends it), read by proxy.ts to answer page requests 503
// at once instead of rendering pages that would wait for the pool's timeouts and end in an error page.
// Kept apart from web-outage.ts so that the proxy does not import the pool. On globalThis: Next.js loads the
// proxy and the route bundles as separate module copies within one process.

const store = globalThis as unknown as { chatwatchDatabaseDown?: boolean };

export function setDatabaseKnownDown(down: boolean): void {
  store.chatwatchDatabaseDown = down;
}

/** True from the first refusal of an outage until the probe gets an answer again. */
export function isDatabaseKnownDown(): boolean {
  return store.chatwatchDatabaseDown === true;
}
