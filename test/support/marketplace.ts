import { randomBytes } from 'node:crypto';
import pino from 'pino';
import type { SessionUser } from '../../lib/auth/session';
import { createDb, type Db } from '../../lib/db/client';
import type { Role } from '../../lib/db/generated/enums';
import { migrateJobQueue } from '../../lib/jobs/migrate';
import { FakeVendor } from './fake-vendor';
import { createTestDatabase } from './db';
import { testContext } from './service-context';

export const silentLog = pino({ level: 'silent' });

/**
 * A migrated database (with graphile-worker's schema, for services that enqueue), a client on it, a fake vendor,
 * and a service context with both.
 */
export async function marketplaceContext() {
  const url = await createTestDatabase();
  await migrateJobQueue(url);
  const db = createDb(url, 4);
  const vendor = new FakeVendor();
  return { url, db, vendor, ctx: testContext({ db, vendor, log: silentLog }) };
}

const uid = () => randomBytes(5).toString('hex');

/** A user with a unique id and email. */
export async function makeUser(
  db: Db,
  role: Role,
  overrides: { name?: string; speciality?: string; timeZone?: string } = {},
): Promise<SessionUser> {
  const id = `u-${role.toLowerCase()}-${uid()}`;
  const user = await db.user.create({
    data: {
      id,
      name: overrides.name ?? `${role} ${id}`,
      email: `${id}@test.chatwatch.test`,
      role,
      speciality: overrides.speciality,
      timeZone: overrides.timeZone,
    },
  });
  return { id: user.id, name: user.name, email: user.email, role: user.role };
}

/** A project between a fresh client and designer. */
export async function makeProject(db: Db, title = `Project ${uid()}`) {
  const client = await makeUser(db, 'CLIENT');
  const designer = await makeUser(db, 'DESIGNER', { speciality: 'Brand identity' });
  const project = await db.project.create({ data: { title, clientId: client.id, designerId: designer.id } });
  return { project, client, designer };
}

/** graphile-worker jobs of one task, with their key and run_at. */
export async function jobsOf(db: Db, task: string) {
  return db.$queryRaw<{ key: string | null; run_at: Date; attempts: number }[]>`
    SELECT key, run_at, attempts FROM graphile_worker.jobs WHERE task_identifier = ${task} ORDER BY id`;
}
