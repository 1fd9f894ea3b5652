import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { stopChild, waitForUrl } from '../lib/testing/processes';
import { buildIfStale } from '../scripts/build-if-stale';
import { args } from './args';

// API requests under load: the product's own web server (scripts/server.ts on a production
// build, as `npm start` runs it) on a fresh embedded PostgreSQL holding 100k video jobs and 100k
// media assets, called with an API key by 50 keep-alive connections, next to a bare `node:http`
// + `postgres` server running the same data query (no framework, no auth, no rate limit, no
// response schema) in the same run. Both servers are child processes; the load generator is this
// process, on the same machine.
//
// Usage: npm run bench:api [-- --seconds=10 --connections=50 --only=list,job --cpu-prof=DIR --pg-stat]
//   --cpu-prof=DIR  write a V8 CPU profile of the web process (node --cpu-prof) into DIR
//   --pg-stat       load pg_stat_statements and print the statements by total time afterwards
// Run it under the CPU lock: flock /tmp/cinemood-cpu.lock npm run bench:api

const ROOT = path.resolve(import.meta.dirname, '..');
const PORT = 3192;
const BARE_PORT = 3193;
const PGPORT = 54392;
const ROWS = 100_000;
const SECONDS = Number(args.get('seconds') ?? 10);
const CONNECTIONS = Number(args.get('connections') ?? 50);
const WARMUP_SECONDS = 3;

// ---------------------------------------------------------------------------------------------
// The bare baseline: `node bench/api.ts --bare` with DATABASE_URL and BARE_PORT set.

async function serveBare(): Promise<void> {
  const { planStrategy } = await import('@/lib/strategy');
  const sql = postgres(process.env.DATABASE_URL ?? '', { max: 10, onnotice: () => {} });
  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://bare');
    const answer = async (): Promise<void> => {
      if (url.pathname === '/api/video/jobs') {
        const limit = Number(url.searchParams.get('limit') ?? 20);
        return json(res, 200, { jobs: await sql`select * from video_jobs order by created_at desc, id desc limit ${limit + 1}` });
      }
      if (url.pathname.startsWith('/api/video/jobs/')) {
        const [job] = await sql`select * from video_jobs where id = ${url.pathname.slice('/api/video/jobs/'.length)}`;
        return json(res, job ? 200 : 404, { job });
      }
      if (url.pathname === '/api/media/assets') {
        const limit = Number(url.searchParams.get('limit') ?? 20);
        return json(res, 200, { assets: await sql`select * from media_assets where deleted_at is null order by created_at desc, id desc limit ${limit + 1}` });
      }
      if (url.pathname === '/api/video/strategy' && req.method === 'POST') {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        return json(res, 200, planStrategy(JSON.parse(Buffer.concat(chunks).toString('utf8')), { defaultSeed: 'bare' }));
      }
      json(res, 404, {});
    };
    answer().catch((err) => json(res, 500, { error: String(err) }));
  });
  server.keepAliveTimeout = 60_000;
  server.listen(Number(process.env.BARE_PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
  process.on('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    void sql.end({ timeout: 1 }).finally(() => process.exit(0));
  });
}

// ---------------------------------------------------------------------------------------------
// The load generator: CONNECTIONS loops, each one request at a time on its own keep-alive connection.

interface Target {
  label: string;
  method: 'GET' | 'POST';
  path: (i: number) => string;
  body?: string;
}

interface Result {
  p50: number;
  p975: number;
  p99: number;
  rps: number;
  errors: number;
  statuses: string;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/**
 * One keep-alive connection that sends prebuilt requests on a raw socket and reads just enough of
 * each answer (status, Content-Length or chunked end) to know where it stops: the load generator
 * shares the two cores with the servers it measures, and Node's http client cost about as much CPU
 * per request as the bare server it was loading.
 */
class Connection {
  private socket: net.Socket;
  private buffer: Buffer = Buffer.alloc(0);
  private waiting?: { resolve: (status: number) => void; reject: (err: Error) => void };

  constructor(port: number) {
    this.socket = net.connect({ host: '127.0.0.1', port, noDelay: true });
    this.socket.on('data', (chunk) => this.onData(chunk));
    this.socket.on('error', (err) => this.fail(err));
    this.socket.on('close', () => this.fail(new Error('connection closed')));
  }

  request(raw: Buffer): Promise<number> {
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(raw);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private fail(err: Error): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(err);
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const headEnd = this.buffer.indexOf('\r\n\r\n');
    if (headEnd === -1) return;
    const head = this.buffer.toString('latin1', 0, headEnd);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    let end: number;
    if (length) end = headEnd + 4 + Number(length[1]);
    else if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
      const last = this.buffer.indexOf('\r\n0\r\n\r\n', headEnd);
      end = last === -1 ? Number.POSITIVE_INFINITY : last + 7;
    } else end = headEnd + 4;
    if (this.buffer.length < end) return;
    this.buffer = this.buffer.subarray(end);
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.resolve(status);
  }
}

