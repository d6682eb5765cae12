import { MIN_PASSWORD_LENGTH } from '@/lib/auth/sign-up-input';
import { describedBy, Field, primaryButtonClass, inputClass } from './field';

/** The card every signed-out form (sign-up, reset password, forgot password) is drawn in. */
export const authFormClass = 'mt-8 space-y-5 rounded-xl border border-slate-200 bg-white p-6 shadow-sm';

/** A password being chosen (sign-up, reset): its length rule as the hint, and the browser's new-password autofill. */
export function NewPasswordField({
  id = 'password',
  label,
  errors,
  testId,
  minLength,
}: {
  id?: string;
  label: string;
  errors?: string[];
  testId: string;
  /** The browser's own check (forms here are noValidate: the rule is checked in code first). */
  minLength?: number;
}) {
  return (
    <Field id={id} label={label} hint={`At least ${MIN_PASSWORD_LENGTH} characters.`} errors={errors}>
      <input
        id={id}
        name={id}
        type="password"
        autoComplete="new-password"
        required
        minLength={minLength}
        className={inputClass}
        data-testid={testId}
        {...describedBy(id, { hint: 'x', errors })}
      />
    </Field>
  );
}

/** The full-width submit button of a signed-out form, saying what it is doing while pending. */
export function AuthSubmit({
  pending,
  testId,
  children,
  pendingText,
}: {
  pending: boolean;
  testId: string;
  children: string;
  pendingText: string;
}) {
  return (
    <button type="submit" disabled={pending} className={`${primaryButtonClass} w-full`} data-testid={testId}>
      {pending ? pendingText : children}
    </button>
  );
}
