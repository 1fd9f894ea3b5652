import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { Webhook } from 'standardwebhooks';
import { stopChild, waitForUrl } from '../lib/testing/processes';
import { buildIfStale } from '../scripts/build-if-stale';
import { args } from './args';

// Live events under load, through the product's own web server (scripts/server.ts on a production
// build, as `npm start` runs it) and a worker (scripts/worker.ts), on a fresh embedded PostgreSQL:
// 1. transition → SSE client: a job's lifecycle transition (claim, the job.started event) made
//    from this process, timed until a measuring client of the web process has the event, while
//    1,000 other clients stay connected (idle: subscribed to what does not happen; then again with
//    all of them receiving every job event); the web process's RSS per connected client.
// 2. baseline, same run: a bare server (node:http + postgres LISTEN, no auth, no table) that
//    writes each NOTIFY's payload to its clients, timed from `select pg_notify`, with its own
//    1,000 other clients in the same two ways.
// 3. job completed → webhook: the `complete` transition timed until a local receiver has the
//    signed delivery (verified with the standardwebhooks package).
//
// Usage: npm run bench:events [-- --clients=1000 --samples=200]
// Run it under the CPU lock: flock /tmp/cinemood-cpu.lock npm run bench:events

const ROOT = path.resolve(import.meta.dirname, '..');
const PORT = 3194;
const BARE_PORT = 3195;
const RECEIVER_PORT = 3196;
const PGPORT = 54417;
const CLIENTS = Number(args.get('clients') ?? 1000);
const SAMPLES = Number(args.get('samples') ?? 200);
const WEBHOOK_SAMPLES = Number(args.get('webhooks') ?? 50);
const BARE_CHANNEL = 'bench_bare';

// ---------------------------------------------------------------------------------------------
// The bare baseline: `node bench/events.ts --bare` with DATABASE_URL and BARE_PORT set.

async function serveBare(): Promise<void> {
  const sql = postgres(process.env.DATABASE_URL ?? '', { max: 1, onnotice: () => {} });
  // Clients of /measured get what is sent to `measured:…`, clients of /all everything, /idle nothing.
  const clients = new Map<http.ServerResponse, string>();
  await sql.listen(BARE_CHANNEL, (payload) => {
    const frame = `data: ${payload}\n\n`;
    const channel = payload.split(':', 1)[0];
    for (const [res, path] of clients) if (path === '/all' || path === `/${channel}`) res.write(frame);
  });
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(': connected\n\n');
    clients.set(res, req.url ?? '/');
    req.on('close', () => clients.delete(res));
  });
  server.listen(Number(process.env.BARE_PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
  process.on('SIGTERM', () => {
    server.closeAllConnections();
    server.close();
    void sql.end({ timeout: 1 }).finally(() => process.exit(0));
  });
}

// ---------------------------------------------------------------------------------------------

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: pct(sorted, 50), p95: pct(sorted, 95), max: sorted.at(-1) ?? Number.NaN, n: sorted.length };
};

/** An idle client: a raw socket that sends one request and only counts the bytes that come back. */
function idleClient(port: number, pathname: string, headers: Record<string, string>): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      const lines = [`GET ${pathname} HTTP/1.1`, 'host: 127.0.0.1', 'accept: text/event-stream', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
    socket.once('data', (chunk) => (chunk.toString('latin1', 9, 12) === '200' ? resolve(socket) : reject(new Error(`idle client: ${chunk.toString('latin1', 0, 80)}`))));
    socket.on('data', () => {});
    socket.on('error', reject);
  });
}

/** A measuring client: calls `onData` with each `data:` line as it arrives. */
function streamClient(url: string, headers: Record<string, string>, onData: (data: string) => void): Promise<http.ClientRequest> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const line = block.split('\n').find((l) => l.startsWith('data: '));
          if (line) onData(line.slice(6));
        }
      });
      resolve(req);
    });
    req.on('error', reject);
  });
}

async function rssKiB(pid: number): Promise<number> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
}