function rawRequest(target: Target, i: number, headers: Record<string, string>): Buffer {
  const lines = [`${target.method} ${target.path(i)} HTTP/1.1`, 'host: 127.0.0.1', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  if (target.body) lines.push('content-type: application/json', `content-length: ${Buffer.byteLength(target.body)}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${target.body ?? ''}`);
}

async function load(port: number, target: Target, seconds: number, headers: Record<string, string>): Promise<Result> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  // A fixed-path target's request is built once; a per-request path (a job id) is built each time.
  const fixed = target.path(0) === target.path(1) ? rawRequest(target, 0, headers) : undefined;
  let errors = 0;
  let n = 0;
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      let connection = new Connection(port);
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          const status = await connection.request(fixed ?? rawRequest(target, n, headers));
          n++;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status >= 400) errors++;
        } catch {
          errors++;
          connection.close();
          connection = new Connection(port);
        }
        latencies.push(performance.now() - t0);
      }
      connection.close();
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    p50: pct(latencies, 50),
    p975: pct(latencies, 97.5),
    p99: pct(latencies, 99),
    rps: latencies.length / elapsed,
    errors,
    statuses: [...statuses].map(([s, c]) => `${s}×${c}`).join(' '),
  };
}

// ---------------------------------------------------------------------------------------------

/** A deterministic, valid version-4 UUID for the i-th row of a kind (md5 with the version and variant bits set). */
const seededUuid = (kind: string) => `overlay(overlay(md5('${kind}' || i) placing '4' from 13) placing '8' from 17)::uuid`;

async function seed(url: string): Promise<{ jobIds: string[] }> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    // Every job is a completed local render with its video asset and a thumbnail, so a page signs
    // all three media URLs per row; created_at runs one second apart, newest first.
    await sql.unsafe(`
      insert into media_assets (id, source_job_id, asset_type, source_type, storage_backend, storage_key, mime_type, size_bytes, duration_seconds, width, height, title, tags, metadata, created_at, updated_at)
      select ${seededUuid('asset')}, ${seededUuid('job')}, 'video', 'generated', 'local', 'videos/bench/' || i || '.mp4', 'video/mp4', 4000000 + i, 5, 1280, 720,
             'Bench render ' || i, array['bench'], jsonb_build_object('probe', jsonb_build_object('hasAudio', false)),
             now() - (i || ' seconds')::interval, now() - (i || ' seconds')::interval
      from generate_series(1, ${ROWS}) i`);
    await sql.unsafe(`
      insert into asset_files (asset_id, kind, storage_key, mime_type, size_bytes)
      select ${seededUuid('asset')}, 'thumbnail', 'thumbs/bench/' || i || '.jpg', 'image/jpeg', 20000
      from generate_series(1, ${ROWS}) i`);
    await sql.unsafe(`
      insert into video_jobs (id, generation_type, status, provider, requested_provider, requested_fallback, prompt, enriched_prompt, negative_prompt,
                              mood, mood_category, camera_movement, lighting, platform, aspect_ratio, duration_seconds, progress, attempts,
                              asset_id, created_at, updated_at, started_at, completed_at)
      select ${seededUuid('job')}, 'text_to_video', 'completed', 'local', 'local', '{}', 'Neon rain over a night market, take ' || i,
             'Neon rain over a night market, take ' || i || ', cinematic, dolly in, neon glow, shallow depth of field, 35mm',
             'blurry, low quality, watermark', 85, 'energetic', 'dolly_in', 'neon', 'tiktok', '9:16', 5, 100, 1,
             ${seededUuid('asset')}, now() - (i || ' seconds')::interval, now() - (i || ' seconds')::interval,
             now() - (i || ' seconds')::interval, now() - (i || ' seconds')::interval
      from generate_series(1, ${ROWS}) i`);
    await sql.unsafe('vacuum analyze');
    const rows = await sql<{ id: string }[]>`select id from video_jobs order by random() limit 1000`;
    return { jobIds: rows.map((r) => r.id) };
  } finally {
    await sql.end();
  }
}

async function topStatements(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ calls: string; total: number; mean: number; query: string }[]>`
      select calls, total_exec_time as total, mean_exec_time as mean, query from pg_stat_statements
      where dbid = (select oid from pg_database where datname = current_database())
      order by total_exec_time desc limit 12`;
    console.log('\npg_stat_statements, by total execution time (web and bare servers together):');
    console.log('| calls | total ms | mean ms | statement |\n|---:|---:|---:|---|');
    for (const r of rows) console.log(`| ${r.calls} | ${r.total.toFixed(0)} | ${r.mean.toFixed(3)} | \`${r.query.replace(/\s+/g, ' ').slice(0, 140)}\` |`);
  } finally {
    await sql.end();
  }
}

