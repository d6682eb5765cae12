import { z } from 'zod';
import { webhookSecretProblems } from './chat-provider/webhook-secrets';
import { AppError } from './errors';

// The only module that reads process.env (the stack runner and sandbox have their own).
// Every variable is documented, with its default, in .env.example.

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const port = z.coerce.number().int().min(1).max(65535);
const url = z.url();
const addressFormats = [z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()];
const isAddressOrRange = (value: string) => addressFormats.some((format) => format.safeParse(value).success);

/** An unset variable, or a value for the inner schema (empty values are dropped before parsing: see withoutEmpty). */
const optional = <S extends z.ZodType>(inner: S) => inner.optional();
const positiveInt = (max: number) => z.coerce.number().int().min(1).max(max);
const list = (item: z.ZodType<string, string>) =>
  z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));

/** MONITOR_STARVED_LOOP_SHARE's default; also runAttempt's when its caller names none (one-off runs, tests). */
export const DEFAULT_STARVED_LOOP_SHARE = 0.25;

/** The reliability monitor (monitor/); docs/configuration.md explains each. Cron expressions are checked by the monitor at start. */
const monitorSchema = {
  /** Interface of the monitor's /metrics; 0.0.0.0 lets a Prometheus on another host scrape it. */
  MONITOR_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** Checks this monitor schedules (names from monitor/checks/index.ts). */
  MONITOR_CHECKS: list(z.string().regex(/^[a-z-]+$/, 'must be check names')).default([
    'chat-journey',
    'vendor-api',
    'reconciliation',
    'pipeline',
    'app-sign-in',
  ]),
  /** node-cron expressions (six fields: seconds first). Staggered so checks do not start together. */
  MONITOR_SCHEDULE_CHAT_JOURNEY: z.string().min(9).default('0,30 * * * * *'),
  MONITOR_SCHEDULE_VENDOR_API: z.string().min(9).default('15,45 * * * * *'),
  MONITOR_SCHEDULE_RECONCILIATION: z.string().min(9).default('30 */5 * * * *'),
  MONITOR_SCHEDULE_PIPELINE: z.string().min(9).default('40 * * * * *'),
  MONITOR_SCHEDULE_APP_SIGN_IN: z.string().min(9).default('50 * * * * *'),
  /** Our worker pipeline fails its check when its oldest due job has waited longer than this (seconds). */
  MONITOR_PIPELINE_MAX_AGE_SECONDS: positiveInt(86_400).default(60),
  /** After a counted failure (or a first pass during an incident) the check runs again this soon. */
  MONITOR_CONFIRM_INTERVAL_SECONDS: positiveInt(3600).default(15),
  MONITOR_FAILURES_TO_OPEN: positiveInt(20).default(2),
  MONITOR_PASSES_TO_RESOLVE: positiveInt(20).default(2),
  /**
   * Real users' chat embed failures (RUM beacons, synthetic users excluded) that make the monitor run the chat
   * journey at once: at least this many distinct users and failures within the window. 0 users turns it off.
   */
  MONITOR_RUM_MIN_USERS: z.coerce.number().int().min(0).max(1000).default(2),
  MONITOR_RUM_MIN_FAILURES: positiveInt(10_000).default(3),
  MONITOR_RUM_WINDOW_SECONDS: positiveInt(3600).default(60),
  /** How often the leader reads the RUM failure aggregate (one indexed query). */
  MONITOR_RUM_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  /** Minutes between reminders while an incident stays open; 0 turns reminders off. */
  MONITOR_REMINDER_MINUTES: z.coerce.number().int().min(0).max(10_080).default(30),
  /** Whole-run timeouts; a run that exceeds one is killed and recorded as a failure. */
  MONITOR_CHAT_JOURNEY_TIMEOUT_MS: positiveInt(600_000).default(45_000),
  MONITOR_VENDOR_API_TIMEOUT_MS: positiveInt(120_000).default(5_000),
  MONITOR_RECONCILIATION_TIMEOUT_MS: positiveInt(3_600_000).default(120_000),
  /**
   * A step that fails by timing out while the monitor's own event loop was held up for at least this share of the
   * step's time (0–1) is blamed on the monitor, not the step's component: the host starved us (docs/monitor.md).
   */
  MONITOR_STARVED_LOOP_SHARE: z.coerce.number().gt(0).max(1).default(DEFAULT_STARVED_LOOP_SHARE),
  /** Each browser wait of the chat journey (sign-in, the chat iframe and its composer, the sent message). */
  MONITOR_UI_TIMEOUT_MS: positiveInt(120_000).default(15_000),
  /** How long the journey waits for the app to record the canary's webhook, then for the canary email to be sent. */
  MONITOR_WEBHOOK_WAIT_MS: positiveInt(600_000).default(10_000),
  MONITOR_EMAIL_WAIT_MS: positiveInt(600_000).default(15_000),
  /** Reconciliation compares the closed window [now − FROM, now − TO). */
  MONITOR_RECONCILE_FROM_SECONDS: positiveInt(7 * 86_400).default(900),
  MONITOR_RECONCILE_TO_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /** The synthetic user the journey signs in as, and the project it opens. The password is required when chat-journey runs. */
  MONITOR_SYNTHETIC_EMAIL: z.email().default('synthetic@demo.chatwatch.test'),
  MONITOR_SYNTHETIC_PASSWORD: optional(z.string().min(8)),
  MONITOR_CANARY_PROJECT: z.string().min(1).default('Canary conversation'),
  /**
   * Test stacks only: an X-Forwarded-For the journey's browser sends (an address, or per-run for a fresh test
   * address each run), because the app limits sign-ins per client address and a compressed schedule signs in
   * many times a minute from one loopback address. Unset in production: the proxy sets the monitor's address.
   */
  MONITOR_JOURNEY_FORWARDED_FOR: optional(z.union([z.literal('per-run'), z.ipv4(), z.ipv6()])),
  /** Screenshots and traces of failed runs; deleted after the retention period unless they are incident evidence. */
  MONITOR_ARTIFACTS_DIR: z.string().min(1).default('.data/artifacts'),
  MONITOR_ARTIFACT_RETENTION_DAYS: positiveInt(3650).default(14),
  MONITOR_HEARTBEAT_SECONDS: positiveInt(3600).default(10),
  /** /api/health reports the monitor stale when no leader has written a heartbeat for this long. */
  MONITOR_HEARTBEAT_STALE_SECONDS: positiveInt(86_400).default(90),
  /** Postgres advisory-lock key the replicas compete for; one leader schedules, the others wait. */
  MONITOR_LEADER_LOCK_KEY: z.coerce.number().int().default(727_001),
  MONITOR_LEADER_POLL_SECONDS: positiveInt(600).default(5),
  /** Defaults to <hostname>-<pid>. */
  MONITOR_INSTANCE_ID: optional(z.string().min(1).max(100)),
  /** Base of the links in alerts (<url>/incidents/<id>); defaults to APP_URL. */
  MONITOR_DASHBOARD_URL: optional(url),
  /** Where injected faults are recorded, to match them to incidents: auto = the sandbox when CHAT_VENDOR=sandbox. */
  MONITOR_FAULT_SOURCE: z.enum(['auto', 'sandbox', 'none']).default('auto'),
  /** Alert channels: each is on when configured. */
  MONITOR_ALERT_EMAIL_TO: list(z.email()),
  MONITOR_SLACK_WEBHOOK_URL: optional(url),
  MONITOR_PAGERDUTY_ROUTING_KEY: optional(z.string().min(1)),
  MONITOR_PAGERDUTY_URL: url.default('https://events.pagerduty.com/v2/enqueue'),
  MONITOR_ALERT_WEBHOOK_URL: optional(url),
  /** Signs generic webhook alerts (X-ChatWatch-Signature: sha256=<hex HMAC of the body>). */
  MONITOR_ALERT_WEBHOOK_SECRET: optional(z.string().min(16)),
  /** Chrome/Chromium for the journey (default: Playwright's, then /usr/bin/chromium). */
  CHROMIUM_PATH: optional(z.string().min(1)),
};

