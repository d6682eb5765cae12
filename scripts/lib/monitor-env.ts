/** The seed's password for every demo account, the synthetic monitor user included (prisma/seed.ts). */
const DEMO_PASSWORD = 'chatwatch-demo';

/**
 * The monitor's settings on a local stack: the synthetic user's demo password (when the demo data is seeded),
 * and every alert channel pointed at the sandbox, so alerts show at <sandbox>/admin/alerts and the mailbox.
 * Values already in `env` win: a developer can point a channel at a real Slack.
 */
export function localMonitorEnv(
  sandboxUrl: string,
  seeded: boolean,
  env: Record<string, string | undefined> = process.env,
): Record<string, string> {
  const defaults: Record<string, string> = {
    MONITOR_SLACK_WEBHOOK_URL: `${sandboxUrl}/sinks/slack/chatwatch-alerts`,
    MONITOR_PAGERDUTY_URL: `${sandboxUrl}/sinks/pagerduty/v2/enqueue`,
    MONITOR_PAGERDUTY_ROUTING_KEY: 'sandbox-routing-key',
    MONITOR_ALERT_WEBHOOK_URL: `${sandboxUrl}/sinks/webhook/chatwatch-incidents`,
    MONITOR_ALERT_EMAIL_TO: 'oncall@chatwatch.test',
    ...(seeded ? { MONITOR_SYNTHETIC_PASSWORD: DEMO_PASSWORD } : {}),
  };
  return Object.fromEntries(Object.entries(defaults).map(([key, value]) => [key, env[key] ?? value]));
}
