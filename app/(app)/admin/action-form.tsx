'use client';
import { useActionState, type ReactNode } from 'react';
import { IDLE, type FormState } from '@/lib/http/form-state';

/**
 * A small form bound to a server action that shows the action's outcome beside its button (never silently).
 * Used for the one-button actions of the admin screens (change role, suspend, end, revoke).
 */
export function ActionForm({
  action,
  children,
  testId,
  className,
}: {
  action: (previous: FormState, form: FormData) => Promise<FormState>;
  children: ReactNode;
  testId?: string;
  className?: string;
}) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  const message =
    state.status === 'idle'
      ? null
      : state.status === 'error'
        ? [state.message, ...Object.values(state.fieldErrors).flat()]
            .filter((m, i, all) => all.indexOf(m) === i)
            .join(' ')
        : state.message;
  return (
    <form
      action={formAction}
      className={className ?? 'flex flex-wrap items-center gap-2'}
      data-testid={testId}
      aria-busy={pending}
    >
      {children}
      {message && (
        <span
          role="status"
          className={`text-xs ${state.status === 'error' ? 'text-red-700' : 'text-emerald-800'}`}
          data-testid={testId ? `${testId}-status` : undefined}
        >
          {message}
        </span>
      )}
    </form>
  );
}
