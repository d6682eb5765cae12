// Demo accounts and projects for `npm start`. Idempotent: upserts by email, projects by title.
import { hashPassword } from 'better-auth/crypto';
import { createDb } from '../lib/db/client';
import type { Role } from '../lib/db/generated/client';

export const DEMO_PASSWORD = 'chatwatch-demo';
const DOMAIN = 'demo.chatwatch.test';

interface DemoUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  speciality?: string;
}

export const DEMO_USERS: DemoUser[] = [
  { id: 'demo-clara', name: 'Clara Client', email: `clara@${DOMAIN}`, role: 'CLIENT' },
  { id: 'demo-colin', name: 'Colin Client', email: `colin@${DOMAIN}`, role: 'CLIENT' },
  { id: 'demo-dana', name: 'Dana Designer', email: `dana@${DOMAIN}`, role: 'DESIGNER', speciality: 'Brand identity' },
  {
    id: 'demo-diego',
    name: 'Diego Designer',
    email: `diego@${DOMAIN}`,
    role: 'DESIGNER',
    speciality: 'Web & product UI',
  },
  { id: 'demo-sam', name: 'Sam Support', email: `sam@${DOMAIN}`, role: 'SUPPORT' },
  { id: 'demo-maya', name: 'Maya Manager', email: `maya@${DOMAIN}`, role: 'MANAGER' },
  { id: 'demo-eli', name: 'Eli Engineer', email: `eli@${DOMAIN}`, role: 'ENGINEER' },
  { id: 'demo-ada', name: 'Ada Admin', email: `ada@${DOMAIN}`, role: 'ADMIN' },
  { id: 'synthetic-monitor', name: 'Synthetic Monitor', email: `synthetic@${DOMAIN}`, role: 'SYNTHETIC' },
  { id: 'synthetic-peer', name: 'Canary Peer', email: `canary-peer@${DOMAIN}`, role: 'SYNTHETIC' },
];

const DEMO_PROJECTS = [
  { title: 'Logo refresh for Clara’s bakery', clientId: 'demo-clara', designerId: 'demo-dana' },
  { title: 'Landing page for Clara’s bakery', clientId: 'demo-clara', designerId: 'demo-diego' },
  { title: 'Mobile app onboarding', clientId: 'demo-colin', designerId: 'demo-diego' },
  { title: 'Canary conversation', clientId: 'synthetic-monitor', designerId: 'synthetic-peer' },
];

/** Upserts the demo users (credential accounts share DEMO_PASSWORD) and projects. Returns a one-line summary. */
export async function runSeed(databaseUrl: string): Promise<string> {
  const db = createDb(databaseUrl, 2);
  try {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    let createdUsers = 0;
    for (const user of DEMO_USERS) {
      const existing = await db.user.findUnique({ where: { email: user.email } });
      if (existing) continue;
      await db.$transaction([
        db.user.create({ data: { ...user, emailVerified: true } }),
        db.account.create({
          data: {
            id: `${user.id}-credential`,
            accountId: user.id,
            providerId: 'credential',
            userId: user.id,
            password: passwordHash,
          },
        }),
      ]);
      createdUsers++;
    }
    let createdProjects = 0;
    for (const project of DEMO_PROJECTS) {
      const existing = await db.project.findFirst({ where: { title: project.title, clientId: project.clientId } });
      if (existing) continue;
      await db.project.create({ data: project });
      createdProjects++;
    }
    return `${createdUsers} demo users and ${createdProjects} projects created (${DEMO_USERS.length} users, ${DEMO_PROJECTS.length} projects in all).`;
  } finally {
    await db.$disconnect();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required to seed');
  console.log(await runSeed(url));
}
