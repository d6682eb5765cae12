import type { Metadata } from 'next';
import Link from 'next/link';
import { hasRole, STAFF_ROLES } from '@/lib/auth/roles';
import { requireUser } from '@/lib/auth/session';
import { appContext } from '@/lib/context';
import { listAllProjects } from '@/lib/projects/list-all-projects';
import { listProjects } from '@/lib/projects/list-projects';
import { getReaderTimeZone } from '@/lib/settings/reader-time-zone';
import { primaryButtonClass } from '../../_components/field';
import { Time } from '../../_components/time';

export const metadata: Metadata = { title: 'Projects' };

export default async function ProjectsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser('/projects');
  if (hasRole(user.role, STAFF_ROLES)) {
    const q = (await searchParams).q;
    return <StaffProjects query={typeof q === 'string' ? q : ''} userId={user.id} />;
  }
  const ctx = appContext();
  const [projects, timeZone] = await Promise.all([
    listProjects({ ctx, input: { userId: user.id } }),
    getReaderTimeZone({ ctx, input: { userId: user.id } }),
  ]);
  return (
    <main className="mx-auto max-w-3xl px-4 sm:px-6 py-10">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold">Your projects</h1>
        {user.role === 'CLIENT' && (
          <Link href="/projects/new" className={primaryButtonClass} data-testid="new-project">
            Start a project
          </Link>
        )}
      </div>
      <ul
        className="mt-6 divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white"
        data-testid="project-list"
      >
        {projects.length === 0 && (
          <li className="p-4 text-sm text-slate-600">
            No projects yet.
            {user.role === 'CLIENT'
              ? ' Start one with a designer from the directory.'
              : ' Clients start projects with you from the designer directory.'}
          </li>
        )}
        {projects.map((p) => (
          <li key={p.id} data-testid="project-row" data-unread={p.unread}>
            <Link
              href={`/projects/${p.id}`}
              className="flex items-start gap-3 p-4 hover:bg-slate-50 focus-visible:bg-slate-50"
            >
              <span
                aria-hidden
                className={`mt-2 h-2.5 w-2.5 shrink-0 rounded-full ${p.unread ? 'bg-indigo-600' : 'bg-transparent'}`}
              />
              <span className="min-w-0 flex-1">
                <span className="block font-medium">
                  {p.title}
                  {p.unread && <span className="sr-only"> (new activity)</span>}
                </span>
                <span className="block text-sm text-slate-600">
                  with {p.otherPartyName}
                  {p.otherPartySpeciality ? ` · ${p.otherPartySpeciality}` : ''} · last activity{' '}
                  <Time value={p.lastActivityAt} timeZone={timeZone} />
                </span>
              </span>
              {p.status !== 'ACTIVE' && (
                <span className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-600">
                  {p.status.toLowerCase()}
                </span>
              )}
            </Link>
          </li>
        ))}
      </ul>
    </main>
  );
}

async function StaffProjects({ query, userId }: { query: string; userId: string }) {
  const ctx = appContext();
  const [rows, timeZone] = await Promise.all([
    listAllProjects({ ctx, input: { query } }),
    getReaderTimeZone({ ctx, input: { userId } }),
  ]);
  return (
    <main className="mx-auto max-w-5xl px-4 sm:px-6 py-10">
      <h1 className="text-2xl font-semibold">All projects</h1>
      <p className="mt-1 text-sm text-slate-600">
        Staff can read every conversation for support; they cannot post in them.
      </p>
      <form className="mt-6 flex gap-2" role="search">
        <label htmlFor="q" className="sr-only">
          Search by title, name or email
        </label>
        <input
          id="q"
          name="q"
          defaultValue={query}
          placeholder="Search by title, name or email"
          className="w-full max-w-md rounded-md border border-slate-300 px-3 py-2"
        />
        <button className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50">
          Search
        </button>
      </form>
      <div className="mt-4 overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="w-full text-left text-sm" data-testid="staff-project-list">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th scope="col" className="p-3">
                Project
              </th>
              <th scope="col" className="p-3">
                Client
              </th>
              <th scope="col" className="p-3">
                Designer
              </th>
              <th scope="col" className="p-3">
                Last activity
              </th>
              <th scope="col" className="p-3">
                Undelivered fallback messages
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {rows.length === 0 && (
              <tr>
                <td colSpan={5} className="p-3 text-slate-600">
                  No projects match.
                </td>
              </tr>
            )}
            {rows.map((p) => (
              <tr key={p.id} data-testid="staff-project-row" data-project-id={p.id}>
                <td className="p-3">
                  <Link href={`/projects/${p.id}`} className="font-medium text-indigo-700 hover:underline">
                    {p.title}
                  </Link>
                </td>
                <td className="p-3">{p.clientName}</td>
                <td className="p-3">{p.designerName}</td>
                <td className="p-3">
                  <Time value={p.lastActivityAt} timeZone={timeZone} />
                </td>
                <td className="p-3">{p.pendingFallbackMessages}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </main>
  );
}