/** The status dashboard and reliability reports (lib/reports, lib/status); docs/status-and-reports.md. */
const reportsSchema = {
  /** Uptime a vendor owes per component, in percent: reports mark each period met or breached. */
  REPORT_SLA_TARGET_PERCENT: z.coerce.number().min(50).max(100).default(99.9),
  /** Serves /status/public: component states and 90-day uptime without incident details, to anyone. */
  STATUS_PUBLIC_PAGE: bool.default(false),
  /** How often the live status stream looks for changes (one query per web process, whatever the number of viewers). */
  STATUS_STREAM_POLL_MS: z.coerce.number().int().min(250).max(60_000).default(2000),
  /** Where Chromium loads the pages it prints to PDF; defaults to APP_URL (use a loopback URL behind a proxy). */
  REPORT_RENDER_URL: optional(url),
  REPORT_PDF_TIMEOUT_MS: positiveInt(300_000).default(60_000),
  /** PDFs rendered at once per web process (each is a Chromium). */
  REPORT_PDF_CONCURRENCY: positiveInt(8).default(2),
};

/** How the process logs; also parsed on its own by loggingConfig, so logging works while the rest is invalid. */
/** REQUEST_DEADLINE_MS's rule, shared by the schema and requestDeadlineMs(). */
const requestDeadlineField = z.coerce.number().int().min(200).max(60_000).default(4500);

