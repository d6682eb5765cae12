import { getConfig } from '../config';
import { getDb } from '../db/client';
import { logger } from '../logger';
import { StatusChanges } from './status-changes';

// On globalThis: Next.js may load this module once per route bundle, and there must be one poller per process.
const store = globalThis as unknown as { chatwatchStatusChanges?: StatusChanges };

/** The process-wide poller behind every /status live stream. */
export function statusChanges(): StatusChanges {
  store.chatwatchStatusChanges ??= new StatusChanges({
    db: getDb(),
    log: logger.child({ service: 'status-stream' }),
    intervalMs: getConfig().STATUS_STREAM_POLL_MS,
  });
  return store.chatwatchStatusChanges;
}
