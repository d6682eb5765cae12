'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { authClient } from '@/lib/auth/client';
import { MIN_PASSWORD_LENGTH, signUpInput } from '@/lib/auth/sign-up-input';
import { AuthSubmit, authFormClass, NewPasswordField } from '../_components/auth-form';
import { describedBy, Field, FormMessage, inputClass } from '../_components/field';

type Errors = Record<string, string[]>;

/** Field errors from the server's answer: our zod rules (VALIDATION_ERROR) or better-auth's own codes. */
function serverErrors(error: { status: number; code?: string; message?: string; fieldErrors?: Errors }): {
  fields: Errors;
  form: string | null;
} {
  if (error.code === 'VALIDATION_ERROR' && error.fieldErrors) return { fields: error.fieldErrors, form: null };
  if (error.code?.startsWith('USER_ALREADY_EXISTS'))
    return {
      fields: { email: ['An account with this email already exists. Sign in, or reset your password.'] },
      form: null,
    };
  if (error.code?.startsWith('PASSWORD_TOO'))
    return { fields: { password: [error.message ?? 'Choose another password.'] }, form: null };
  if (error.status === 429) return { fields: {}, form: 'Too many attempts from here. Wait a minute and try again.' };
  return { fields: {}, form: 'We could not create your account. Try again in a moment.' };
}

export function SignUpForm() {
  const router = useRouter();
  const [role, setRole] = useState<'CLIENT' | 'DESIGNER'>('CLIENT');
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = {
      name: String(form.get('name') ?? ''),
      email: String(form.get('email') ?? '').trim(),
      password: String(form.get('password') ?? ''),
      role,
      speciality: role === 'DESIGNER' ? String(form.get('speciality') ?? '').trim() || undefined : undefined,
    };
    // The same rules run on the server (lib/auth/auth-hooks.ts); checking here first saves a round trip.
    const local = signUpInput.safeParse(input);
    if (!local.success) {
      const fields: Errors = {};
      for (const issue of local.error.issues) (fields[String(issue.path[0])] ??= []).push(issue.message);
      setErrors(fields);
      setFormError(null);
      return;
    }
    setPending(true);
    setErrors({});
    setFormError(null);
    const { error } = await authClient.signUp.email(local.data);
    setPending(false);
    if (error) {
      const mapped = serverErrors(error as Parameters<typeof serverErrors>[0]);
      setErrors(mapped.fields);
      setFormError(mapped.form);
      return;
    }
    router.replace('/projects');
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} noValidate className={authFormClass} aria-label="Create an account">
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">I am a…</legend>
        <div className="mt-2 grid grid-cols-2 gap-3">
          {(['CLIENT', 'DESIGNER'] as const).map((value) => (
            <label
              key={value}
              className="flex cursor-pointer items-center gap-2 rounded-md border border-slate-300 px-3 py-2 has-[:checked]:border-indigo-600 has-[:checked]:bg-indigo-50"
            >
              <input
                type="radio"
                name="role"
                value={value}
                checked={role === value}
                onChange={() => setRole(value)}
                data-testid={`sign-up-role-${value.toLowerCase()}`}
              />
              <span>{value === 'CLIENT' ? 'Client' : 'Designer'}</span>
            </label>
          ))}
        </div>
        {errors.role && <p className="mt-1 text-sm text-red-700">{errors.role.join(' ')}</p>}
      </fieldset>
      <Field id="name" label="Your name" errors={errors.name}>
        <input
          id="name"
          name="name"
          autoComplete="name"
          required
          className={inputClass}
          data-testid="sign-up-name"
          {...describedBy('name', { errors: errors.name })}
        />
      </Field>
      <Field id="email" label="Email" errors={errors.email}>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          required
          className={inputClass}
          data-testid="sign-up-email"
          {...describedBy('email', { errors: errors.email })}
        />
      </Field>
      <NewPasswordField
        label="Password"
        errors={errors.password}
        testId="sign-up-password"
        minLength={MIN_PASSWORD_LENGTH}
      />
      {role === 'DESIGNER' && (
        <Field
          id="speciality"
          label="Speciality"
          hint="Shown to clients in the designer directory."
          errors={errors.speciality}
        >
          <input
            id="speciality"
            name="speciality"
            required
            maxLength={80}
            placeholder="e.g. Brand identity"
            className={inputClass}
            data-testid="sign-up-speciality"
            {...describedBy('speciality', { hint: 'x', errors: errors.speciality })}
          />
        </Field>
      )}
      {formError && (
        <FormMessage kind="error" testId="sign-up-error">
          {formError}
        </FormMessage>
      )}
      <AuthSubmit pending={pending} testId="sign-up-submit" pendingText="Creating your account…">
        Create account
      </AuthSubmit>
    </form>
  );
}
