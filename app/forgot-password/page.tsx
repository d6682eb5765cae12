import type { Metadata } from 'next';
import Link from 'next/link';
import { ForgotPasswordForm } from './forgot-password-form';

export const metadata: Metadata = { title: 'Reset your password' };

export default function ForgotPasswordPage() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4 sm:px-6 py-12">
      <h1 className="text-2xl font-semibold tracking-tight">Reset your password</h1>
      <p className="mt-2 text-sm text-slate-600">We will email you a link to choose a new one.</p>
      <ForgotPasswordForm />
      <p className="mt-4 text-sm">
        <Link href="/sign-in" className="text-indigo-700 underline-offset-2 hover:underline">
          Back to sign in
        </Link>
      </p>
    </main>
  );
}