/** Resolves the waiter registered for `key` (a job id or a bare sequence number) when its message arrives. */
class Arrivals {
  private readonly waiting = new Map<string, (at: number) => void>();
  expect(key: string, timeoutMs = 10_000): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no arrival for ${key} in ${timeoutMs} ms`)), timeoutMs);
      this.waiting.set(key, (at) => {
        clearTimeout(timer);
        resolve(at);
      });
    });
  }
  arrived(key: string): void {
    const at = performance.now();
    const done = this.waiting.get(key);
    this.waiting.delete(key);
    done?.(at);
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const { startEmbeddedPostgres } = await import('@/lib/db/embedded');
  const { migrateDatabase } = await import('@/lib/db/migrate');
  process.env.LOG_LEVEL ??= 'warn';
  const dataDir = path.join(os.tmpdir(), 'cinemood-bench-events');
  await fs.rm(dataDir, { recursive: true, force: true });
  const db = await startEmbeddedPostgres({ dataDir, port: PGPORT });
  const children: ChildProcess[] = [];
  const sockets: net.Socket[] = [];
  const requests: http.ClientRequest[] = [];
  let receiver: http.Server | undefined;
  try {
    await migrateDatabase(db.url);
    process.env.DATABASE_URL = db.url;
    process.env.DATA_DIR = dataDir;
    const { createApiKey } = await import('@/lib/auth/api-keys');
    const { insertVideoJob } = await import('@/lib/testing/job-rows');
    const { transition } = await import('@/lib/lifecycle/transitions');
    const { getSql, closeDb } = await import('@/lib/db/client');
    const { getBoss } = await import('@/lib/queue/boss');
    const { key } = await createApiKey('bench');

    buildIfStale(ROOT);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      OUTBOUND_ALLOW_PRIVATE: '1',
      RATE_LIMIT_PER_MINUTE: '100000000',
    };
    const web = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'server.ts')], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
    const worker = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'worker.ts')], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
    const bare = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'events.ts'), '--bare'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: db.url, BARE_PORT: String(BARE_PORT) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(web, worker, bare);
    await waitForUrl(`http://127.0.0.1:${PORT}/api/health`, { timeoutMs: 120_000, child: web });
    await waitForUrl(`http://127.0.0.1:${BARE_PORT}/`, { timeoutMs: 30_000, child: bare });
    const auth = { authorization: `Bearer ${key}` };

    const sql = getSql();
    const jobs: Array<{ id: string }> = [];
    for (let i = 0; i < 2 * SAMPLES + WEBHOOK_SAMPLES; i++) jobs.push(await insertVideoJob({ status: 'pending' }, 0));
    const arrivals = new Arrivals();
    requests.push(await streamClient(`http://127.0.0.1:${PORT}/api/events?types=job.started`, auth, (data) => arrivals.arrived(JSON.parse(data).data.id)));
    const bareArrivals = new Arrivals();
    requests.push(await streamClient(`http://127.0.0.1:${BARE_PORT}/measured`, {}, (data) => bareArrivals.arrived(data)));

