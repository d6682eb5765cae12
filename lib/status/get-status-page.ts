import { systemClock } from '../clock';
import { getConfig } from '../config';
import type { ServiceContext } from '../context';
import { getDb } from '../db/client';
import { getComponentStates } from './get-component-states';
import { getJourneyLatency, getWebhookLag } from './get-latency-series';
import { getRumSummary } from './get-rum-summary';
import { getUptimeBars } from './get-uptime-bars';
import { listActiveIncidents, listRecentlyResolved } from './list-incidents';
import { listRecentFailedRuns } from './list-failed-runs';
import { getJourneyLiveness, getMonitorLiveness } from './monitor-liveness';

/** The service context's client and clock (the page is as of `clock.now()`), with the settings it shows. */
export interface StatusContext extends Pick<ServiceContext, 'db' | 'clock'> {
  vendor: string;
  slaTargetPercent: number;
  heartbeatStaleSeconds: number;
}

export function statusContext(): StatusContext {
  const config = getConfig();
  return {
    db: getDb(),
    clock: systemClock,
    vendor: config.CHAT_VENDOR,
    slaTargetPercent: config.REPORT_SLA_TARGET_PERCENT,
    heartbeatStaleSeconds: config.MONITOR_HEARTBEAT_STALE_SECONDS,
  };
}

/** Everything /status shows, read in parallel. */
export async function getStatusPage({ ctx }: { ctx: StatusContext }) {
  const now = ctx.clock.now();
  const liveness = await getMonitorLiveness(ctx.db, now, ctx.heartbeatStaleSeconds);
  const reportCtx = { db: ctx.db, defaultVendor: ctx.vendor, slaTargetPercent: ctx.slaTargetPercent };
  const [states, bars, journey, webhookLag, active, resolved, failedRuns, rum, journeys] = await Promise.all([
    getComponentStates(ctx.db, now, liveness),
    getUptimeBars(reportCtx, now),
    getJourneyLatency(ctx.db, now),
    getWebhookLag(ctx.db, now, ctx.vendor),
    listActiveIncidents(ctx.db),
    listRecentlyResolved(ctx.db, now),
    listRecentFailedRuns(ctx.db, now),
    getRumSummary(ctx.db, now),
    getJourneyLiveness(ctx.db),
  ]);
  return {
    generatedAt: now,
    liveness,
    journeys,
    states,
    bars,
    journey,
    webhookLag,
    active,
    resolved,
    failedRuns,
    rum,
    vendor: ctx.vendor,
  };
}

export type StatusPageData = Awaited<ReturnType<typeof getStatusPage>>;

/** What /status/public shows: states and uptime bars, no incident titles, errors or evidence. */
export async function getPublicStatusPage({ ctx }: { ctx: StatusContext }) {
  const now = ctx.clock.now();
  const liveness = await getMonitorLiveness(ctx.db, now, ctx.heartbeatStaleSeconds);
  const [states, bars] = await Promise.all([
    getComponentStates(ctx.db, now, liveness),
    getUptimeBars({ db: ctx.db, defaultVendor: ctx.vendor, slaTargetPercent: ctx.slaTargetPercent }, now),
  ]);
  return {
    generatedAt: now,
    states: states.map((s) => ({
      component: s.component,
      party: s.party,
      label: s.label,
      state: s.state,
      since: s.since,
    })),
    bars: bars.map((b) => ({ ...b, cells: b.cells.map((c) => ({ ...c, incidents: [] })) })),
  };
}
