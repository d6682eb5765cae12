import type { FaultParty } from '../incidents/blame';
import type { MonitorComponent } from '../incidents/components';

/** Alert channels. A new name fails to compile until ./channels/index.ts registers it. */
export type ChannelName = 'email' | 'slack' | 'pagerduty' | 'webhook';

export type AlertKindName = 'opened' | 'reminder' | 'resolved';

/** Everything a channel needs to tell engineers about an incident, built once per alert by ./message.ts. */
export interface AlertMessage {
  kind: AlertKindName;
  incidentId: string;
  component: MonitorComponent;
  /** Who is at fault: `ours` pages our engineers about our own part. */
  party: FaultParty;
  componentLabel: string;
  title: string;
  /** One or two sentences naming the numbers: what fails, since when, how often. */
  summary: string;
  startedAt: Date;
  detectedAt: Date;
  resolvedAt: Date | null;
  /** The incident's page. */
  url: string;
  /** Stable per incident: PagerDuty's dedup_key, the webhook's id. */
  dedupKey: string;
  /** The reminder's number (1, 2, …); 0 otherwise. */
  sequence: number;
  failedRuns: number;
  lastError: string | null;
  faults: { source: string; id: string; mode: string; startedAt: Date }[];
}

/** One place alerts go. `send` throws on failure; errors carrying `retryable` are retried by the dispatcher. */
export interface AlertChannel {
  readonly name: ChannelName;
  /** The kinds it takes (PagerDuty re-notifies through its own escalation policy, so it takes no reminders). */
  readonly kinds: readonly AlertKindName[];
  /**
   * For channels that reach several people one request each (e-mail addresses): each gets its own delivery record,
   * retried on its own, so a failure for one never resends to another. Absent: one delivery for the channel.
   */
  readonly recipients?: readonly string[];
  /**
   * Whether the receiver drops a repeat of the same alert (PagerDuty's dedup_key, the webhook's id). A send that got
   * no answer (outcome `unknown`) is sent again only then; otherwise it is recorded UNCONFIRMED and not resent, since
   * it may have arrived (docs/resilience.md › Alert sends with no answer).
   */
  readonly dropsRepeats: boolean;
  /** `recipient` is one of `recipients` when the channel has them. */
  /** `deliveryId`: the alert_delivery row this send is for (the e-mail channel tags the mail with it). */
  send(message: AlertMessage, recipient?: string, deliveryId?: string): Promise<void>;
}
