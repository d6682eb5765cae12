import { describe, expect, it } from 'vitest';
import { formatRun, parseCommand } from './cli';
import type { ManualRun } from './scheduler/runner';

describe('npm run monitor -- …', () => {
  it('parses --once with an optional reconciliation window, and the maintenance command', () => {
    expect(parseCommand([])).toEqual({ kind: 'serve' });
    expect(parseCommand(['--once', 'vendor-api', '--json'])).toEqual({
      kind: 'once',
      check: 'vendor-api',
      since: undefined,
      until: undefined,
      json: true,
    });
    expect(
      parseCommand(['--once', 'reconciliation', '--since', '2025-03-04T09:00:00Z', '--until', '2025-03-04T09:10:00Z']),
    ).toMatchObject({ since: new Date('2025-03-04T09:00:00Z'), until: new Date('2025-03-04T09:10:00Z') });
    expect(
      parseCommand([
        '--maintenance',
        'all',
        '--minutes',
        '30',
        '--reason',
        'upgrade',
        '--from',
        '2025-03-04T09:00:00Z',
      ]),
    ).toEqual({
      kind: 'maintenance',
      component: null,
      minutes: 30,
      reason: 'upgrade',
      startsAt: new Date('2025-03-04T09:00:00Z'),
    });
    expect(parseCommand(['--help'])).toEqual({ kind: 'help' });
  });

  it('refuses bad input with a message', () => {
    expect(() => parseCommand(['--once', 'reconciliation', '--since', '2025-03-04T09:00:00Z'])).toThrow(
      '--since and --until go together',
    );
    expect(() => parseCommand(['--once', 'reconciliation', '--since', 'yesterday', '--until', 'today'])).toThrow(
      '--since: "yesterday" is not a date',
    );
    expect(() =>
      parseCommand(['--once', 'reconciliation', '--since', '2025-03-04T10:00:00Z', '--until', '2025-03-04T09:00:00Z']),
    ).toThrow('--since must be before --until');
    expect(() => parseCommand(['--maintenance', 'chat_ui', '--minutes', '0', '--reason', 'x'])).toThrow('--minutes');
    expect(() => parseCommand(['--bogus'])).toThrow();
  });

  it('prints a run step by step', () => {
    const run = {
      runId: 'r-1',
      status: 'FAILED',
      durationMs: 2400,
      steps: [
        {
          index: 0,
          name: 'sign-in',
          component: 'chat_ui',
          status: 'PASSED',
          startedAt: new Date(),
          durationMs: 1200,
          error: null,
        },
        {
          index: 1,
          name: 'chat-ready',
          component: 'chat_ui',
          status: 'FAILED',
          startedAt: new Date(),
          durationMs: 300,
          error: 'the page shows the fallback composer',
        },
      ],
      error: 'the page shows the fallback composer',
      failedComponent: 'chat_ui',
      details: { nonce: 'n' },
      evidence: [{ kind: 'SCREENSHOT', path: '/a/screenshot.png', contentType: 'image/png' }],
      consoleErrors: [],
      failedRequests: [{ frame: 'embed', method: 'GET', url: 'http://vendor/embed/x', status: 503, failure: null }],
    } as unknown as ManualRun;
    expect(formatRun('chat-journey', run)).toBe(
      [
        'chat-journey: FAILED in 2400 ms (run r-1)',
        '  ✓ sign-in                  1200 ms  [chat_ui]',
        '  ✗ chat-ready                300 ms  [chat_ui]  the page shows the fallback composer',
        '  error: the page shows the fallback composer (blamed on chat_ui)',
        '  details: {"nonce":"n"}',
        '  evidence: screenshot /a/screenshot.png',
        '  failed requests: GET http://vendor/embed/x → 503',
      ].join('\n'),
    );
  });
});
