'use server';
import { revalidatePath } from 'next/cache';
import { createApiToken } from '@/lib/api-tokens/create-api-token';
import { revokeApiToken } from '@/lib/api-tokens/revoke-api-token';
import { requireApiUser } from '@/lib/auth/session';
import { appContext } from '@/lib/context';
import { formError } from '@/lib/http/form-error';
import type { FormState } from '@/lib/http/form-state';
import { saveSubscription } from '@/lib/incident-subscriptions/save-subscription';
import { unsubscribeUser } from '@/lib/incident-subscriptions/unsubscribe';
import { COMPONENTS } from '@/lib/incidents/components';
import { logger, newRequestId } from '@/lib/logger';

const actionLog = (action: string) => logger.child({ reqId: newRequestId(), action });

export async function saveSubscriptionAction(_previous: FormState, form: FormData): Promise<FormState> {
  const log = actionLog('save-incident-subscription');
  try {
    const user = await requireApiUser();
    if (form.get('intent') === 'unsubscribe') {
      await unsubscribeUser(appContext(log).db, user.id);
      revalidatePath('/status/settings');
      return { status: 'success', message: 'You will get no more incident emails.' };
    }
    await saveSubscription({
      db: appContext(log).db,
      user,
      input: {
        onOpened: form.get('onOpened') === 'on',
        onUpdated: form.get('onUpdated') === 'on',
        onResolved: form.get('onResolved') === 'on',
        components: form
          .getAll('components')
          .map(String)
          .filter((c) => (COMPONENTS as readonly string[]).includes(c)) as (typeof COMPONENTS)[number][],
      },
    });
  } catch (error) {
    return formError(error, log);
  }
  revalidatePath('/status/settings');
  return { status: 'success', message: 'Saved. Incident emails go to your account’s address.' };
}

export type TokenState = FormState | { status: 'created'; message: string; token: string };

export async function createTokenAction(_previous: TokenState, form: FormData): Promise<TokenState> {
  const log = actionLog('create-api-token');
  try {
    const user = await requireApiUser();
    const { token } = await createApiToken({
      db: appContext(log).db,
      user,
      input: { name: String(form.get('name') ?? '') },
    });
    revalidatePath('/status/settings');
    return { status: 'created', message: 'Copy the token now: it is not shown again.', token };
  } catch (error) {
    return formError(error, log);
  }
}

export async function revokeTokenAction(form: FormData): Promise<void> {
  const log = actionLog('revoke-api-token');
  const user = await requireApiUser();
  await revokeApiToken({ db: appContext(log).db, user, input: { id: String(form.get('id') ?? '') } });
  revalidatePath('/status/settings');
}
