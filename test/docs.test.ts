// The documentation's own links: after the README was split into docs/, every relative link must still land on a file,
// and on a heading of it when it names one.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { docExists, headingAnchors, markdownPages, readDoc, relativeLinks } from './support/docs';

describe('README.md and docs/', () => {
  it('README.md stays short: at most 10 KB', () => {
    expect(Buffer.byteLength(readDoc('README.md'))).toBeLessThanOrEqual(10 * 1024);
  });

  for (const page of markdownPages()) {
    it(`${page}: every relative link resolves to a file and, when it names one, a heading`, () => {
      const markdown = readDoc(page);
      for (const { target, anchor } of relativeLinks(markdown)) {
        const file = target === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), target));
        expect(docExists(file), `${page} links to ${target}, which does not exist`).toBe(true);
        if (anchor && file.endsWith('.md')) {
          expect(
            headingAnchors(file === page ? markdown : readDoc(file)).has(anchor),
            `${page} links to ${file}#${anchor}, which has no such heading`,
          ).toBe(true);
        }
      }
    });
  }
});
