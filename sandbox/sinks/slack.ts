import type { Sink } from './types';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Slack incoming webhook: {text} or {blocks}; answers "ok" or "invalid_payload" as Slack does. */
export const slack: Sink = {
  name: 'slack',
  path: '/slack/:channel',
  targetParam: 'channel',
  handle(body) {
    const ok =
      isObject(body) &&
      ((typeof body.text === 'string' && body.text.trim() !== '') ||
        (Array.isArray(body.blocks) && body.blocks.length > 0));
    return ok ? { status: 200, body: 'ok', accepted: true } : { status: 400, body: 'invalid_payload', accepted: false };
  },
};
