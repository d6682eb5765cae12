// Renders run-time copies of the checked-in Prometheus and Alertmanager files (for `npm run ops` and the
// end-to-end test) by rewriting a few known lines. Each rewrite must match exactly once, so a reformatted
// source file fails loudly here instead of silently keeping production values in a test.

/** Replaces the single match of `pattern` (which must not be global) or throws naming `what`. */
function replaceOnce(text: string, pattern: RegExp, replacement: string, what: string): string {
  const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  const count = [...text.matchAll(global)].length;
  if (count !== 1) throw new Error(`Expected exactly one ${what} (${pattern}), found ${count}`);
  return text.replace(pattern, () => replacement);
}

/** The text of a top-level YAML key's block: from `key:` to the next unindented line. */
function topLevelBlock(text: string, key: string): { start: number; end: number } {
  const match = new RegExp(`^${key}:.*$`, 'm').exec(text);
  if (!match) throw new Error(`No top-level "${key}:" block`);
  const rest = text.slice(match.index + match[0].length);
  const next = /\n(?=[^\s#])/.exec(rest);
  return { start: match.index, end: next ? match.index + match[0].length + next.index + 1 : text.length };
}

/** A duration in Prometheus syntax (`90s`, `5m`, `1h`, `500ms`) in seconds. */
export function durationSeconds(duration: string): number {
  const match = /^(\d+)(ms|s|m|h)$/.exec(duration);
  if (!match) throw new Error(`Unsupported duration "${duration}"`);
  const factor = { ms: 0.001, s: 1, m: 60, h: 3600 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(match[1]) * factor;
}

export interface PrometheusRenderOptions {
  /** host:port of the web app and of the monitor's metrics server. */
  appTarget: string;
  monitorTarget: string;
  /** Absolute paths of the rule files (the checked-in config names alerts.yml relative to itself). */
  ruleFiles: string[];
  scrapeInterval?: string;
  evaluationInterval?: string;
  /** host:port of an Alertmanager, or null to send alerts nowhere. */
  alertmanagerTarget: string | null;
  /** File holding the app's METRICS_TOKEN, sent as `Authorization: Bearer` when scraping /api/metrics. */
  appCredentialsFile?: string;
}

/** The checked-in prometheus.yml with other targets, rule files, intervals and Alertmanager. */
export function renderPrometheusConfig(source: string, options: PrometheusRenderOptions): string {
  let text = source;
  if (options.scrapeInterval) {
    text = replaceOnce(
      text,
      /^ {2}scrape_interval: .*$/m,
      `  scrape_interval: ${options.scrapeInterval}`,
      'global scrape_interval',
    );
    const timeout = Math.min(durationSeconds(options.scrapeInterval), 10);
    text = replaceOnce(
      text,
      /^ {2}scrape_timeout: .*$/m,
      `  scrape_timeout: ${timeout * 1000}ms`,
      'global scrape_timeout',
    );
  }
  if (options.evaluationInterval) {
    text = replaceOnce(
      text,
      /^ {2}evaluation_interval: .*$/m,
      `  evaluation_interval: ${options.evaluationInterval}`,
      'global evaluation_interval',
    );
  }
  const rules = topLevelBlock(text, 'rule_files');
  text = `${text.slice(0, rules.start)}rule_files:\n${options.ruleFiles.map((f) => `  - ${JSON.stringify(f)}\n`).join('')}${text.slice(rules.end)}`;

  const alerting = topLevelBlock(text, 'alerting');
  const alertingBlock = replaceOnce(
    text.slice(alerting.start, alerting.end),
    /targets: \[.*\]/,
    `targets: [${JSON.stringify(options.alertmanagerTarget ?? '')}]`,
    'Alertmanager target',
  );
  text = `${text.slice(0, alerting.start)}${options.alertmanagerTarget ? alertingBlock : ''}${text.slice(alerting.end)}`;

  text = replaceJobTarget(text, 'chat-app', options.appTarget);
  if (options.appCredentialsFile)
    text = replaceOnce(
      text,
      /^ {6}credentials_file: .*$/m,
      `      credentials_file: ${JSON.stringify(options.appCredentialsFile)}`,
      'chat-app credentials_file',
    );
  return replaceJobTarget(text, 'chat-monitor', options.monitorTarget);
}

function replaceJobTarget(text: string, job: string, target: string): string {
  const start = text.indexOf(`- job_name: ${job}\n`);
  if (start < 0) throw new Error(`No scrape job "${job}"`);
  const next = text.indexOf('- job_name:', start + 1);
  const end = next < 0 ? text.length : next;
  const block = replaceOnce(
    text.slice(start, end),
    /targets: \[.*\]/,
    `targets: [${JSON.stringify(target)}]`,
    `target of job ${job}`,
  );
  return text.slice(0, start) + block + text.slice(end);
}

/**
 * The rules with every `for:` divided by `divisor` (at least `minSeconds`), for tests that cannot wait minutes.
 * Range windows and thresholds stay as written, so the expressions are the production ones.
 */
export function scaleForDurations(rules: string, divisor: number, minSeconds = 1): string {
  let count = 0;
  const scaled = rules.replace(
    /^([ \t]+)for: (\d+(?:ms|s|m|h))[ \t]*$/gm,
    (_line, indent: string, duration: string) => {
      count += 1;
      return `${indent}for: ${Math.max(minSeconds, Math.round(durationSeconds(duration) / divisor))}s`;
    },
  );
  if (count === 0) throw new Error('No `for:` line found to scale');
  return scaled;
}

export interface AlertmanagerRenderOptions {
  /** Folder holding the secret files named in alertmanager.yml (pagerduty-routing-key, slack-webhook-url). */
  secretsDir: string;
  /** Folder of chatwatch.tmpl (the checked-in config names it relative to itself). */
  templatesDir: string;
  pagerdutyUrl?: string;
  groupWait?: string;
  groupInterval?: string;
}

/** The checked-in alertmanager.yml with its secret files, templates and PagerDuty endpoint moved. */
export function renderAlertmanagerConfig(source: string, options: AlertmanagerRenderOptions): string {
  const secretPaths = source.match(/\/etc\/alertmanager\/secrets\//g)?.length ?? 0;
  if (secretPaths === 0) throw new Error('No /etc/alertmanager/secrets/ path to move');
  let text = source.replaceAll('/etc/alertmanager/secrets/', `${options.secretsDir.replace(/\/$/, '')}/`);
  text = replaceOnce(
    text,
    /^ {2}- chatwatch\.tmpl$/m,
    `  - ${JSON.stringify(`${options.templatesDir.replace(/\/$/, '')}/chatwatch.tmpl`)}`,
    'template file',
  );
  if (options.pagerdutyUrl)
    text = replaceOnce(
      text,
      /^ {2}pagerduty_url: .*$/m,
      `  pagerduty_url: ${JSON.stringify(options.pagerdutyUrl)}`,
      'global pagerduty_url',
    );
  if (options.groupWait)
    text = replaceOnce(text, /^ {2}group_wait: .*$/m, `  group_wait: ${options.groupWait}`, 'route group_wait');
  if (options.groupInterval)
    text = replaceOnce(
      text,
      /^ {2}group_interval: .*$/m,
      `  group_interval: ${options.groupInterval}`,
      'route group_interval',
    );
  return text;
}
