import type { SandboxConfig } from '../config';
import { sendgridEventHeaders } from '../mail/sign';
import type { Dialect } from '../dialects/types';

/** Where outbox rows go. Adding a target fails to compile until createTargets describes it. */
export type Target = 'vendor' | 'sendgrid';

export interface TargetSpec {
  url: string;
  /** Wait before retry n (after attempt n failed); when it runs out the event is marked failed. */
  retryDelaysMs: readonly number[];
  timeoutMs: number;
  headers(eventId: string, body: string, now: Date, attempt: number, url: string): Record<string, string>;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export const VENDOR_SCHEDULES = {
  production: {
    retryDelaysMs: [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR],
    timeoutMs: 15 * SECOND,
  },
  fast: { retryDelaysMs: [200, 500, 1 * SECOND, 2 * SECOND, 4 * SECOND], timeoutMs: 2 * SECOND },
} as const;

// SendGrid retries failed event posts for hours; the sandbox keeps it short so tests and demos settle.
const SENDGRID_SCHEDULES = {
  production: { retryDelaysMs: [1 * SECOND, 5 * SECOND, 30 * SECOND], timeoutMs: 10 * SECOND },
  fast: { retryDelaysMs: [200, 500, 1 * SECOND], timeoutMs: 2 * SECOND },
} as const;

/** Vendor webhooks are signed the running dialect's way; SendGrid's are always SendGrid's. */
export function createTargets(
  config: SandboxConfig,
  dialect: Pick<Dialect, 'signWebhook'>,
): Record<Target, TargetSpec> {
  const schedule = config.SANDBOX_WEBHOOK_SCHEDULE;
  return {
    vendor: {
      url: config.APP_WEBHOOK_URL,
      ...VENDOR_SCHEDULES[schedule],
      headers: dialect.signWebhook(config.VENDOR_WEBHOOK_SECRET),
    },
    sendgrid: {
      url: config.SENDGRID_EVENT_WEBHOOK_URL,
      ...SENDGRID_SCHEDULES[schedule],
      headers: sendgridEventHeaders(config.SENDGRID_EVENT_PRIVATE_KEY),
    },
  };
}
