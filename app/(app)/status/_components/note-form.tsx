'use client';
import { useActionState, useEffect, useRef, useState, type FormEvent } from 'react';
import type { FormState } from '@/lib/http/form-state';
import { postIncidentNoteAction } from '../actions';

const IDLE: FormState = { status: 'idle' };

/** Support and engineers add a line to an incident's timeline. */
export function NoteForm({ incidentId }: { incidentId: string }) {
  const [state, action, pending] = useActionState(postIncidentNoteAction, IDLE);
  const form = useRef<HTMLFormElement>(null);
  // Refused in the browser before it is sent, with the reason shown (an empty note used to vanish silently).
  const [localError, setLocalError] = useState<string | null>(null);
  useEffect(() => {
    if (state.status === 'success') form.current?.reset();
  }, [state]);
  const fieldId = `note-${incidentId}`;
  const error =
    localError ?? (state.status === 'error' ? (state.fieldErrors.message?.join(' ') ?? state.message) : null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const text = String(new FormData(event.currentTarget).get('message') ?? '');
    if (text.trim() === '') {
      event.preventDefault();
      setLocalError('Not posted: the update is empty. Write what changed first.');
      return;
    }
    setLocalError(null);
  };
  return (
    <form ref={form} action={action} onSubmit={onSubmit} noValidate className="mt-3 space-y-2" data-testid="note-form">
      <input type="hidden" name="incidentId" value={incidentId} />
      <label htmlFor={fieldId} className="block text-sm font-medium text-slate-700">
        Post an update
      </label>
      <textarea
        id={fieldId}
        name="message"
        rows={2}
        required
        maxLength={5000}
        aria-invalid={Boolean(error)}
        aria-describedby={`${fieldId}-status`}
        className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm"
        placeholder="What users report, what we told them, what the vendor said…"
        data-testid="note-message"
      />
      <div className="flex items-center gap-3">
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
          data-testid="note-submit"
        >
          {pending ? 'Posting…' : 'Post update'}
        </button>
        <p
          id={`${fieldId}-status`}
          role="status"
          className={`text-sm ${error ? 'text-red-700' : 'text-slate-600'}`}
          data-testid="note-status"
        >
          {error ?? (state.status === 'success' ? state.message : '')}
        </p>
      </div>
    </form>
  );
}
