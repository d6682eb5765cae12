import type { Logger } from 'pino';
import { mapError } from './error-response';
import type { FormState } from './form-state';

/** Maps an error thrown in a server action to a form state; unknown errors are logged and shown as a generic message. */
export function formError(error: unknown, log: Logger): FormState {
  const mapped = mapError(error);
  if (!mapped || mapped.status >= 500) {
    log.error({ err: error }, 'form action failed');
    return {
      status: 'error',
      message: mapped?.message ?? 'Something went wrong on our side. Try again in a moment.',
      fieldErrors: {},
    };
  }
  if (mapped.status === 401)
    return { status: 'error', message: 'Your session has expired. Sign in again, then retry.', fieldErrors: {} };
  return { status: 'error', message: mapped.message, fieldErrors: mapped.fieldErrors ?? {} };
}
