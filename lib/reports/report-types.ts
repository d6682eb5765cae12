import type { FaultParty } from '../incidents/blame';
import type { MonitorComponent } from '../incidents/components';
import type { ReportQuery } from './report-query';

/** An incident as reports read it. */
export interface ReportIncident {
  id: string;
  component: MonitorComponent;
  /** Who is at fault (lib/incidents/blame.ts); vendor reports only hold vendor and sendgrid incidents. */
  party: FaultParty;
  title: string;
  status: 'OPEN' | 'RESOLVED';
  startedAt: Date;
  detectedAt: Date;
  recoveredAt: Date | null;
  /** Earliest matched ground-truth fault. */
  faultStartedAt: Date | null;
  missingWebhooks: number;
}

export interface ReportMaintenance {
  /** Null: every component. */
  component: MonitorComponent | null;
  startsAt: Date;
  endsAt: Date;
  reason: string;
}

export interface ComponentFigures {
  /** 0..1, null without data. */
  uptime: number | null;
  eligibleMs: number;
  downtimeMs: number;
  maintenanceMs: number;
  incidents: number;
  openIncidents: number;
  mttdMs: number | null;
  mttrMs: number | null;
  runs: number;
  failedRuns: number;
  /** uptime ≥ SLA target; null without data. */
  slaMet: boolean | null;
}

export interface VendorFigures {
  messages: number;
  webhookMessages: number;
  reconciledMessages: number;
  /** webhookMessages ÷ messages, null without messages. */
  deliveryRate: number | null;
  webhookEvents: number;
  backfilledEvents: number;
  lagP50Ms: number | null;
  lagP95Ms: number | null;
  lagP99Ms: number | null;
  /** Always false: every percentile shown comes from the merged daily histograms (one computation everywhere). */
  lagExact: boolean;
}

export interface EmailFigures {
  succeeded: number;
  failed: number;
  cancelled: number;
  pending: number;
  /** succeeded ÷ (succeeded + failed), null when none finished. */
  successRate: number | null;
}

export interface PeriodFigures {
  key: string;
  label: string;
  from: Date;
  to: Date;
  components: Record<MonitorComponent, ComponentFigures>;
  /** The chat vendor's components together: down when any of them is. */
  overall: ComponentFigures;
  vendor: VendorFigures;
  email: EmailFigures;
  /** Whether the monitor recorded any run in the period. */
  hasData: boolean;
}

/** A computed report: the range as asked (ReportQuery), with the vendor resolved, and its figures. */
export interface Report extends Pick<ReportQuery, 'from' | 'to' | 'fromDay' | 'toDay' | 'days' | 'granularity'> {
  vendor: string;
  /** Vendors seen in the data, and the configured one. */
  vendors: string[];
  generatedAt: Date;
  /** Percent, e.g. 99.9. */
  slaTargetPercent: number;
  periods: PeriodFigures[];
  totals: PeriodFigures;
  /** Incidents that overlap the range, newest first. */
  incidents: ReportIncident[];
  hasData: boolean;
}
