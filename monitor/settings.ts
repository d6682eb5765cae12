import { hostname } from 'node:os';
import cron from 'node-cron';
import { ConfigError, type Config } from '../lib/config';
import { CHECK_NAMES, isCheckName, type CheckName } from './checks';

/** The monitor's view of the configuration, checked once at start (cron syntax, check names, the journey's password). */
export interface MonitorSettings {
  instanceId: string;
  enabled: CheckName[];
  schedules: Record<CheckName, string>;
  dashboardUrl: string;
}

export function monitorSettings(config: Config): MonitorSettings {
  const problems: string[] = [];
  const schedules: Record<CheckName, string> = {
    'chat-journey': config.MONITOR_SCHEDULE_CHAT_JOURNEY,
    'vendor-api': config.MONITOR_SCHEDULE_VENDOR_API,
    reconciliation: config.MONITOR_SCHEDULE_RECONCILIATION,
    pipeline: config.MONITOR_SCHEDULE_PIPELINE,
    'app-sign-in': config.MONITOR_SCHEDULE_APP_SIGN_IN,
  };
  const variable: Record<CheckName, string> = {
    'chat-journey': 'MONITOR_SCHEDULE_CHAT_JOURNEY',
    'vendor-api': 'MONITOR_SCHEDULE_VENDOR_API',
    reconciliation: 'MONITOR_SCHEDULE_RECONCILIATION',
    pipeline: 'MONITOR_SCHEDULE_PIPELINE',
    'app-sign-in': 'MONITOR_SCHEDULE_APP_SIGN_IN',
  };
  for (const name of CHECK_NAMES)
    if (!cron.validate(schedules[name]))
      problems.push(`  ${variable[name]}: "${schedules[name]}" is not a cron expression`);
  const unknown = config.MONITOR_CHECKS.filter((name) => !isCheckName(name));
  if (unknown.length > 0)
    problems.push(`  MONITOR_CHECKS: unknown check(s) ${unknown.join(', ')} (known: ${CHECK_NAMES.join(', ')})`);
  const enabled = config.MONITOR_CHECKS.filter(isCheckName);
  if ((enabled.includes('chat-journey') || enabled.includes('app-sign-in')) && !config.MONITOR_SYNTHETIC_PASSWORD)
    problems.push(
      '  MONITOR_SYNTHETIC_PASSWORD: required while chat-journey or app-sign-in is enabled (the synthetic user’s password)',
    );
  if (config.MONITOR_RECONCILE_TO_SECONDS >= config.MONITOR_RECONCILE_FROM_SECONDS)
    problems.push('  MONITOR_RECONCILE_TO_SECONDS: must be less than MONITOR_RECONCILE_FROM_SECONDS');
  if (problems.length > 0)
    throw new ConfigError(
      `Invalid monitor configuration:\n${problems.join('\n')}\nSee .env.example for every variable and its default.`,
    );
  return {
    instanceId: config.MONITOR_INSTANCE_ID ?? `${hostname()}-${process.pid}`,
    enabled,
    schedules,
    dashboardUrl: config.MONITOR_DASHBOARD_URL ?? config.APP_URL,
  };
}
