import type { Metadata } from 'next';
import Link from 'next/link';
import { requireRole } from '@/lib/auth/access';
import { STAFF_ROLES } from '@/lib/auth/roles';
import { evidenceContext } from '@/lib/evidence/context';
import { getIncidentEvidence } from '@/lib/evidence/get-incident-evidence';
import { findIncidentOrNotFound } from '@/lib/evidence/find-incident';
import { appContext } from '@/lib/context';
import { getReaderTimeZone } from '@/lib/settings/reader-time-zone';
import { EvidenceDocument } from '../../../_components/evidence/evidence-document';
import { NoteForm } from '../../status/_components/note-form';

export const metadata: Metadata = { title: 'Incident' };

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireRole(STAFF_ROLES, `/incidents/${id}`);
  const [evidence, timeZone] = await Promise.all([
    findIncidentOrNotFound(() => getIncidentEvidence({ ctx: evidenceContext(), input: { incidentId: id } })),
    getReaderTimeZone({ ctx: appContext(), input: { userId: viewer.id } }),
  ]);
  return (
    <main className="mx-auto max-w-5xl px-4 sm:px-6 py-8">
      <nav className="mb-4 flex flex-wrap items-center justify-between gap-3 text-sm">
        <Link href="/status" className="text-indigo-700 hover:underline">
          ← Status
        </Link>
        {evidence.forVendor && (
          <span className="flex gap-3" aria-label="Evidence downloads">
            <a
              href={`/api/incidents/${id}/evidence?format=pdf`}
              download
              className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-50"
              data-testid="download-evidence-pdf"
            >
              Evidence PDF
            </a>
            <a
              href={`/api/incidents/${id}/evidence?format=zip`}
              download
              className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-50"
              data-testid="download-evidence-zip"
            >
              Evidence pack (ZIP)
            </a>
          </span>
        )}
      </nav>
      <EvidenceDocument evidence={evidence} actions={<NoteForm incidentId={id} />} timeZone={timeZone} />
    </main>
  );
}
