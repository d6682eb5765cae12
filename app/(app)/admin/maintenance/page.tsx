import type { Metadata } from 'next';
import { listMaintenanceWindows } from '@/lib/admin/maintenance';
import { requireRole } from '@/lib/auth/access';
import { appContext } from '@/lib/context';
import { COMPONENT_LABELS, COMPONENTS } from '@/lib/incidents/components';
import { getNotificationSettings } from '@/lib/settings/notification-settings';
import { safeTimeZone, toWallTime, zonedDateTime } from '@/lib/time/zoned';
import { inputClass } from '../../../_components/field';
import { ActionForm } from '../action-form';
import { editMaintenanceAction, endMaintenanceAction, scheduleMaintenanceAction } from '../actions';
import { AdminNav } from '../admin-nav';

export const metadata: Metadata = { title: 'Admin · maintenance windows' };

const small = 'rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50';

/** The fields of a window, shared by "schedule" and "edit". Times are wall times in the admin's zone. */
function WindowFields({
  timeZone,
  defaults,
}: {
  timeZone: string;
  defaults: { component: string; startsAt: string; endsAt: string; reason: string };
}) {
  return (
    <>
      <input type="hidden" name="timeZone" value={timeZone} />
      <label className="text-sm">
        Component
        <select
          name="component"
          defaultValue={defaults.component}
          className={inputClass}
          data-testid="maintenance-component"
        >
          <option value="all">Every component</option>
          {COMPONENTS.map((c) => (
            <option key={c} value={c}>
              {COMPONENT_LABELS[c]}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm">
        Reason
        <input
          name="reason"
          defaultValue={defaults.reason}
          maxLength={500}
          className={inputClass}
          data-testid="maintenance-reason"
        />
      </label>
      <label className="text-sm">
        Starts ({timeZone})
        <input
          name="startsAt"
          type="datetime-local"
          defaultValue={defaults.startsAt}
          className={inputClass}
          data-testid="maintenance-starts"
        />
      </label>
      <label className="text-sm">
        Ends ({timeZone})
        <input
          name="endsAt"
          type="datetime-local"
          defaultValue={defaults.endsAt}
          className={inputClass}
          data-testid="maintenance-ends"
        />
      </label>
    </>
  );
}

/** Admins schedule, edit and end maintenance windows per component (alerts are held back inside a window). */
export default async function AdminMaintenancePage() {
  const admin = await requireRole(['ADMIN'], '/admin/maintenance');
  const ctx = appContext();
  const timeZone = safeTimeZone((await getNotificationSettings({ ctx, input: { userId: admin.id } })).timeZone);
  const now = ctx.clock.now();
  const windows = await listMaintenanceWindows({ ctx });
  const inAnHour = new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000 + 3_600_000);
  return (
    <main className="mx-auto max-w-5xl px-4 sm:px-6 py-8">
      <h1 className="text-2xl font-semibold">Admin</h1>
      <AdminNav current="/admin/maintenance" />

      <section aria-labelledby="schedule" className="mt-6 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="schedule" className="font-semibold">
          Schedule a window
        </h2>
        <p className="text-sm text-slate-600">
          Checks still run and are recorded; alerts for the component are held back, and reports leave the window out of
          uptime.
        </p>
        <ActionForm
          action={scheduleMaintenanceAction}
          testId="maintenance-schedule"
          className="mt-3 grid gap-3 sm:grid-cols-2"
        >
          <WindowFields
            timeZone={timeZone}
            defaults={{
              component: 'all',
              startsAt: toWallTime(inAnHour, timeZone),
              endsAt: toWallTime(new Date(inAnHour.getTime() + 3_600_000), timeZone),
              reason: '',
            }}
          />
          <button
            type="submit"
            className="w-fit rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700"
            data-testid="maintenance-submit"
          >
            Schedule
          </button>
        </ActionForm>
      </section>

      <h2 className="mt-8 font-semibold">Windows (current, planned, and ended in the last 7 days)</h2>
      <ul className="mt-2 space-y-3" data-testid="maintenance-windows">
        {windows.length === 0 && <li className="text-sm text-slate-600">No maintenance window.</li>}
        {windows.map((w) => {
          const state = w.endsAt <= now ? 'ended' : w.startsAt <= now ? 'in progress' : 'planned';
          return (
            <li
              key={w.id}
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
        })}
      </ul>
    </main>
  );
}
