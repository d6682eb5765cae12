import { describe, expect, it } from 'vitest';
import { Supervisor, type ProcessSpec } from './supervisor';

// The real supervisor with real child processes: one exits at once every time (a process whose dependency
// is down), the other runs. The crasher is restarted past the old lifetime limit of five, backs off once
// over its per-window budget, and the healthy process is never touched.

const node = (name: string, code: string): ProcessSpec => ({
  name,
  command: process.execPath,
  args: ['-e', code],
  env: { PATH: process.env.PATH, NODE_ENV: 'test' },
});

describe('Supervisor', () => {
  it('keeps restarting a crash-looping process with back-off and never stops the others', async () => {
    const events: { name: string; overBudget: boolean; delayMs: number }[] = [];
    let reached!: () => void;
    const eightRestarts = new Promise<void>((resolve) => (reached = resolve));
    const supervisor = new Supervisor(
      [node('crasher', 'process.exit(3)'), node('steady', 'setInterval(() => {}, 1000)')],
      {
        color: false,
        policy: { windowMs: 60_000, budget: 3, baseDelayMs: 5, maxDelayMs: 40 },
        onRestart: (event) => {
          events.push(event);
          if (events.length === 8) reached();
        },
      },
    );
    const stderr = process.stderr.write.bind(process.stderr);
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      supervisor.start();
      const steadyPid = supervisor.pid('steady');
      await eightRestarts;
      expect(events.every((e) => e.name === 'crasher')).toBe(true);
      expect(events.map((e) => e.delayMs)).toEqual([5, 10, 20, 40, 40, 40, 40, 40]);
      expect(events.filter((e) => e.overBudget).length).toBe(5);
      expect(supervisor.pid('steady')).toBe(steadyPid);
      expect(() => process.kill(steadyPid!, 0)).not.toThrow();
      expect(supervisor.restarts()).toMatchObject({ steady: 0 });
    } finally {
      await supervisor.stop(2000);
      process.stderr.write = stderr;
    }
  });
});
