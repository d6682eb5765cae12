import type { SqlExecutor } from './enqueue';

interface RawExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

/** Lets `enqueue` add a job inside a Prisma transaction, so the job and the rows it is about commit together. */
export function prismaExecutor(tx: RawExecutor): SqlExecutor {
  return { query: (text, values) => tx.$executeRawUnsafe(text, ...values) };
}
