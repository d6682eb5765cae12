import { readdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { getConfig } from '../config';
import { currentPressure, type PressureSample } from '../http/pressure';
import packageJson from '../../package.json' with { type: 'json' };
import { readMonitorHealth, type MonitorHealth } from './monitor-heartbeat';

export interface HealthReport {
  /** degraded: migrations pending or failed, or the monitor is stale; down: no database. */
  status: 'ok' | 'degraded' | 'down';
  /** Whether this instance can serve requests (database up, schema current): what a load balancer should act on. */
  serving: boolean;
  version: string;
  database: { ok: boolean; latencyMs?: number; error?: string };
  migrations: { ok: boolean; applied: number; pending: string[]; failed: string[] };
  /** The reliability monitor's heartbeat: a stale monitor means nobody is watching the vendor. */
  monitor: MonitorHealth;
  /**
   * This web process's load (lib/http/pressure.ts): while `underPressure`, routes answer 503 `overloaded` before
   * any work. Reported, not folded into `status`/`serving`: health itself still answers, and an instance that sheds
   * recovers on its own once the load falls.
   */
  pressure: PressureSample;
}

const pools = new Map<string, pg.Pool>();

async function migrationsOnDisk(): Promise<string[]> {
  const dir = path.join(process.cwd(), 'prisma', 'migrations');
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** The whole health check answers within this (load balancers and the supervisor probe it with ~2 s timeouts). */
export const HEALTH_DEADLINE_MS = 1500;

function healthPool(connectionString: string): pg.Pool {
  let pool = pools.get(connectionString);
  if (!pool) {
    // Every wait bounded below the deadline: connecting or waiting for the one client, and each query (client
    // side, since a frozen server answers nothing). A timed-out client is destroyed, so the next call reconnects.
    pool = new pg.Pool({
      connectionString,
      max: 1,
      connectionTimeoutMillis: 1000,
      query_timeout: 1000,
      statement_timeout: 1000,
      idleTimeoutMillis: 10_000,
      application_name: 'chatwatch-health',
    });
    pool.on('error', () => undefined);
    pools.set(connectionString, pool);
  }
  return pool;
}

/**
 * Database reachability, migration state and the monitor's heartbeat, answered within `deadlineMs` whatever
 * the database does (a frozen server reports `down` with error "timed out"). Uses a tiny pool of its own so a
 * busy app pool cannot hide an outage.
 */
export async function checkHealth(
  options: { deadlineMs?: number; databaseUrl?: string; staleSeconds?: number } = {},
): Promise<HealthReport> {
  const config = options.databaseUrl && options.staleSeconds ? null : getConfig();
  const deadlineMs = options.deadlineMs ?? HEALTH_DEADLINE_MS;
  const staleSeconds = options.staleSeconds ?? config!.MONITOR_HEARTBEAT_STALE_SECONDS;
  const db = healthPool(options.databaseUrl ?? config!.DATABASE_URL);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${deadlineMs} ms`)), deadlineMs);
  });
  try {
    return { ...(await Promise.race([probe(db, staleSeconds), expired])), pressure: currentPressure() };
  } catch (error) {
    return { ...downReport(staleSeconds, error), pressure: currentPressure() };
  } finally {
    clearTimeout(timer);
  }
}

async function probe(pool: pg.Pool, staleSeconds: number): Promise<Omit<HealthReport, 'pressure'>> {
  const version = packageJson.version;
  const started = performance.now();
  const { rows } = await pool.query<{ migration_name: string; finished_at: Date | null; rolled_back_at: Date | null }>(
    'SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations',
  );
  const latencyMs = Math.round(performance.now() - started);
  const done = new Set(rows.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => r.migration_name));
  const failed = rows.filter((r) => !r.finished_at && !r.rolled_back_at).map((r) => r.migration_name);
  const pending = (await migrationsOnDisk()).filter((name) => !done.has(name));
  const migrationsOk = pending.length === 0 && failed.length === 0;
  const monitor = await readMonitorHealth(pool, staleSeconds);
  return {
    status: migrationsOk && monitor.ok ? 'ok' : 'degraded',
    serving: migrationsOk,
    version,
    database: { ok: true, latencyMs },
    migrations: { ok: migrationsOk, applied: done.size, pending, failed },
    monitor,
  };
}

function downReport(staleSeconds: number, error: unknown): Omit<HealthReport, 'pressure'> {
  return {
    status: 'down',
    serving: false,
    version: packageJson.version,
    database: { ok: false, error: error instanceof Error ? error.message.slice(0, 200) : 'unreachable' },
    migrations: { ok: false, applied: 0, pending: [], failed: [] },
    monitor: {
      ok: false,
      lastSeenAt: null,
      ageSeconds: null,
      staleAfterSeconds: staleSeconds,
      leader: null,
      replicas: 0,
      error: 'database unreachable',
    },
  };
}
