'use client';
import { useActionState } from 'react';
import { createTokenAction, type TokenState } from './actions';

const IDLE: TokenState = { status: 'idle' };

/** Creates an API token and shows it once. */
export function TokenForm() {
  const [state, action, pending] = useActionState(createTokenAction, IDLE);
  const error = state.status === 'error' ? [state.message, ...Object.values(state.fieldErrors).flat()].join(' ') : null;
  return (
    <form action={action} className="space-y-2" data-testid="token-form">
      <label htmlFor="token-name" className="block text-sm font-medium">
        New token name
      </label>
      <div className="flex flex-wrap gap-2">
        <input
          id="token-name"
          name="name"
          required
          maxLength={80}
          placeholder="e.g. Grafana"
          aria-invalid={Boolean(error)}
          aria-describedby="token-status"
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm shadow-sm"
          data-testid="token-name"
        />
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
          data-testid="token-create"
        >
          Create token
        </button>
      </div>
      <div id="token-status" role="status">
        {error && <p className="text-sm text-red-700">{error}</p>}
        {state.status === 'created' && (
          <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
            <p className="font-medium">{state.message}</p>
            <code
              className="mt-1 block break-all rounded bg-white px-2 py-1 font-mono text-xs"
              data-testid="token-value"
            >
              {state.token}
            </code>
          </div>
        )}
      </div>
    </form>
  );
}
