import type { Metadata } from 'next';
import { requireUser } from '@/lib/auth/session';
import { appContext } from '@/lib/context';
import { getNotificationSettings } from '@/lib/settings/notification-settings';
import { NotificationSettingsForm } from './settings-form';

export const metadata: Metadata = { title: 'Email notifications' };

export default async function NotificationSettingsPage() {
  const user = await requireUser('/settings/notifications');
  const settings = await getNotificationSettings({ ctx: appContext(), input: { userId: user.id } });
  const zones = Intl.supportedValuesOf('timeZone');
  return (
    <main className="mx-auto max-w-2xl px-4 sm:px-6 py-10">
      <h1 className="text-2xl font-semibold">Email notifications</h1>
      <p className="mt-1 text-sm text-slate-600">
        How we email you about new messages. Password resets and messages sent while the chat is down are always
        emailed.
      </p>
      {settings.optOuts.length > 0 && (
        <ul
          className="mt-4 rounded border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900"
          data-testid="email-opt-outs"
        >
          {settings.optOuts.map((line) => (
            <li key={line}>You {line}.</li>
          ))}
        </ul>
      )}
      <NotificationSettingsForm settings={settings} zones={zones.includes('UTC') ? zones : ['UTC', ...zones]} />
    </main>
  );
}
