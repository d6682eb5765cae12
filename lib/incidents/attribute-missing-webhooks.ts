import type { IncidentContext } from './context';

/** A webhook may go missing this long before the first failed run of the incident that explains it. */
export const ATTRIBUTION_LEAD_MS = 2 * 60_000;

export interface MissingWebhook {
  vendorMessageId: string;
  createdAt: Date;
}

export interface Attribution {
  /** Missing inside a resolved webhooks incident: already known, nothing new is failing. */
  explained: number;
  /** Missing inside an open incident or outside any: the loss is current, or new. */
  unexplained: number;
}

/**
 * Reconciliation finds missing webhooks minutes after the fact. Each is attributed to the webhooks incident
 * whose time span contains it (the incident's count and timeline say so); only those no resolved incident
 * explains count as a new failure, so an audit of the past never reopens an outage that is over.
 */
export async function attributeMissingWebhooks({
  ctx,
  input,
}: {
  ctx: IncidentContext;
  input: { missing: MissingWebhook[]; now: Date };
}): Promise<Attribution> {
  if (input.missing.length === 0) return { explained: 0, unexplained: 0 };
  const earliest = new Date(Math.min(...input.missing.map((m) => m.createdAt.getTime())));
  const incidents = await ctx.db.incident.findMany({
    where: { component: 'webhooks', OR: [{ resolvedAt: null }, { resolvedAt: { gte: earliest } }] },
    select: { id: true, startedAt: true, resolvedAt: true },
  });
  const byIncident = new Map<string, number>();
  let explained = 0;
  let unexplained = 0;
  for (const m of input.missing) {
    const t = m.createdAt.getTime();
    const incident = incidents.find(
      (i) => t >= i.startedAt.getTime() - ATTRIBUTION_LEAD_MS && t <= (i.resolvedAt ?? input.now).getTime(),
    );
    if (incident) byIncident.set(incident.id, (byIncident.get(incident.id) ?? 0) + 1);
    if (incident?.resolvedAt) explained++;
    else unexplained++;
  }
  for (const [incidentId, count] of byIncident) {
    await ctx.db.incident.update({ where: { id: incidentId }, data: { missingWebhooks: { increment: count } } });
    await ctx.db.incidentUpdate.create({
      data: {
        incidentId,
        kind: 'UPDATE',
        message: `Reconciliation found ${count} webhook(s) the vendor never delivered in this incident's window and backfilled them.`,
      },
    });
  }
  return { explained, unexplained };
}
