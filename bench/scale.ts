import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { buildIfStale } from '../scripts/build-if-stale';
import { args } from './args';

// Scale-out on one machine: 40 local renders submitted at once through the API, run by one
// instance (web + worker, as `npm start` runs them) and then by two instances on the same
// PostgreSQL and data folder. Both workers share these two cores with each other, PostgreSQL and
// ffmpeg, so a second instance adds contention, not capacity: the figure to read on real
// hardware is what it costs (or gains) when the second one has cores of its own.
//
// Usage: npm run bench:scale [-- --renders=40 --duration=3 --concurrency=2]
// Run it under the CPU lock: flock /tmp/cinemood-cpu.lock npm run bench:scale

const ROOT = path.resolve(import.meta.dirname, '..');
const RENDERS = Number(args.get('renders') ?? 40);
const DURATION = Number(args.get('duration') ?? 3);
const CONCURRENCY = args.get('concurrency') ?? '2';
const PGPORT = 54418;
const PORTS = [3197, 3198];

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

interface Round {
  instances: number;
  wallSeconds: number;
  perMinute: number;
  p50: number;
  p95: number;
  failed: number;
}

async function round(url: string, dataDir: string, key: string, instances: number): Promise<Round> {
  const { startInstance } = await import('@/lib/testing/instances');
  const env = { DATABASE_URL: url, DATA_DIR: dataDir, LOG_LEVEL: 'warn', WORKER_CONCURRENCY: CONCURRENCY, RATE_LIMIT_GENERATION_PER_MINUTE: '100000' };
  const started = await Promise.all(PORTS.slice(0, instances).map((port, i) => startInstance(`i${i}`, port, env)));
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  try {
    const t0 = performance.now();
    const ids: string[] = [];
    for (let i = 0; i < RENDERS; i++) {
      const res = await fetch(`${started[i % instances].base}/api/video/generate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ prompt: `Scale test render ${i}: rain on a tram window`, mood: (i * 7) % 100, duration: DURATION }),
      });
      if (res.status !== 202) throw new Error(`generate answered ${res.status}: ${await res.text()}`);
      ids.push((await res.json()).job.id);
    }
    for (;;) {
      const [{ open }] = await sql<{ open: number }[]>`select count(*)::int as open from video_jobs where id = any(${ids}::uuid[]) and status in ('pending', 'processing')`;
      if (open === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const wallSeconds = (performance.now() - t0) / 1000;
    const rows = await sql<{ status: string; seconds: number }[]>`
      select status, extract(epoch from completed_at - created_at)::float8 as seconds from video_jobs where id = any(${ids}::uuid[])`;
    const latencies = rows.filter((r) => r.status === 'completed').map((r) => r.seconds).sort((x, y) => x - y);
    return {
      instances,
      wallSeconds,
      perMinute: (latencies.length / wallSeconds) * 60,
      p50: pct(latencies, 50),
      p95: pct(latencies, 95),
      failed: rows.length - latencies.length,
    };
  } finally {
    await sql.end();
    await Promise.all(started.map((s) => s.stop()));
  }
}

async function main() {
  const { startEmbeddedPostgres } = await import('@/lib/db/embedded');
  const { migrateDatabase } = await import('@/lib/db/migrate');
  process.env.LOG_LEVEL ??= 'warn';
  const dataDir = path.join(os.tmpdir(), 'cinemood-bench-scale');
  await fs.rm(dataDir, { recursive: true, force: true });
  const db = await startEmbeddedPostgres({ dataDir, port: PGPORT });
  try {
    await migrateDatabase(db.url);
    process.env.DATABASE_URL = db.url;
    const { createApiKey } = await import('@/lib/auth/api-keys');
    const { closeDb } = await import('@/lib/db/client');
    const { key } = await createApiKey('bench');
    await closeDb();
    buildIfStale(ROOT);
    const results = [await round(db.url, dataDir, key, 1), await round(db.url, dataDir, key, 2)];
    console.log(`Cinemood scale-out benchmark — ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}`);
    console.log(`${RENDERS} local renders of ${DURATION} s (16:9, 720p), submitted at once; WORKER_CONCURRENCY=${CONCURRENCY} per worker; one PostgreSQL, one data folder\n`);
    console.log('| instances | wall s | renders / min | submit → done p50 s | p95 s | failed |\n|---:|---:|---:|---:|---:|---:|');
    for (const r of results) console.log(`| ${r.instances} | ${r.wallSeconds.toFixed(1)} | ${r.perMinute.toFixed(1)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.failed} |`);
    console.log(`\ntwo instances / one: ${(results[0].wallSeconds / results[1].wallSeconds).toFixed(2)}× the throughput on ${os.cpus().length} cores`);
  } finally {
    await db.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
