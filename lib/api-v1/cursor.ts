import { ValidationError } from '../errors';

/** Keyset position (startedAt, id) as an opaque token. */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

export function decodeCursor(cursor: string): { at: Date; id: string } {
  try {
    const [iso, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const at = new Date(iso);
    if (typeof id !== 'string' || Number.isNaN(at.getTime())) throw new Error('bad cursor');
    return { at, id };
  } catch {
    throw new ValidationError('The cursor is not valid; start again without it.', {
      cursor: ['Use the nextCursor of the previous page.'],
    });
  }
}
