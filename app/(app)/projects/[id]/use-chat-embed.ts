'use client';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { fallbackCauseOfAnswer, type FallbackCause } from '@/lib/chat-provider/fallback-cause';
import { ApiFailure, fetchEmbed, newUuid, sendEmbedBeacon } from './client-api';

export type ChatPhase = 'loading' | 'ready' | 'fallback';

export interface EmbedTarget {
  url: string;
  origin: string;
}

interface Attempt extends EmbedTarget {
  id: string;
  retry: boolean;
  startedAt: number;
}

/**
 * After the iframe's document has loaded, how long chat:ready may still take. A working embed posts it right after
 * its first history request; a vendor error page (an HTTP 5xx or 4xx answer to the iframe) loads and never posts
 * anything, so this — not the whole ready timeout — is how long such a page can keep the fallback away.
 */
const READY_AFTER_LOAD_MS = 1_200;

/** Waits between background attempts while the fallback shows: quick at first, then every 15 s. */
const RETRY_DELAYS_MS = [3_000, 6_000, 12_000, 15_000];

const noSubscription = () => () => undefined;

const start = (target: EmbedTarget, retry: boolean): Attempt => ({
  ...target,
  id: newUuid(),
  retry,
  startedAt: performance.now(),
});

/**
 * The chat embed's life cycle. Each attempt ends once: `ready` when the vendor's chat:ready arrives from our
 * iframe and its origin, `error` on chat:error or an iframe error, `timeout` after `timeoutMs`. Each end sends
 * a RUM beacon. After a failure the fallback shows and new attempts run in the background until one is ready.
 */
export function useChatEmbed({
  projectId,
  initial,
  initialCause,
  timeoutMs,
}: {
  projectId: string;
  initial: EmbedTarget | null;
  /** Why the server could not open the chat, when `initial` is null. */
  initialCause?: FallbackCause | null;
  timeoutMs: number;
}) {
  const [attempt, setAttempt] = useState<Attempt | null>(() => (initial ? start(initial, false) : null));
  const [phase, setPhase] = useState<ChatPhase>(initial ? 'loading' : 'fallback');
  // Why the fallback shows (the last failure's cause): the notice states it in data-cause for the monitor.
  const [cause, setCause] = useState<FallbackCause>(initial ? 'vendor-ui' : (initialCause ?? 'ours'));
  const [recovered, setRecovered] = useState(false);
  const [sessionExpired, setSessionExpired] = useState(false);
  const [failures, setFailures] = useState(initial ? 0 : 1);
  const frameRef = useRef<HTMLIFrameElement>(null);
  const phaseRef = useRef(phase);
  const settledRef = useRef<string | null>(null);
  // The iframe is rendered only after hydration: in the server HTML it could post chat:ready before our listener exists.
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );

  const settle = useCallback(
    (current: Attempt, result: 'ready' | 'timeout' | 'error', detail?: string) => {
      if (settledRef.current === current.id) return;
      settledRef.current = current.id;
      sendEmbedBeacon({
        attemptId: current.id,
        projectId,
        result,
        loadMs: Math.round(performance.now() - current.startedAt),
        retry: current.retry,
        detail,
        ...(result === 'ready' ? {} : { cause: 'vendor-ui' as const }),
      });
      if (result === 'ready') {
        if (phaseRef.current === 'fallback') setRecovered(true);
        phaseRef.current = 'ready';
        setPhase('ready');
        setFailures(0);
      } else {
        // We handed the browser an embed URL and the vendor's UI did not start with it.
        setCause('vendor-ui');
        phaseRef.current = 'fallback';
        setPhase('fallback');
        setFailures((n) => n + 1);
      }
    },
    [projectId],
  );

  // The server could not open the chat at all: that is a failed attempt too, as the user saw it.
  useEffect(() => {
    if (!initial)
      sendEmbedBeacon({
        attemptId: newUuid(),
        projectId,
        result: 'error',
        loadMs: 0,
        retry: false,
        detail: 'the server could not open the chat',
        cause: initialCause ?? 'ours',
      });
  }, [initial, initialCause, projectId]);

  useEffect(() => {
    if (!attempt) return;
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== attempt.origin || event.source !== frameRef.current?.contentWindow) return;
      const data = event.data as { type?: unknown; conversationId?: unknown; message?: unknown } | null;
      if (!data || typeof data !== 'object' || data.conversationId !== projectId) return;
      if (data.type === 'chat:ready') settle(attempt, 'ready');
      else if (data.type === 'chat:error') settle(attempt, 'error', String(data.message ?? 'chat:error').slice(0, 300));
    };
    window.addEventListener('message', onMessage);
    const timer = setTimeout(() => settle(attempt, 'timeout'), timeoutMs);
    return () => {
      window.removeEventListener('message', onMessage);
      clearTimeout(timer);
    };
  }, [attempt, projectId, settle, timeoutMs]);

  // While the fallback shows, try again in the background; the chat comes back by itself once the vendor does.
  useEffect(() => {
    if (phase !== 'fallback' || sessionExpired || failures === 0) return;
    const delay = RETRY_DELAYS_MS[Math.min(failures, RETRY_DELAYS_MS.length) - 1]!;
    const timer = setTimeout(async () => {
      try {
        setAttempt(start(await fetchEmbed(projectId), true));
      } catch (error) {
        if (error instanceof ApiFailure && error.error.status === 401) return setSessionExpired(true);
        // Our endpoint relays the vendor API's failure (vendor_unavailable) or fails itself; offline says nothing new.
        const failedCause =
          error instanceof ApiFailure && error.error.status !== 0 ? fallbackCauseOfAnswer(error.error.code) : undefined;
        if (failedCause) setCause(failedCause);
        sendEmbedBeacon({
          attemptId: newUuid(),
          projectId,
          result: 'error',
          loadMs: 0,
          retry: true,
          detail: 'the server could not open the chat',
          // Unknown (offline, an unreadable answer): not the vendor's UI, which was never reached.
          cause: failedCause ?? 'ours',
        });
        setFailures((n) => n + 1);
      }
    }, delay);
    return () => clearTimeout(timer);
  }, [phase, failures, projectId, sessionExpired]);

  const onFrameError = useCallback(() => {
    if (attempt) settle(attempt, 'error', 'the iframe failed to load');
  }, [attempt, settle]);

  // The iframe's load event fires for error pages too (cross-origin, their status is not readable): a loaded
  // document that does not start the chat soon after is the vendor answering an error.
  const [loadedAttempt, setLoadedAttempt] = useState<string | null>(null);
  const onFrameLoad = useCallback(() => {
    if (attempt) setLoadedAttempt(attempt.id);
  }, [attempt]);
  useEffect(() => {
    if (!attempt || loadedAttempt !== attempt.id) return;
    const timer = setTimeout(
      () => settle(attempt, 'error', 'the embed page loaded but did not start the chat (vendor error page)'),
      READY_AFTER_LOAD_MS,
    );
    return () => clearTimeout(timer);
  }, [attempt, loadedAttempt, settle]);

  return {
    attempt: hydrated ? attempt : null,
    phase,
    cause,
    recovered,
    sessionExpired,
    frameRef,
    onFrameError,
    onFrameLoad,
  };
}
