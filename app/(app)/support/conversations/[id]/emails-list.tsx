import { compareOrdered, stepRank } from '@/lib/support/trace-order';
import type { TraceEmail } from '@/lib/support/trace-types';
import { StatusBadge } from './status-badge';
import { TraceTime } from './trace-time';

/** Each email with every step from scheduling to SendGrid's last word, in the order they happened. */
export function EmailsList({ emails, timeZone }: { emails: TraceEmail[]; timeZone: string }) {
  return (
    <section aria-labelledby="emails-heading" className="mt-8">
      <h2 id="emails-heading" className="text-lg font-semibold">
        Emails
      </h2>
      {emails.length === 0 && (
        <p className="mt-2 text-sm text-slate-600">No email was scheduled for this conversation.</p>
      )}
      <ul className="mt-2 space-y-3">
        {emails.map((e) => {
          const steps = e.steps
            .map((s) => ({
              ...s,
              at: s.occurredAt,
              clock: s.source === 'sendgrid' ? ('sendgrid' as const) : ('ours' as const),
              rank: stepRank(s.type, s.source),
            }))
            .sort(compareOrdered);
          return (
            <li
              key={e.id}
              id={`email-${e.id}`}
              className="rounded-lg border border-slate-200 bg-white p-3 text-sm"
              data-testid="trace-email"
              data-status={e.status.toLowerCase()}
              data-template={e.template}
            >
              <p>
                <span className="font-medium">{e.template}</span> to {e.toName} <StatusBadge status={e.status} />
                {e.sandboxMode && <span className="ml-2 text-xs text-slate-500">sandbox mode</span>}
              </p>
              <p className="text-slate-600">
                {e.messageIds.length === 1 ? 'about 1 message' : `about ${e.messageIds.length} messages`} · id{' '}
                <code className="break-all text-xs">{e.id}</code>
              </p>
              <p className="mt-1 text-slate-800" data-testid="trace-email-outcome">
                Outcome: {e.outcome}
              </p>
              <ol className="mt-2 border-l border-slate-200 pl-3">
                {steps.map((s, i) => (
                  <li key={i} className="py-0.5" data-testid="trace-email-step" data-step={s.type}>
                    <TraceTime
                      at={s.at}
                      timeZone={timeZone}
                      clock={s.clock}
                      previous={i > 0 ? steps[i - 1]!.at : null}
                      className="block text-xs text-slate-500"
                    />
                    <span className="font-medium">{s.type}</span>
                    {s.source === 'sendgrid' && <span className="text-slate-500"> (SendGrid)</span>}
                    {s.detail && <span className="text-slate-600 [overflow-wrap:anywhere]"> — {s.detail}</span>}
                  </li>
                ))}
              </ol>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
