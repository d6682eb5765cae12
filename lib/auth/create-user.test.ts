import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { verifyPassword } from 'better-auth/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marketplaceContext } from '../../test/support/marketplace';
import { ConflictError, ValidationError } from '../errors';
import { createUserWithPassword } from './create-user';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..', '..');
let env: Awaited<ReturnType<typeof marketplaceContext>>;

beforeAll(async () => {
  env = await marketplaceContext();
});
afterAll(() => env.db.$disconnect());

describe('createUserWithPassword', () => {
  it('creates a staff account whose password better-auth accepts', async () => {
    const user = await createUserWithPassword({
      db: env.db,
      input: { role: 'SUPPORT', email: 'Sam.Support@Example.test', name: 'Sam', password: 'long enough password' },
    });
    expect(user).toMatchObject({ email: 'sam.support@example.test', role: 'SUPPORT' });
    const account = await env.db.account.findFirstOrThrow({ where: { userId: user.id, providerId: 'credential' } });
    expect(await verifyPassword({ hash: account.password!, password: 'long enough password' })).toBe(true);
  });

  it('refuses unknown roles, short passwords and taken emails', async () => {
    await expect(
      createUserWithPassword({
        db: env.db,
        input: { role: 'ROOT', email: 'a@example.test', name: 'A', password: 'long enough password' },
      }),
    ).rejects.toThrow(ValidationError);
    await expect(
      createUserWithPassword({
        db: env.db,
        input: { role: 'ADMIN', email: 'a@example.test', name: 'A', password: 'short' },
      }),
    ).rejects.toThrow(/at least 10/);
    await createUserWithPassword({
      db: env.db,
      input: { role: 'ADMIN', email: 'taken@example.test', name: 'A', password: 'long enough password' },
    });
    await expect(
      createUserWithPassword({
        db: env.db,
        input: { role: 'ADMIN', email: 'TAKEN@example.test', name: 'B', password: 'long enough password' },
      }),
    ).rejects.toThrow(ConflictError);
  });

  // Two CLI runs, each starting `node --import tsx` (seconds of module loading on a busy machine) and running to exit.
  it('is what `npm run user:create` runs', { timeout: 120_000 }, async () => {
    const args = [
      '--import',
      'tsx',
      path.join(root, 'scripts/user-create.ts'),
      '--role',
      'manager',
      '--email',
      'maya.cli@example.test',
      '--name',
      'Maya CLI',
      '--password',
      'a manager password',
    ];
    const { stdout } = await run(process.execPath, args, {
      env: { ...process.env, DATABASE_URL: env.url, LOG_LEVEL: 'silent' },
      cwd: root,
    });
    expect(stdout).toMatch(/^Created MANAGER maya\.cli@example\.test/);
    expect(await env.db.user.findUniqueOrThrow({ where: { email: 'maya.cli@example.test' } })).toMatchObject({
      role: 'MANAGER',
      name: 'Maya CLI',
    });
    const failure = await run(process.execPath, args, {
      env: { ...process.env, DATABASE_URL: env.url, LOG_LEVEL: 'silent' },
      cwd: root,
    }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1, stderr: expect.stringContaining('already exists') });
  });
});