async function main() {
  const { startEmbeddedPostgres } = await import('@/lib/db/embedded');
  const { migrateDatabase } = await import('@/lib/db/migrate');
  process.env.LOG_LEVEL ??= 'warn';
  const dataDir = path.join(os.tmpdir(), 'cinemood-bench-api');
  await fs.rm(dataDir, { recursive: true, force: true });
  let db = await startEmbeddedPostgres({ dataDir, port: PGPORT });
  if (args.has('pg-stat')) {
    const admin = postgres(db.url, { max: 1, onnotice: () => {} });
    await admin.unsafe("alter system set shared_preload_libraries = 'pg_stat_statements'");
    await admin.end();
    await db.stop();
    db = await startEmbeddedPostgres({ dataDir, port: PGPORT });
  }
  let web: ChildProcess | undefined;
  let bare: ChildProcess | undefined;
  try {
    await migrateDatabase(db.url);
    if (args.has('pg-stat')) {
      const admin = postgres(db.url, { max: 1, onnotice: () => {} });
      await admin.unsafe('create extension if not exists pg_stat_statements');
      await admin.end();
    }
    const t0 = performance.now();
    const { jobIds } = await seed(db.url);
    const seededIn = (performance.now() - t0) / 1000;

    process.env.DATABASE_URL = db.url;
    const { createApiKey } = await import('@/lib/auth/api-keys');
    const { closeDb } = await import('@/lib/db/client');
    const { key } = await createApiKey('bench');
    await closeDb();

    buildIfStale(ROOT);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      // The limiter runs on every request but never refuses one here.
      RATE_LIMIT_PER_MINUTE: '100000000',
      RATE_LIMIT_GENERATION_PER_MINUTE: '100000000',
    };
    const cpuProf = args.get('cpu-prof');
    const profFlags = cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(cpuProf)}`] : [];
    const webServer = spawn(process.execPath, [...profFlags, '--import', 'tsx', path.join(ROOT, 'scripts', 'server.ts')], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
    web = webServer;
    const bareServer = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'api.ts'), '--bare'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: db.url, BARE_PORT: String(BARE_PORT) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    bare = bareServer;
    await waitForUrl(`http://127.0.0.1:${PORT}/api/health`, { timeoutMs: 120_000, child: webServer });
    await waitForUrl(`http://127.0.0.1:${BARE_PORT}/`, { timeoutMs: 30_000, child: bareServer });

    const auth = { authorization: `Bearer ${key}` };
    const strategyBody = JSON.stringify({ prompt: 'Neon rain over a night market', mood: 85, platform: 'tiktok' });
    const targets: Array<Target & { id: string }> = [
      { id: 'list', label: 'GET /api/video/jobs?limit=20', method: 'GET', path: () => '/api/video/jobs?limit=20' },
      { id: 'job', label: 'GET /api/video/jobs/{id}', method: 'GET', path: (i) => `/api/video/jobs/${jobIds[i % jobIds.length]}` },
      { id: 'assets', label: 'GET /api/media/assets?limit=20', method: 'GET', path: () => '/api/media/assets?limit=20' },
      { id: 'strategy', label: 'POST /api/video/strategy', method: 'POST', path: () => '/api/video/strategy', body: strategyBody },
    ];
    const only = args.get('only')?.split(',');
    const chosen = targets.filter((t) => !only || only.includes(t.id));

    console.log(`Cinemood API benchmark — ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}`);
    console.log(`${ROWS.toLocaleString('en')} video jobs and media assets (seeded in ${seededIn.toFixed(1)} s), ${CONNECTIONS} keep-alive connections, ${SECONDS} s per row after ${WARMUP_SECONDS} s of warm-up`);
    console.log('Cinemood: scripts/server.ts on a production build, API key, rate limit on; bare: node:http + postgres, the same data query, no auth\n');
    const table: string[] = ['| endpoint | Cinemood p50 / p97.5 / p99 | req/s | bare p50 / p97.5 / p99 | req/s | p97.5 ratio | goal (p97.5 < 100 ms, ≤ 2× bare) |', '|---|---|---:|---|---:|---:|---|'];
    const ms = (r: Result) => `${r.p50.toFixed(1)} / ${r.p975.toFixed(1)} / ${r.p99.toFixed(1)} ms`;
    for (const target of chosen) {
      await load(PORT, target, WARMUP_SECONDS, auth);
      const ours = await load(PORT, target, SECONDS, auth);
      await load(BARE_PORT, target, WARMUP_SECONDS, {});
      const theirs = await load(BARE_PORT, target, SECONDS, {});
      const ratio = ours.p975 / theirs.p975;
      const met = ours.p975 < 100 && ratio <= 2 ? 'met' : 'missed';
      table.push(`| \`${target.label}\` | ${ms(ours)} | ${ours.rps.toFixed(0)} | ${ms(theirs)} | ${theirs.rps.toFixed(0)} | ${ratio.toFixed(2)}× | ${met} |`);
      if (ours.errors || theirs.errors) table.push(`|  ↳ errors | Cinemood ${ours.errors} (${ours.statuses}) | | bare ${theirs.errors} (${theirs.statuses}) | | | |`);
      console.log(table.at(-1));
    }
    console.log(`\n${table.join('\n')}`);
    if (args.has('pg-stat')) await topStatements(db.url);
  } finally {
    await Promise.all([stopChild(web), stopChild(bare)]);
    await db.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
  if (args.get('cpu-prof')) console.log(`\nCPU profile of the web process written to ${path.resolve(args.get('cpu-prof') ?? '')}`);
  process.exit(0);
}

if (args.has('bare')) void serveBare();
else
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
