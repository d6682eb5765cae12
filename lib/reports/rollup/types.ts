import type { MonitorComponent } from '../../incidents/components';

/** Counted check runs of one component on one UTC day. */
export interface ComponentDay {
  day: string;
  component: MonitorComponent;
  runs: number;
  failedRuns: number;
  /** First counted run's start and last counted run's end that day: the monitored span (null in rows rolled up before it existed). */
  firstRunAt: Date | null;
  lastRunAt: Date | null;
}

/** Messages and webhooks of one chat vendor on one UTC day (see prisma/schema/reports.prisma). */
export interface VendorDay {
  day: string;
  vendor: string;
  messages: number;
  webhookMessages: number;
  reconciledMessages: number;
  webhookEvents: number;
  backfilledEvents: number;
  lagP50Ms: number | null;
  lagP95Ms: number | null;
  lagP99Ms: number | null;
  lagHistogram: number[];
}

/** Emails due on one UTC day, by outcome. */
export interface EmailDay {
  day: string;
  succeeded: number;
  failed: number;
  cancelled: number;
  pending: number;
}

/** Everything the reports read per day; days without any data have no entries. */
export interface DailyFigures {
  components: ComponentDay[];
  vendors: VendorDay[];
  emails: EmailDay[];
}
