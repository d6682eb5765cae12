'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { Since } from '../../../_components/since';

type Connection = 'connecting' | 'live' | 'reconnecting';

/**
 * Keeps /status current without a reload: the server pushes a fingerprint of the incident and check state
 * (Server-Sent Events); when it differs from the one this render was made from, the page re-renders in place.
 */
export function LiveUpdates({
  fingerprint,
  renderedAt,
  renderedLabel,
}: {
  fingerprint: string;
  renderedAt: string;
  /** renderedAt in the reader's zone, formatted on the server. */
  renderedLabel: string;
}) {
  // Relative times on the page ("31 s ago") count on in the browser between updates (Since ticks each second).
  const router = useRouter();
  const [connection, setConnection] = useState<Connection>('connecting');
  const seen = useRef(fingerprint);

  useEffect(() => {
    seen.current = fingerprint;
  }, [fingerprint]);

  useEffect(() => {
    const source = new EventSource('/api/status/stream');
    source.onopen = () => setConnection('live');
    source.onerror = () => setConnection('reconnecting');
    source.addEventListener('change', (event) => {
      setConnection('live');
      const next = (event as MessageEvent<string>).data;
      if (next !== seen.current) {
        seen.current = next;
        router.refresh();
      }
    });
    return () => source.close();
  }, [router]);

  const label = connection === 'live' ? 'Live' : connection === 'connecting' ? 'Connecting…' : 'Reconnecting…';
  return (
    <p
      className="flex items-center gap-2 text-sm text-slate-600"
      data-testid="live-status"
      data-connection={connection}
    >
      <span
        className={`h-2 w-2 rounded-full ${connection === 'live' ? 'animate-pulse bg-emerald-500' : 'bg-amber-500'}`}
        aria-hidden="true"
      />
      {/* Only the connection is announced; the banner announces what changed. */}
      <span role="status">{label}</span> · updated{' '}
      <span data-testid="rendered-at" data-at={renderedAt}>
        <Since at={renderedAt} now={renderedAt} label={renderedLabel} />
      </span>
    </p>
  );
}
