import { afterEach, describe, expect, it, vi } from 'vitest';
import { ensureChromium, INSTALL_HELP } from './ensure-chromium.mjs';

// The apt-get calls are recorded, not run: this is the decision logic of `npm start` on a fresh machine.
afterEach(() => vi.restoreAllMocks());

function machine({ root, apt, installs }: { root: boolean; apt: boolean; installs: boolean }) {
  const files = new Set<string>();
  const calls: string[] = [];
  const run = (command: string, args: string[]) => {
    calls.push([command, ...args].join(' '));
    if (installs && args.includes('install')) files.add('/usr/bin/chromium');
    return { status: installs ? 0 : 100 };
  };
  return { calls, options: { env: {}, run, isRoot: root, apt: () => apt, exists: (p: string) => files.has(p) } };
}

describe('npm start without a browser', () => {
  it('installs Debian’s chromium when root with apt-get, like .ci/run', () => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const m = machine({ root: true, apt: true, installs: true });
    expect(ensureChromium(m.options)).toBe('/usr/bin/chromium');
    expect(m.calls).toEqual(['apt-get update -qq', 'apt-get install -y -qq --no-install-recommends chromium']);
  });

  it('says exactly what to do when it may not install (not root, or no apt-get), and goes on', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    for (const m of [
      machine({ root: false, apt: true, installs: true }),
      machine({ root: true, apt: false, installs: true }),
    ]) {
      expect(ensureChromium(m.options)).toBeNull();
      expect(m.calls).toEqual([]);
    }
    expect(
      warn.mock.calls.every(([text]) =>
        String(text).includes('sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium'),
      ),
    ).toBe(true);
    expect(INSTALL_HELP).toContain('browser journeys not running');
  });

  it('reports a failed install with the same instructions', () => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const m = machine({ root: true, apt: true, installs: false });
    expect(ensureChromium(m.options)).toBeNull();
    expect(String(warn.mock.calls[0]![0])).toContain('apt-get could not install chromium');
  });
});
