import { defineConfig } from 'prisma/config';

// The Prisma CLI reads this file. The app itself never does: it builds its client from lib/config.
export default defineConfig({
  schema: 'prisma/schema',
  migrations: { path: 'prisma/migrations', seed: 'tsx prisma/seed.ts' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost/chatwatch' },
});
