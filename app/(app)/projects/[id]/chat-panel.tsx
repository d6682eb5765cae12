'use client';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import type { FallbackCause } from '@/lib/chat-provider/fallback-cause';
import type { FallbackMessageView } from '@/lib/fallback/fallback-message-view';
import { listFallbackMessages, markSeen } from './client-api';
import { recoveryNote } from './recovery-note';
import { FallbackComposer } from './fallback-composer';
import { FallbackList } from './fallback-list';
import { useChatEmbed, type EmbedTarget } from './use-chat-embed';

const POLL_MS = 5_000;

// The vendor's UI is another origin, so allow-same-origin lets it keep its own storage and lets its messages
// arrive with its real origin (which we check) without giving it any access to ours.
const SANDBOX = 'allow-scripts allow-same-origin allow-forms';
const ALLOW =
  "camera 'none'; microphone 'none'; geolocation 'none'; payment 'none'; usb 'none'; display-capture 'none'; clipboard-read 'none'; clipboard-write 'src'";

export function ChatPanel(props: {
  projectId: string;
  viewerId: string;
  otherPartyName: string;
  embed: EmbedTarget | null;
  /** Why the server could not open the chat (embed null), for the notice's data-cause. */
  initialCause: FallbackCause | null;
  timeoutMs: number;
  initialMessages: FallbackMessageView[];
  /** The reader's zone, for the times of the messages (../../../_components/time.tsx). */
  timeZone: string;
}) {
  const { projectId, otherPartyName } = props;
  const { attempt, phase, cause, recovered, sessionExpired, frameRef, onFrameError, onFrameLoad } = useChatEmbed({
    projectId,
    initial: props.embed,
    initialCause: props.initialCause,
    timeoutMs: props.timeoutMs,
  });
  const [messages, setMessages] = useState(props.initialMessages);
  const [openedAt] = useState(() => new Date().toISOString());
  const undelivered = messages.some((m) => m.status === 'PENDING');

  // Keep the fallback list current (the other side's messages, replay progress) while it matters.
  useEffect(() => {
    if (phase !== 'fallback' && !undelivered) return;
    const timer = setInterval(() => {
      listFallbackMessages(projectId).then(
        ({ data }) => setMessages(data),
        () => undefined,
      );
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [phase, undelivered, projectId]);

  // "Seen" feeds the unread marker on /projects and follows what the person has had in front of them: the page
  // is visible with the chat (or the fallback list) shown, and again whenever it stops being visible — hidden,
  // closed, reloaded or navigated away (pagehide; the request is keepalive) — however they leave. Reads inside
  // the chat also arrive from the vendor as message.read events (lib/projects/list-projects.ts).
  useEffect(() => {
    if (phase === 'loading') return;
    const markNow = () => markSeen(projectId);
    // Leaving while hidden (a background tab closed) marks nothing: what arrived meanwhile was not seen.
    const markIfVisible = () => {
      if (document.visibilityState === 'visible') markNow();
    };
    markIfVisible();
    // Becoming visible: seen now. Becoming hidden: it was in front of them until this moment.
    document.addEventListener('visibilitychange', markNow);
    window.addEventListener('pagehide', markIfVisible);
    return () => {
      document.removeEventListener('visibilitychange', markNow);
      window.removeEventListener('pagehide', markIfVisible);
      markIfVisible();
    };
  }, [phase, projectId]);

  const addMessage = (message: FallbackMessageView) =>
    setMessages((list) => (list.some((m) => m.id === message.id) ? list : [...list, message]));
  const showList = phase === 'fallback' || messages.some((m) => m.status !== 'REPLAYED');

  return (
    <div>
      <div className="relative">
        {phase === 'loading' && (
          <p
            role="status"
            className="absolute inset-x-0 top-4 text-center text-sm text-slate-500"
            data-testid="chat-loading"
          >
            Loading the chat…
          </p>
        )}
        {attempt && (
          <iframe
            key={attempt.id}
            ref={frameRef}
            src={attempt.url}
            title={`Chat with ${otherPartyName}`}
            sandbox={SANDBOX}
            allow={ALLOW}
            referrerPolicy="no-referrer"
            onError={onFrameError}
            onLoad={onFrameLoad}
            // Kept invisible (but loading) until chat:ready, so a vendor error page never shows under the overlay.
            className={
              phase === 'fallback'
                ? 'hidden'
                : `h-[min(70vh,40rem)] w-full rounded-xl border border-slate-200 bg-white ${phase === 'loading' ? 'invisible' : ''}`
            }
            data-testid="chat-frame"
            data-phase={phase}
          />
        )}
      </div>

      {recovered && phase === 'ready' && (
        <p
          role="status"
          className="mt-3 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800"
          data-testid="chat-restored"
        >
          {recoveryNote({ messages, viewerId: props.viewerId, otherPartyName, openedAt })}
        </p>
      )}

      {phase === 'fallback' && (
        <div>
          <div
            role="alert"
            className="rounded-xl border border-amber-300 bg-amber-50 p-4 text-amber-900"
            data-testid="fallback-notice"
            data-cause={cause}
          >
            <p className="font-medium">Chat is having trouble — your message will still reach {otherPartyName}.</p>
            <p className="mt-1 text-sm">
              We email it to them right away and add it to the chat when it is back. This page keeps trying to
              reconnect.
            </p>
          </div>
          {sessionExpired ? (
            <p
              role="alert"
              className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800"
              data-testid="session-expired"
            >
              Your session has expired.{' '}
              <Link
                href={`/sign-in?next=${encodeURIComponent(`/projects/${projectId}`)}&reason=expired`}
                className="font-medium underline"
              >
                Sign in again
              </Link>{' '}
              to keep writing.
            </p>
          ) : (
            <FallbackComposer projectId={projectId} recipientName={otherPartyName} onSent={addMessage} />
          )}
        </div>
      )}

      {showList && <FallbackList messages={messages} viewerId={props.viewerId} timeZone={props.timeZone} />}
    </div>
  );
}
