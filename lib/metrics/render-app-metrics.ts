import { getPool } from '../db/pool';
import { logger } from '../logger';
import { registerMessagingMetrics } from './app-metrics';
import { getRegistry } from './registry';
import { compactSharedCounters } from './shared-counters';

/** The web app's Prometheus exposition: every registered metric, shared counters folded first when they have piled up. */
export async function renderAppMetrics(): Promise<{ body: string; contentType: string }> {
  registerMessagingMetrics();
  await compactSharedCounters(getPool()).catch((error: unknown) =>
    logger.warn({ err: error }, 'could not compact metric_counter'),
  );
  const registry = getRegistry();
  return { body: await registry.metrics(), contentType: registry.contentType };
}
