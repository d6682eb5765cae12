import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import type { Logger } from 'pino';
import { configuredChannels } from '../lib/alerts/channels';
import type { AlertChannel } from '../lib/alerts/types';
import type { Config } from '../lib/config';
import { createDb, type Db } from '../lib/db/client';
import { poolTimeouts } from '../lib/db/timeouts';
import { createPool } from '../lib/db/pool';
import { faultSources } from '../lib/incidents/faults';
import { FAULT_SLACK_MS } from '../lib/incidents/match-faults';
import type { FaultSource } from '../lib/incidents/faults/types';
import { logger as rootLogger } from '../lib/logger';
import { createChatProvider, chatProviderSettingsFromConfig } from '../lib/chat-provider';
import type { TimeWindow } from '../lib/chat-provider/types';
import { Alerting } from './alerting';
import { Artifacts } from './artifacts';
import { CHECK_NAMES, checkFactories, type Check, type CheckName } from './checks';
import { Heartbeat } from './heartbeat';
import { createMonitorMetrics, startMetricsServer, type MonitorMetrics } from './metrics';
import { Leadership } from './scheduler/leader';
import { failInterruptedRuns } from './scheduler/record-run';
import { Runner, type ManualRun } from './scheduler/runner';
import { Scheduler } from './scheduler/scheduler';
import { RumWatch } from './rum/watch';
import { monitorSettings, type MonitorSettings } from './settings';

export interface MonitorOptions {
  config: Config;
  log?: Logger;
  /** Replace checks (tests use scripted ones); the others come from monitor/checks. */
  checks?: Partial<Record<CheckName, Check>>;
  /** Replace alert channels (tests); default: those the configuration turns on. */
  channels?: AlertChannel[];
  /** Replace the ground-truth fault source; null turns it off. */
  faultSource?: FaultSource | null;
  /** 0 picks a free port (tests). */
  metricsPort?: number;
}

export interface Monitor {
  readonly settings: MonitorSettings;
  readonly metrics: MonitorMetrics;
  readonly checks: ReadonlyMap<CheckName, Check>;
  readonly isLeader: boolean;
  /** Where /metrics answers once started. */
  metricsUrl: string | null;
  /** Serves /metrics, joins the leader election and, when leading, schedules the checks. */
  start(): Promise<void>;
  /** One manual run of a check, recorded but never counted towards incidents. */
  runOnce(name: CheckName, window?: TimeWindow): Promise<ManualRun>;
  /** Sends reminders due now (leader housekeeping; exposed for tests). */
  sendReminders(): Promise<void>;
  stop(): Promise<void>;
}

const HOUSEKEEPING_MS = 60_000;

function defaultFaultSource(config: Config): FaultSource | null {
  const wanted =
    config.MONITOR_FAULT_SOURCE === 'auto'
      ? config.CHAT_VENDOR === 'sandbox'
        ? 'sandbox'
        : 'none'
      : config.MONITOR_FAULT_SOURCE;
  return wanted === 'none' ? null : faultSources[wanted]({ baseUrl: config.VENDOR_API_URL });
}

