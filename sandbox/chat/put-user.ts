import type { z } from 'zod';
import type { SandboxContext } from '../context';
import type { putUserBody } from './schemas';

export interface UserJson {
  id: string;
  name: string;
  email: string | null;
  role: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Creates or replaces a user. */
export async function putUser({
  ctx,
  input,
}: {
  ctx: SandboxContext;
  input: z.infer<typeof putUserBody> & { id: string };
}): Promise<UserJson> {
  const { rows } = await ctx.db.query<{
    id: string;
    name: string;
    email: string | null;
    role: string | null;
    created_at: Date;
    updated_at: Date;
  }>(
    `INSERT INTO sandbox.users (id, name, email, role) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, role = EXCLUDED.role, updated_at = now()
     RETURNING *`,
    [input.id, input.name, input.email ?? null, input.role ?? null],
  );
  const r = rows[0]!;
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    role: r.role,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
