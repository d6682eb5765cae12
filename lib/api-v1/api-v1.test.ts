import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/db';
import { authenticateApiToken } from '../api-tokens/authenticate-api-token';
import { createApiToken } from '../api-tokens/create-api-token';
import { revokeApiToken } from '../api-tokens/revoke-api-token';
import { createDb, type Db } from '../db/client';
import { NotFoundError, UnauthenticatedError } from '../errors';
import { insertIncident, insertRuns, seedStaff } from '../../test/support/report-factories';
import { getApiUptime } from './get-uptime';
import { listApiCheckRuns } from './list-check-runs';
import { listApiIncidents } from './list-incidents';
import { buildOpenApiDocument } from './openapi';
import { checkRunsQuery, incidentsQuery, uptimeQuery } from './schemas';

const t = (iso: string) => new Date(`${iso}Z`);
let db: Db;

beforeAll(async () => {
  db = createDb(await createTestDatabase(), 4);
  for (let day = 1; day <= 5; day++)
    await insertIncident(db, {
      component: 'chat_ui',
      startedAt: t(`2026-03-0${day}T10:00`),
      recoveredAt: t(`2026-03-0${day}T10:30`),
    });
  await insertIncident(db, {
    component: 'webhooks',
    startedAt: t('2026-03-02T12:00'),
    recoveredAt: t('2026-03-02T12:10'),
  });
  await insertRuns(db, {
    check: 'chat-journey',
    components: ['chat_ui', 'webhooks'],
    from: t('2026-03-01T00:00'),
    to: t('2026-03-06T00:00'),
    everyMinutes: 60,
    failing: (at) => (at.getUTCHours() === 10 ? 'chat_ui' : null),
  });
  await insertRuns(db, {
    check: 'vendor-api',
    components: ['vendor_api'],
    from: t('2026-03-01T00:00'),
    to: t('2026-03-06T00:00'),
    everyMinutes: 60,
  });
});

afterAll(async () => {
  await db?.$disconnect();
});

