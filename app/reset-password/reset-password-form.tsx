'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { authClient } from '@/lib/auth/client';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@/lib/auth/sign-up-input';
import { AuthSubmit, authFormClass, NewPasswordField } from '../_components/auth-form';
import { describedBy, Field, FormMessage, inputClass } from '../_components/field';

export function ResetPasswordForm({ token }: { token: string }) {
  const router = useRouter();
  const [errors, setErrors] = useState<{ password?: string[]; confirm?: string[] }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password') ?? '');
    const confirm = String(form.get('confirm') ?? '');
    if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
      setErrors({ password: [`Use ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters.`] });
      return;
    }
    if (password !== confirm) {
      setErrors({ confirm: ['The two passwords are not the same.'] });
      return;
    }
    setErrors({});
    setFormError(null);
    setPending(true);
    const { error } = await authClient.resetPassword({ newPassword: password, token });
    setPending(false);
    if (error) {
      setFormError(
        error.status === 400
          ? 'This reset link has expired or was already used. Ask for a new one.'
          : 'We could not change your password. Try again in a moment.',
      );
      return;
    }
    router.replace('/sign-in?reason=password-reset');
  }

  return (
    <form onSubmit={onSubmit} noValidate className={authFormClass}>
      <NewPasswordField label="New password" errors={errors.password} testId="reset-password-password" />
      <Field id="confirm" label="Repeat the new password" errors={errors.confirm}>
        <input
          id="confirm"
          name="confirm"
          type="password"
          autoComplete="new-password"
          required
          className={inputClass}
          data-testid="reset-password-confirm"
          {...describedBy('confirm', { errors: errors.confirm })}
        />
      </Field>
      {formError && (
        <FormMessage kind="error" testId="reset-password-error">
          {formError}
        </FormMessage>
      )}
      <AuthSubmit pending={pending} testId="reset-password-submit" pendingText="Saving…">
        Save new password
      </AuthSubmit>
    </form>
  );
}
