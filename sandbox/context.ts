import type { Hub } from './chat/hub';
import type { SandboxConfig } from './config';
import type { Db } from './db';
import type { ChatDialect } from './dialects/wire';
import type { FaultStore } from './faults/store';
import type { Logger } from './log';

/** What the sandbox's services need; routes pass their request logger as `log`. */
export interface SandboxContext {
  config: SandboxConfig;
  db: Db;
  log: Logger;
  faults: FaultStore;
  hub: Hub;
  /** The wire format the REST API and webhooks speak (SANDBOX_DIALECT). */
  dialect: ChatDialect;
}
