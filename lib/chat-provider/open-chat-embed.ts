import type { SessionUser } from '../auth/session';
import type { ServiceContext } from '../context';
import { VendorApiError } from './errors';
import { getProjectForMember } from '../projects/get-project-for-viewer';
import { ensureVendorConversation } from './ensure-vendor-conversation';

export interface ChatEmbed {
  /** Signed, short-lived URL of the vendor's chat UI for this viewer. */
  url: string;
  /** The only origin the iframe may load from and the only one whose postMessage we accept. */
  origin: string;
  vendor: string;
}

/**
 * For a member: ensures the vendor side exists, then signs an embed URL. Throws VendorApiError when the vendor
 * does not answer within `deadlineMs` (the page then shows the fallback at once instead of hanging).
 */
export async function openChatEmbed({
  ctx,
  input,
}: {
  ctx: Pick<ServiceContext, 'db' | 'vendor'>;
  input: { projectId: string; viewer: SessionUser; deadlineMs?: number };
}): Promise<ChatEmbed> {
  const project = await getProjectForMember({ ctx, input });
  const { vendor } = ctx;
  const open = async (): Promise<ChatEmbed> => {
    await ensureVendorConversation({ ctx, input: { projectId: project.id } });
    return {
      url: await vendor.embedUrl({ conversationId: project.id, userId: input.viewer.id }),
      origin: vendor.embedOrigin,
      vendor: vendor.name,
    };
  };
  if (!input.deadlineMs) return open();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new VendorApiError(`${vendor.name} did not answer within ${input.deadlineMs} ms`, null, true, {
            vendorCode: 'DEADLINE',
          }),
        ),
      input.deadlineMs,
    );
  });
  try {
    return await Promise.race([open(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
