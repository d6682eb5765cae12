import { mkdir, readdir, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Db } from '../lib/db/client';

/** Evidence files of failed runs: <root>/<YYYY-MM-DD>/<runId>/…, with their paths in CheckArtifact. */
export class Artifacts {
  readonly root: string;

  constructor(
    root: string,
    private readonly retentionDays: number,
    private readonly db: Db,
    private readonly log: Logger,
  ) {
    this.root = path.resolve(root);
  }

  async dirFor(runId: string, now = new Date()): Promise<string> {
    const dir = path.join(this.root, now.toISOString().slice(0, 10), runId);
    await mkdir(dir, { recursive: true });
    return dir;
  }

  /**
   * Deletes evidence older than the retention period, except that of incident runs (reports and evidence
   * packs need it), then empty run and day folders. Returns how many files went.
   */
  async sweep(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.retentionDays * 86_400_000);
    const old = await this.db.checkArtifact.findMany({
      where: { createdAt: { lt: cutoff }, run: { incidentId: null } },
      select: { id: true, path: true },
      take: 5000,
    });
    for (const artifact of old) {
      const file = path.resolve(this.root, artifact.path);
      if (file.startsWith(this.root + path.sep)) await rm(file, { force: true });
    }
    if (old.length > 0) await this.db.checkArtifact.deleteMany({ where: { id: { in: old.map((a) => a.id) } } });
    await this.removeEmptyFolders(cutoff);
    if (old.length > 0)
      this.log.info({ deleted: old.length, retentionDays: this.retentionDays }, 'old evidence deleted');
    return old.length;
  }

  private async removeEmptyFolders(cutoff: Date): Promise<void> {
    const days = await readdir(this.root, { withFileTypes: true }).catch(() => []);
    for (const day of days) {
      if (!day.isDirectory() || !/^\d{4}-\d{2}-\d{2}$/.test(day.name) || new Date(`${day.name}T23:59:59Z`) >= cutoff)
        continue;
      const dayDir = path.join(this.root, day.name);
      for (const run of await readdir(dayDir).catch(() => []))
        await rmdir(path.join(dayDir, run)).catch(() => undefined);
      await rmdir(dayDir).catch(() => undefined);
    }
  }
}
