'use client';
import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { authClient } from '@/lib/auth/client';
import { AuthSubmit, authFormClass } from '../_components/auth-form';
import { describedBy, Field, FormMessage, inputClass } from '../_components/field';

const email = z.email('Enter a valid email address.');

export function ForgotPasswordForm() {
  const [error, setError] = useState<string | null>(null);
  const [state, setState] = useState<'idle' | 'pending' | 'sent' | 'failed'>('idle');

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = email.safeParse(String(new FormData(event.currentTarget).get('email') ?? '').trim());
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Enter a valid email address.');
      return;
    }
    setError(null);
    setState('pending');
    const { error: failure } = await authClient.requestPasswordReset({
      email: parsed.data,
      redirectTo: '/reset-password',
    });
    setState(failure ? 'failed' : 'sent');
    if (failure?.status === 429) setError('Too many requests. Wait a minute and try again.');
  }

  if (state === 'sent') {
    return (
      <div className="mt-8">
        <FormMessage kind="success" testId="forgot-password-sent">
          If an account exists for that address, an email with a reset link is on its way. The link works for 30
          minutes.
        </FormMessage>
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className={authFormClass}>
      <Field id="email" label="Email" errors={error ? [error] : undefined}>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          required
          className={inputClass}
          data-testid="forgot-password-email"
          {...describedBy('email', { errors: error ? [error] : undefined })}
        />
      </Field>
      {state === 'failed' && !error && (
        <FormMessage kind="error">We could not send the email. Try again in a moment.</FormMessage>
      )}
      <AuthSubmit pending={state === 'pending'} testId="forgot-password-submit" pendingText="Sending…">
        Email me a reset link
      </AuthSubmit>
    </form>
  );
}
