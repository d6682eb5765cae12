import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../../lib/config';
import type { Db } from '../../lib/db/client';
import type { ChatProvider } from '../../lib/chat-provider/types';
import type { MonitorMetrics } from '../metrics';

/** What checks are built from; the monitor passes its own, tests pass stubs. */
export interface CheckDeps {
  config: Config;
  db: Db;
  /** A plain pg pool for the webhook ingestion statement (reconciliation's backfill goes through it). */
  pool: pg.Pool;
  vendor: ChatProvider;
  metrics: MonitorMetrics;
  log: Logger;
}
