'use server';
import { redirect } from 'next/navigation';
import { requireApiUser } from '@/lib/auth/session';
import { appContext } from '@/lib/context';
import { formError } from '@/lib/http/form-error';
import { formValues, type FormState } from '@/lib/http/form-state';
import { logger, newRequestId } from '@/lib/logger';
import { createProject } from '@/lib/projects/create-project';

/** Starts a project and opens its conversation; errors come back to the form field by field. */
export async function createProjectAction(_previous: FormState, form: FormData): Promise<FormState> {
  const log = logger.child({ reqId: newRequestId(), action: 'create-project' });
  const values = formValues(form, ['title', 'designerId']);
  let id: string;
  try {
    const viewer = await requireApiUser();
    ({ id } = await createProject({ ctx: appContext(log), input: { viewer, form: values } }));
  } catch (error) {
    return { ...formError(error, log), values } as FormState;
  }
  redirect(`/projects/${id}`);
}
