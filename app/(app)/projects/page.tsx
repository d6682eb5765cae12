import type { Metadata } from 'next';
import { requireUser } from '@/lib/auth/session';
import { listProjects } from '@/lib/projects/list-projects';

export const metadata: Metadata = { title: 'Projects' };

export default async function ProjectsPage() {
  const user = await requireUser('/projects');
  const projects = await listProjects({ userId: user.id });
  return (
    <main className="mx-auto max-w-3xl px-6 py-10">
      <h1 className="text-2xl font-semibold">Your projects</h1>
      <ul className="mt-6 divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white" data-testid="project-list">
        {projects.length === 0 && <li className="p-4 text-sm text-slate-600">No projects yet.</li>}
        {projects.map((p) => (
          <li key={p.id} className="p-4" data-testid="project-row">
            <p className="font-medium">{p.title}</p>
            <p className="text-sm text-slate-600">with {p.otherPartyName} · last activity {p.lastActivityAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</p>
          </li>
        ))}
      </ul>
    </main>
  );
}
