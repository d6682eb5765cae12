import type { MonitorComponent } from '../../lib/incidents/components';

/** What counts as "real users see the chat fail" (MONITOR_RUM_* in lib/config.ts). */
export interface RumThreshold {
  /** 0 turns RUM triggers off. */
  minUsers: number;
  minFailures: number;
  windowSeconds: number;
}

/**
 * The components real users' embed beacons speak for. A RUM-triggered run that fails on one of them counts
 * the users' failures as the first failure of the streak; a failure anywhere else needs the usual N.
 */
export const RUM_COMPONENTS: readonly MonitorComponent[] = ['chat_ui'];

/**
 * Crossed when enough distinct users and failed loads were seen. Distinct users first: one user's broken
 * network, however often it fails, never crosses it.
 */
export function rumThresholdCrossed(seen: { users: number; failures: number }, threshold: RumThreshold): boolean {
  if (threshold.minUsers === 0) return false;
  return seen.users >= threshold.minUsers && seen.failures >= threshold.minFailures;
}

/** Failures needed to open an incident for a component, given the components real users corroborate. */
export function failuresToOpenFor(
  component: MonitorComponent,
  failuresToOpen: number,
  corroborated: readonly MonitorComponent[],
): number {
  return corroborated.includes(component) ? Math.max(1, failuresToOpen - 1) : failuresToOpen;
}