/** The load-shedding guard's rules (lib/http/pressure.ts), shared by the schema and pressureConfig(). */
const pressureSchema = {
  /**
   * Routes answer 503 + Retry-After before any work while the web process's event-loop delay (ms) is above this:
   * requests then wait before our handlers run, where no deadline of ours counts. 0 turns the check off.
   */
  PRESSURE_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /** The same for event-loop utilization (0–1, share of time the loop was busy over one sample); 0 = off. */
  PRESSURE_MAX_EVENT_LOOP_UTILIZATION: z.coerce.number().min(0).max(1).default(0),
  /** How often the pressure is sampled (ms); a shed lasts at least one sample. */
  PRESSURE_SAMPLE_INTERVAL_MS: z.coerce.number().int().min(10).max(10_000).default(500),
};

const loggingSchema = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** pretty logs for humans; JSON in production unless asked. */
  LOG_PRETTY: bool.optional(),
};

const schema = z
  .object({
    ...loggingSchema,

    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL'),
    APP_URL: url.default('http://127.0.0.1:3000'),
    AUTH_SECRET: z.string().min(32, 'must be at least 32 characters'),
    /** Request header holding the client's address for sign-in rate limits; use one your proxy overwrites. */
    CLIENT_IP_HEADER: z
      .string()
      .regex(/^[a-z0-9-]+$/i, 'must be a header name')
      .default('x-forwarded-for'),
    /** Comma-separated addresses/CIDRs of proxies that append to CLIENT_IP_HEADER; the first untrusted hop from the right is the client. */
    TRUSTED_PROXIES: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .refine((list) => list.every(isAddressOrRange), 'must be IP addresses or CIDR ranges, comma-separated'),

    CHAT_VENDOR: z.enum(['sandbox', 'talkjs', 'stream', 'sendbird', 'twilio']).default('sandbox'),
    VENDOR_APP_ID: z.string().min(1).default('chatwatch-dev'),
    VENDOR_API_URL: url.default('http://127.0.0.1:4100'),
    /** Where the iframe loads from; defaults to VENDOR_API_URL (sandbox) or our host page <APP_URL>/api/chat-host/<vendor>/c (every real vendor). */
    VENDOR_EMBED_URL: optional(url),
    /** The TalkJS SDK script our host page loads (docs/connect-talkjs.md); tests point it at a stub. */
    TALKJS_SDK_URL: url.default('https://cdn.talkjs.com/talk.js'),
    VENDOR_API_SECRET: z.string().min(16, 'must be at least 16 characters'),
    VENDOR_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters'),
    /** Twilio only: an API key (SK…) and its secret, which sign the browser's Conversations access tokens (the Auth Token cannot). */
    TWILIO_API_KEY_SID: optional(z.string().regex(/^SK[0-9a-fA-F]{32}$/, 'must be an API key SID (SK + 32 hex)')),
    TWILIO_API_KEY_SECRET: optional(z.string().min(16, 'must be at least 16 characters')),
    /** The webhook URL exactly as entered in the vendor's console; Twilio signs it (docs/connect-twilio.md). Default <APP_URL>/api/webhooks/chat. */
    VENDOR_WEBHOOK_URL: optional(url),

    SENDGRID_API_KEY: z.string().min(1),
    SENDGRID_API_URL: url.default('https://api.sendgrid.com'),
    /** Base64 DER public key from SendGrid's Signed Event Webhook settings. */
    SENDGRID_EVENT_PUBLIC_KEY: z.string().min(1),
    EMAIL_FROM: z.string().min(3).default('ChatWatch <no-reply@chatwatch.test>'),

    CHAT_READY_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(8000),
    UNREAD_EMAIL_DELAY_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
    /**
     * Waits (seconds, comma-separated) before an event whose conversation we do not know yet is processed again;
     * after the last it is kept UNMATCHED and swept. Tests shorten them instead of waiting.
     */
    UNMATCHED_RETRY_DELAYS_SECONDS: z
      .string()
      .default('5,15,60,300,900')
      .transform((v) => v.split(',').map((s) => Number(s.trim())))
      .pipe(z.array(z.number().int().min(0).max(86_400)).min(1).max(20)),
    /** Local hour (in each user's time zone) at which digest-mode users get their unread-message emails. */
    EMAIL_DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(8),
    /** How long an email whose mail/send request got no answer waits for SendGrid's events before it is marked failed (never resent). */
    EMAIL_UNCONFIRMED_HOLD_MINUTES: z.coerce
      .number()
      .int()
      .min(5)
      .max(7 * 24 * 60)
      .default(60),
    /**
     * How long a send keeps trying to record SendGrid's answer while the database is away. The answer is known only
     * to that run: unrecorded, the next run finds the attempt handed over and must hold the email as unconfirmed.
     */
    EMAIL_RECORD_RETRY_SECONDS: z.coerce.number().int().min(0).max(600).default(60),
    /**
     * A worker pool that lost its database ends, first waiting for its running jobs; after this many seconds it is
     * ended forcefully (their jobs are failed and retried) so that a handler that never settles cannot stop the worker.
     */
    WORKER_STUCK_SHUTDOWN_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
    /** Jobs one worker process runs at once (graphile-worker concurrency); docs/benchmarks.md § Pipeline measures it. */
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    /** Vendor events processed in one transaction (set-based SQL): a job's own events, topped up with others waiting. */
    VENDOR_EVENT_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(200),
    /** Connections of the plain `pg` pool the webhook route writes through (per web process). */
    WEBHOOK_DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    /** Ingest statements in flight at once per web process; requests arriving while all are busy share the next one. */
    WEBHOOK_INGEST_STATEMENTS: z.coerce.number().int().min(1).max(100).default(2),
    /**
     * Bounded database waits (lib/db/timeouts.ts). One database wait is at most connect (or pool checkout) + query
     * timeout, which must fit in REQUEST_DEADLINE_MS: a page issuing one query against a frozen server then still
     * answers within the deadline. Connecting and waiting for a free pooled connection share this bound.
     */
    DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(1500),
    /** Server-side statement_timeout of request paths (web); the server cancels a slow statement itself. */
    DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(2500),
    /** Client-side wait for an answer (covers a server that does not answer at all, e.g. SIGSTOPped). */
    DB_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(3000),
    /** statement_timeout of background processes (worker, monitor), whose jobs may legitimately run longer. */
    DB_BACKGROUND_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(120_000),
    /** A webhook request answers 503 after this long, whatever it was waiting for (must stay below vendors' timeouts). */
    WEBHOOK_DEADLINE_MS: z.coerce.number().int().min(200).max(30_000).default(4000),
    /**
     * Every route handler (lib/http/route.ts) answers 503 + Retry-After once this has passed since the request
     * reached it, whatever it waits for: waits of several queries add up, a deadline per request does not.
     */
    REQUEST_DEADLINE_MS: requestDeadlineField,
    ...pressureSchema,
    /** The Retry-After (seconds) sent with a 503 when storage is unavailable. */
    RETRY_AFTER_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
    /** /api/metrics requires `Authorization: Bearer <token>`; unset, the endpoint answers 404 (off). */
    METRICS_TOKEN: optional(z.string().min(16, 'must be at least 16 characters')),
    /** Enables /api/bench/baseline, the bare route `npm run bench:webhooks` compares against. Off in production. */
    BENCH_BASELINE_ROUTE: bool.default(false),
    MONITOR_METRICS_PORT: port.default(9464),
    ...monitorSchema,
    ...reportsSchema,
  })
  .refine((config) => config.DB_QUERY_TIMEOUT_MS >= config.DB_STATEMENT_TIMEOUT_MS, {
    // The server should cancel a slow statement (clean error, connection kept) before the client gives up on it.
    message: 'must not be below DB_STATEMENT_TIMEOUT_MS',
    path: ['DB_QUERY_TIMEOUT_MS'],
  })
  .refine((config) => config.DB_CONNECT_TIMEOUT_MS + config.DB_QUERY_TIMEOUT_MS <= config.REQUEST_DEADLINE_MS, {
    // A checkout that waits its full bound and then a query that does too must still end before the deadline.
    message: 'DB_CONNECT_TIMEOUT_MS + DB_QUERY_TIMEOUT_MS must not exceed REQUEST_DEADLINE_MS',
    path: ['DB_QUERY_TIMEOUT_MS'],
  })
  .refine((config) => config.WEBHOOK_DEADLINE_MS <= config.REQUEST_DEADLINE_MS, {
    // The ingest batcher withdraws a queued request at its own deadline, before the route's answers for it.
    message: 'must not exceed REQUEST_DEADLINE_MS',
    path: ['WEBHOOK_DEADLINE_MS'],
  })
  .refine((config) => config.WEBHOOK_INGEST_STATEMENTS <= config.WEBHOOK_DB_POOL_MAX, {
    // Each statement keeps a pool connection checked out; more statements than connections would starve the pool.
    message: 'must not exceed WEBHOOK_DB_POOL_MAX',
    path: ['WEBHOOK_INGEST_STATEMENTS'],
  })
  .superRefine((config, ctx) => {
    // Checked by the chosen adapter's own parser: a secret it cannot use must stop start-up, naming the variable.
    const problem = webhookSecretProblems[config.CHAT_VENDOR](config.VENDOR_WEBHOOK_SECRET);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['VENDOR_WEBHOOK_SECRET'] });
    if (config.CHAT_VENDOR === 'twilio') {
      if (!/^AC[0-9a-f]{32}$/i.test(config.VENDOR_APP_ID))
        ctx.addIssue({
          code: 'custom',
          message: 'must be the Twilio Account SID (AC + 32 hex)',
          path: ['VENDOR_APP_ID'],
        });
      for (const name of ['TWILIO_API_KEY_SID', 'TWILIO_API_KEY_SECRET'] as const)
        if (!config[name])
          ctx.addIssue({ code: 'custom', message: 'is required when CHAT_VENDOR=twilio', path: [name] });
    }
  });

