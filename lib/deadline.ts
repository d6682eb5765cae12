/**
 * Resolves or rejects as `work` does, or rejects with the error `expired()` returns once `ms` (milliseconds, ≥ 0)
 * have passed, whichever comes first. `expired` may also withdraw work that has not started. `work` itself is not
 * cancelled: callers bound its own waits (pool timeouts) and keep its writes idempotent, so a late finish is harmless.
 */
export function raceDeadline<T>(work: Promise<T>, ms: number, expired: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(expired()), Math.max(0, ms));
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
