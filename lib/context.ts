import type { Logger } from 'pino';
import { getDb, type Db } from './db/client';
import { logger } from './logger';
import { getChatProvider } from './chat-provider';
import type { ChatProvider } from './chat-provider/types';

/** What services need from the outside world. The app passes the process-wide ones; tests pass their own. */
export interface ServiceContext {
  db: Db;
  log: Logger;
  /** Read only when a service talks to the vendor, so pages that do not never build an adapter. */
  readonly vendor: ChatProvider;
}

/** The process-wide context: the shared Prisma client, the configured vendor, and `log` (the root logger by default). */
export function appContext(log: Logger = logger): ServiceContext {
  return {
    db: getDb(),
    log,
    get vendor() {
      return getChatProvider();
    },
  };
}
