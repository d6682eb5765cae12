import type { z } from 'zod';
import { ValidationError } from '../errors';

/** Validates a request's query string against an API schema (400 with field messages otherwise). */
export function parseQuery<S extends z.ZodType>(schema: S, url: string): z.output<S> {
  const params = Object.fromEntries(new URL(url).searchParams);
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, 'The query is not valid.');
  return parsed.data;
}
