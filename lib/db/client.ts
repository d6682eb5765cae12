import { PrismaPg } from '@prisma/adapter-pg';
import { getConfig } from '../config';
import { PrismaClient } from './generated/client';

export type Db = PrismaClient;

/** A Prisma client on one database; tests pass their own URL. */
export function createDb(connectionString: string, max = 10): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max }) });
}

const globalForDb = globalThis as unknown as { chatwatchDb?: Db };

/** The process-wide client (kept on globalThis so Next.js dev reloads do not open new pools). */
export function getDb(): Db {
  globalForDb.chatwatchDb ??= createDb(getConfig().DATABASE_URL);
  return globalForDb.chatwatchDb;
}
