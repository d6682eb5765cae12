// The reliability monitor process (`npm start` runs it) and its command line (`npm run monitor -- --help`).
import { ConfigError, getConfig } from '../lib/config';
import { ValidationError } from '../lib/errors';
import { createDb } from '../lib/db/client';
import { setDbRole } from '../lib/db/timeouts';
import { createMaintenanceWindow } from '../lib/incidents/maintenance';
import pino, { type Logger } from 'pino';
import { logger } from '../lib/logger';
import { isCheckName } from './checks';
import { formatRun, parseCommand, USAGE, type Command } from './cli';
import { createMonitor } from './monitor';

async function serve(): Promise<void> {
  setDbRole('background');
  const monitor = createMonitor({ config: getConfig() });
  let stopping: Promise<void> | null = null;
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'stopping the monitor');
    // The supervisor kills what is left after 10 s; finish first even if the database is gone.
    setTimeout(() => process.exit(1), 8000).unref();
    stopping ??= monitor.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'monitor did not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  // A stray rejection (a Playwright event after its page closed) must not take the monitor down with it.
  process.on('unhandledRejection', (reason) => {
    monitor.metrics.errors.inc({ where: 'unhandled' });
    logger.error({ err: reason }, 'unhandled rejection in the monitor');
  });
  // Started by a supervisor that died without stopping us (it was killed): do not linger holding the port.
  const parent = process.ppid;
  if (parent !== 1) setInterval(() => process.ppid !== parent && shutdown('orphaned'), 1000).unref();
  await monitor.start();
}

/** The command line prints its result on stdout; its logs go to stderr, so `--json` output stays parseable. */
function stderrLogger(): Logger {
  const { LOG_LEVEL, LOG_PRETTY } = getConfig();
  if (LOG_PRETTY ?? process.stderr.isTTY) {
    return pino({
      level: LOG_LEVEL,
      transport: {
        target: 'pino-pretty',
        options: {
          destination: 2,
          colorize: process.stderr.isTTY,
          translateTime: 'SYS:HH:MM:ss.l',
          ignore: 'pid,hostname',
        },
      },
    });
  }
  return pino({ level: LOG_LEVEL }, pino.destination(2));
}

async function once(command: Extract<Command, { kind: 'once' }>): Promise<number> {
  if (!isCheckName(command.check)) throw new Error(`unknown check "${command.check}"\n${USAGE}`);
  // Any enabled set will do: --once builds only the check it runs.
  const config = { ...getConfig(), MONITOR_CHECKS: [] };
  const monitor = createMonitor({ config, log: stderrLogger().child({ cli: 'once' }) });
  try {
    const window = command.since && command.until ? { since: command.since, until: command.until } : undefined;
    const run = await monitor.runOnce(command.check, window);
    console.log(command.json ? JSON.stringify(run, null, 2) : formatRun(command.check, run));
    return run.status === 'PASSED' ? 0 : 1;
  } finally {
    await monitor.stop();
  }
}

async function maintenance(command: Extract<Command, { kind: 'maintenance' }>): Promise<number> {
  const db = createDb(getConfig().DATABASE_URL, 1);
  try {
    const { id } = await createMaintenanceWindow({
      ctx: { db, log: logger },
      input: {
        component: command.component as never,
        startsAt: command.startsAt,
        endsAt: new Date(command.startsAt.getTime() + command.minutes * 60_000),
        reason: command.reason,
        createdBy: 'cli',
      },
    });
    console.log(
      `Maintenance window ${id}: ${command.component ?? 'every component'} from ${command.startsAt.toISOString()} for ${command.minutes} min.`,
    );
    return 0;
  } finally {
    await db.$disconnect();
  }
}

try {
  const command = parseCommand(process.argv.slice(2));
  if (command.kind === 'help') console.log(USAGE);
  else if (command.kind === 'serve') await serve();
  else process.exit(command.kind === 'once' ? await once(command) : await maintenance(command));
} catch (error) {
  if (error instanceof ConfigError) console.error(error.message);
  else if (error instanceof ValidationError)
    console.error(
      `monitor: ${Object.entries(error.fieldErrors)
        .map(([field, messages]) => `${field}: ${messages.join(' ')}`)
        .join('; ')}`,
    );
  else console.error(`monitor: ${(error as Error).message}`);
  process.exit(2);
}
