import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { adminRoutes } from './admin/routes';
import { embedRoutes } from './chat/embed-routes';
import { Hub } from './chat/hub';
import type { SandboxConfig } from './config';
import type { SandboxContext } from './context';
import { createDb } from './db';
import { getDialect } from './dialects';
import { faultRoutes } from './faults/routes';
import { FaultStore } from './faults/store';
import type { SandboxEnv } from './http/env';
import { errorHandler } from './http/error-handler';
import { SandboxError } from './http/errors';
import { limitBody, requestContext } from './http/middleware';
import { createLogger, type Logger } from './log';
import { mailboxRoutes } from './mail/mailbox-routes';
import { mailRoutes } from './mail/routes';
import { sinkRoutes } from './sinks/routes';
import { Dispatcher, type DispatcherOptions } from './webhooks/dispatcher';
import { createTargets } from './webhooks/targets';

export interface Sandbox {
  app: Hono<SandboxEnv>;
  /** Creates the schema, resumes faults and deliveries, listens. Resolves with where it listens. */
  start(): Promise<{ url: string; port: number }>;
  /** Stops delivering, ends live connections, closes the server and the pool. */
  stop(): Promise<void>;
  log: Logger;
}

/** Retries `fn` with doubling waits (0.5 s … 10 s) while the database is unreachable; logs once. */
async function untilDatabaseAnswers(fn: () => Promise<void>, log: Logger): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await fn();
      if (attempt > 0) log.info('database reachable; starting');
      return;
    } catch (err) {
      if (attempt === 0)
        log.warn({ err: (err as Error).message }, 'database unreachable at start; retrying with back-off');
      await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * 2 ** attempt)));
    }
  }
}

/** The whole sandbox in one process: chat vendor, SendGrid, alert sinks, admin, fault injection. */
export function createSandbox(
  config: SandboxConfig,
  options: { logger?: Logger; webhooks?: Pick<DispatcherOptions, 'fetch' | 'stallMs'> } = {},
): Sandbox {
  const log = options.logger ?? createLogger(config.LOG_LEVEL);
  const db = createDb(config.SANDBOX_DATABASE_URL, (err) =>
    log.warn({ err: err.message }, 'idle database connection lost'),
  );
  const faults = new FaultStore(db, log.child({ component: 'faults' }));
  const hub = new Hub();
  const dialect = getDialect(config.SANDBOX_DIALECT);
  const ctx: SandboxContext = { config, db, log, faults, hub, dialect };
  const dispatcher = new Dispatcher(
    db,
    faults,
    createTargets(config, dialect),
    log.child({ component: 'webhooks' }),
    options.webhooks,
  );

  const app = new Hono<SandboxEnv>();
  app.use('*', requestContext(log), limitBody);
  app.onError(errorHandler(config.APP_ORIGIN, dialect));
  app.notFound((c) => {
    const error = new SandboxError(404, 'not_found', 'No such route');
    const body = dialect.isRestPath(c.req.path)
      ? dialect.errorBody(error)
      : { error: { code: error.code, message: error.message } };
    return c.json(body as object, 404);
  });
  app.get('/health', async (c) => {
    const ok = await db.query('SELECT 1').then(
      () => true,
      () => false,
    );
    return c.json({ ok }, ok ? 200 : 503);
  });
  app.route('/', dialect.restRoutes(ctx));
  app.route('/', embedRoutes(ctx) as unknown as Hono<SandboxEnv>);
  app.route('/', mailRoutes(ctx));
  app.route('/', mailboxRoutes(db));
  app.route('/', sinkRoutes(db));
  app.route('/', adminRoutes(db, dialect));
  app.route('/admin/faults', faultRoutes(faults));

  let server: ServerType | undefined;

  return {
    app,
    log,
    async start() {
      await untilDatabaseAnswers(() => db.migrate(), log);
      await untilDatabaseAnswers(() => faults.start(), log);
      dispatcher.start();
      const info = await new Promise<AddressInfo>((resolve, reject) => {
        server = serve({ fetch: app.fetch, port: config.SANDBOX_PORT, hostname: config.SANDBOX_HOST }, resolve);
        server.once('error', reject);
        keepIdleConnections(server as Server);
      });
      const url = `http://${info.family === 'IPv6' ? `[${info.address}]` : info.address}:${info.port}`;
      log.info(
        { url, publicUrl: config.SANDBOX_PUBLIC_URL, schedule: config.SANDBOX_WEBHOOK_SCHEDULE, dialect: dialect.name },
        'sandbox listening',
      );
      return { url, port: info.port };
    },
    async stop() {
      await dispatcher.stop();
      faults.stop();
      hub.close();
      if (server) {
        const s = server as Server;
        await new Promise<void>((resolve) => {
          s.close(() => resolve());
          s.closeIdleConnections();
          // Long-lived (SSE) or slow-fault requests would hold close() open.
          setTimeout(() => s.closeAllConnections(), 200).unref();
        });
      }
      await db.close();
      log.info('sandbox stopped');
    },
  };
}

/**
 * Node closes an idle keep-alive connection after 5 s by default. A client that reuses a pooled connection just as
 * the server closes it gets ECONNRESET ("socket hang up"): an e2e mailbox read failed that way. Servers keep idle
 * connections longer than their clients do (the usual 65 s behind load balancers), so the client closes first.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

function keepIdleConnections(server: Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  // Must exceed keepAliveTimeout, or a request arriving on a long-idle connection could be cut off at its headers.
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
}
