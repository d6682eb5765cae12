'use server';
import { revalidatePath } from 'next/cache';
import { requireApiUser } from '@/lib/auth/session';
import { appContext } from '@/lib/context';
import { formError } from '@/lib/http/form-error';
import type { FormState } from '@/lib/http/form-state';
import { logger, newRequestId } from '@/lib/logger';
import { postIncidentNote } from '@/lib/status/post-incident-note';

/** The note form on /status and /incidents/[id]. */
export async function postIncidentNoteAction(_previous: FormState, form: FormData): Promise<FormState> {
  const log = logger.child({ reqId: newRequestId(), action: 'post-incident-note' });
  const incidentId = String(form.get('incidentId') ?? '');
  try {
    const user = await requireApiUser();
    await postIncidentNote({
      ctx: appContext(log),
      user,
      input: { incidentId, message: String(form.get('message') ?? '') },
    });
  } catch (error) {
    return formError(error, log);
  }
  revalidatePath('/status');
  revalidatePath(`/incidents/${incidentId}`);
  return { status: 'success', message: 'Update posted.' };
}
