import type { Config } from '../../config';
import type { EmailTransport } from '../../email/transport';
import type { AlertChannel } from '../types';

export interface ChannelDeps {
  config: Config;
  /** Tests pass their own; the process's SendGrid transport otherwise. */
  emailTransport?: EmailTransport;
}

/** Builds a channel from the configuration, or null when it is not configured (off). */
export type ChannelFactory = (deps: ChannelDeps) => AlertChannel | null;
