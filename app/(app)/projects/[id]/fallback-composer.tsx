'use client';
import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { FallbackMessageView } from '@/lib/fallback/fallback-message-view';
import { MAX_FALLBACK_TEXT } from '@/lib/fallback/fallback-message-view';
import { ApiFailure, newUuid, postFallbackMessage } from './client-api';

/**
 * Writes a message through us instead of the vendor: stored first, then emailed and replayed into the chat.
 * The key for a message is kept until it is accepted, so pressing Send again after a lost answer stores it once.
 */
export function FallbackComposer({
  projectId,
  recipientName,
  onSent,
}: {
  projectId: string;
  recipientName: string;
  onSent: (message: FallbackMessageView) => void;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const key = useRef<string | null>(null);
  const tooLong = text.length > MAX_FALLBACK_TEXT;

  async function submit() {
    if (pending) return;
    if (!text.trim()) return setError('Write a message first.');
    if (tooLong)
      return setError(
        `Messages can be at most ${MAX_FALLBACK_TEXT.toLocaleString('en-US')} characters. Shorten it or send it in two parts.`,
      );
    key.current ??= newUuid();
    setPending(true);
    setError(null);
    try {
      const { message } = await postFallbackMessage(projectId, { clientKey: key.current, text });
      key.current = null;
      setText('');
      onSent(message);
    } catch (failure) {
      const e = failure instanceof ApiFailure ? failure.error : null;
      if (e?.status === 401) setError('Your session has expired. Copy your message, sign in again, and send it.');
      else setError(e?.fieldErrors.text?.[0] ?? e?.message ?? 'Your message was not sent. Try again.');
      // A validation error means this text will never be accepted as is: a corrected one gets a new key.
      if (e?.status === 400) key.current = null;
    } finally {
      setPending(false);
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    }
  }

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="mt-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
      aria-label={`Message to ${recipientName}`}
    >
      <label htmlFor="fallback-text" className="block text-sm font-medium">
        Message to {recipientName}
      </label>
      <textarea
        id="fallback-text"
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        rows={4}
        className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 shadow-sm focus:border-indigo-500 aria-[invalid=true]:border-red-500"
        aria-describedby="fallback-help fallback-count"
        aria-invalid={error || tooLong ? true : undefined}
        data-testid="fallback-composer"
      />
      <div className="mt-1 flex flex-wrap items-center justify-between gap-2 text-xs text-slate-500">
        <span id="fallback-help">Ctrl+Enter or ⌘+Enter sends.</span>
        <span id="fallback-count" className={tooLong ? 'font-medium text-red-700' : undefined}>
          {text.length.toLocaleString('en-US')} / {MAX_FALLBACK_TEXT.toLocaleString('en-US')}
        </span>
      </div>
      {error && (
        <p
          role="alert"
          className="mt-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800"
          data-testid="fallback-error"
        >
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={pending}
        className="mt-3 rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
        data-testid="fallback-send"
      >
        {pending ? 'Sending…' : 'Send'}
      </button>
    </form>
  );
}
