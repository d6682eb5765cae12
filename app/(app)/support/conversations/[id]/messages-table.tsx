import type { TraceMessage, TraceParticipant } from '@/lib/support/trace-types';
import { excerpt } from '@/lib/support/build-timeline';
import { Time } from '../../../../_components/time';
import { StatusBadge } from './status-badge';

/** One row per message: when its webhook arrived, who read it, and what became of each email about it. */
export function MessagesTable({ messages, participants }: { messages: TraceMessage[]; participants: TraceParticipant[] }) {
  const nameOf = (id: string) => participants.find((p) => p.id === id)?.name ?? id;
  return (
    <section aria-labelledby="messages-heading" className="mt-8">
      <h2 id="messages-heading" className="text-lg font-semibold">Messages → webhooks → emails</h2>
      {messages.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">No message recorded for this conversation.</p>
      ) : (
        <div className="mt-2 overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                <th scope="col" className="p-2">Sent</th>
                <th scope="col" className="p-2">Message</th>
                <th scope="col" className="p-2">Webhook</th>
                <th scope="col" className="p-2">Read</th>
                <th scope="col" className="p-2">Emails</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {messages.map((m) => (
                <tr key={m.id} className="align-top" data-testid="trace-message" data-vendor-message-id={m.vendorMessageId}>
                  <td className="p-2 whitespace-nowrap"><Time value={m.sentAt} /></td>
                  <td className="p-2">
                    <span className="font-medium">{m.senderName}</span>: {excerpt(m.text, 160)}
                    {m.idempotencyKey && <span className="block text-xs text-slate-500">key {m.idempotencyKey}</span>}
                    {m.editedAt && <span className="block text-xs text-slate-500" data-testid="message-edited">edited <Time value={m.editedAt} /></span>}
                    {m.deletedAt && <span className="block text-xs text-red-800" data-testid="message-deleted">deleted <Time value={m.deletedAt} /> (not emailed)</span>}
                  </td>
                  <td className="p-2 whitespace-nowrap">
                    {m.receivedAt ? <>received <Time value={m.receivedAt} /> <span className="text-slate-500">(lag {m.lagSeconds?.toFixed(1)} s)</span></> : '—'}
                    {m.source === 'RECONCILED' && <span className="block text-xs text-amber-800">backfilled by reconciliation (webhook missing)</span>}
                  </td>
                  <td className="p-2">{m.reads.length === 0 ? 'unread' : m.reads.map((r) => <span key={r.readerId} className="block">{nameOf(r.readerId)} <Time value={r.readAt} /></span>)}</td>
                  <td className="p-2" data-testid="trace-message-emails">
                    {m.emails.length === 0 ? <span className="text-slate-500">none</span> : m.emails.map((e) => (
                      <span key={e.id} className="block">
                        <a href={`#email-${e.id}`} className="underline">{e.template}</a> to {e.toName} <StatusBadge status={e.status} />
                        {e.statusReason && <span className="block text-xs text-slate-500">{e.statusReason}</span>}
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
