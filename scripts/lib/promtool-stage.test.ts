import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTool } from '../../monitor/prometheus/binaries';
import { promtoolStage } from './promtool-stage';

const root = path.resolve(import.meta.dirname, '../..');

describe('promtool stage', () => {
  it('fails when amtool is missing, after still running the promtool checks', async () => {
    const result = await promtoolStage(root, (tool) => (tool === 'amtool' ? null : findTool(tool)));
    expect(result).toMatchObject({
      name: 'promtool',
      passed: 3,
      failed: 1,
      note: 'amtool missing: apt-get install prometheus-alertmanager',
    });
  }, 60_000);

  it('fails when promtool is missing', async () => {
    const result = await promtoolStage(root, () => null);
    expect(result).toMatchObject({ passed: 0, failed: 1, note: 'promtool missing: apt-get install prometheus' });
  });
});
