import type { Prisma } from '../db/generated/client';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A search box's text, trimmed and bounded; empty means "no filter". */
export function normalizeProjectQuery(raw: string | null | undefined): string {
  return (raw ?? '').trim().slice(0, 200);
}

/**
 * Both lists (/projects for staff, /support) show the same projects for the same query: the most recently updated
 * first, the id breaking ties, at most this many.
 */
export const PROJECT_SEARCH_LIMIT = 100;
export const PROJECT_SEARCH_ORDER = [
  { updatedAt: 'desc' },
  { id: 'asc' },
] as const satisfies Prisma.ProjectOrderByWithRelationInput[];

/**
 * The one project search staff use everywhere (/projects and /support): a project or conversation id, or any
 * part of the title, or of the client's or designer's name or email, case-insensitive. Empty: no filter.
 */
export function projectSearchWhere(raw: string | null | undefined): Prisma.ProjectWhereInput {
  const q = normalizeProjectQuery(raw);
  if (!q) return {};
  if (UUID.test(q)) return { OR: [{ id: q }, { conversation: { id: q } }] };
  const contains = { contains: q, mode: 'insensitive' as const };
  const person = { OR: [{ name: contains }, { email: contains }] };
  return { OR: [{ title: contains }, { client: person }, { designer: person }] };
}
