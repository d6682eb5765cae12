import type { Metadata } from 'next';
import { listMaintenanceWindows } from '@/lib/admin/maintenance';
import { requireRole } from '@/lib/auth/access';
import { appContext } from '@/lib/context';
import { getReaderTimeZone } from '@/lib/settings/reader-time-zone';
import { toWallTime } from '@/lib/time/zoned';
import { ActionForm } from '../action-form';
import { scheduleMaintenanceAction } from '../actions';
import { AdminNav } from '../admin-nav';
import { WindowFields } from './window-fields';
import { MaintenanceWindowItem } from './window-item';

export const metadata: Metadata = { title: 'Admin · maintenance windows' };

/** Admins schedule, edit and end maintenance windows per component (alerts are held back inside a window). */
export default async function AdminMaintenancePage() {
  const admin = await requireRole(['ADMIN'], '/admin/maintenance');
  const ctx = appContext();
  const timeZone = await getReaderTimeZone({ ctx, input: { userId: admin.id } });
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
        {windows.map((w) => (
          <MaintenanceWindowItem key={w.id} maintenance={w} now={now} timeZone={timeZone} />
        ))}
      </ul>
    </main>
  );
}
