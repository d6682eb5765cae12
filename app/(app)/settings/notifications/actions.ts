'use server';
import { requireApiUser } from '@/lib/auth/session';
import { appContext } from '@/lib/context';
import { formError } from '@/lib/http/form-error';
import { formValues, type FormState } from '@/lib/http/form-state';
import { logger, newRequestId } from '@/lib/logger';
import { updateNotificationSettings } from '@/lib/settings/notification-settings';

const FIELDS = ['emailMode', 'quietHours', 'quietStart', 'quietEnd', 'timeZone'] as const;

export async function saveNotificationSettings(_previous: FormState, form: FormData): Promise<FormState> {
  const log = logger.child({ reqId: newRequestId(), action: 'save-notification-settings' });
  const values = formValues(form, FIELDS);
  try {
    const viewer = await requireApiUser();
    await updateNotificationSettings({ ctx: appContext(log), input: { userId: viewer.id, form: values } });
    return { status: 'success', message: 'Your notification settings are saved.', values };
  } catch (error) {
    return { ...formError(error, log), values } as FormState;
  }
}