export type Config = z.infer<typeof schema> & { VENDOR_EMBED_URL: string; VENDOR_WEBHOOK_URL: string };

let cached: Config | undefined;

/** Formats zod issues as "NAME: problem" lines so a bad start names the variable to fix. */
export function describeConfigErrors(error: z.ZodError): string {
  return error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`).join('\n');
}

export class ConfigError extends AppError {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG';
}

/**
 * The environment without its empty values: `X=` in an env file (or `X=` exported by a shell) means "not set", so the
 * default applies and a required variable is reported missing, the same for every variable.
 */
function withoutEmpty(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
}

/** Every variable lib/config.ts reads (the keys of its schema), for documentation checks. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);

/** Parses an environment; throws ConfigError naming every missing or malformed variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = schema.safeParse(withoutEmpty(env));
  if (!result.success) {
    throw new ConfigError(
      `Invalid configuration:\n${describeConfigErrors(result.error)}\nSee .env.example for every variable and its default.`,
    );
  }
  const appUrl = result.data.APP_URL.replace(/\/+$/, '');
  // Every real vendor's UI is its browser SDK mounted in our own host page (app/api/chat-host/<vendor>/c).
  const defaultEmbed =
    result.data.CHAT_VENDOR === 'sandbox'
      ? result.data.VENDOR_API_URL
      : `${appUrl}/api/chat-host/${result.data.CHAT_VENDOR}/c`;
  return {
    ...result.data,
    VENDOR_EMBED_URL: result.data.VENDOR_EMBED_URL ?? defaultEmbed,
    VENDOR_WEBHOOK_URL: result.data.VENDOR_WEBHOOK_URL ?? `${appUrl}/api/webhooks/chat`,
  };
}

export interface LoggingConfig {
  level: Config['LOG_LEVEL'];
  /** LOG_PRETTY when set (true/false/1/0), else pretty unless NODE_ENV=production. */
  pretty: boolean;
}

/**
 * The logger's settings, parsed by the same rules as parseConfig but on their own: logging must work even when the
 * rest of the configuration is invalid, so that the error saying so can be logged. A malformed value falls back to
 * its default here; parseConfig still refuses it at start.
 */
export function loggingConfig(env: Record<string, string | undefined> = process.env): LoggingConfig {
  const clean = withoutEmpty(env);
  const level = loggingSchema.LOG_LEVEL.safeParse(clean.LOG_LEVEL);
  const pretty = loggingSchema.LOG_PRETTY.safeParse(clean.LOG_PRETTY);
  const production = clean.NODE_ENV === 'production';
  return {
    level: level.success ? level.data : 'info',
    pretty: (pretty.success ? pretty.data : undefined) ?? !production,
  };
}

/**
 * REQUEST_DEADLINE_MS (ms), parsed by the same rule as parseConfig but on its own, like loggingConfig: every route
 * reads it before its handler runs, and a route must not need the whole configuration (a service that reads none of
 * it, or a test that configures only what its route uses). A malformed value falls back to the default here;
 * parseConfig still refuses it at start.
 */
export function requestDeadlineMs(env: Record<string, string | undefined> = process.env): number {
  const parsed = requestDeadlineField.safeParse(withoutEmpty(env).REQUEST_DEADLINE_MS);
  return parsed.success ? parsed.data : requestDeadlineField.parse(undefined);
}

export interface PressureConfig {
  maxEventLoopDelayMs: number;
  maxEventLoopUtilization: number;
  sampleIntervalMs: number;
}

/**
 * The load-shedding guard's settings, parsed by the same rules as parseConfig but on their own, like
 * requestDeadlineMs: every route checks the pressure before its handler runs and must not need the whole
 * configuration. A malformed value falls back to its default here; parseConfig still refuses it at start.
 */
export function pressureConfig(env: Record<string, string | undefined> = process.env): PressureConfig {
  const clean = withoutEmpty(env);
  const read = <K extends keyof typeof pressureSchema>(key: K): number => {
    const parsed = pressureSchema[key].safeParse(clean[key]);
    return parsed.success ? parsed.data : pressureSchema[key].parse(undefined);
  };
  return {
    maxEventLoopDelayMs: read('PRESSURE_MAX_EVENT_LOOP_DELAY_MS'),
    maxEventLoopUtilization: read('PRESSURE_MAX_EVENT_LOOP_UTILIZATION'),
    sampleIntervalMs: read('PRESSURE_SAMPLE_INTERVAL_MS'),
  };
}

/** The process's configuration, validated once on first use. */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
