import { createDb } from '../../lib/db/client';
import type { ChaosConversation } from './load';

/** `count` client–designer projects with a sandbox conversation each, to write webhook load into. */
export async function makeConversations(
  databaseUrl: string,
  count: number,
): Promise<{ conversations: ChaosConversation[]; ids: string[] }> {
  const db = createDb(databaseUrl, 2);
  try {
    const conversations: ChaosConversation[] = [];
    const ids: string[] = [];
    const run = Date.now().toString(36);
    for (let i = 0; i < count; i++) {
      const client = await db.user.create({
        data: {
          id: `chaos-c-${run}-${i}`,
          name: `Chaos client ${i}`,
          email: `chaos-c-${run}-${i}@chaos.chatwatch.test`,
          role: 'CLIENT',
        },
      });
      const designer = await db.user.create({
        data: {
          id: `chaos-d-${run}-${i}`,
          name: `Chaos designer ${i}`,
          email: `chaos-d-${run}-${i}@chaos.chatwatch.test`,
          role: 'DESIGNER',
        },
      });
      const project = await db.project.create({
        data: { title: `Chaos ${i}`, clientId: client.id, designerId: designer.id },
      });
      const conversation = await db.conversation.create({
        data: { projectId: project.id, vendor: 'sandbox', vendorConversationId: project.id },
      });
      conversations.push({ vendorConversationId: project.id, clientId: client.id, designerId: designer.id });
      ids.push(conversation.id);
    }
    return { conversations, ids };
  } finally {
    await db.$disconnect();
  }
}
