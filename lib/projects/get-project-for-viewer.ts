import { z } from 'zod';
import type { SessionUser } from '../auth/session';
import { hasRole, STAFF_ROLES } from '../auth/roles';
import type { ServiceContext } from '../context';
import { ForbiddenError, NotFoundError } from '../errors';

export interface Party {
  id: string;
  name: string;
  email: string;
  role: string;
  speciality: string | null;
  timeZone: string;
}

/** A project as one viewer may see it: members fully, staff read-only. */
export interface ProjectView {
  id: string;
  title: string;
  status: string;
  createdAt: Date;
  client: Party;
  designer: Party;
  access: 'member' | 'staff';
  /** For members: the other side of the conversation. For staff: null. */
  otherParty: Party | null;
}

const partySelect = { id: true, name: true, email: true, role: true, speciality: true, timeZone: true } as const;

/**
 * The one access check for projects. Members see their projects; staff see any, read-only; everyone else,
 * and any id that is not a project id at all, gets NotFoundError (404), so existence does not leak.
 */
export async function getProjectForViewer({
  ctx,
  input,
}: {
  ctx: Pick<ServiceContext, 'db'>;
  input: { projectId: string; viewer: SessionUser };
}): Promise<ProjectView> {
  if (!z.uuid().safeParse(input.projectId).success) throw new NotFoundError('Project');
  const project = await ctx.db.project.findUnique({
    where: { id: input.projectId },
    include: { client: { select: partySelect }, designer: { select: partySelect } },
  });
  if (!project) throw new NotFoundError('Project');
  const { viewer } = input;
  const isClient = project.clientId === viewer.id;
  const isDesigner = project.designerId === viewer.id;
  const access = isClient || isDesigner ? 'member' : hasRole(viewer.role, STAFF_ROLES) ? 'staff' : null;
  if (!access) throw new NotFoundError('Project');
  return {
    id: project.id,
    title: project.title,
    status: project.status,
    createdAt: project.createdAt,
    client: project.client,
    designer: project.designer,
    access,
    otherParty: isClient ? project.designer : isDesigner ? project.client : null,
  };
}

/** For writes (sending, marking seen, embedding): members only. Staff may look but not act as a party. */
export async function getProjectForMember(
  args: Parameters<typeof getProjectForViewer>[0],
): Promise<ProjectView & { otherParty: Party }> {
  const project = await getProjectForViewer(args);
  if (project.access !== 'member' || !project.otherParty)
    throw new ForbiddenError('Staff have read-only access to conversations.');
  return project as ProjectView & { otherParty: Party };
}
