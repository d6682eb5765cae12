import { describe, expect, it } from 'vitest';
import { playwrightCounts, vitestCounts } from './test-reports';

describe('vitestCounts', () => {
  it('names each failed test with the first line of its error, and files that failed without a failed test', () => {
    const counts = vitestCounts(
      {
        numPassedTests: 3,
        numFailedTests: 1,
        numPendingTests: 1,
        numTodoTests: 0,
        testResults: [
          {
            name: '/repo/lib/a.test.ts',
            status: 'failed',
            assertionResults: [
              { fullName: 'a works', status: 'passed', failureMessages: [] },
              {
                fullName: 'a fails',
                status: 'failed',
                failureMessages: ['\x1b[31mAssertionError\x1b[39m: expected 1 to be 2\n    at stack'],
              },
            ],
          },
          { name: '/repo/lib/b.test.ts', status: 'failed', message: 'Cannot find module ./gone', assertionResults: [] },
          {
            name: '/repo/lib/c.test.ts',
            status: 'passed',
            assertionResults: [{ fullName: 'c', status: 'passed', failureMessages: [] }],
          },
        ],
      },
      '/repo',
    );
    expect(counts).toEqual({
      passed: 3,
      failed: 1,
      skipped: 1,
      failures: [
        'lib/a.test.ts › a fails: AssertionError: expected 1 to be 2',
        'lib/b.test.ts: Cannot find module ./gone',
      ],
    });
  });
});

describe('playwrightCounts', () => {
  it('walks nested suites for unexpected results and reports errors outside any test', () => {
    const spec = (title: string, status: string, message?: string) => ({
      title,
      file: 'e2e/x.spec.ts',
      line: 7,
      tests: [{ status, results: [{}, { error: message ? { message } : undefined }] }],
    });
    const counts = playwrightCounts({
      stats: { expected: 2, unexpected: 1, flaky: 1, skipped: 0 },
      suites: [
        {
          title: 'x',
          specs: [spec('ok', 'expected')],
          suites: [
            {
              title: 'inner',
              specs: [spec('broken', 'unexpected', 'Timed out 5000ms\ncall log'), spec('flaky', 'flaky')],
            },
          ],
        },
      ],
      errors: [{ message: 'global setup failed\nstack' }],
    });
    expect(counts).toEqual({
      passed: 3,
      failed: 1,
      skipped: 0,
      failures: ['e2e/x.spec.ts:7 › broken: Timed out 5000ms', '(outside any test): global setup failed'],
    });
  });
});
