import type { FallbackMessageView } from '@/lib/fallback/fallback-message-view';
import { Time } from '../../../_components/time';

const STATUS: Record<FallbackMessageView['status'], { label: string; className: string }> = {
  PENDING: { label: 'Emailed · waiting for the chat', className: 'bg-amber-50 text-amber-800' },
  REPLAYED: { label: 'Emailed · in the chat', className: 'bg-emerald-50 text-emerald-800' },
  FAILED: { label: 'Emailed · could not be added to the chat', className: 'bg-red-50 text-red-800' },
};

/** Messages written while the chat was unavailable, with where each one has reached. */
export function FallbackList({
  messages,
  viewerId,
  timeZone,
}: {
  messages: FallbackMessageView[];
  viewerId: string;
  timeZone: string;
}) {
  if (messages.length === 0) return null;
  return (
    <section aria-labelledby="fallback-list-heading" className="mt-4">
      <h2 id="fallback-list-heading" className="text-sm font-semibold text-slate-700">
        Sent while the chat was unavailable
      </h2>
      <ol className="mt-2 space-y-2" aria-live="polite" data-testid="fallback-list">
        {messages.map((m) => (
          <li
            key={m.id}
            data-testid="fallback-message"
            data-status={m.status}
            className={`rounded-lg border border-slate-200 bg-white p-3 ${m.senderId === viewerId ? 'ml-8' : 'mr-8'}`}
          >
            <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-slate-500">
              <span>
                {m.senderId === viewerId ? 'You' : m.senderName} · <Time value={m.createdAt} timeZone={timeZone} />
              </span>
              <span
                className={`rounded px-2 py-0.5 ${STATUS[m.status].className}`}
                data-testid="fallback-message-status"
              >
                {STATUS[m.status].label}
              </span>
            </div>
            <p className="mt-1 whitespace-pre-wrap break-words text-sm" data-testid="fallback-message-text">
              {m.text}
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}
