import { Prisma } from './generated/client';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './unavailable';

// Errors that mean "PostgreSQL cannot take work right now" become 503 + Retry-After; a wrong query stays what it is.
// The Prisma errors are Prisma's own classes with the codes and messages its engine gives
// (https://www.prisma.io/docs/orm/reference/error-reference).
const known = (code: string, message: string) =>
  new Prisma.PrismaClientKnownRequestError(message, { code, clientVersion: Prisma.prismaVersion.client });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['P1001', "Can't reach database server"],
    ['P2024', 'Timed out fetching a new connection from the connection pool.'],
    // Interactive transaction could not start within maxWait: the pool is exhausted by a slow or frozen server.
    ['P2028', 'Transaction API error: Unable to start a transaction in the given time.'],
  ])('%s (%s) is unavailability', (code, message) => {
    expect(isDatabaseUnavailable(known(code, message))).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: known(code, message) }))).toBe(true);
  });

  it('a PostgreSQL error passed up by the driver adapter (P2039) with an unavailable SQLSTATE is unavailability', () => {
    // As Prisma 7 builds it: the SQLSTATE kept in meta.driverAdapterError.cause.originalCode. 57P03 "the database
    // system is in recovery mode" answered 500 on the SendGrid event webhook after a killed backend.
    const adapterError = (originalCode: string) =>
      new Prisma.PrismaClientKnownRequestError(
        `Database error. Code: \`${originalCode}\`. Message: \`the database system is in recovery mode\``,
        {
          code: 'P2039',
          clientVersion: Prisma.prismaVersion.client,
          meta: { driverAdapterError: { cause: { kind: 'postgres', originalCode } } },
        },
      );
    expect(isDatabaseUnavailable(adapterError('57P03'))).toBe(true);
    expect(isDatabaseUnavailable(adapterError('42P01'))).toBe(false);
  });

  it('a raw query whose connection closed (P2010 with the driver adapter kind, no SQLSTATE) is unavailability', () => {
    // As Prisma 7 builds a raw query's error (buildRawQueryUserFacingError): code P2010, "Code: `N/A`", the failure
    // kept only as meta.driverAdapterError.cause.kind. The SendGrid event webhook answered 500 with it during a
    // backend kill (npm run chaos).
    const rawError = (kind: string, message: string) =>
      new Prisma.PrismaClientKnownRequestError(`Raw query failed. Code: \`N/A\`. Message: \`${message}\``, {
        code: 'P2010',
        clientVersion: Prisma.prismaVersion.client,
        meta: { driverAdapterError: { cause: { kind } } },
      });
    expect(isDatabaseUnavailable(rawError('ConnectionClosed', 'Server has closed the connection.'))).toBe(true);
    expect(isDatabaseUnavailable(rawError('SocketTimeout', 'Socket timeout'))).toBe(true);
    expect(isDatabaseUnavailable(rawError('InvalidInputValue', 'invalid input value'))).toBe(false);
  });

  it.each([
    ['P2002', 'Unique constraint failed on the fields: (`email`)'],
    ['P2025', 'An operation failed because it depends on one or more records that were required but not found.'],
  ])('%s (%s) is not', (code, message) => {
    expect(isDatabaseUnavailable(known(code, message))).toBe(false);
  });
});
