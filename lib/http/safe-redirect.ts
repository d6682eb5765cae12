import { hasControlCharacters } from './bounded-text';

// Parsing stands in for our origin: only the path, query and fragment of the result are used.
const BASE = 'https://chatwatch.invalid';

/**
 * A redirect target taken from the request (`?next=`), reduced to a path on our own origin, or `fallback`.
 * The value is parsed as a URL against our origin (WHATWG URL, as browsers do: they drop tab and newline,
 * so `/\t/evil.example` is `//evil.example`, another host) and refused when it resolves anywhere else, holds
 * a control character (a newline in a Location header is a 500 in Next.js) or a backslash (browsers read `\`
 * as `/`). The result is `pathname + search + hash`, never starting with `//`, so no browser can read it as
 * a protocol-relative URL.
 */
export function safeRedirectPath(raw: string | string[] | null | undefined, fallback: string): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value || value.length > 2048 || !value.startsWith('/') || value.includes('\\') || hasControlCharacters(value))
    return fallback;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith('//') ? fallback : path;
}
