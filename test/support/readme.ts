// What the tests need from README.md: heading anchors (runbook links) and the metric names it documents.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const README_PATH = path.resolve(import.meta.dirname, '..', '..', 'README.md');

export function readReadme(): string {
  return readFileSync(README_PATH, 'utf8');
}

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens. */
export function githubSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every heading anchor of the document, outside fenced code blocks. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const match = !fenced && /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (match) anchors.add(githubSlug(match[1]!));
  }
  return anchors;
}

/** The text of the `## title` section, up to the next `## ` heading. */
export function section(markdown: string, title: string): string {
  const start = markdown.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README has no "## ${title}" section`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/** Metric names listed in the first column of the tables in README § Metrics. */
export function documentedMetrics(markdown: string): Set<string> {
  return new Set([...section(markdown, 'Metrics').matchAll(/^\| `([a-z_:][a-z0-9_:]*)` \|/gm)].map((m) => m[1]!));
}
