// The `promtool` test stage: Prometheus config and rules (promtool), Alertmanager config and routing (amtool).
// Each command is one test. Both tools are required (CI installs Debian's `prometheus` and
// `prometheus-alertmanager`): a missing amtool is a failure, not a quiet skip of the routing checks.
import path from 'node:path';
import { findTool, INSTALL_HELP } from '../../monitor/prometheus/binaries';
import { runCommand, type StageResult } from './test-stages';

interface Check {
  title: string;
  command: string;
  args: string[];
}

/** Runs the checks; `find` locates each tool (tests pass their own to simulate a missing one). */
export async function promtoolStage(
  root: string,
  find: (tool: 'promtool' | 'amtool') => string | null = findTool,
): Promise<StageResult> {
  const started = Date.now();
  const dir = path.join(root, 'monitor', 'prometheus');
  const promtool = find('promtool');
  if (!promtool) {
    console.error(`✖ ${INSTALL_HELP.promtool}`);
    return {
      name: 'promtool',
      passed: 0,
      failed: 1,
      skipped: 0,
      seconds: 0,
      note: 'promtool missing: apt-get install prometheus',
    };
  }
  const checks: Check[] = [
    // --syntax-only: the config names the deployment's metrics-token file (credentials_file), which exists on the
    // Prometheus host, not here; the rule files it names are checked on their own just below.
    {
      title: 'promtool check config prometheus.yml',
      command: promtool,
      args: ['check', 'config', '--syntax-only', path.join(dir, 'prometheus.yml')],
    },
    {
      title: 'promtool check rules alerts.yml',
      command: promtool,
      args: ['check', 'rules', path.join(dir, 'alerts.yml')],
    },
    {
      title: 'promtool test rules alerts.test.yml',
      command: promtool,
      args: ['test', 'rules', path.join(dir, 'alerts.test.yml')],
    },
  ];
  const amtool = find('amtool');
  let note: string | undefined;
  let failed = 0;
  if (amtool) {
    const config = `--config.file=${path.join(dir, 'alertmanager.yml')}`;
    const route = (receiver: string, ...labels: string[]): Check => ({
      title: `amtool: {${labels.join(', ')}} → ${receiver}`,
      command: amtool,
      args: ['config', 'routes', 'test', config, `--verify.receivers=${receiver}`, ...labels],
    });
    checks.push(
      {
        title: 'amtool check-config alertmanager.yml',
        command: amtool,
        args: ['check-config', path.join(dir, 'alertmanager.yml')],
      },
      route('pagerduty-and-slack', 'alertname=ChatWidgetDown', 'severity=critical', 'component=chat_ui'),
      route('slack', 'alertname=VendorWebhookLatencyHigh', 'severity=warning', 'component=webhooks'),
      route('slack', 'alertname=SomethingNew'),
    );
  } else {
    failed += 1;
    note = 'amtool missing: apt-get install prometheus-alertmanager';
    console.error(`✖ ${INSTALL_HELP.amtool} The Alertmanager checks cannot run.`);
  }

  let passed = 0;
  for (const check of checks) {
    console.log(`▶ ${check.title}`);
    const code = await runCommand(check.command, check.args, process.env, 120_000);
    if (code === 0) passed += 1;
    else {
      failed += 1;
      console.error(`✖ ${check.title} failed (exit ${code})`);
    }
  }
  return { name: 'promtool', passed, failed, skipped: 0, seconds: (Date.now() - started) / 1000, note };
}
