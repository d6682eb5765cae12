import type { Logger } from '../log';

/** Hono variables every sandbox route can read. */
export interface SandboxEnv {
  Variables: {
    reqId: string;
    log: Logger;
  };
}
