import type { ServiceContext } from '../context';

export interface DesignerCard {
  id: string;
  name: string;
  speciality: string | null;
}

/** The designer directory clients pick from when they start a project. */
export async function listDesigners({ ctx }: { ctx: Pick<ServiceContext, 'db'> }): Promise<DesignerCard[]> {
  return ctx.db.user.findMany({
    where: { role: 'DESIGNER' },
    select: { id: true, name: true, speciality: true },
    orderBy: { name: 'asc' },
  });
}
