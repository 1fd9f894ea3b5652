import path from 'node:path';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '@/lib/auth/api-keys';
import { getDb } from '@/lib/db/client';
import { mediaAssets, universes, videoJobs } from '@/lib/db/schema';
import { createTestEnvironment, type TestEnvironment } from '@/lib/testing/database';
import { freshBucket, S3_SKIP, s3Server } from '@/lib/testing/s3';
import { type Instance, startInstance } from '@/lib/testing/instances';
import { SseClient } from '@/lib/testing/sse';
import { buildIfStale } from './build-if-stale';

// Two instances — each a web process and a worker, on its own port and its own data folder, as
// two machines would run them — on one PostgreSQL and one bucket (the radosgw of the s3 project):
// jobs spread over both workers and none runs twice, each cron job runs once per minute, either
// serves any asset, and limits, quotas and live events are shared. Where radosgw is not
// installed, the two share a data folder instead, so the rest is still checked.

const QUOTA = 6;
const RATE_LIMIT = 30;
let env: TestEnvironment;
let a: Instance;
let b: Instance;
let key: string;
let started = 0;

beforeAll(async () => {
  env = await createTestEnvironment();
  key = (await createApiKey('instances')).key;
  buildIfStale(path.resolve(import.meta.dirname, '..'));
  if (!s3Server) console.warn(`instances: one shared data folder instead of a bucket (${S3_SKIP})`);
  const storage: Record<string, string> = s3Server
    ? {
        STORAGE_BACKEND: 's3',
        S3_ENDPOINT: s3Server.endpoint,
        S3_BUCKET: await freshBucket(s3Server),
        S3_REGION: s3Server.region,
        S3_ACCESS_KEY_ID: s3Server.accessKeyId,
        S3_SECRET_ACCESS_KEY: s3Server.secretAccessKey,
        S3_FORCE_PATH_STYLE: '1',
      }
    : {};
  const dataDir = (name: string) => (s3Server ? path.join(env.dataDir, name) : env.dataDir);
  const shared = {
    ...storage,
    DATABASE_URL: env.url,
    LOG_LEVEL: 'error',
    // One render at a time per worker: two renders running together must be on two workers.
    WORKER_CONCURRENCY: '1',
    QUOTA_VIDEO_JOBS_PER_DAY: String(QUOTA),
    RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
  };
  [a, b] = await Promise.all([startInstance('a', 3201, { ...shared, DATA_DIR: dataDir('a') }), startInstance('b', 3202, { ...shared, DATA_DIR: dataDir('b') })]);
  started = Date.now();
}, 400_000);
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await env?.cleanup();
});

const auth = () => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });

async function generate(on: Instance, body: object): Promise<Response> {
  return fetch(`${on.base}/api/video/generate`, { method: 'POST', headers: auth(), body: JSON.stringify(body) });
}

describe(`two instances on one database and ${s3Server ? 'one bucket' : 'one data folder'}`, () => {
  it('spread renders over both workers, run each once, and serve any asset from either instance with ranges', async () => {
    const sse = await new SseClient().connect(`${b.base}/api/events?types=job.completed`, { authorization: `Bearer ${key}` });
    const ids: string[] = [];
    for (let i = 0; i < QUOTA; i++) {
      const res = await generate(i % 2 ? b : a, { prompt: `Lanterns on a river, take ${i}`, mood: 30 + i, duration: 2 });
      expect(res.status).toBe(202);
      ids.push((await res.json()).job.id);
    }
    let mostAtOnce = 0;
    for (;;) {
      const rows = await getDb().select({ status: videoJobs.status }).from(videoJobs).where(inArray(videoJobs.id, ids));
      mostAtOnce = Math.max(mostAtOnce, rows.filter((r) => r.status === 'processing').length);
      if (rows.every((r) => r.status === 'completed' || r.status === 'failed')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(mostAtOnce).toBe(2);
    const jobs = await getDb().select().from(videoJobs).where(inArray(videoJobs.id, ids));
    expect(jobs.map((j) => [j.status, j.attempts])).toEqual(ids.map(() => ['completed', 1]));
    const assets = await getDb().select().from(mediaAssets).where(inArray(mediaAssets.sourceJobId, ids));
    expect(assets).toHaveLength(ids.length);
    expect(new Set(assets.map((x) => x.storageBackend))).toEqual(new Set([s3Server ? 's3' : 'local']));

    // Every completion reached the stream of instance b, whichever worker made it.
    await sse.waitFor((c) => ids.every((id) => c.events.some((e) => e.data.data.id === id)), 30_000);
    sse.close();

    // An asset, by either instance, with a range.
    const job = (await (await fetch(`${a.base}/api/video/jobs/${ids[0]}`, { headers: auth() })).json()).job;
    for (const on of [a, b]) {
      const res = await fetch(`${on.base}${job.video_url}`, { headers: { range: 'bytes=0-99' } });
      expect(res.status).toBe(206);
      expect(res.headers.get('content-range')).toMatch(/^bytes 0-99\/\d+$/);
      expect((await res.arrayBuffer()).byteLength).toBe(100);
    }
  }, 300_000);

  it('shares the daily quota: concurrent requests on both instances get exactly what is left', async () => {
    const [universe] = await getDb().insert(universes).values({ name: 'quota' }).returning();
    const answers = await Promise.all(
      Array.from({ length: QUOTA + 4 }, (_, i) => generate(i % 2 ? b : a, { prompt: 'A quota test', mood: 50, duration: 2, universe_id: universe.id })),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(QUOTA);
    expect(statuses.filter((s) => s === 429)).toHaveLength(4);
    // Stop them: they are not what this test is about.
    await getDb().update(videoJobs).set({ status: 'canceled' }).where(eq(videoJobs.universeId, universe.id));
  });

  it('shares the rate limit: one key admitted exactly RATE_LIMIT_PER_MINUTE times across both', async () => {
    const { key: burstKey } = await createApiKey('burst');
    // The limit counts per minute: keep the burst inside one.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 55_000) await new Promise((r) => setTimeout(r, 61_000 - intoMinute));
    const answers = await Promise.all(
      Array.from({ length: RATE_LIMIT + 20 }, (_, i) => fetch(`${(i % 2 ? b : a).base}/api/video/strategy/catalog`, { headers: { authorization: `Bearer ${burstKey}` } })),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(RATE_LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
  });

  it('runs each scheduled job once per schedule, not once per worker', async () => {
    // jobs.sweep is scheduled every minute on both workers: count its runs per minute for two
    // minutes that began with both up, and give a duplicate (which would come at the same tick
    // from the other worker) time to appear.
    const since = new Date((Math.floor(started / 60_000) + 1) * 60_000).toISOString();
    const perMinute = () =>
      getDb().execute<{ at: string; runs: number }>(
        sql`select date_trunc('minute', created_on) as at, count(*)::int as runs from pgboss.job where name = 'jobs.sweep' and created_on >= ${since}::timestamptz group by 1 order by 1`,
      );
    const deadline = Date.now() + 200_000;
    while ((await perMinute()).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2000));
    await new Promise((r) => setTimeout(r, 10_000));
    const rows = await perMinute();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) expect(row.runs, row.at).toBe(1);
  }, 240_000);
});
