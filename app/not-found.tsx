import Link from 'next/link';

/** One 404 for everything, including projects a viewer may not see: it does not say whether they exist. */
export default function NotFound() {
  return (
    <main
      className="mx-auto flex min-h-[60vh] max-w-md flex-col justify-center px-4 sm:px-6 py-12 text-center"
      data-testid="not-found"
    >
      <h1 className="text-2xl font-semibold">We could not find that page</h1>
      <p className="mt-2 text-sm text-slate-600">The link may be wrong, or the page is not shared with your account.</p>
      <p className="mt-6">
        <Link href="/projects" className="font-medium text-indigo-700 underline-offset-2 hover:underline">
          Go to your projects
        </Link>
      </p>
    </main>
  );
}
