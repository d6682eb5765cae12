import pino from 'pino';
import type { Clock } from '../../lib/clock';
import { parseConfig, type Config } from '../../lib/config';
import type { ServiceContext } from '../../lib/context';
import type { Db } from '../../lib/db/client';
import type { ChatProvider } from '../../lib/chat-provider/types';
import { REQUIRED_CONFIG_ENV } from './config-env';

/** A clock a test moves by hand. */
export interface TestClock extends Clock {
  set(at: Date): void;
  advance(ms: number): void;
}

/** A clock that reads `start` (the wall clock's time when omitted) until the test sets or advances it. */
export function testClock(start: Date = new Date()): TestClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set: (at) => {
      current = at.getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

export interface TestContextOptions {
  db: Db;
  log?: ServiceContext['log'];
  /** A TestClock, or a fixed instant; the wall clock when omitted. */
  clock?: Clock | Date;
  /** Variables over REQUIRED_CONFIG_ENV, parsed by the app's own parser (lib/config.ts). */
  env?: Record<string, string>;
  /** Reading ctx.vendor without one throws: a service that talks to the vendor needs a test that gives one. */
  vendor?: ChatProvider;
}

/** A ServiceContext for a service test: the test's database, a silent logger, a real parsed config. */
export function testContext({ db, log, clock, env = {}, vendor }: TestContextOptions): ServiceContext {
  const config: Config = parseConfig({ ...REQUIRED_CONFIG_ENV, ...env });
  return {
    db,
    log: log ?? pino({ level: 'silent' }),
    clock: clock instanceof Date ? testClock(clock) : (clock ?? { now: () => new Date() }),
    config,
    get vendor(): ChatProvider {
      if (!vendor) throw new Error('this test context has no vendor: pass one to testContext()');
      return vendor;
    },
  };
}
