import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Db } from '../db';
import type { SandboxEnv } from '../http/env';
import { SINKS } from './index';
import { storeAlert } from './store';

/** Mounts every registered sink under /sinks. A body that is not JSON gets the sink's own 400. */
export function sinkRoutes(db: Db): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  for (const sink of Object.values(SINKS)) {
    app.post(`/sinks${sink.path}`, async (c) => {
      const raw = await c.req.text();
      let body: unknown;
      try {
        body = JSON.parse(raw) as unknown;
      } catch {
        body = undefined;
      }
      const reply = sink.handle(body);
      const target = sink.targetParam ? (c.req.param(sink.targetParam) ?? '') : sink.name;
      if (reply.accepted) {
        const id = await storeAlert(db, { sink: sink.name, target, payload: body });
        c.get('log').info({ sink: sink.name, target, alertId: id }, 'alert received');
      }
      const status = reply.status as ContentfulStatusCode;
      return typeof reply.body === 'string' ? c.text(reply.body, status) : c.json(reply.body, status);
    });
  }
  return app;
}
