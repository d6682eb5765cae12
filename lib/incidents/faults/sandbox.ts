import got from 'got';
import { z } from 'zod';
import type { MonitorComponent } from '../components';
import type { FaultSource, GroundTruthFault } from './types';

const faultJson = z.object({
  id: z.string(),
  mode: z.string(),
  startedAt: z.iso.datetime({ offset: true }),
  endedAt: z.iso.datetime({ offset: true }).nullable(),
  endsAt: z.iso.datetime({ offset: true }).nullable().optional(),
  probability: z.number().nullable().optional(),
});
const faultList = z.object({ history: z.array(faultJson) });

/** Which components each family of sandbox fault modes can break (a vendor API outage also breaks the chat page). */
const FAMILY_COMPONENTS: Record<string, MonitorComponent[]> = {
  ui: ['chat_ui'],
  webhooks: ['webhooks'],
  api: ['vendor_api', 'chat_ui'],
  mail: ['email'],
};

export function componentsOfMode(mode: string): MonitorComponent[] {
  return FAMILY_COMPONENTS[mode.split('-', 1)[0]!] ?? [];
}

/** The sandbox's fault history (GET /admin/faults): the ground truth of every chaos test and benchmark. */
export function createSandboxFaultSource(options: { baseUrl: string; timeoutMs?: number }): FaultSource {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/admin/faults`;
  return {
    name: 'sandbox',
    async list(since) {
      const body = await got(url, {
        headers: { accept: 'application/json' },
        timeout: { request: options.timeoutMs ?? 5000 },
        retry: { limit: 0 },
      }).json();
      const { history } = faultList.parse(body);
      return history
        .map((f): GroundTruthFault => {
          // A fault with a duration that ran out may not be swept yet: its end is endsAt.
          const ended = f.endedAt ?? (f.endsAt && Date.parse(f.endsAt) <= Date.now() ? f.endsAt : null);
          return {
            source: 'sandbox',
            externalId: f.id,
            mode: f.mode,
            components: componentsOfMode(f.mode),
            startedAt: new Date(f.startedAt),
            endedAt: ended ? new Date(ended) : null,
            probability: f.probability ?? null,
          };
        })
        .filter((f) => !f.endedAt || f.endedAt >= since);
    },
  };
}
