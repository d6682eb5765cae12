import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getSessionUser } from '@/lib/auth/session';
import { SignUpForm } from './sign-up-form';

export const metadata: Metadata = { title: 'Create an account' };

export default async function SignUpPage() {
  if (await getSessionUser()) redirect('/projects');
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4 sm:px-6 py-12">
      <h1 className="text-2xl font-semibold tracking-tight">Create your ChatWatch account</h1>
      <p className="mt-2 text-sm text-slate-600">
        Already have one?{' '}
        <Link href="/sign-in" className="font-medium text-indigo-700 underline-offset-2 hover:underline">
          Sign in
        </Link>
      </p>
      <SignUpForm />
    </main>
  );
}
