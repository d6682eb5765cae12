import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getSessionUser } from '@/lib/auth/session';
import { safeRedirectPath } from '@/lib/http/safe-redirect';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

const REASONS: Record<string, string> = {
  expired: 'Your session has expired. Sign in again to continue.',
  'password-reset': 'Your password was changed. Sign in with the new one.',
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  // Only paths on our own origin are followed after sign-in, so the page cannot be used as an open redirect.
  const next = safeRedirectPath(params.next, '/projects');
  const reasonKey = Array.isArray(params.reason) ? params.reason[0] : params.reason;
  const notice = reasonKey && Object.hasOwn(REASONS, reasonKey) ? REASONS[reasonKey] : null;
  if (await getSessionUser()) redirect(next);
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4 sm:px-6 py-12">
      <h1 className="text-2xl font-semibold tracking-tight">Sign in to ChatWatch</h1>
      <p className="mt-2 text-sm text-slate-600">Clients, designers and staff sign in here.</p>
      {notice && (
        <p
          role="status"
          className="mt-4 rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-900"
          data-testid="sign-in-notice"
        >
          {notice}
        </p>
      )}
      <SignInForm next={next} />
      <p className="mt-4 flex justify-between text-sm">
        <Link href="/sign-up" className="font-medium text-indigo-700 underline-offset-2 hover:underline">
          Create an account
        </Link>
        <Link href="/forgot-password" className="text-slate-600 underline-offset-2 hover:underline">
          Forgot your password?
        </Link>
      </p>
    </main>
  );
}
