import { addDays, startOfUtcDay } from '../time';

/**
 * A day is settled a full day after it ends: late webhooks, reconciliation (which looks 15 minutes back)
 * and SendGrid's delivery events have arrived by then. Days before this midnight may be rolled up.
 */
export function settledBefore(now: Date): Date {
  return addDays(startOfUtcDay(now), -1);
}
