'use client';
import { useActionState } from 'react';
import type { FormState } from '@/lib/http/form-state';
import { saveSubscriptionAction } from './actions';

const IDLE: FormState = { status: 'idle' };

interface Props {
  subscription: { onOpened: boolean; onUpdated: boolean; onResolved: boolean; components: string[] } | null;
  components: { value: string; label: string }[];
}

/** Which incident emails a staff member gets. */
export function SubscriptionForm({ subscription, components }: Props) {
  const [state, action, pending] = useActionState(saveSubscriptionAction, IDLE);
  const current = subscription ?? { onOpened: true, onUpdated: false, onResolved: true, components: [] };
  const error = state.status === 'error' ? [state.message, ...Object.values(state.fieldErrors).flat()].join(' ') : null;
  return (
    <form action={action} className="space-y-4" data-testid="subscription-form">
      <fieldset>
        <legend className="text-sm font-medium">Email me when an incident is…</legend>
        <div className="mt-2 flex flex-wrap gap-4 text-sm">
          <label className="flex items-center gap-2">
            <input type="checkbox" name="onOpened" defaultChecked={current.onOpened} data-testid="sub-opened" /> opened
          </label>
          <label className="flex items-center gap-2">
            <input type="checkbox" name="onUpdated" defaultChecked={current.onUpdated} data-testid="sub-updated" />{' '}
            updated (monitor updates and staff notes)
          </label>
          <label className="flex items-center gap-2">
            <input type="checkbox" name="onResolved" defaultChecked={current.onResolved} data-testid="sub-resolved" />{' '}
            resolved
          </label>
        </div>
      </fieldset>
      <fieldset>
        <legend className="text-sm font-medium">For these components (none ticked: all)</legend>
        <div className="mt-2 flex flex-wrap gap-4 text-sm">
          {components.map((c) => (
            <label key={c.value} className="flex items-center gap-2">
              <input
                type="checkbox"
                name="components"
                value={c.value}
                defaultChecked={current.components.includes(c.value)}
              />{' '}
              {c.label}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          name="intent"
          value="save"
          disabled={pending}
          className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
          data-testid="sub-save"
        >
          {subscription ? 'Save' : 'Subscribe'}
        </button>
        {subscription && (
          <button
            type="submit"
            name="intent"
            value="unsubscribe"
            disabled={pending}
            className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50"
            data-testid="sub-unsubscribe"
          >
            Unsubscribe
          </button>
        )}
        <p role="status" className={`text-sm ${error ? 'text-red-700' : 'text-emerald-700'}`} data-testid="sub-status">
          {error ?? (state.status === 'success' ? state.message : '')}
        </p>
      </div>
    </form>
  );
}
