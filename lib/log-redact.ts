import pino from 'pino';

// PostgreSQL error fields that quote the data a statement carried: `where` ("JSON data, line 1: [{"vendor":…"),
// `detail` ("Key (id)=(…) already exists", "Token … is invalid"), `hint`, `internalQuery`. Field names from
// node-postgres' DatabaseError (pg-protocol/src/messages.ts), which copies PostgreSQL's ErrorResponse fields
// (PostgreSQL docs, "Error and Notice Message Fields"). Prisma adds `meta` and driver-adapter `cause` objects
// with the same data, and our own errors may carry `body`/`rawBody`.
const DROPPED = new Set([
  'where',
  'detail',
  'hint',
  'internalQuery',
  'query',
  'parameters',
  'params',
  'values',
  'meta',
  'body',
  'rawBody',
  'payload',
]);
/** Longest error message kept: messages can embed a value too (e.g. "invalid input syntax … "…""). */
const MAX_MESSAGE = 300;

type Serialized = Record<string, unknown>;

function clean(serialized: Serialized, depth: number): Serialized {
  const out: Serialized = {};
  for (const [key, value] of Object.entries(serialized)) {
    if (DROPPED.has(key)) {
      out[key] = '[redacted]';
      continue;
    }
    if (key === 'message' && typeof value === 'string' && value.length > MAX_MESSAGE)
      out[key] = `${value.slice(0, MAX_MESSAGE)}…`;
    // The stack repeats the message in its first line(s): keep only the frames.
    else if (key === 'stack' && typeof value === 'string' && value.length > MAX_MESSAGE)
      out[key] = value
        .split('\n')
        .filter((line) => /^\s+at /.test(line) || line.startsWith('caused by'))
        .map((line) => line.slice(0, MAX_MESSAGE))
        .join('\n');
    else if (key === 'cause' && value && typeof value === 'object' && depth < 5)
      out[key] = clean(value as Serialized, depth + 1);
    else if (key === 'aggregateErrors' && Array.isArray(value))
      out[key] = value.map((v: unknown) => (v && typeof v === 'object' ? clean(v as Serialized, depth + 1) : v));
    else out[key] = value;
  }
  return out;
}

/**
 * pino's standard error serializer (pino.stdSerializers.err: type, message, stack, own fields, cause) with the
 * fields that can carry request-body text replaced by "[redacted]" and long messages cut. Installed for `err`
 * and `error` on the root logger, so no log line can carry a raw webhook batch.
 */
export function redactError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  return clean(pino.stdSerializers.err(error) as unknown as Serialized, 0);
}

/** Serializers for pino's root logger. */
export const errorSerializers = { err: redactError, error: redactError };
