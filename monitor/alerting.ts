import type { Logger } from 'pino';
import { announceAfterMaintenance, reminderSequence, sendIncidentAlert } from '../lib/alerts/send-incident-alert';
import { resendOrphanedAlerts } from '../lib/alerts/resend-orphaned-alerts';
import type { AlertChannel, AlertKindName } from '../lib/alerts/types';
import type { Db } from '../lib/db/client';
import { attachFaults } from '../lib/incidents/attach-faults';
import { COMPONENTS } from '../lib/incidents/components';
import type { FaultSource } from '../lib/incidents/faults/types';
import type { MonitorMetrics } from './metrics';

export interface AlertingOptions {
  db: Db;
  log: Logger;
  metrics: MonitorMetrics;
  channels: AlertChannel[];
  dashboardUrl: string;
  faultSource: FaultSource | null;
  reminderMinutes: number;
  /** How long before an incident's first failure a matching fault may have ended (longer for incidents an audit opened). */
  faultSlackMs: (openedBy: string) => number;
}

/**
 * What happens after an incident opens or resolves, off the check's path: match it with ground-truth
 * faults, then alert every channel; reminders while it stays open. Work is tracked so a stop waits for it.
 */
export class Alerting {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly options: AlertingOptions) {}

  incidentsChanged({ opened, resolved }: { opened: string[]; resolved: string[] }): void {
    for (const id of opened) this.track(this.notify(id, 'opened'));
    for (const id of resolved) this.track(this.notify(id, 'resolved'));
    this.track(this.refreshOpenGauge());
  }

  /**
   * Resends the alerts a crashed monitor recorded but never sent (lib/alerts/resend-orphaned-alerts.ts), sends the reminders due now (each (incident, sequence) at most once, by the delivery's unique key), and
   * announces incidents still open after the maintenance window that muted their opening.
   */
  async sendReminders(now = new Date()): Promise<void> {
    const { db, log, metrics, channels, dashboardUrl } = this.options;
    await resendOrphanedAlerts({
      ctx: { db, log },
      options: {
        channels,
        dashboardUrl,
        now: () => now,
        onResult: (channel, result) => metrics.alertsSent.inc({ channel, result }),
      },
    });
    const open = await this.options.db.incident.findMany({
      where: { status: 'OPEN' },
      select: { id: true, detectedAt: true, component: true },
    });
    for (const incident of open) {
      await announceAfterMaintenance({
        ctx: { db, log },
        input: { incidentId: incident.id },
        options: {
          channels,
          dashboardUrl,
          now: () => now,
          onResult: (channel, result) => metrics.alertsSent.inc({ channel, result }),
        },
      });
    }
    if (this.options.reminderMinutes <= 0) return;
    // The monitor's own incident (no browser, interrupted runs) alerts once: it stays on /status, and
    // ChatMonitorDown covers a monitor that stopped altogether. Reminders would only repeat it.
    for (const incident of open.filter((i) => i.component !== 'monitor')) {
      const sequence = reminderSequence(incident.detectedAt, now, this.options.reminderMinutes);
      if (sequence >= 1) await this.send(incident.id, 'reminder', sequence);
    }
  }

  async refreshOpenGauge(): Promise<void> {
    const rows = await this.options.db.incident.groupBy({
      by: ['component'],
      where: { status: 'OPEN' },
      _count: { _all: true },
    });
    for (const component of COMPONENTS)
      this.options.metrics.incidentsOpen.set(
        { component },
        rows.find((r) => r.component === component)?._count._all ?? 0,
      );
  }

  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private track(work: Promise<void>): void {
    const tracked = work
      .catch((error: unknown) => {
        this.options.metrics.errors.inc({ where: 'alerting' });
        this.options.log.error({ err: error }, 'incident follow-up failed');
      })
      .finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  private async notify(incidentId: string, kind: AlertKindName): Promise<void> {
    await this.matchFaults(incidentId);
    await this.send(incidentId, kind);
  }

  private async matchFaults(incidentId: string): Promise<void> {
    const { faultSource, db, log } = this.options;
    if (!faultSource) return;
    try {
      const incident = await db.incident.findUniqueOrThrow({
        where: { id: incidentId },
        select: { startedAt: true, openedBy: true },
      });
      const slackMs = this.options.faultSlackMs(incident.openedBy);
      const faults = await faultSource.list(new Date(incident.startedAt.getTime() - slackMs));
      const added = await attachFaults({ ctx: { db, log }, input: { incidentId, faults, slackMs } });
      if (added > 0)
        log.info({ incidentId, added, source: faultSource.name }, 'incident matched with ground-truth faults');
    } catch (error) {
      // Ground truth is a nice-to-have: the alert must go out without it.
      this.options.metrics.errors.inc({ where: 'fault-source' });
      log.warn({ err: error, incidentId }, 'could not read ground-truth faults');
    }
  }

  private async send(incidentId: string, kind: AlertKindName, sequence?: number): Promise<void> {
    const { db, log, metrics, channels, dashboardUrl } = this.options;
    await sendIncidentAlert({
      ctx: { db, log },
      input: { incidentId, kind, sequence },
      options: { channels, dashboardUrl, onResult: (channel, result) => metrics.alertsSent.inc({ channel, result }) },
    });
  }
}
