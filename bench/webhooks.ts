import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { POST } from '@/app/api/webhooks/[provider]/route';
import { queueCatalog } from '@/lib/queue/catalog';
import { getDb, getSql } from '@/lib/db/client';
import { startEmbeddedPostgres } from '@/lib/db/embedded';
import { migrateDatabase } from '@/lib/db/migrate';
import { videoJobs } from '@/lib/db/schema';
import { getBoss } from '@/lib/queue/boss';
import { createQueues } from '@/lib/queue/workers';
import { FAKE_LUMA_KEY } from '@/lib/testing/fake-luma';
import { FAKE_REPLICATE_TOKEN, FAKE_REPLICATE_WEBHOOK_SECRET, signedDelivery } from '@/lib/testing/fake-replicate';

// How fast POST /api/webhooks/{provider} acknowledges a callback (the route handler in-process,
// against a real embedded PostgreSQL and pg-boss): a fresh token callback, a redelivery, and a
// Standard Webhooks–signed one, next to the floor of one database round trip (SELECT 1) and one
// bare pg-boss send in the same run. Usage: npm run bench:webhooks

process.env.LOG_LEVEL = 'error';
const N = 400;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const f = (n: number) => n.toFixed(2);

async function measure(label: string, fn: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20; i++) await fn(-1 - i); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    await fn(i);
    samples.push(performance.now() - t0);
  }
  console.log(`${label.padEnd(34)} p50 ${f(pct(samples, 50))} ms   p95 ${f(pct(samples, 95))} ms   (n=${N})`);
  return pct(samples, 50);
}

const dataDir = path.join(os.tmpdir(), 'cinemood-bench-webhooks');
await fs.rm(dataDir, { recursive: true, force: true });
const db = await startEmbeddedPostgres({ dataDir, port: 54396 });
await migrateDatabase(db.url);
Object.assign(process.env, {
  DATABASE_URL: db.url,
  DATA_DIR: dataDir,
  LUMAAI_API_KEY: FAKE_LUMA_KEY,
  REPLICATE_API_TOKEN: FAKE_REPLICATE_TOKEN,
  REPLICATE_WEBHOOK_SECRET: FAKE_REPLICATE_WEBHOOK_SECRET,
});
const boss = await getBoss();
await createQueues(boss, queueCatalog);
const token = 'bench-token-0123456789abcdef';
const insert = (provider: string, providerJobId: string) =>
  getDb()
    .insert(videoJobs)
    .values({ generationType: 'text_to_video', provider, prompt: 'x', aspectRatio: '16:9', durationSeconds: 5, status: 'processing', providerJobId, webhookToken: token })
    .returning()
    .then(([row]) => row.id);
const luma = await insert('luma', 'gen-bench');
const replicate = await insert('replicate', 'pred-bench');
const call = (provider: string, jobId: string, body: BodyInit, headers: Headers) =>
  POST(new Request(`http://bench/api/webhooks/${provider}?job=${jobId}&token=${token}`, { method: 'POST', headers, body }), { params: Promise.resolve({ provider }) });
const json = new Headers({ 'content-type': 'application/json' });

const floor = await measure('floor: SELECT 1', () => getSql()`select 1`);
const send = await measure('floor: bare pg-boss send', () => boss.send('webhook.prune', { olderThanDays: 7 }));
const fresh = await measure('token callback, new delivery', (i) => call('luma', luma, JSON.stringify({ id: 'gen-bench', state: 'dreaming', n: i }), json));
await measure('token callback, redelivery', () => call('luma', luma, JSON.stringify({ id: 'gen-bench', state: 'dreaming', n: 0 }), json));
const signed = await measure('Standard Webhooks, new delivery', (i) => {
  const d = signedDelivery({ id: 'pred-bench', status: 'processing', n: i });
  return call('replicate', replicate, new Uint8Array(d.rawBody), d.headers);
});
console.log(`ratio to the floor of its own work (one pg-boss send): token ${f(fresh / send)}x, signed ${f(signed / send)}x; to SELECT 1: ${f(fresh / floor)}x`);

await boss.stop({ graceful: false });
await getSql().end();
await db.stop();
await fs.rm(dataDir, { recursive: true, force: true });
process.exit(0);
