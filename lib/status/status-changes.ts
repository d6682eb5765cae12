import type { Logger } from 'pino';
import type { Db } from '../db/client';
import { getStatusFingerprint } from './get-status-fingerprint';

type Listener = (fingerprint: string) => void;

/**
 * One poller per web process, shared by every open /status stream: one cheap query per interval however many
 * people watch, and none while nobody does.
 */
export class StatusChanges {
  private readonly listeners = new Set<Listener>();
  private timer: NodeJS.Timeout | undefined;
  private last: string | undefined;
  private polling = false;

  constructor(private readonly deps: { db: Db; log: Logger; intervalMs: number }) {}

  /** Calls `listener` with the current fingerprint at once, then whenever it changes. Returns the unsubscribe. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    if (this.last !== undefined) listener(this.last);
    if (!this.timer) {
      this.timer = setInterval(() => void this.poll(), this.deps.intervalMs);
      this.timer.unref();
      void this.poll();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
        this.last = undefined;
      }
    };
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const fingerprint = await getStatusFingerprint(this.deps.db);
      if (fingerprint !== this.last) {
        this.last = fingerprint;
        for (const listener of this.listeners) listener(fingerprint);
      }
    } catch (error) {
      this.deps.log.warn({ err: error }, 'status stream: could not read the fingerprint; retrying at the next poll');
    } finally {
      this.polling = false;
    }
  }
}
