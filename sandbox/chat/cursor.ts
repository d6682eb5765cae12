import { SandboxError } from '../http/errors';

export interface Position {
  createdAt: Date;
  id: string;
}

/** Opaque keyset cursor over (createdAt, id). */
export const encodeCursor = (p: Position): string =>
  Buffer.from(JSON.stringify([p.createdAt.toISOString(), p.id])).toString('base64url');

export function decodeCursor(cursor: string): Position {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      const createdAt = new Date(value[0]);
      if (!Number.isNaN(createdAt.getTime())) return { createdAt, id: value[1] };
    }
  } catch {
    // fall through to the validation error
  }
  throw new SandboxError(400, 'validation_error', 'cursor: is not a cursor this API returned', 'cursor');
}
