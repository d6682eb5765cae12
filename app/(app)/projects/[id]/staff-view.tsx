import { loadTranscript, type TranscriptMessage } from '@/lib/chat-provider/load-transcript';
import { appContext } from '@/lib/context';
import type { FallbackMessageView } from '@/lib/fallback/fallback-message-view';
import { logger } from '@/lib/logger';
import type { ProjectView } from '@/lib/projects/get-project-for-viewer';
import { Time } from '../../../_components/time';
import { FallbackList } from './fallback-list';

/** Staff's read-only view of a conversation: no embed (the vendor admits participants only), no composer. */
export async function StaffView({
  project,
  messages,
  timeZone,
}: {
  project: ProjectView;
  messages: FallbackMessageView[];
  timeZone: string;
}) {
  const log = logger.child({ page: 'project-staff', projectId: project.id });
  const transcript = await loadTranscript({
    ctx: appContext(log),
    input: { projectId: project.id, since: project.createdAt },
  }).catch((error: unknown): TranscriptMessage[] | null => {
    log.warn({ err: error }, 'could not load the transcript from the vendor');
    return null;
  });
  const names: Record<string, string> = {
    [project.client.id]: project.client.name,
    [project.designer.id]: project.designer.name,
  };
  return (
    <main className="mx-auto max-w-4xl px-4 sm:px-6 py-8">
      <header>
        <p className="text-sm text-slate-500">Project · read-only</p>
        <h1 className="text-2xl font-semibold" data-testid="project-title">
          {project.title}
        </h1>
        <p className="text-sm text-slate-600">
          Client {project.client.name} ({project.client.email}) · designer {project.designer.name} (
          {project.designer.email}) · created <Time value={project.createdAt} timeZone={timeZone} />
        </p>
      </header>
      <p
        role="note"
        className="mt-4 rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-900"
        data-testid="read-only-notice"
      >
        You are viewing this conversation as staff. You can read it but not post in it.
      </p>
      <section aria-labelledby="transcript-heading" className="mt-6">
        <h2 id="transcript-heading" className="text-lg font-semibold">
          Chat transcript
        </h2>
        {transcript === null ? (
          <p role="alert" className="mt-2 text-sm text-red-700">
            The chat service is not answering, so the transcript cannot be shown right now.
          </p>
        ) : transcript.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">No messages yet.</p>
        ) : (
          <ol className="mt-2 space-y-2" data-testid="transcript">
            {transcript.map((m) => (
              <li
                key={m.id}
                className="rounded-lg border border-slate-200 bg-white p-3"
                data-testid="transcript-message"
              >
                <p className="text-xs text-slate-500">
                  {names[m.senderId] ?? m.senderId} · <Time value={m.createdAt} timeZone={timeZone} />
                  {m.fromFallback ? ' · written while the chat was down' : ''}
                </p>
                <p className="mt-1 whitespace-pre-wrap break-words text-sm">{m.text}</p>
              </li>
            ))}
          </ol>
        )}
      </section>
      <FallbackList messages={messages} viewerId="" timeZone={timeZone} />
    </main>
  );
}
