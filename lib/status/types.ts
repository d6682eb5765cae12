import type { FaultParty } from '../incidents/blame';
import type { MonitorComponent } from '../incidents/components';

export type ComponentStateName = 'operational' | 'degraded' | 'outage' | 'maintenance' | 'unknown';

export interface ComponentState {
  component: MonitorComponent;
  /** Who owns it: the vendor's parts and SendGrid are listed apart from ours. */
  party: FaultParty;
  label: string;
  state: ComponentStateName;
  /** When the current state began; null when not known (e.g. no incident ever recorded). */
  since: Date | null;
  /** One line saying why: the open incident's title, the failing check's error, the maintenance reason. */
  detail: string | null;
  incidentId: string | null;
}

export interface UptimeCell {
  day: string;
  hasData: boolean;
  uptime: number | null;
  /** Monitored time that counts (the denominator of uptime): less than the day when monitoring started late. */
  monitoredMs: number;
  downtimeMs: number;
  maintenanceMs: number;
  incidentCount: number;
  /** Empty on the public page, which names no incidents. */
  incidents: { id: string; title: string }[];
}

export interface UptimeBar {
  component: MonitorComponent;
  label: string;
  /** Over the whole bar, null without data. */
  uptime: number | null;
  /** Monitored time over the bar: the coverage behind `uptime`. */
  monitoredMs: number;
  cells: UptimeCell[];
}

export interface LatencyPoint {
  /** Start of the hour. */
  at: Date;
  p50Ms: number | null;
  p95Ms: number | null;
  samples: number;
}
