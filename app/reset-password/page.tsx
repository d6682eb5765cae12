import type { Metadata } from 'next';
import Link from 'next/link';
import { ResetPasswordForm } from './reset-password-form';

export const metadata: Metadata = { title: 'Choose a new password' };

export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const token = typeof params.token === 'string' ? params.token : null;
  // better-auth sends people here with ?error=INVALID_TOKEN when the link was used, expired or altered.
  const invalid = !token || params.error !== undefined;
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4 sm:px-6 py-12">
      <h1 className="text-2xl font-semibold tracking-tight">Choose a new password</h1>
      {invalid ? (
        <p
          role="alert"
          className="mt-6 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800"
          data-testid="reset-password-invalid"
        >
          This reset link has expired or was already used.{' '}
          <Link href="/forgot-password" className="font-medium underline">
            Ask for a new one
          </Link>
          .
        </p>
      ) : (
        <ResetPasswordForm token={token} />
      )}
    </main>
  );
}
