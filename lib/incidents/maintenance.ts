import type { z } from 'zod';
import { ValidationError } from '../errors';
import type { MonitorComponent } from './components';
import type { IncidentContext } from './context';
import { maintenanceWindowInput } from './schemas';

/** Plans a maintenance window: alerts for the component (all when none) are suppressed inside it; runs are still recorded. */
export async function createMaintenanceWindow({
  ctx,
  input,
}: {
  ctx: IncidentContext;
  input: z.input<typeof maintenanceWindowInput>;
}): Promise<{ id: string }> {
  const parsed = maintenanceWindowInput.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error);
  const { component, ...rest } = parsed.data;
  const window = await ctx.db.maintenanceWindow.create({ data: { ...rest, component: component ?? null } });
  ctx.log.info(
    { maintenanceWindowId: window.id, component: component ?? 'all', startsAt: rest.startsAt, endsAt: rest.endsAt },
    'maintenance window planned',
  );
  return { id: window.id };
}

/** The maintenance window covering the component at `at`, if any. */
export async function findActiveMaintenance({
  ctx,
  input,
}: {
  ctx: IncidentContext;
  input: { component: MonitorComponent; at: Date };
}) {
  return ctx.db.maintenanceWindow.findFirst({
    where: {
      startsAt: { lte: input.at },
      endsAt: { gt: input.at },
      OR: [{ component: null }, { component: input.component }],
    },
    orderBy: { endsAt: 'desc' },
  });
}