describe('API tokens', () => {
  it('authenticates staff tokens, refuses unknown, revoked and non-staff ones alike', async () => {
    const eli = await seedStaff(db, 'ENGINEER');
    const user = { ...eli, role: 'ENGINEER' as const };
    const { id, token } = await createApiToken({ db, user, input: { name: 'Grafana' } });
    expect(token).toMatch(/^cw_[A-Za-z0-9_-]{43}$/);
    expect(await db.apiToken.findUniqueOrThrow({ where: { id } })).not.toHaveProperty('token');
    expect((await authenticateApiToken(db, `Bearer ${token}`)).id).toBe(eli.id);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).not.toBeNull();
    await expect(authenticateApiToken(db, null)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(authenticateApiToken(db, `Bearer ${token}x`)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(revokeApiToken({ db, user: { ...user, id: 'someone-else' }, input: { id } })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await revokeApiToken({ db, user, input: { id } });
    await expect(authenticateApiToken(db, `Bearer ${token}`)).rejects.toBeInstanceOf(UnauthenticatedError);

    const second = await createApiToken({ db, user, input: { name: 'CLI' } });
    await db.user.update({ where: { id: eli.id }, data: { role: 'CLIENT' } });
    await expect(authenticateApiToken(db, `Bearer ${second.token}`)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(
      createApiToken({ db, user: { ...user, role: 'CLIENT' }, input: { name: 'x' } }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('/api/v1', () => {
  it('pages through incidents newest first without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listApiIncidents(
        db,
        incidentsQuery.parse({ component: 'chat_ui', limit: '2', ...(cursor ? { cursor } : {}) }),
        'https://x.test',
      );
      seen.push(...page.data.map((i) => i.startedAt));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([
      '2026-03-05T10:00:00.000Z',
      '2026-03-04T10:00:00.000Z',
      '2026-03-03T10:00:00.000Z',
      '2026-03-02T10:00:00.000Z',
      '2026-03-01T10:00:00.000Z',
    ]);
  });

  it('merges check runs of every check newest first, and filters by status and component', async () => {
    const page = await listApiCheckRuns(db, checkRunsQuery.parse({ limit: '3' }));
    expect(page.data.map((r) => r.startedAt)).toEqual([
      '2026-03-05T23:00:00.000Z',
      '2026-03-05T23:00:00.000Z',
      '2026-03-05T22:00:00.000Z',
    ]);
    expect(new Set(page.data.slice(0, 2).map((r) => r.check))).toEqual(new Set(['chat-journey', 'vendor-api']));
    // The order the table itself gives (startedAt, id descending): every page boundary below splits a tie.
    const newest = (
      await db.checkRun.findMany({ orderBy: [{ startedAt: 'desc' }, { id: 'desc' }], take: 6, select: { id: true } })
    ).map((r) => r.id);
    const next = await listApiCheckRuns(db, checkRunsQuery.parse({ limit: '3', cursor: page.nextCursor! }));
    expect([...page.data, ...next.data].map((r) => r.id)).toEqual(newest);
    const walked: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 6; i++) {
      const one = await listApiCheckRuns(db, checkRunsQuery.parse({ limit: '1', ...(cursor ? { cursor } : {}) }));
      walked.push(...one.data.map((r) => r.id));
      cursor = one.nextCursor!;
    }
    expect(walked).toEqual(newest);
    const failed = await listApiCheckRuns(db, checkRunsQuery.parse({ status: 'failed', limit: '200' }));
    expect(failed.data.map((r) => [r.check, r.failedComponent, r.startedAt])).toEqual(
      ['05', '04', '03', '02', '01'].map((day) => ['chat-journey', 'chat_ui', `2026-03-${day}T10:00:00.000Z`]),
    );
    const vendor = await listApiCheckRuns(db, checkRunsQuery.parse({ component: 'vendor_api', limit: '200' }));
    expect(vendor.data).toHaveLength(5 * 24);
    expect(new Set(vendor.data.map((r) => r.check))).toEqual(new Set(['vendor-api']));
  });

  it('gives uptime per day a page at a time, with the summary of the whole range', async () => {
    const ctx = { db, defaultVendor: 'sandbox', slaTargetPercent: 99.9, now: t('2026-03-10T00:00') };
    const first = await getApiUptime(
      ctx,
      uptimeQuery.parse({ from: '2026-03-01', to: '2026-03-05', component: 'chat_ui', limit: '3' }),
    );
    expect(first.data.map((d) => [d.day, d.downtimeSeconds])).toEqual([
      ['2026-03-01', 1800],
      ['2026-03-02', 1800],
      ['2026-03-03', 1800],
    ]);
    expect(first.nextCursor).toBe('2026-03-04');
    const second = await getApiUptime(
      ctx,
      uptimeQuery.parse({
        from: '2026-03-01',
        to: '2026-03-05',
        component: 'chat_ui',
        limit: '3',
        cursor: first.nextCursor!,
      }),
    );
    expect(second.data.map((d) => d.day)).toEqual(['2026-03-04', '2026-03-05']);
    expect(second.nextCursor).toBeNull();
    expect(first.summary[0]).toMatchObject({
      component: 'chat_ui',
      downtimeSeconds: 5 * 1800,
      incidentsStarted: 5,
      mttrSeconds: 1800,
      slaMet: false,
    });
    expect(first.summary[0]!.uptimePercent).toBeCloseTo((1 - 1800 / 86_400) * 100, 10);
  });

  it('describes itself in OpenAPI 3.1 from the same schemas', () => {
    const doc = buildOpenApiDocument('https://chatwatch.example/');
    expect(doc.servers[0]!.url).toBe('https://chatwatch.example/api/v1');
    const uptime = doc.paths['/uptime'].get;
    expect(uptime.parameters.map((p) => [p.name, p.required])).toEqual([
      ['from', true],
      ['to', true],
      ['component', false],
      ['limit', false],
      ['cursor', false],
    ]);
    const schema = uptime.responses['200'].content['application/json'].schema as {
      properties: Record<string, unknown>;
    };
    expect(Object.keys(schema.properties)).toEqual(['data', 'nextCursor', 'slaTargetPercent', 'summary']);
    expect(JSON.stringify(doc)).not.toContain('$schema');
  });
});
