import type { TraceParticipant } from '@/lib/support/trace-types';

/** "client", "designer", or the side and the account's role when they differ ("client · synthetic monitor user"). */
function participantLabel(p: TraceParticipant): string {
  const role = p.role === 'SYNTHETIC' ? 'synthetic monitor user' : p.role.toLowerCase();
  return role === p.side ? p.side : `${p.side} · ${role}`;
}

/** The settings that decide whether each participant gets emails at all. */
export function ParticipantsPanel({ participants }: { participants: TraceParticipant[] }) {
  return (
    <section aria-labelledby="participants-heading" className="mt-6">
      <h2 id="participants-heading" className="text-lg font-semibold">
        Participants and their email settings
      </h2>
      <ul className="mt-2 grid gap-3 sm:grid-cols-2">
        {participants.map((p) => (
          <li
            key={p.id}
            className="rounded-lg border border-slate-200 bg-white p-3 text-sm"
            data-testid="trace-participant"
          >
            <p className="font-medium">
              {p.name}{' '}
              <span className="font-normal text-slate-500" data-testid="trace-participant-role">
                · {participantLabel(p)}
              </span>
            </p>
            <p className="text-slate-600 [overflow-wrap:anywhere]">{p.email}</p>
            <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
              <dt className="text-slate-500">Email mode</dt>
              <dd>{p.emailMode.toLowerCase()}</dd>
              <dt className="text-slate-500">Quiet hours</dt>
              <dd>{p.quietHours ? `${p.quietHours} ${p.timeZone}` : 'none'}</dd>
              <dt className="text-slate-500">Unsubscribed</dt>
              <dd data-testid="participant-opt-outs">{p.optOuts.length > 0 ? p.optOuts.join('; ') : 'no'}</dd>
            </dl>
            {p.role === 'SYNTHETIC' && (
              <p className="mt-2 text-xs text-slate-500">
                Synthetic monitor user: emailed at once, in SendGrid sandbox mode (nothing is delivered).
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
