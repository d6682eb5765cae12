import { randomUUID } from 'node:crypto';
import { hashPassword } from 'better-auth/crypto';
import { z } from 'zod';
import type { Db } from '../db/client';
import { ConflictError, ValidationError } from '../errors';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './sign-up-input';

const ROLES = ['CLIENT', 'DESIGNER', 'SUPPORT', 'MANAGER', 'ENGINEER', 'ADMIN', 'SYNTHETIC'] as const;

export const createUserInput = z.object({
  role: z.enum(ROLES, { error: `--role must be one of ${ROLES.join(', ')}` }),
  email: z
    .email('--email must be an email address')
    .max(254)
    .transform((e) => e.toLowerCase()),
  name: z.string().trim().min(1, '--name is required').max(100),
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `the password needs at least ${MIN_PASSWORD_LENGTH} characters`)
    .max(MAX_PASSWORD_LENGTH),
  speciality: z.string().trim().max(80).optional(),
});

/**
 * Creates an account with an email + password credential, exactly as better-auth stores one (same hash), in one
 * transaction. The only way to create staff accounts besides the seed: sign-up offers client and designer only.
 */
export async function createUserWithPassword({
  db,
  input,
}: {
  db: Db;
  input: unknown;
}): Promise<{ id: string; email: string; role: string }> {
  const parsed = createUserInput.safeParse(input);
  if (!parsed.success)
    throw ValidationError.fromZod(parsed.error, parsed.error.issues.map((i) => i.message).join('; '));
  const { password, ...fields } = parsed.data;
  if (await db.user.findUnique({ where: { email: fields.email } }))
    throw new ConflictError(`An account with ${fields.email} already exists.`);
  const id = randomUUID();
  const hash = await hashPassword(password);
  await db.$transaction([
    db.user.create({ data: { id, ...fields, emailVerified: true } }),
    db.account.create({
      data: { id: randomUUID(), accountId: id, providerId: 'credential', userId: id, password: hash },
    }),
  ]);
  return { id, email: fields.email, role: fields.role };
}
