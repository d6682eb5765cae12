import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `probe` every `everyMs` until it answers something truthy, and returns that; throws naming `what` after
 * `timeoutMs`. With `ignoreErrors`, a probe that throws counts as "not yet" (a stack still starting, a database
 * paused by the bench itself).
 */
export async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | null | undefined | false>,
  { everyMs = 250, ignoreErrors = false }: { everyMs?: number; ignoreErrors?: boolean } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await (ignoreErrors ? probe().catch(() => null) : probe());
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${(timeoutMs / 1000).toFixed(1)} s waiting for ${what}`);
    await sleep(everyMs);
  }
}
