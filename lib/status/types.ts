import type { MonitorComponent } from '../incidents/components';

export type ComponentStateName = 'operational' | 'degraded' | 'outage' | 'maintenance' | 'unknown';

export interface ComponentState {
  component: MonitorComponent;
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
  cells: UptimeCell[];
}

export interface LatencyPoint {
  /** Start of the hour. */
  at: Date;
  p50Ms: number | null;
  p95Ms: number | null;
  samples: number;
}
