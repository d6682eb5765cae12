'use client';
import { useRouter } from 'next/navigation';
import { useRef, useState, type FormEvent } from 'react';
import { authClient } from '@/lib/auth/client';

// A plain check that the address has the shape name@host: the server decides whether the account exists.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+$/;

/** What is wrong with the form before it is sent, or null. An invalid form never reaches the server, so it uses no sign-in attempt. */
function formProblem(email: string, password: string): string | null {
  if (!email && !password) return 'Enter your email and password.';
  if (!email) return 'Enter your email.';
  if (!EMAIL_SHAPE.test(email)) return 'Enter an email address like name@example.com.';
  if (!password) return 'Enter your password.';
  return null;
}

/**
 * What a refused sign-in tells the person, by HTTP status: only a 401 means the password was wrong. A 5xx (our
 * database down: 503 from app/api/auth) must not say so, or people reset passwords that were right.
 */
function signInRefusal(status: number): string {
  if (status === 429) return 'Too many attempts. Wait a minute and try again.';
  if (status >= 500 || status === 0) return 'Sign-in is unavailable right now. Try again in a moment.';
  return 'Wrong email or password.';
}

export function SignInForm({ next }: { next: string }) {
  const router = useRouter();
  const passwordRef = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const problem = formProblem(email, password);
    if (problem) {
      setError(problem);
      return;
    }
    setPending(true);
    setError(null);
    const { error: failure } = await authClient.signIn.email({ email, password });
    setPending(false);
    if (failure) {
      // A refused password is not kept in the field: the next try starts from an empty one.
      if (passwordRef.current) {
        passwordRef.current.value = '';
        passwordRef.current.focus();
      }
      if ((failure.code === 'ACCOUNT_TEMPORARILY_LOCKED' || failure.code === 'ACCOUNT_SUSPENDED') && failure.message)
        setError(failure.message);
      else setError(signInRefusal(failure.status));
      return;
    }
    router.replace(next);
    router.refresh();
  }

  return (
    <form
      onSubmit={onSubmit}
      className="mt-8 space-y-5 rounded-xl border border-slate-200 bg-white p-6 shadow-sm"
      noValidate
    >
      <div>
        <label htmlFor="email" className="block text-sm font-medium">
          Email
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          required
          data-testid="sign-in-email"
          className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 shadow-sm focus:border-indigo-500"
        />
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium">
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          data-testid="sign-in-password"
          ref={passwordRef}
          className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 shadow-sm focus:border-indigo-500"
        />
      </div>
      {error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="sign-in-error">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={pending}
        data-testid="sign-in-submit"
        className="w-full rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
      >
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
