// What the tests need from docs/: the runbook pages the alert rules link to, and the metric names docs/metrics.md lists.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const RUNBOOKS_DIR = 'docs/runbooks';
export const METRICS_DOC = 'docs/metrics.md';

/** A document of the repository by its path relative to the repository root (the form `runbook_url` uses). */
export function readDoc(relativePath: string): string {
  return readFileSync(path.join(REPO_ROOT, relativePath), 'utf8');
}

export function docExists(relativePath: string): boolean {
  return existsSync(path.join(REPO_ROOT, relativePath));
}

/** The runbook page an alert must link to: `docs/runbooks/<AlertName>.md`, relative to the repository. */
export function runbookPath(alertName: string): string {
  return `${RUNBOOKS_DIR}/${alertName}.md`;
}

/** Alert names that have a runbook page (every `*.md` in docs/runbooks except its README index). */
export function runbookPages(): string[] {
  return readdirSync(path.join(REPO_ROOT, RUNBOOKS_DIR))
    .filter((file) => file.endsWith('.md') && file !== 'README.md')
    .map((file) => file.slice(0, -'.md'.length))
    .sort();
}

/**
 * What a runbook page says about its alert: its `# Title` and the `*Severity, component.*` line that opens the body
 * (null when the page does not have that shape).
 */
export function runbookHeader(markdown: string): { title: string; severity: string; component: string } | null {
  const match = /^# (\S+)\n\n\*(Critical|Warning), ([a-z_]+)\.\*/.exec(markdown);
  return match ? { title: match[1]!, severity: match[2]!.toLowerCase(), component: match[3]! } : null;
}

/** Metric names listed in the first column of the tables of docs/metrics.md (`| \`name\` |`). */
export function documentedMetrics(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/^\| `([a-z_:][a-z0-9_:]*)` \|/gm)].map((m) => m[1]!));
}

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens. */
export function githubSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every heading anchor of a document, outside fenced code blocks. */
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

/** Relative links of a document, outside fenced code blocks: `[text](target#anchor)`, web and mail links left out. */
export function relativeLinks(markdown: string): { target: string; anchor: string | null }[] {
  const links: { target: string; anchor: string | null }[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    if (fenced) continue;
    for (const [, href] of line.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(href!)) continue;
      const [target, anchor] = href!.split('#', 2);
      links.push({ target: target!, anchor: anchor ?? null });
    }
  }
  return links;
}

/** README.md and every page under docs/, as paths relative to the repository root. */
export function markdownPages(): string[] {
  const pages = ['README.md'];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })) {
      const relative = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(relative);
      else if (entry.name.endsWith('.md')) pages.push(relative);
    }
  };
  walk('docs');
  return pages.sort();
}
