// `npm run ops`: Debian's Prometheus (and Alertmanager when installed) on loopback against the running
// stack (docs/metrics.md § Prometheus & Grafana). Data in .data/prometheus; Ctrl-C stops both.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { findTool, INSTALL_HELP } from '../monitor/prometheus/binaries';
import { renderAlertmanagerConfig, renderPrometheusConfig } from '../monitor/prometheus/render';
import { loadDevSecrets } from './lib/dev-secrets';
import { Supervisor, type ProcessSpec } from './lib/supervisor';

const root = path.resolve(import.meta.dirname, '..');
const sources = path.join(root, 'monitor', 'prometheus');
const env = process.env;
const dataDir = path.resolve(env.OPS_DATA_DIR ?? path.join(root, '.data', 'prometheus'));
const ports = {
  prometheus: Number(env.OPS_PROMETHEUS_PORT ?? 9190),
  alertmanager: Number(env.OPS_ALERTMANAGER_PORT ?? 9193),
  app: Number(env.PORT ?? 3000),
  monitor: Number(env.MONITOR_METRICS_PORT ?? 9464),
  sandbox: Number(env.SANDBOX_PORT ?? 4100),
};
const log = (line: string) => process.stdout.write(`\x1b[1mops |\x1b[0m ${line}\n`);

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}

/** Writes Alertmanager's config and its secret files, which point both receivers at the sandbox's sinks. */
function prepareAlertmanager(): string {
  const dir = path.join(dataDir, 'alertmanager');
  const secretsDir = path.join(dir, 'secrets');
  mkdirSync(secretsDir, { recursive: true, mode: 0o700 });
  const sandbox = `http://127.0.0.1:${ports.sandbox}`;
  const secrets = {
    'pagerduty-routing-key': 'chatwatch-local-routing-key',
    'slack-webhook-url': `${sandbox}/sinks/slack/chatwatch-alerts`,
  };
  for (const [name, value] of Object.entries(secrets)) {
    writeFileSync(path.join(secretsDir, name), `${value}\n`, { mode: 0o600 });
    chmodSync(path.join(secretsDir, name), 0o600);
  }
  const config = renderAlertmanagerConfig(readFileSync(path.join(sources, 'alertmanager.yml'), 'utf8'), {
    secretsDir,
    templatesDir: sources,
    pagerdutyUrl: `${sandbox}/sinks/pagerduty/v2/enqueue`,
  });
  const file = path.join(dir, 'alertmanager.yml');
  writeFileSync(file, config);
  return file;
}

async function main(): Promise<void> {
  const prometheus = findTool('prometheus');
  if (!prometheus) throw new Error(INSTALL_HELP.prometheus);
  const alertmanager = findTool('alertmanager');
  if (!alertmanager)
    log(`⚠ ${INSTALL_HELP.alertmanager} Starting Prometheus alone: alerts show at /alerts but go nowhere.`);
  for (const [name, port] of [
    ['Prometheus', ports.prometheus],
    ...(alertmanager ? [['Alertmanager', ports.alertmanager] as const] : []),
  ] as const) {
    if (!(await portFree(port)))
      throw new Error(
        `Port ${port} for ${name} is taken (another \`npm run ops\`?). Stop it, or set OPS_${name.toUpperCase()}_PORT.`,
      );
  }

  mkdirSync(path.join(dataDir, 'data'), { recursive: true });
  // /api/metrics wants the dev stack's METRICS_TOKEN (`npm start` keeps it in .data/dev/secrets.json).
  const metricsTokenFile = path.join(dataDir, 'metrics-token');
  writeFileSync(metricsTokenFile, env.METRICS_TOKEN ?? loadDevSecrets(path.join(root, '.data', 'dev')).METRICS_TOKEN, {
    mode: 0o600,
  });
  const promConfig = path.join(dataDir, 'prometheus.yml');
  writeFileSync(
    promConfig,
    renderPrometheusConfig(readFileSync(path.join(sources, 'prometheus.yml'), 'utf8'), {
      appTarget: `127.0.0.1:${ports.app}`,
      monitorTarget: `127.0.0.1:${ports.monitor}`,
      ruleFiles: [path.join(sources, 'alerts.yml')],
      alertmanagerTarget: alertmanager ? `127.0.0.1:${ports.alertmanager}` : null,
      appCredentialsFile: metricsTokenFile,
    }),
  );
  const promUrl = `http://127.0.0.1:${ports.prometheus}`;
  const amUrl = `http://127.0.0.1:${ports.alertmanager}`;
  const specs: ProcessSpec[] = [
    {
      name: 'prometheus',
      command: prometheus,
      args: [
        `--config.file=${promConfig}`,
        `--storage.tsdb.path=${path.join(dataDir, 'data')}`,
        '--storage.tsdb.retention.time=15d',
        `--web.listen-address=127.0.0.1:${ports.prometheus}`,
        '--web.enable-lifecycle',
        '--log.level=warn',
      ],
      env,
      readyUrl: `${promUrl}/-/ready`,
    },
  ];
  if (alertmanager) {
    specs.push({
      name: 'alertmanager',
      command: alertmanager,
      args: [
        `--config.file=${prepareAlertmanager()}`,
        `--storage.path=${path.join(dataDir, 'alertmanager', 'data')}`,
        `--web.listen-address=127.0.0.1:${ports.alertmanager}`,
        '--cluster.listen-address=',
        '--log.level=warn',
      ],
      env,
      readyUrl: `${amUrl}/-/ready`,
    });
  }

  let stopping = false;
  const supervisor = new Supervisor(specs);
  const shutdown = (code: number) => {
    if (stopping) return;
    stopping = true;
    log('Stopping…');
    supervisor.stop().then(
      () => {
        log('Stopped.');
        process.exit(code);
      },
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => shutdown(0));
  // npm does not pass SIGTERM on to its script: if npm dies we are re-parented, so stop then too.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && shutdown(0), 500).unref();

  supervisor.start();
  try {
    await supervisor.waitReady(60_000);
  } catch (error) {
    stopping = true;
    await supervisor.stop();
    throw error;
  }

  const targets = [
    ['app', `http://127.0.0.1:${ports.app}/api/metrics`],
    ['monitor', `http://127.0.0.1:${ports.monitor}/metrics`],
  ] as const;
  for (const [name, url] of targets) {
    if (!(await answers(url)))
      log(`⚠ The ${name} does not answer at ${url} yet: start the stack with \`npm start\` (Prometheus keeps trying).`);
  }
  console.log(`
  Prometheus is running against the local stack.

    Prometheus      ${promUrl}          (alerts: ${promUrl}/alerts, targets: ${promUrl}/targets)
    Alertmanager    ${alertmanager ? `${amUrl}          (notifications land in the sandbox: http://127.0.0.1:${ports.sandbox}/admin/alerts)` : 'not installed (apt-get install prometheus-alertmanager)'}
    Data            ${path.relative(root, dataDir) || dataDir}
    Rules           monitor/prometheus/alerts.yml (reload after editing: curl -X POST ${promUrl}/-/reload)

  Ctrl-C stops ${alertmanager ? 'both' : 'it'}.
`);
}

main().catch((error: unknown) => {
  console.error(`\n✖ npm run ops did not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
