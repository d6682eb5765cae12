'use server';
import { revalidatePath } from 'next/cache';
import { editMaintenance, endMaintenance, scheduleMaintenance } from '@/lib/admin/maintenance';
import { revokeAnyApiToken } from '@/lib/admin/tokens';
import { changeUserRole, createUserAsAdmin, setUserSuspended } from '@/lib/admin/users';
import { requireApiUser } from '@/lib/auth/session';
import { appContext } from '@/lib/context';
import { formError } from '@/lib/http/form-error';
import { formValues, type FormState } from '@/lib/http/form-state';
import { logger, newRequestId } from '@/lib/logger';
import { fromWallTime } from '@/lib/time/zoned';

// The admin screens' server actions: parse the form, call the verb (which checks the admin role and audits), map errors.

const ctxFor = (action: string) => appContext(logger.child({ reqId: newRequestId(), action }));
const text = (form: FormData, name: string) => String(form.get(name) ?? '');

export async function createUserAction(_previous: FormState, form: FormData): Promise<FormState> {
  const ctx = ctxFor('admin-create-user');
  try {
    const actor = await requireApiUser();
    const created = await createUserAsAdmin({
      ctx,
      actor,
      input: {
        name: text(form, 'name'),
        email: text(form, 'email'),
        role: text(form, 'role'),
        password: text(form, 'password'),
      },
    });
    revalidatePath('/admin/users');
    return { status: 'success', message: `Created ${created.email} (${created.role.toLowerCase()}).` };
  } catch (error) {
    return { ...formError(error, ctx.log), values: formValues(form, ['name', 'email', 'role']) } as FormState;
  }
}

export async function changeRoleAction(_previous: FormState, form: FormData): Promise<FormState> {
  const ctx = ctxFor('admin-change-role');
  try {
    const actor = await requireApiUser();
    const { changed } = await changeUserRole({
      ctx,
      actor,
      input: { userId: text(form, 'userId'), role: text(form, 'role') },
    });
    revalidatePath('/admin/users');
    return {
      status: 'success',
      message: changed
        ? 'Role changed; their sessions were ended so it applies at their next sign-in.'
        : 'They already have that role.',
    };
  } catch (error) {
    return formError(error, ctx.log);
  }
}

export async function suspendAction(_previous: FormState, form: FormData): Promise<FormState> {
  const ctx = ctxFor('admin-suspend-user');
  try {
    const actor = await requireApiUser();
    const suspended = text(form, 'intent') === 'suspend';
    await setUserSuspended({ ctx, actor, input: { userId: text(form, 'userId'), suspended } });
    revalidatePath('/admin/users');
    return {
      status: 'success',
      message: suspended
        ? 'Suspended: signed out everywhere and cannot sign in.'
        : 'Reinstated: they can sign in again.',
    };
  } catch (error) {
    return formError(error, ctx.log);
  }
}

/** The window's fields; datetime-local values are wall times in the zone the form names (the admin's own). */
function windowFields(form: FormData) {
  const zone = text(form, 'timeZone') || 'UTC';
  const at = (name: string) => fromWallTime(text(form, name), zone) ?? text(form, name);
  const component = text(form, 'component');
  return {
    component: component === 'all' || component === '' ? null : component,
    startsAt: at('startsAt'),
    endsAt: at('endsAt'),
    reason: text(form, 'reason'),
  };
}

export async function scheduleMaintenanceAction(_previous: FormState, form: FormData): Promise<FormState> {
  const ctx = ctxFor('admin-schedule-maintenance');
  try {
    const actor = await requireApiUser();
    await scheduleMaintenance({ ctx, actor, input: windowFields(form) as never });
    revalidatePath('/admin/maintenance');
    return {
      status: 'success',
      message: 'Maintenance window scheduled. Alerts for it are held back inside the window.',
    };
  } catch (error) {
    return {
      ...formError(error, ctx.log),
      values: formValues(form, ['component', 'startsAt', 'endsAt', 'reason']),
    } as FormState;
  }
}

export async function editMaintenanceAction(_previous: FormState, form: FormData): Promise<FormState> {
  const ctx = ctxFor('admin-edit-maintenance');
  try {
    const actor = await requireApiUser();
    await editMaintenance({ ctx, actor, input: { id: text(form, 'id'), ...windowFields(form) } as never });
    revalidatePath('/admin/maintenance');
    return { status: 'success', message: 'Window updated.' };
  } catch (error) {
    return formError(error, ctx.log);
  }
}

export async function endMaintenanceAction(_previous: FormState, form: FormData): Promise<FormState> {
  const ctx = ctxFor('admin-end-maintenance');
  try {
    const actor = await requireApiUser();
    await endMaintenance({ ctx, actor, input: { id: text(form, 'id') } });
    revalidatePath('/admin/maintenance');
    return { status: 'success', message: 'Window ended.' };
  } catch (error) {
    return formError(error, ctx.log);
  }
}

export async function revokeAnyTokenAction(_previous: FormState, form: FormData): Promise<FormState> {
  const ctx = ctxFor('admin-revoke-token');
  try {
    const actor = await requireApiUser();
    await revokeAnyApiToken({ ctx, actor, input: { id: text(form, 'id') } });
    revalidatePath('/admin/tokens');
    return { status: 'success', message: 'Token revoked.' };
  } catch (error) {
    return formError(error, ctx.log);
  }
}
