import { Counter } from 'prom-client';
import { backoffDelay } from '../retry';
import { logger } from '../logger';
import { metric } from '../metrics/registry';
import { setDatabaseKnownDown } from './outage-gate';
import { DatabaseOutage } from './outage';
import { sharedCounterOutageRecorder } from './outage-metrics';
import { getPool } from './pool';

// The web process answers many requests during one outage (40 webhooks/s, page renders, health probes). Each
// 503 is counted; only the outage is logged: once when it starts, once with its duration when it ends. The
// end is seen by a probe (one `SELECT 1` at a time on the web pool, back-off 1 s doubling to 10 s), because a
// web process may get no request that would tell it the database is back.

/** 503 answers given because storage was unavailable, by surface ('api' JSON responses, 'page' renders). */
export const unavailableResponses = () =>
  metric(
    'http_unavailable_responses_total',
    (registry) =>
      new Counter({
        name: 'http_unavailable_responses_total',
        help: 'Requests answered 503 + Retry-After because the database was unavailable, by surface (api, page).',
        labelNames: ['surface'] as const,
        registers: [registry],
      }),
  );

export interface WebOutage {
  /** Notes one request refused with 503 because the database is unavailable. Never throws. */
  note(error: unknown, surface: 'api' | 'page'): void;
  readonly isDown: boolean;
}

export interface WebOutageOptions {
  outage: DatabaseOutage;
  /** One cheap query; resolves once the database answers again. */
  probe: () => Promise<unknown>;
  sleep?: (ms: number) => Promise<void>;
  /** Told when the outage starts (true) and ends (false). */
  onChange?: (down: boolean) => void;
}

/** A 503 tracker: counts every refusal, logs the outage once (lib/db/outage.ts) and probes until it is over. */
export function createWebOutage(options: WebOutageOptions): WebOutage {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref()));
  let probing = false;
  const probeUntilUp = async () => {
    for (let failures = 1; ; failures++) {
      await sleep(backoffDelay(Math.min(failures, 10), 1000, 10_000));
      try {
        await options.probe();
        probing = false;
        options.outage.up();
        options.onChange?.(false);
        return;
      } catch {
        // still down; the outage was logged when it began
      }
    }
  };
  return {
    get isDown() {
      return options.outage.isDown;
    },
    note(error, surface) {
      unavailableResponses().inc({ surface });
      options.outage.down(error);
      options.onChange?.(true);
      if (probing) return;
      probing = true;
      void probeUntilUp();
    },
  };
}

const store = globalThis as unknown as { chatwatchWebOutage?: WebOutage };

/** The web process's tracker (on globalThis: Next.js may load this module more than once). */
export function noteUnavailable(error: unknown, surface: 'api' | 'page'): void {
  store.chatwatchWebOutage ??= createWebOutage({
    outage: new DatabaseOutage('web', (finished) => sharedCounterOutageRecorder(getPool())(finished), logger),
    probe: () => getPool().query('SELECT 1'),
    onChange: setDatabaseKnownDown,
  });
  store.chatwatchWebOutage.note(error, surface);
}