    /** Claims `list` one by one, each timed from the transition's start to the measuring client's receipt. */
    const afterCommit: number[][] = [];
    const measureOurs = async (list: typeof jobs) => {
      const times: number[] = [];
      const sinceCommit: number[] = [];
      for (const job of list) {
        const arrived = arrivals.expect(job.id);
        const t0 = performance.now();
        await transition('video', job.id, 'claim');
        const committed = performance.now();
        const at = await arrived;
        times.push(at - t0);
        sinceCommit.push(Math.max(0, at - committed));
        await pause(20);
      }
      afterCommit.push(sinceCommit);
      return times;
    };
    /** The same for a bare `pg_notify`, to `channel`'s clients. */
    const measureBare = async (channel: string) => {
      const times: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const arrived = bareArrivals.expect(`${channel}:${i}`);
        const t0 = performance.now();
        await sql`select pg_notify(${BARE_CHANNEL}, ${`${channel}:${i}`})`;
        times.push((await arrived) - t0);
        await pause(20);
      }
      return times;
    };

    // Round 1: 1,000 idle clients on each server, connected but subscribed to what does not happen here.
    await pause(1000);
    const rssBefore = await rssKiB(web.pid ?? 0);
    const idle: net.Socket[] = [];
    for (let i = 0; i < CLIENTS; i++) idle.push(await idleClient(PORT, '/api/events?types=production.completed', auth));
    await pause(2000);
    const rssAfter = await rssKiB(web.pid ?? 0);
    for (let i = 0; i < CLIENTS; i++) idle.push(await idleClient(BARE_PORT, '/idle', {}));
    const oursIdle = await measureOurs(jobs.slice(0, SAMPLES));
    const bareIdle = await measureBare('measured');
    for (const s of idle) s.destroy();

    // Round 2: the same 1,000 subscribed to every job event, so each event is written 1,001 times
    // (and read by this process too, on the same two cores).
    for (let i = 0; i < CLIENTS; i++) sockets.push(await idleClient(PORT, '/api/events?types=job.*', auth));
    for (let i = 0; i < CLIENTS; i++) sockets.push(await idleClient(BARE_PORT, '/all', {}));
    await pause(1000);
    const oursAll = await measureOurs(jobs.slice(SAMPLES, 2 * SAMPLES));
    const bareAll = await measureBare('measured');

    // 3. job completed → webhook at a local receiver.
    const hookArrivals = new Arrivals();
    let verified = 0;
    let secret = '';
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        res.writeHead(204).end();
        const headers = { 'webhook-id': String(req.headers['webhook-id']), 'webhook-timestamp': String(req.headers['webhook-timestamp']), 'webhook-signature': String(req.headers['webhook-signature']) };
        new Webhook(secret).verify(body, headers);
        verified++;
        hookArrivals.arrived(JSON.parse(body).data.id);
      });
    });
    await new Promise<void>((resolve) => receiver?.listen(RECEIVER_PORT, '127.0.0.1', resolve));
    const created = await fetch(`http://127.0.0.1:${PORT}/api/webhooks/endpoints`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ url: `http://127.0.0.1:${RECEIVER_PORT}/hooks`, events: ['job.completed'], description: 'bench' }),
    });
    if (created.status !== 201) throw new Error(`creating the endpoint answered ${created.status}: ${await created.text()}`);
    secret = (await created.json()).secret;
    const hooks: number[] = [];
    for (const job of jobs.slice(2 * SAMPLES)) {
      await transition('video', job.id, 'claim');
      const arrived = hookArrivals.expect(job.id);
      const t0 = performance.now();
      await transition('video', job.id, 'complete');
      hooks.push((await arrived) - t0);
      await pause(50);
    }
    await (await getBoss()).stop({ graceful: false });
    await closeDb();

    const ms = (v: number) => v.toFixed(1);
    const row = (label: string, values: number[]) => {
      const r = summary(values);
      return `| ${label} | ${r.n} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.max)} |`;
    };
    const idleP50 = summary(oursIdle).p50;
    console.log(`Cinemood events benchmark — ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}`);
    console.log(`${CLIENTS} other SSE clients on each server; the load generator, PostgreSQL and both servers share the machine\n`);
    console.log('| path | samples | p50 ms | p95 ms | max ms |\n|---|---:|---:|---:|---:|');
    console.log(row(`transition (claim) → job.started at an SSE client, ${CLIENTS} idle clients`, oursIdle));
    console.log(row('  ↳ of which: from the commit to the client', afterCommit[0]));
    console.log(row(`bare \`pg_notify\` → SSE frame at a client, ${CLIENTS} idle clients`, bareIdle));
    console.log(row(`transition → event, ${CLIENTS} clients receiving every job event`, oursAll));
    console.log(row('  ↳ of which: from the commit to the client', afterCommit[1]));
    console.log(row(`bare, ${CLIENTS} clients receiving every notification`, bareAll));
    console.log(row('job completed → signed webhook at a local receiver', hooks));
    console.log(`\np50 ratio Cinemood / bare: ${(idleP50 / summary(bareIdle).p50).toFixed(2)}× idle, ${(summary(oursAll).p50 / summary(bareAll).p50).toFixed(2)}× receiving (goal: p50 < 50 ms with ${CLIENTS} idle clients: ${idleP50 < 50 ? 'met' : 'missed'})`);
    console.log(`web process RSS: ${(rssBefore / 1024).toFixed(1)} MiB before the clients, ${(rssAfter / 1024).toFixed(1)} MiB with ${CLIENTS}: ${((rssAfter - rssBefore) / CLIENTS).toFixed(1)} KiB per client`);
    console.log(`webhooks verified with standardwebhooks: ${verified} of ${hooks.length}`);
  } finally {
    for (const s of sockets) s.destroy();
    for (const r of requests) r.destroy();
    receiver?.closeAllConnections();
    receiver?.close();
    await Promise.all(children.map((c) => stopChild(c)));
    await db.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
  process.exit(0);
}

if (args.has('bare')) void serveBare();
else
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
