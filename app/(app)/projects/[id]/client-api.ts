'use client';
import type { FallbackCause } from '@/lib/chat-provider/fallback-cause';
import type { FallbackMessageView } from '@/lib/fallback/fallback-message-view';

/** A v4 UUID from getRandomValues (randomUUID needs a secure context; a plain-http deployment would lack it). */
export function newUuid(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface ApiError {
  status: number;
  /** The body's wire code (lib/http/error-response.ts), null when there is none (offline, a framework error page). */
  code: string | null;
  message: string;
  fieldErrors: Record<string, string[]>;
}

export class ApiFailure extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

async function call<T>(url: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      headers: { 'content-type': 'application/json', ...init.headers },
      cache: 'no-store',
    });
  } catch {
    throw new ApiFailure({
      status: 0,
      code: null,
      message: 'You seem to be offline. Check your connection and try again.',
      fieldErrors: {},
    });
  }
  if (response.status === 204) return undefined as T;
  const body = (await response.json().catch(() => null)) as {
    error?: { code?: string; message?: string; fieldErrors?: Record<string, string[]> };
  } | null;
  if (!response.ok) {
    throw new ApiFailure({
      status: response.status,
      code: body?.error?.code ?? null,
      message: body?.error?.message ?? `The server answered ${response.status}.`,
      fieldErrors: body?.error?.fieldErrors ?? {},
    });
  }
  return body as T;
}

export const fetchEmbed = (projectId: string) =>
  call<{ url: string; origin: string }>(`/api/projects/${projectId}/embed`);

export const postFallbackMessage = (projectId: string, body: { clientKey: string; text: string }) =>
  call<{ message: FallbackMessageView }>(`/api/projects/${projectId}/fallback-messages`, {
    method: 'POST',
    body: JSON.stringify(body),
  });

export const listFallbackMessages = (projectId: string) =>
  call<{ data: FallbackMessageView[] }>(`/api/projects/${projectId}/fallback-messages`);

/** Fire-and-forget requests that must survive the page going away. Failures are ignored: they only lose a signal. */
function beacon(url: string, body?: unknown) {
  void fetch(url, {
    method: 'POST',
    keepalive: true,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch(() => undefined);
}

export interface EmbedBeacon {
  attemptId: string;
  projectId: string;
  result: 'ready' | 'timeout' | 'error';
  loadMs: number;
  retry: boolean;
  detail?: string;
  /** Whose part failed, for a failed attempt (lib/chat-provider/fallback-cause.ts). */
  cause?: FallbackCause;
}

export const sendEmbedBeacon = (payload: EmbedBeacon) => beacon('/api/rum/chat-embed', payload);

export const markSeen = (projectId: string) => beacon(`/api/projects/${projectId}/seen`);
