import { excerpt } from '@/lib/support/build-timeline';
import { messageOutcome } from '@/lib/support/message-outcome';
import type { TraceEmail, TraceMessage, TraceParticipant } from '@/lib/support/trace-types';
import { zonedClock } from '@/lib/time/zoned';
import { StatusBadge } from './status-badge';
import { TraceTime } from './trace-time';

/**
 * One entry per message: when it was sent (vendor clock), when its webhook reached us, who read it, and — last —
 * one sentence on whether the other party was emailed about it.
 */
export function MessagesTable({
  messages,
  emails,
  participants,
  timeZone,
  unreadDelaySeconds,
}: {
  messages: TraceMessage[];
  emails: TraceEmail[];
  participants: TraceParticipant[];
  timeZone: string;
  /** UNREAD_EMAIL_DELAY_SECONDS: the rule "read within …" states. */
  unreadDelaySeconds: number;
}) {
  const nameOf = (id: string) => participants.find((p) => p.id === id)?.name ?? id;
  const clock = (at: Date) => zonedClock(at, timeZone);
  return (
    <section aria-labelledby="messages-heading" className="mt-8">
      <h2 id="messages-heading" className="text-lg font-semibold">
        Messages → webhooks → emails
      </h2>
      {messages.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">No message recorded for this conversation.</p>
      ) : (
        <ol className="mt-2 divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm">
          {messages.map((m) => {
            const about = emails.filter((e) => m.emails.some((x) => x.id === e.id));
            const outcome = messageOutcome({ message: m, emails: about, participants, clock, unreadDelaySeconds });
            return (
              <li
                key={m.id}
                className="space-y-1 p-3"
                data-testid="trace-message"
                data-vendor-message-id={m.vendorMessageId}
              >
                <TraceTime at={m.sentAt} timeZone={timeZone} clock="vendor" className="block text-xs text-slate-500" />
                <p className="[overflow-wrap:anywhere]">
                  <span className="font-medium">{m.senderName}</span>: {excerpt(m.text, 160)}
                  {m.idempotencyKey && <span className="block text-xs text-slate-500">key {m.idempotencyKey}</span>}
                  {m.editedAt && (
                    <span className="block text-xs text-slate-500" data-testid="message-edited">
                      edited <TraceTime at={m.editedAt} timeZone={timeZone} />
                    </span>
                  )}
                  {m.deletedAt && (
                    <span className="block text-xs text-red-800" data-testid="message-deleted">
                      deleted <TraceTime at={m.deletedAt} timeZone={timeZone} /> (not emailed)
                    </span>
                  )}
                </p>
                <p className="text-slate-600">
                  Webhook:{' '}
                  {m.receivedAt ? (
                    <>
                      received <TraceTime at={m.receivedAt} timeZone={timeZone} /> (lag {m.lagSeconds?.toFixed(1)} s)
                    </>
                  ) : (
                    'none received'
                  )}
                  {m.source === 'RECONCILED' && (
                    <span className="block text-xs text-amber-800">backfilled by reconciliation (webhook missing)</span>
                  )}
                </p>
                <p className="text-slate-600">
                  Read:{' '}
                  {m.reads.length === 0
                    ? 'not yet'
                    : m.reads.map((r, i) => (
                        <span key={r.readerId}>
                          {i > 0 ? '; ' : ''}
                          {nameOf(r.readerId)} <TraceTime at={r.readAt} timeZone={timeZone} />
                        </span>
                      ))}
                </p>
                {about.length > 0 && (
                  <p className="text-xs text-slate-500">
                    {about.map((e, i) => (
                      <span key={e.id}>
                        {i > 0 ? ' · ' : ''}
                        <a href={`#email-${e.id}`} className="underline">
                          {e.template}
                        </a>{' '}
                        <StatusBadge status={e.status} />
                      </span>
                    ))}
                  </p>
                )}
                <p className="font-medium" data-testid="trace-message-outcome" data-tone={outcome.tone}>
                  {outcome.sentence}
                </p>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
