import type { TraceEmail } from '@/lib/support/trace-types';
import { Time } from '../../../../_components/time';
import { StatusBadge } from './status-badge';

/** Each email with every step from scheduling to SendGrid's last word. */
export function EmailsList({ emails }: { emails: TraceEmail[] }) {
  return (
    <section aria-labelledby="emails-heading" className="mt-8">
      <h2 id="emails-heading" className="text-lg font-semibold">Emails</h2>
      {emails.length === 0 && <p className="mt-2 text-sm text-slate-600">No email was scheduled for this conversation.</p>}
      <ul className="mt-2 space-y-3">
        {emails.map((e) => (
          <li key={e.id} id={`email-${e.id}`} className="rounded-lg border border-slate-200 bg-white p-3 text-sm" data-testid="trace-email" data-status={e.status.toLowerCase()} data-template={e.template}>
            <p>
              <span className="font-medium">{e.template}</span> to {e.toName} <StatusBadge status={e.status} />
              {e.sandboxMode && <span className="ml-2 text-xs text-slate-500">sandbox mode</span>}
            </p>
            <p className="text-slate-600">
              scheduled <Time value={e.createdAt} />, due <Time value={e.sendAt} />
              {e.sentAt && <>, handed to SendGrid <Time value={e.sentAt} /></>} · {e.messageIds.length} message(s) · id <code className="text-xs">{e.id}</code>
            </p>
            <p className="mt-1 text-slate-800" data-testid="trace-email-outcome">
              Outcome: {e.outcome}
            </p>
            <ol className="mt-2 border-l border-slate-200 pl-3">
              {e.steps.map((s, i) => (
                <li key={i} className="py-0.5" data-testid="trace-email-step" data-step={s.type}>
                  <Time value={s.occurredAt} className="text-slate-500" /> <span className="font-medium">{s.type}</span>
                  {s.source === 'sendgrid' && <span className="text-slate-500"> (SendGrid)</span>}
                  {s.detail && <span className="text-slate-600"> — {s.detail}</span>}
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ul>
    </section>
  );
}
