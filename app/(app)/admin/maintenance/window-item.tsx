import type { listMaintenanceWindows } from '@/lib/admin/maintenance';
import { COMPONENT_LABELS } from '@/lib/incidents/components';
import { toWallTime, zonedDateTime } from '@/lib/time/zoned';
import { ActionForm } from '../action-form';
import { editMaintenanceAction, endMaintenanceAction } from '../actions';
import { WindowFields } from './window-fields';

type MaintenanceWindow = Awaited<ReturnType<typeof listMaintenanceWindows>>[number];

const small = 'rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50';

/** One window in the list: its state, times in the admin's zone, and — unless it has ended — edit and end. */
export function MaintenanceWindowItem({
  maintenance: w,
  now,
  timeZone,
}: {
  maintenance: MaintenanceWindow;
  now: Date;
  timeZone: string;
}) {
  const state = w.endsAt <= now ? 'ended' : w.startsAt <= now ? 'in progress' : 'planned';
  return (
    <li
      className="rounded-xl border border-slate-200 bg-white p-4 text-sm"
      data-testid="maintenance-window"
      data-state={state}
      data-reason={w.reason}
    >
      <p className="font-medium">
        {w.component ? COMPONENT_LABELS[w.component] : 'Every component'} · {state}
      </p>
      <p className="text-slate-600 [overflow-wrap:anywhere]">
        {zonedDateTime(w.startsAt, timeZone)} → {zonedDateTime(w.endsAt, timeZone)} · {w.reason}
      </p>
      {state !== 'ended' && (
        <div className="mt-2 flex flex-wrap items-start gap-3">
          <details className="min-w-0 flex-1">
            <summary className="cursor-pointer text-indigo-700">Edit</summary>
            <ActionForm
              action={editMaintenanceAction}
              testId="maintenance-edit"
              className="mt-2 grid gap-3 sm:grid-cols-2"
            >
              <input type="hidden" name="id" value={w.id} />
              <WindowFields
                timeZone={timeZone}
                defaults={{
                  component: w.component ?? 'all',
                  startsAt: toWallTime(w.startsAt, timeZone),
                  endsAt: toWallTime(w.endsAt, timeZone),
                  reason: w.reason,
                }}
              />
              <button type="submit" className={small} data-testid="maintenance-edit-submit">
                Save changes
              </button>
            </ActionForm>
          </details>
          <ActionForm action={endMaintenanceAction} testId="maintenance-end">
            <input type="hidden" name="id" value={w.id} />
            <button type="submit" className={small} data-testid="maintenance-end-submit">
              {state === 'planned' ? 'Cancel it' : 'End now'}
            </button>
          </ActionForm>
        </div>
      )}
    </li>
  );
}
