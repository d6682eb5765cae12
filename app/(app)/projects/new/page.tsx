import type { Metadata } from 'next';
import { requireRole } from '@/lib/auth/access';
import { appContext } from '@/lib/context';
import { listDesigners } from '@/lib/projects/list-designers';
import { NewProjectForm } from './new-project-form';

export const metadata: Metadata = { title: 'Start a project' };

export default async function NewProjectPage() {
  await requireRole(['CLIENT'], '/projects/new');
  const designers = await listDesigners({ ctx: appContext() });
  return (
    <main className="mx-auto max-w-3xl px-4 sm:px-6 py-10">
      <h1 className="text-2xl font-semibold">Start a project</h1>
      <p className="mt-1 text-sm text-slate-600">
        Name your project and pick a designer. You can talk to them as soon as it is created.
      </p>
      <NewProjectForm designers={designers} />
    </main>
  );
}
