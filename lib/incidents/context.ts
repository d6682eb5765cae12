import type { Logger } from 'pino';
import type { Db } from '../db/client';
import type { DbTx } from '../db/tx';

/** What incident verbs need: a client (the root one, or the caller's transaction) and a logger. */
export interface IncidentContext {
  db: Db | DbTx;
  log: Logger;
}
