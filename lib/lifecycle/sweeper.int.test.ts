import { eq } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { audioJobs, videoJobs } from '@/lib/db/schema';
import { sweepStalledJobs } from '@/lib/lifecycle/sweeper';
import { createBoss } from '@/lib/queue/boss';
import { queueCatalog, videoGenerateQueue } from '@/lib/queue/catalog';
import { createQueues } from '@/lib/queue/workers';
import { createTestEnvironment, type TestEnvironment } from '@/lib/testing/database';
import { FAKE_RUNWAY_SECRET, startFakeRunway, type FakeRunway } from '@/lib/testing/fake-runway';
import { insertAudioJob, insertVideoJob, queueJobsFor } from '@/lib/testing/job-rows';

let env: TestEnvironment;
let boss: PgBoss;
let fake: FakeRunway;

beforeAll(async () => {
  env = await createTestEnvironment();
  // A worker's boss without handlers: the test plays the worker that died.
  boss = createBoss(env.url, 'worker');
  await boss.start();
  await createQueues(boss, queueCatalog);
  fake = await startFakeRunway(Buffer.from('not needed'));
  Object.assign(process.env, { RUNWAYML_API_SECRET: FAKE_RUNWAY_SECRET, RUNWAYML_BASE_URL: fake.base });
});
afterAll(async () => {
  await boss?.stop({ graceful: false });
  await fake?.close();
  delete process.env.RUNWAYML_API_SECRET;
  delete process.env.RUNWAYML_BASE_URL;
  await env?.cleanup();
});

const video = async (id: string) => (await getDb().select().from(videoJobs).where(eq(videoJobs.id, id)))[0];
const audio = async (id: string) => (await getDb().select().from(audioJobs).where(eq(audioJobs.id, id)))[0];
const live = (jobs: Array<{ state: string }>) => jobs.filter((j) => ['created', 'retry', 'active'].includes(j.state));

/** A task the provider really holds, as if our submit had gone through before the worker died. */
async function runwayTask(): Promise<string> {
  const res = await fetch(`${fake.base}/v1/text_to_video`, {
    method: 'POST',
    headers: { authorization: `Bearer ${FAKE_RUNWAY_SECRET}`, 'x-runway-version': '2024-11-06', 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gen4.5', promptText: 'A stranded job', ratio: '1280:720', duration: 5 }),
  });
  return ((await res.json()) as { id: string }).id;
}

describe('the stalled-job sweeper', () => {
  it('sends a pending job again when its queue job never made it (a send that failed after the insert)', async () => {
    const row = await insertVideoJob({ status: 'pending' });
    expect(await queueJobsFor(row.id)).toEqual([]);
    const first = await sweepStalledJobs();
    expect(first.requeued).toContain(row.id);
    const queued = live(await queueJobsFor(row.id));
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ name: 'video.generate', data: { jobId: row.id } });
    // The new queue job is alive: a second sweep leaves the row alone.
    expect((await sweepStalledJobs()).requeued).not.toContain(row.id);
  });

  it('leaves a fresh pending row alone: its send may still be in flight', async () => {
    const row = await insertVideoJob({ status: 'pending' }, 5);
    expect((await sweepStalledJobs()).requeued).not.toContain(row.id);
    expect(await queueJobsFor(row.id)).toEqual([]);
  });

  it('fails a processing job whose worker died on its final attempt, saying why', async () => {
    const row = await insertVideoJob({ status: 'processing', attempts: 3 });
    const queueJobId = (await boss.send(videoGenerateQueue.name, { jobId: row.id }, { retryLimit: 0 }))!;
    const fetched = await boss.fetch(videoGenerateQueue.name, { batchSize: 100 });
    expect(fetched.map((j) => j.id)).toContain(queueJobId);
    await boss.fail(videoGenerateQueue.name, queueJobId, { message: 'heartbeat missed' });
    const result = await sweepStalledJobs();
    expect(result.failed).toContain(row.id);
    const after = await video(row.id);
    expect(after).toMatchObject({ status: 'failed', errorCode: 'worker_lost' });
    expect(after.errorMessage).toMatch(/ended as failed after 1 try: heartbeat missed/);
    expect(after.completedAt).not.toBeNull();
  });

  it('fails a processing job whose queue job is gone altogether', async () => {
    const row = await insertVideoJob({ status: 'processing' });
    expect((await sweepStalledJobs()).failed).toContain(row.id);
    expect((await video(row.id)).errorMessage).toMatch(/its queue job is gone/);
  });

  it('resumes polling a provider job instead of giving up what was paid for', async () => {
    const row = await insertVideoJob({ status: 'processing', provider: 'runway', providerJobId: await runwayTask(), deadlineAt: new Date(Date.now() + 600_000) });
    expect((await sweepStalledJobs()).resumed).toContain(row.id);
    expect(live(await queueJobsFor(row.id))).toMatchObject([{ name: 'video.poll' }]);
    expect((await video(row.id)).status).toBe('processing');
  });

  it('enforces a deadline when no poll is running, and asks the provider to stop', async () => {
    const taskId = await runwayTask();
    const row = await insertVideoJob({ status: 'processing', provider: 'runway', providerJobId: taskId, deadlineAt: new Date(Date.now() - 1000) });
    expect((await sweepStalledJobs()).pastDeadline).toContain(row.id);
    expect(await video(row.id)).toMatchObject({ status: 'failed', errorCode: 'deadline_exceeded' });
    const task = await fetch(`${fake.base}/v1/tasks/${taskId}`, { headers: { authorization: `Bearer ${FAKE_RUNWAY_SECRET}`, 'x-runway-version': '2024-11-06' } });
    expect(((await task.json()) as { status: string }).status).toBe('CANCELLED');
  });

  it('leaves a processing job with a live queue job alone', async () => {
    const row = await insertVideoJob({ status: 'processing' });
    await boss.send(videoGenerateQueue.name, { jobId: row.id });
    const result = await sweepStalledJobs();
    expect([...result.failed, ...result.requeued, ...result.resumed]).not.toContain(row.id);
    expect((await video(row.id)).status).toBe('processing');
  });

  it('does the same for audio jobs, on the queue of their kind', async () => {
    const pending = await insertAudioJob({ status: 'pending', generationType: 'transcription', text: null });
    const processing = await insertAudioJob({ status: 'processing' });
    const result = await sweepStalledJobs();
    expect(result.requeued).toContain(pending.id);
    expect(live(await queueJobsFor(pending.id))).toMatchObject([{ name: 'audio.transcribe' }]);
    expect(result.failed).toContain(processing.id);
    expect(await audio(processing.id)).toMatchObject({ status: 'failed', errorCode: 'worker_lost' });
  });

  it('never touches settled jobs', async () => {
    const done = await insertVideoJob({ status: 'completed' });
    const failed = await insertAudioJob({ status: 'failed', errorMessage: 'kept' });
    await sweepStalledJobs();
    expect((await video(done.id)).status).toBe('completed');
    expect(await audio(failed.id)).toMatchObject({ status: 'failed', errorMessage: 'kept' });
  });
});
