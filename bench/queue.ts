import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PgBoss } from 'pg-boss';
import { z } from 'zod';
import { startEmbeddedPostgres } from '@/lib/db/embedded';
import { createBoss } from '@/lib/queue/boss';
import { defineQueue, handleQueue, type QueueEntry, type QueueHandler } from '@/lib/queue/define';
import { startWorkers } from '@/lib/queue/workers';

// Queue pick-up latency (send → handler start) and throughput of trivial jobs, for Cinemood's
// worker set-up (LISTEN/NOTIFY, notify queues) next to pg-boss with default options, in one run.
// Usage: npm run bench:queue [-- --full]   (--full also runs 200 latency samples on the default set-up)

process.env.LOG_LEVEL = 'error';
const FULL = process.argv.includes('--full');
const LATENCY_JOBS = 200;
const THROUGHPUT_JOBS = 5000;
const DEFAULT_WINDOW_S = 30;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const fmt = (n: number) => n.toFixed(1);

type Starter = (queue: string, onJob: (data: { sentAt: number }) => void, opts?: { batch?: number }) => Promise<PgBoss>;

async function retire(boss: PgBoss, queue: string) {
  // Each phase leaves no queue behind, so the next phase's registry check starts clean.
  await boss.deleteQueue(queue);
  if (await boss.getQueue(`${queue}.dead`)) await boss.deleteQueue(`${queue}.dead`);
  await boss.stop({ graceful: false });
}

async function latency(start: Starter, queue: string, jobs: number) {
  let resolveNext: (() => void) | undefined;
  const samples: number[] = [];
  const boss = await start(queue, ({ sentAt }) => {
    samples.push(performance.timeOrigin + performance.now() - sentAt);
    resolveNext?.();
  });
  for (let i = 0; i < jobs; i++) {
    const picked = new Promise<void>((r) => (resolveNext = r));
    await boss.send(queue, { sentAt: performance.timeOrigin + performance.now() });
    await picked;
    await new Promise((r) => setTimeout(r, 5));
  }
  await retire(boss, queue);
  return { n: samples.length, p50: pct(samples, 50), p95: pct(samples, 95) };
}

async function throughput(start: Starter, queue: string, jobs: number, windowS: number, batch?: number) {
  let done = 0;
  let finished: () => void = () => {};
  const all = new Promise<void>((r) => (finished = r));
  const boss = await start(queue, () => {
    if (++done === jobs) finished();
  }, { batch });
  await boss.insert(queue, Array.from({ length: jobs }, () => ({ data: { sentAt: 0 } })));
  const t0 = performance.now();
  // A worker only hears NOTIFY for send(); a bulk insert is found by its next poll, as in production.
  await Promise.race([all, new Promise((r) => setTimeout(r, windowS * 1000))]);
  const seconds = (performance.now() - t0) / 1000;
  await retire(boss, queue);
  return { done, seconds, perSecond: done / seconds };
}

async function main() {
  const dataDir = path.join(os.tmpdir(), 'cinemood-bench-queue');
  await fs.rm(dataDir, { recursive: true, force: true });
  const db = await startEmbeddedPostgres({ dataDir, port: 54398 });
  const url = db.url;

  const ours: Starter = async (queue, onJob, opts) => {
    const boss = createBoss(url, 'worker');
    await boss.start();
    const entry = defineQueue({ name: queue, schema: z.object({ sentAt: z.number() }), policy: { retryLimit: 0 } });
    const handler = handleQueue(entry, { work: opts?.batch ? { batchSize: opts.batch } : undefined, handler: async (data) => onJob(data) });
    await startWorkers(boss, [handler as unknown as QueueHandler], [entry as unknown as QueueEntry]);
    return boss;
  };
  const defaults: Starter = async (queue, onJob) => {
    const boss = new PgBoss(url);
    boss.on('error', () => {});
    await boss.start();
    await boss.createQueue(queue);
    await boss.work(queue, async (jobs: { data: { sentAt: number } }[]) => {
      for (const job of jobs) onJob(job.data);
    });
    return boss;
  };

  console.log(`pg-boss queue benchmark — ${os.cpus().length} cores, embedded PostgreSQL\n`);
  const oursLat = await latency(ours, 'bench.ours-latency', LATENCY_JOBS);
  console.log(`cinemood  pick-up latency: p50 ${fmt(oursLat.p50)} ms, p95 ${fmt(oursLat.p95)} ms (n=${oursLat.n})`);
  const defLat = await latency(defaults, 'bench.default-latency', FULL ? LATENCY_JOBS : 40);
  console.log(`default   pick-up latency: p50 ${fmt(defLat.p50)} ms, p95 ${fmt(defLat.p95)} ms (n=${defLat.n})`);
  console.log(`latency ratio default/cinemood (p50): ${fmt(defLat.p50 / oursLat.p50)}x\n`);

  const oursTp = await throughput(ours, 'bench.ours-tp', THROUGHPUT_JOBS, 600);
  console.log(`cinemood  throughput, batch 1 (render queues): ${THROUGHPUT_JOBS} jobs in ${fmt(oursTp.seconds)} s = ${fmt(oursTp.perSecond)} jobs/s`);
  const oursBatch = await throughput(ours, 'bench.ours-tp-batch', THROUGHPUT_JOBS, 600, 50);
  console.log(`cinemood  throughput, batch 50 (light queues): ${THROUGHPUT_JOBS} jobs in ${fmt(oursBatch.seconds)} s = ${fmt(oursBatch.perSecond)} jobs/s`);
  const defTp = await throughput(defaults, 'bench.default-tp', THROUGHPUT_JOBS, DEFAULT_WINDOW_S);
  console.log(`default   throughput: ${defTp.done} of ${THROUGHPUT_JOBS} jobs in ${fmt(defTp.seconds)} s = ${fmt(defTp.perSecond)} jobs/s (stopped after ${DEFAULT_WINDOW_S} s)`);
  console.log(`throughput ratio cinemood(batch 1)/default: ${fmt(oursTp.perSecond / Math.max(defTp.perSecond, 1e-9))}x`);

  await db.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
