import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requireUser } from '@/lib/auth/session';
import { fallbackCauseOfError, type FallbackCause } from '@/lib/chat-provider/fallback-cause';
import { openChatEmbed, type ChatEmbed } from '@/lib/chat-provider/open-chat-embed';
import { getConfig } from '@/lib/config';
import { appContext } from '@/lib/context';
import { NotFoundError } from '@/lib/errors';
import { listFallbackMessages } from '@/lib/fallback/list-fallback-messages';
import { logger, newRequestId } from '@/lib/logger';
import { getProjectForViewer, type ProjectView } from '@/lib/projects/get-project-for-viewer';
import { markProjectSeen } from '@/lib/projects/mark-project-seen';
import { getReaderTimeZone } from '@/lib/settings/reader-time-zone';
import { ChatPanel } from './chat-panel';
import { StaffView } from './staff-view';

export const metadata: Metadata = { title: 'Conversation' };

/** How long the page waits for the vendor to set up the conversation before it shows the fallback instead. */
const VENDOR_BUDGET_MS = 3_000;

export default async function ProjectPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireUser(`/projects/${id}`);
  const log = logger.child({ reqId: newRequestId(), page: 'project', projectId: id });
  const ctx = appContext(log);
  let project: ProjectView;
  try {
    project = await getProjectForViewer({ ctx, input: { projectId: id, viewer } });
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  const [messages, timeZone] = await Promise.all([
    listFallbackMessages({ ctx, input: { projectId: project.id, viewer } }),
    getReaderTimeZone({ ctx, input: { userId: viewer.id } }),
  ]);
  if (project.access === 'staff') return <StaffView project={project} messages={messages} timeZone={timeZone} />;

  await markProjectSeen({ ctx, input: { projectId: project.id, viewer } });
  // The notice says why (vendor API or ours), so the monitor blames the right party, not the vendor's UI.
  const opened = await openChatEmbed({
    ctx,
    input: { projectId: project.id, viewer, deadlineMs: VENDOR_BUDGET_MS },
  }).then(
    (embed): { embed: ChatEmbed; cause: null } => ({ embed, cause: null }),
    (error: unknown): { embed: null; cause: FallbackCause } => {
      const cause = fallbackCauseOfError(error);
      log.warn({ err: error, cause }, 'could not open the vendor chat; showing the fallback');
      return { embed: null, cause };
    },
  );
  const { embed } = opened;
  const other = project.otherParty!;
  return (
    <main className="mx-auto max-w-4xl px-4 sm:px-6 py-8">
      <header className="mb-4">
        <p className="text-sm text-slate-500">Project</p>
        <h1 className="text-2xl font-semibold" data-testid="project-title">
          {project.title}
        </h1>
        <p className="text-sm text-slate-600" data-testid="project-other-party">
          with {other.name}
          {other.speciality ? ` · ${other.speciality}` : ''}
          {project.status !== 'ACTIVE' ? ` · ${project.status.toLowerCase()}` : ''}
        </p>
      </header>
      <ChatPanel
        projectId={project.id}
        viewerId={viewer.id}
        otherPartyName={other.name}
        embed={embed ? { url: embed.url, origin: embed.origin } : null}
        initialCause={opened.cause}
        timeoutMs={getConfig().CHAT_READY_TIMEOUT_MS}
        initialMessages={messages}
        timeZone={timeZone}
      />
    </main>
  );
}
