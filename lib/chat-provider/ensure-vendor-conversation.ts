import type { ServiceContext } from '../context';
import { NotFoundError } from '../errors';

/**
 * Makes sure the vendor knows both parties and the project's conversation (vendor user id = our user id,
 * vendor conversation id = our project id), and records the Conversation row the first time. Idempotent:
 * the vendor's PUTs are upserts and the row insert ignores an existing one.
 */
export async function ensureVendorConversation({
  ctx,
  input,
}: {
  ctx: Pick<ServiceContext, 'db' | 'vendor'>;
  input: { projectId: string };
}): Promise<void> {
  const party = { select: { id: true, name: true, email: true, role: true } } as const;
  const project = await ctx.db.project.findUnique({
    where: { id: input.projectId },
    include: { client: party, designer: party },
  });
  if (!project) throw new NotFoundError('Project');
  const { vendor } = ctx;
  await Promise.all(
    [project.client, project.designer].map((user) =>
      vendor.ensureUser({ id: user.id, name: user.name, email: user.email, role: user.role.toLowerCase() }),
    ),
  );
  await vendor.ensureConversation({
    conversationId: project.id,
    participantIds: [project.clientId, project.designerId],
    subject: project.title,
  });
  await ctx.db.conversation.createMany({
    data: [{ projectId: project.id, vendor: vendor.name, vendorConversationId: project.id }],
    skipDuplicates: true,
  });
}
