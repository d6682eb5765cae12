import type { Logger } from 'pino';
import { systemClock, type Clock } from './clock';
import { getConfig, type Config } from './config';
import { getDb, type Db } from './db/client';
import { logger } from './logger';
import { getChatProvider } from './chat-provider';
import type { ChatProvider } from './chat-provider/types';

/**
 * What services need from the outside world. The app passes the process-wide ones; tests pass their own
 * (test/support/service-context.ts). Job, route and check contexts extend it, so every entry point hands its
 * service the same `ctx`.
 */
export interface ServiceContext {
  db: Db;
  log: Logger;
  /** Where a service reads the time, so tests can pin it. */
  clock: Clock;
  /** The validated configuration (lib/config.ts). */
  readonly config: Config;
  /** Read only when a service talks to the vendor, so pages that do not never build an adapter. */
  readonly vendor: ChatProvider;
}

/**
 * The process-wide context: the shared Prisma client, the validated config, the system clock, the configured
 * vendor, and `log` (the root logger by default). The client, config and vendor are built on first read, as before.
 */
export function appContext(log: Logger = logger): ServiceContext {
  return {
    get db() {
      return getDb();
    },
    log,
    clock: systemClock,
    get config() {
      return getConfig();
    },
    get vendor() {
      return getChatProvider();
    },
  };
}

/**
 * A context with more fields (a job's id, a route's params), keeping the base's lazy fields lazy: spreading
 * would read every getter (building the vendor adapter, parsing config) whether the handler needs it or not.
 */
export function extendContext<Base extends object, Extra extends object>(base: Base, extra: Extra): Base & Extra {
  return Object.defineProperties(
    {},
    { ...Object.getOwnPropertyDescriptors(base), ...Object.getOwnPropertyDescriptors(extra) },
  ) as Base & Extra;
}
