import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { Db } from '../db/client';
import { NotFoundError } from '../errors';

export interface OpenedArtifact {
  body: ReadableStream<Uint8Array>;
  contentType: string;
  bytes: number;
  fileName: string;
  kind: 'SCREENSHOT' | 'TRACE';
}

/** The absolute path of an artifact, refused if its stored relative path would leave the artifacts folder. */
export function artifactPath(artifactsDir: string, relative: string): string {
  const base = path.resolve(artifactsDir);
  const full = path.resolve(base, relative);
  if (!full.startsWith(base + path.sep)) throw new NotFoundError('Artifact');
  return full;
}

/** A failed run's screenshot or trace, streamed from MONITOR_ARTIFACTS_DIR. A deleted file (retention) is not found. */
export async function openArtifact(db: Db, artifactsDir: string, id: string): Promise<OpenedArtifact> {
  if (!z.uuid().safeParse(id).success) throw new NotFoundError('Artifact');
  const artifact = await db.checkArtifact.findUnique({ where: { id } });
  if (!artifact) throw new NotFoundError('Artifact');
  const full = artifactPath(artifactsDir, artifact.path);
  const info = await stat(full).catch(() => null);
  if (!info?.isFile()) throw new NotFoundError('Artifact');
  return {
    body: Readable.toWeb(createReadStream(full)) as ReadableStream<Uint8Array>,
    contentType: artifact.contentType,
    bytes: info.size,
    fileName: path.basename(full),
    kind: artifact.kind,
  };
}
