import type { Db } from './client';
import type { Prisma } from './generated/client';

/** A Prisma transaction client. Services that must run inside their caller's transaction take one. */
export type DbTx = Prisma.TransactionClient;

/** Runs `fn` in a new transaction when given the root client, or inside the caller's when given a transaction client. */
export async function inTransaction<T>(db: Db | DbTx, fn: (tx: DbTx) => Promise<T>): Promise<T> {
  return '$transaction' in db ? (db as Db).$transaction((tx) => fn(tx), { timeout: 20_000 }) : fn(db);
}
