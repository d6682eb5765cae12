/**
 * What a server action returns to its form (useActionState): a message, per field what to fix, and the
 * submitted values, which the form uses as defaults because React resets a form after its action. Safe to import in the browser.
 */
export type FormState =
  | { status: 'idle' }
  | { status: 'success'; message: string; values?: Record<string, string> }
  | { status: 'error'; message: string; fieldErrors: Record<string, string[]>; values?: Record<string, string> };

export const IDLE: FormState = { status: 'idle' };

/** The string fields of a submitted form, to echo back in a FormState. */
export function formValues(form: FormData, names: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of names) {
    const value = form.get(name);
    if (typeof value === 'string') values[name] = value;
  }
  return values;
}
