/** What MTTD and MTTR need of an incident. */
export interface IncidentTiming {
  startedAt: Date;
  detectedAt: Date;
  recoveredAt: Date | null;
  /** Earliest ground-truth fault matched to it (sandbox), when known. */
  faultStartedAt: Date | null;
}

export interface IncidentStats {
  /** Incidents that started in the period. */
  count: number;
  /** Of those, still open. */
  open: number;
  /** Mean of detectedAt − fault start (the first failed run when no fault is known), in ms. */
  mttdMs: number | null;
  /** Mean of recoveredAt − startedAt over those recovered, in ms. */
  mttrMs: number | null;
}

const mean = (values: number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);

/**
 * Incidents belong to the period they started in, wherever they end: an incident that began before `from`
 * adds downtime to this period (computeUptime) but not to its count, MTTD or MTTR.
 */
export function incidentStats(incidents: readonly IncidentTiming[], from: Date, to: Date): IncidentStats {
  const inPeriod = incidents.filter((i) => i.startedAt >= from && i.startedAt < to);
  const detect = inPeriod.map((i) => Math.max(0, i.detectedAt.getTime() - (i.faultStartedAt ?? i.startedAt).getTime()));
  const recover = inPeriod
    .filter((i) => i.recoveredAt)
    .map((i) => Math.max(0, i.recoveredAt!.getTime() - i.startedAt.getTime()));
  return {
    count: inPeriod.length,
    open: inPeriod.filter((i) => !i.recoveredAt).length,
    mttdMs: mean(detect),
    mttrMs: mean(recover),
  };
}
