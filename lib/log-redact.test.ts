import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { errorSerializers } from './log-redact';

// No request body text in logs: PostgreSQL errors quote the statement's data in `where` and `detail` (a
// webhook batch travels as one JSON parameter), and Prisma copies them into `meta` and its cause chain.

function capture() {
  const lines: string[] = [];
  const log = pino({ serializers: errorSerializers }, { write: (line: string) => void lines.push(line) });
  return { log, lines };
}

const SECRET_BODY = '[{"vendor":"sandbox","event_id":"evt-secret-body","text":"my home address is 1 Main St"}]';

function pgJsonError() {
  // The shape node-postgres gives a DatabaseError (pg-protocol messages.ts).
  return Object.assign(new Error('invalid input syntax for type json'), {
    code: '22P02',
    detail: `Token "x" is invalid. ${SECRET_BODY}`,
    where: `JSON data, line 1: ${SECRET_BODY}`,
    hint: SECRET_BODY,
    severity: 'ERROR',
  });
}

describe('error log redaction', () => {
  it('drops pg where/detail/hint, also in a wrapped cause, and keeps code and message', () => {
    const { log, lines } = capture();
    log.error({ err: new Error('request failed', { cause: pgJsonError() }) }, 'request failed');
    log.warn({ error: pgJsonError() }, 'again');
    const text = lines.join('\n');
    expect(text).not.toContain('evt-secret-body');
    expect(text).not.toContain('Main St');
    expect(text).toContain('22P02');
    expect(text).toContain('invalid input syntax for type json');
  });

  it('cuts a long message that may embed a value', () => {
    const { log, lines } = capture();
    log.error({ err: new Error(`bad value ${'x'.repeat(5000)}`) }, 'failed');
    expect(lines[0]!.length).toBeLessThan(3000 + 2000);
    expect(lines[0]).not.toContain('x'.repeat(400));
  });
});
