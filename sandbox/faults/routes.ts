import { Hono } from 'hono';
import { z } from 'zod';
import { notFound, parseJson, validate } from '../http/errors';
import type { SandboxEnv } from '../http/env';
import { FAULT_MODE_NAMES } from './modes';
import { faultsPage } from './page';
import type { Fault, FaultStore } from './store';

const startFault = z.object({
  mode: z.enum(FAULT_MODE_NAMES),
  durationMs: z
    .number()
    .int()
    .positive()
    .max(7 * 86_400_000)
    .optional(),
  probability: z.number().min(0).max(1).optional(),
  delayMs: z.number().int().min(0).max(3_600_000).optional(),
});

export const faultJson = (f: Fault) => ({
  id: f.id,
  mode: f.mode,
  startedAt: f.startedAt.toISOString(),
  endsAt: f.endsAt?.toISOString() ?? null,
  endedAt: f.endedAt?.toISOString() ?? null,
  probability: f.probability,
  delayMs: f.delayMs,
});

/** /admin/faults: start, list, end. A browser (Accept: text/html) gets the page instead of JSON. */
export function faultRoutes(faults: FaultStore): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  app.post('/', async (c) => {
    const input = validate(startFault, parseJson(await c.req.text()));
    const fault = await faults.begin(input);
    return c.json({ fault: faultJson(fault) }, 201);
  });
  app.get('/', async (c) => {
    const { active, history } = await faults.list();
    if (prefersHtml(c.req.header('accept'))) return c.html(faultsPage(active, history));
    return c.json({ active: active.map(faultJson), history: history.map(faultJson) });
  });
  app.delete('/', async (c) => c.json({ ended: await faults.end() }));
  app.delete('/:id', async (c) => {
    const ended = await faults.end(c.req.param('id'));
    if (ended === 0) throw notFound('Active fault');
    return c.json({ ended });
  });
  return app;
}

function prefersHtml(accept: string | undefined): boolean {
  return !!accept && accept.includes('text/html') && !accept.includes('application/json');
}