/** Builds the monitor process: checks, runner, scheduler, leadership, heartbeat, alerting, metrics. */
export function createMonitor(options: MonitorOptions): Monitor {
  const { config } = options;
  const settings = monitorSettings(config);
  const log = (options.log ?? rootLogger).child({ component: 'monitor', instanceId: settings.instanceId });
  const metrics = createMonitorMetrics(CHECK_NAMES);
  const db: Db = createDb(config.DATABASE_URL, 5, poolTimeouts('background', config));
  const pool: pg.Pool = createPool(config.DATABASE_URL, 2, poolTimeouts('background', config));
  const vendor = createChatProvider(config.CHAT_VENDOR, chatProviderSettingsFromConfig(config));
  const deps = { config, db, pool, vendor, metrics, log };

  // Built lazily: `--once vendor-api` must not need a browser.
  const built = new Map<CheckName, Check>();
  const getCheck = (name: CheckName): Check => {
    let check = built.get(name);
    if (!check) {
      check = options.checks?.[name] ?? checkFactories[name](deps);
      built.set(name, check);
    }
    return check;
  };
  for (const name of settings.enabled) getCheck(name);

  const artifacts = new Artifacts(config.MONITOR_ARTIFACTS_DIR, config.MONITOR_ARTIFACT_RETENTION_DAYS, db, log);
  const alerting = new Alerting({
    db,
    log,
    metrics,
    channels: options.channels ?? configuredChannels({ config }),
    dashboardUrl: settings.dashboardUrl,
    faultSource: options.faultSource === undefined ? defaultFaultSource(config) : options.faultSource,
    reminderMinutes: config.MONITOR_REMINDER_MINUTES,
    faultSlackMs: (openedBy) =>
      built.get(openedBy as CheckName)?.lagging ? config.MONITOR_RECONCILE_FROM_SECONDS * 1000 : FAULT_SLACK_MS,
  });
  const runner = new Runner({
    db,
    log,
    metrics,
    artifacts,
    instanceId: settings.instanceId,
    checks: built,
    failuresToOpen: config.MONITOR_FAILURES_TO_OPEN,
    passesToResolve: config.MONITOR_PASSES_TO_RESOLVE,
    starvedLoopShare: config.MONITOR_STARVED_LOOP_SHARE,
    onIncidents: (events) => alerting.incidentsChanged(events),
  });

  let leadership: Leadership | null = null;
  const isLeader = () => leadership?.isLeader ?? false;
  const scheduler = new Scheduler({
    checks: settings.enabled.map((name) => ({ check: getCheck(name), cron: settings.schedules[name] })),
    runner,
    isLeader,
    databaseUnreachable: () => leadership?.databaseUnreachable ?? null,
    confirmIntervalMs: config.MONITOR_CONFIRM_INTERVAL_SECONDS * 1000,
    log,
    metrics,
  });
  // Real users' embed failures run the chat journey at once; only when this monitor schedules it.
  const rumWatch = settings.enabled.includes('chat-journey')
    ? new RumWatch({
        db,
        log,
        metrics,
        threshold: {
          minUsers: config.MONITOR_RUM_MIN_USERS,
          minFailures: config.MONITOR_RUM_MIN_FAILURES,
          windowSeconds: config.MONITOR_RUM_WINDOW_SECONDS,
        },
        pollMs: config.MONITOR_RUM_POLL_MS,
        isLeader,
        confirmNow: () => scheduler.confirmNow('chat-journey'),
      })
    : null;
  const heartbeat = new Heartbeat(db, settings.instanceId, config.MONITOR_HEARTBEAT_SECONDS * 1000, isLeader, log);
  let housekeeping: NodeJS.Timeout | undefined;
  let lastSweep = 0;
  let server: Awaited<ReturnType<typeof startMetricsServer>> | null = null;

  const housekeep = async () => {
    if (!isLeader()) return;
    await alerting.sendReminders().catch((error: unknown) => {
      metrics.errors.inc({ where: 'reminders' });
      log.error({ err: error }, 'reminders failed');
    });
    if (Date.now() - lastSweep > 60 * 60_000) {
      lastSweep = Date.now();
      await artifacts.sweep().catch((error: unknown) => log.error({ err: error }, 'evidence retention sweep failed'));
    }
  };

  const onLeadership = (leading: boolean) => {
    metrics.isLeader.set(leading ? 1 : 0);
    void heartbeat.beat();
    if (!leading) {
      scheduler.cancelConfirmations();
      return;
    }
    const longest = Math.max(...[...built.values()].map((c) => c.timeoutMs));
    void failInterruptedRuns(db, new Date(Date.now() - longest - 60_000))
      .then((count) => count > 0 && log.warn({ count }, 'runs interrupted by a stopped monitor marked failed'))
      .catch((error: unknown) => log.error({ err: error }, 'could not close interrupted runs'));
    void alerting.refreshOpenGauge().catch(() => undefined);
  };

  const monitor: Monitor = {
    settings,
    metrics,
    checks: built,
    get isLeader() {
      return isLeader();
    },
    metricsUrl: null,
    async start() {
      server = await startMetricsServer(metrics.registry, {
        host: config.MONITOR_METRICS_HOST,
        port: options.metricsPort ?? config.MONITOR_METRICS_PORT,
      });
      monitor.metricsUrl = server.url;
      leadership = new Leadership({
        databaseUrl: config.DATABASE_URL,
        lockKey: config.MONITOR_LEADER_LOCK_KEY,
        pollMs: config.MONITOR_LEADER_POLL_SECONDS * 1000,
        log,
        onChange: onLeadership,
      });
      await heartbeat.start();
      await scheduler.start();
      await leadership.start();
      rumWatch?.start();
      housekeeping = setInterval(() => void housekeep(), HOUSEKEEPING_MS);
      log.info(
        {
          metrics: server.url,
          checks: settings.enabled.map((name) => `${name} (${settings.schedules[name]})`),
          leader: isLeader(),
        },
        'monitor started',
      );
    },
    runOnce: (name, window) => runner.runManual(getCheck(name), window),
    sendReminders: () => alerting.sendReminders(),
    async stop() {
      clearInterval(housekeeping);
      await rumWatch?.stop();
      // Runs in progress get a moment; closing the browser below ends a journey that would take longer.
      await Promise.race([scheduler.stop(), sleep(5000)]);
      for (const check of built.values())
        await check
          .close?.()
          .catch((error: unknown) => log.warn({ err: error, check: check.name }, 'check did not close cleanly'));
      await Promise.race([scheduler.stop(), sleep(5000)]);
      await Promise.race([alerting.drain(), sleep(5000)]);
      await leadership?.stop();
      await heartbeat.stop();
      await server?.close();
      await pool.end().catch(() => undefined);
      await db.$disconnect();
      log.info('monitor stopped');
    },
  };
  return monitor;
}
