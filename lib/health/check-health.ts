import { readdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { getConfig } from '../config';
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
}

let pool: pg.Pool | undefined;

async function migrationsOnDisk(): Promise<string[]> {
  const dir = path.join(process.cwd(), 'prisma', 'migrations');
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

/** Database reachability, migration state and the monitor's heartbeat. Uses a tiny pool of its own so a busy app pool cannot hide an outage. */
export async function checkHealth(): Promise<HealthReport> {
  const config = getConfig();
  pool ??= new pg.Pool({ connectionString: config.DATABASE_URL, max: 1, connectionTimeoutMillis: 2000, idleTimeoutMillis: 10_000 });
  const version = packageJson.version;
  const started = performance.now();
  try {
    const { rows } = await pool.query<{ migration_name: string; finished_at: Date | null; rolled_back_at: Date | null }>(
      'SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations',
    );
    const latencyMs = Math.round(performance.now() - started);
    const done = new Set(rows.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => r.migration_name));
    const failed = rows.filter((r) => !r.finished_at && !r.rolled_back_at).map((r) => r.migration_name);
    const pending = (await migrationsOnDisk()).filter((name) => !done.has(name));
    const migrationsOk = pending.length === 0 && failed.length === 0;
    const monitor = await readMonitorHealth(pool, config.MONITOR_HEARTBEAT_STALE_SECONDS);
    return {
      status: migrationsOk && monitor.ok ? 'ok' : 'degraded',
      serving: migrationsOk,
      version,
      database: { ok: true, latencyMs },
      migrations: { ok: migrationsOk, applied: done.size, pending, failed },
      monitor,
    };
  } catch (error) {
    return {
      status: 'down',
      serving: false,
      version,
      database: { ok: false, error: error instanceof Error ? error.message : 'unreachable' },
      migrations: { ok: false, applied: 0, pending: [], failed: [] },
      monitor: { ok: false, lastSeenAt: null, ageSeconds: null, staleAfterSeconds: config.MONITOR_HEARTBEAT_STALE_SECONDS, leader: null, replicas: 0, error: 'database unreachable' },
    };
  }
}
