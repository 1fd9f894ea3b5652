import http from 'node:http';
import { eq } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { videoJobs } from '@/lib/db/schema';
import { createBoss } from '@/lib/queue/boss';
import { queueCatalog } from '@/lib/queue/catalog';
import type { JobContext } from '@/lib/queue/define';
import { createQueues } from '@/lib/queue/workers';
import { createTestEnvironment, type TestEnvironment } from '@/lib/testing/database';
import { FAKE_RUNWAY_SECRET } from '@/lib/testing/fake-runway';
import { insertVideoJob, queueJobsFor } from '@/lib/testing/job-rows';
import { listenOnLoopback } from '@/lib/testing/loopback';
import { pollExternal } from '@/lib/video/external';
import { cancelVideoJob, completeVideoJob, failOrFallBack, retryVideoJob } from '@/lib/video/lifecycle';

let env: TestEnvironment;
let boss: PgBoss;
let down: { origin: string; close(): Promise<void> };

beforeAll(async () => {
  env = await createTestEnvironment();
  boss = createBoss(env.url, 'worker');
  await boss.start();
  await createQueues(boss, queueCatalog);
  // A provider that is down: every status request answers 503 at once (Retry-After: 0).
  down = await listenOnLoopback(http.createServer((_req, res) => res.writeHead(503, { 'retry-after': '0', 'content-type': 'text/html' }).end('<html>Service Unavailable</html>')));
  Object.assign(process.env, { RUNWAYML_API_SECRET: FAKE_RUNWAY_SECRET, RUNWAYML_BASE_URL: down.origin });
});
afterAll(async () => {
  await boss?.stop({ graceful: false });
  await down?.close();
  delete process.env.RUNWAYML_API_SECRET;
  delete process.env.RUNWAYML_BASE_URL;
  await env?.cleanup();
});

const row = async (id: string) => (await getDb().select().from(videoJobs).where(eq(videoJobs.id, id)))[0];
const finalAttempt: JobContext = { jobId: 'queue-job', retryCount: 5, isFinalAttempt: true, signal: new AbortController().signal };

describe('the video job lifecycle', () => {
  it('retries a job that fell back from the provider and fallbacks the creator chose, not the last one tried', async () => {
    const job = await insertVideoJob({ status: 'processing', provider: 'runway', fallbackProviders: ['local'], requestedProvider: 'runway', requestedFallback: ['local'] });
    await failOrFallBack(job, { code: 'provider_failed', message: 'runway: out of capacity' });
    const fellBack = await row(job.id);
    expect(fellBack).toMatchObject({ status: 'pending', provider: 'local', fallbackProviders: [] });
    // The local render fails too; the creator retries.
    await getDb().update(videoJobs).set({ status: 'failed' }).where(eq(videoJobs.id, job.id));
    const retried = await retryVideoJob(job.id);
    expect(retried).toMatchObject({ status: 'pending', provider: 'runway', fallbackProviders: ['local'], providerJobId: null, progress: 0 });
    expect(retried.providerHistory).toHaveLength(1);
  });

  it('moves statuses only forward: a settled job is not completed, canceled or retried out of turn', async () => {
    const canceled = await insertVideoJob({ status: 'canceled' });
    expect(await completeVideoJob(canceled.id, canceled.id)).toBe(false);
    expect((await row(canceled.id)).status).toBe('canceled');
    const completed = await insertVideoJob({ status: 'completed' });
    await expect(retryVideoJob(completed.id)).rejects.toThrow(/Only failed or canceled jobs can be retried; this one is completed/);
    await expect(cancelVideoJob(completed.id)).rejects.toThrow(/this one is completed/);
    await failOrFallBack(completed, { code: 'late', message: 'a late duplicate failure' });
    expect(await row(completed.id)).toMatchObject({ status: 'completed', errorMessage: null });
  });

  it('does not fail a job when a look asked for by a callback errors on its last retry', async () => {
    const job = await insertVideoJob({ status: 'processing', provider: 'runway', providerJobId: 'task-1', deadlineAt: new Date(Date.now() + 600_000) });
    const result = await pollExternal(job.id, finalAttempt, true);
    expect(result).toMatchObject({ skipped: expect.stringMatching(/could not be asked/) });
    expect(await row(job.id)).toMatchObject({ status: 'processing', errorCode: null });
    // A look asked for by a callback never schedules the next one: the regular chain does.
    expect(await queueJobsFor(job.id)).toEqual([]);
  });

  it('keeps the regular poll chain going through a provider outage until the deadline decides', async () => {
    const job = await insertVideoJob({ status: 'processing', provider: 'runway', providerJobId: 'task-2', deadlineAt: new Date(Date.now() + 600_000) });
    await pollExternal(job.id, finalAttempt, false);
    const after = await row(job.id);
    expect(after.status).toBe('processing');
    expect(after.errorCode).toBe('retrying');
    expect(after.errorMessage).toMatch(/runway could not be asked about the job \(try 6\).*asking again/);
    expect(await queueJobsFor(job.id)).toMatchObject([{ name: 'video.poll', state: 'created' }]);
  });
});
