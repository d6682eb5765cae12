import { createSandboxFaultSource } from './sandbox';
import type { FaultSource, FaultSourceName } from './types';

export type * from './types';
export { componentsOfMode } from './sandbox';

/** Every fault source, by name; each is built from the base URL of the service that records its faults. */
export const faultSources: Record<FaultSourceName, (options: { baseUrl: string }) => FaultSource> = {
  sandbox: createSandboxFaultSource,
};
