import type { ReactNode } from 'react';

/** A labelled form control with its hint and server-side errors, wired for screen readers. */
export function Field({
  id,
  label,
  hint,
  errors,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  errors?: string[];
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="mt-0.5 text-xs text-slate-500">
          {hint}
        </p>
      )}
      <div className="mt-1">{children}</div>
      {errors && errors.length > 0 && (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700" data-testid={`${id}-error`}>
          {errors.join(' ')}
        </p>
      )}
    </div>
  );
}

/** aria attributes an input inside <Field> should carry. */
export function describedBy(id: string, { hint, errors }: { hint?: string; errors?: string[] }) {
  const ids = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(' ');
  return { 'aria-describedby': ids || undefined, 'aria-invalid': errors?.length ? true : undefined } as const;
}

export const inputClass =
  'w-full rounded-md border border-slate-300 bg-white px-3 py-2 shadow-sm focus:border-indigo-500 aria-[invalid=true]:border-red-500';

export const primaryButtonClass =
  'inline-flex items-center justify-center rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:cursor-not-allowed disabled:opacity-60';

export function FormMessage({
  kind,
  children,
  testId,
}: {
  kind: 'error' | 'success' | 'info';
  children: ReactNode;
  testId?: string;
}) {
  const styles = {
    error: 'bg-red-50 text-red-800',
    success: 'bg-emerald-50 text-emerald-800',
    info: 'bg-sky-50 text-sky-900',
  }[kind];
  return (
    <p
      role={kind === 'error' ? 'alert' : 'status'}
      className={`rounded-md px-3 py-2 text-sm ${styles}`}
      data-testid={testId}
    >
      {children}
    </p>
  );
}
