import type { Metadata } from 'next';
import { requireRole } from '@/lib/auth/access';
import { STAFF_ROLES } from '@/lib/auth/roles';
import { evidenceContext } from '@/lib/evidence/context';
import { findIncidentOrNotFound } from '@/lib/evidence/find-incident';
import { getIncidentEvidence } from '@/lib/evidence/get-incident-evidence';
import { EvidenceDocument } from '../../../_components/evidence/evidence-document';

export const metadata: Metadata = { title: 'Incident evidence' };

/** The printed evidence goes to the vendor, whose zone we do not know: UTC, named like every time. */
const VENDOR_TIME_ZONE = 'UTC';

/** The evidence alone, as /api/incidents/[id]/evidence prints it. */
export default async function PrintIncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireRole(STAFF_ROLES, `/incidents/${id}`);
  const evidence = await findIncidentOrNotFound(() =>
    getIncidentEvidence({ ctx: evidenceContext(), input: { incidentId: id }, forVendor: true }),
  );
  return (
    <main className="bg-white p-2">
      <EvidenceDocument evidence={evidence} timeZone={VENDOR_TIME_ZONE} />
    </main>
  );
}
