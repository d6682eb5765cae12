import type { ServiceContext } from '../context';
import type { Db } from '../db/client';
import type { DbTx } from '../db/tx';

/**
 * What incident verbs need: the service context's logger, and a client that may be the caller's transaction
 * (the monitor opens an incident and records its failure in one), which ServiceContext's root `db` is not.
 */
export interface IncidentContext extends Pick<ServiceContext, 'log'> {
  db: Db | DbTx;
}
