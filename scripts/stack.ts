// `npm start`: the whole product on this machine (see README.md § Quick start).
import path from 'node:path';
import { startStack } from './lib/stack';

const root = path.resolve(import.meta.dirname, '..');

const DEMO_PASSWORD = 'chatwatch-demo';

try {
  const stack = await startStack({
    name: 'dev',
    dataDir: path.join(root, '.data', 'dev'),
    webPort: Number(process.env.PORT ?? 3000),
    sandboxPort: Number(process.env.SANDBOX_PORT ?? 4100),
    metricsPort: Number(process.env.MONITOR_METRICS_PORT ?? 9464),
    pgPort: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
    database: 'chatwatch',
    externalDatabaseUrl: process.env.DATABASE_URL,
    seed: true,
    distDir: '.next',
  });
  const { app, sandbox, metrics } = stack.urls;
  console.log(`
  ChatWatch is running.

    Marketplace app    ${app}            (sign in below)
    Status dashboard   ${app}/status
    Vendor sandbox     ${sandbox}/admin      (faults, webhook deliveries, alerts)
    Sandbox mailbox    ${sandbox}/mailbox
    Monitor metrics    ${metrics}
    App metrics        ${app}/api/metrics

  Demo logins (password for all: ${DEMO_PASSWORD})
    client     clara@demo.chatwatch.test      client     colin@demo.chatwatch.test
    designer   dana@demo.chatwatch.test       designer   diego@demo.chatwatch.test
    support    sam@demo.chatwatch.test        manager    maya@demo.chatwatch.test
    engineer   eli@demo.chatwatch.test        admin      ada@demo.chatwatch.test

  Ctrl-C stops everything.
`);
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    stack.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  process.on('SIGHUP', shutdown);
  // If whatever started us dies without a signal (npm, a killed terminal), shut down rather than orphan the stack.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && shutdown(), 500).unref();
} catch (error) {
  console.error(`\n✖ ChatWatch did not start: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof Error && error.cause) console.error('  cause:', error.cause);
  process.exit(1);
}
