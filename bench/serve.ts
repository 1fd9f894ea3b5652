import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { waitForUrl } from '../lib/testing/processes';

// Media bytes: Cinemood's signed media URL against nginx (sendfile) serving the same file from
// disk, in one run, on a fresh embedded database with a generated 48 MiB H.264 file stored as an
// asset the way uploads are (sniffed, faststart, into storage, one media_assets row):
//   1. whole-file throughput with curl (median of several runs, the servers taken in turn),
//   2. 200 random 1 MiB ranges, 8 at a time, every answer a 206 with the exact bytes,
//   3. 1,000 concurrent 1 MiB range requests: all 206 with the exact bytes, and the RSS growth of
//      the process that sends them,
// each also through nginx with MEDIA_ACCEL_REDIRECT (the app checks the signature and the asset,
// nginx sends the bytes), using the nginx config of the README as it stands.
// nginx comes from Debian (`apt-get install nginx-light`); without it the nginx rows are skipped.
// With Debian's radosgw installed (`apt-get install radosgw ceph-mon ceph-osd`), the same bytes are
// also put in a bucket of a radosgw booted for the run (lib/testing/s3-server.ts), and two more
// rows compare the app streaming them from S3 (STORAGE_BACKEND=s3) with a presigned GET straight
// from radosgw (what MEDIA_S3_REDIRECT sends a browser to); the goal is the proxy at ≥ 0.8 of direct.
// Usage: npm run bench:serve   (its own ports, database and data folder; nothing else is touched)
//        BENCH_SERVE_PROFILE=<dir> npm run bench:serve   also writes a CPU profile of each media server

const APP_PORT = 3290;
const ACCEL_APP_PORT = 3291;
const NGINX_STATIC_PORT = 3292;
const NGINX_ACCEL_PORT = 3293;
const S3_APP_PORT = 3294;
const PGPORT = 54386;
const WHOLE_RUNS = 15;
const RANGE_RUNS = 5;
const RANGES = 200;
const RANGE_CONCURRENCY = 8;
const CONCURRENT = 1000;
const MiB = 1024 * 1024;
const ACCEL_PREFIX = '/_media';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = path.join(os.tmpdir(), 'cinemood-bench-serve');
const scratch = path.join(dataDir, 'scratch');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Target {
  name: string;
  url: string;
  /** The processes whose memory counts as the server's. */
  pids: () => number[];
}

/** A small deterministic generator, so every server gets the same ranges. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomRanges(count: number, size: number, seed: number): Array<[number, number]> {
  const next = prng(seed);
  return Array.from({ length: count }, () => {
    const start = Math.floor(next() * (size - MiB));
    return [start, start + MiB - 1];
  });
}

function rssKiB(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.split(/\s+/)[1]) : 0;
  } catch {
    return 0;
  }
}

const rssOf = (pids: number[]) => pids.reduce((sum, pid) => sum + rssKiB(pid), 0);

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function curlWhole(url: string, size: number): number {
  const out = execFileSync('curl', ['-s', '-o', '/dev/null', '-w', '%{time_total} %{http_code} %{size_download}', url], { encoding: 'utf8' });
  const [seconds, code, got] = out.trim().split(' ');
  if (code !== '200' || Number(got) !== size) throw new Error(`${url} answered ${code} with ${got} of ${size} bytes`);
  return Number(seconds);
}

/** GETs one range and checks status, Content-Range and every byte against the file, chunk by chunk (nothing is kept). */
function getRange(url: string, range: [number, number], file: Buffer, agent: http.Agent | false): Promise<void> {
  const [start, end] = range;
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { range: `bytes=${start}-${end}` } }, (res) => {
      if (res.statusCode !== 206 || res.headers['content-range'] !== `bytes ${start}-${end}/${file.length}`) {
        res.resume();
        return reject(new Error(`${url} answered ${res.statusCode} ${res.headers['content-range']} to bytes=${start}-${end}`));
      }
      let at = start;
      let wrong = false;
      res.on('data', (chunk: Buffer) => {
        if (!wrong && file.compare(chunk, 0, chunk.length, at, at + chunk.length) !== 0) wrong = true;
        at += chunk.length;
      });
      res.on('end', () => (wrong || at !== end + 1 ? reject(new Error(`${url}: wrong bytes for bytes=${start}-${end}`)) : resolve()));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

async function rangeRun(url: string, ranges: Array<[number, number]>, file: Buffer): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: RANGE_CONCURRENCY });
  const queue = [...ranges];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: RANGE_CONCURRENCY }, async () => {
      for (let r = queue.shift(); r; r = queue.shift()) await getRange(url, r, file, agent);
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  return seconds;
}

/** All requests at once, each on its own connection; the peak RSS of the sending processes is sampled meanwhile. */
async function concurrentRun(target: Target, ranges: Array<[number, number]>, file: Buffer) {
  const pids = target.pids();
  await sleep(500);
  const before = rssOf(pids);
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssOf(pids));
  }, 10);
  const t0 = performance.now();
  const results = await Promise.allSettled(ranges.map((r) => getRange(target.url, r, file, false)));
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, rssOf(pids));
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length > 0) console.error(`${target.name}: ${failed.length} of ${ranges.length} failed, e.g. ${(failed[0] as PromiseRejectedResult).reason}`);
  return { seconds, ok: results.length - failed.length, growthMiB: (peak - before) / 1024 };
}

function nginxConfig(readmeBlock: string): string {
  const substitute = (text: string, from: string, to: string) => {
    if (text.split(from).length !== 2) throw new Error(`the README's nginx config no longer has exactly one ${from}`);
    return text.replace(from, to);
  };
  let site = substitute(readmeBlock, 'listen 80;', `listen 127.0.0.1:${NGINX_ACCEL_PORT};`);
  site = substitute(site, 'server 127.0.0.1:3000;', `server 127.0.0.1:${ACCEL_APP_PORT};`);
  site = substitute(site, '/var/lib/cinemood/', `${dataDir}/`);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${scratch}/nginx-${t};`).join(' ');
  return `daemon off; worker_processes 1; ${process.getuid?.() === 0 ? 'user root;' : ''}
pid ${scratch}/nginx.pid; error_log ${scratch}/nginx-error.log warn;
events { worker_connections 8192; }
http {
  access_log off; ${temp}
  types { video/mp4 mp4; } default_type application/octet-stream;
  # The baseline: the same file straight from disk.
  server { listen 127.0.0.1:${NGINX_STATIC_PORT} backlog=4096; root ${dataDir}/storage/objects; sendfile on; tcp_nopush on; }
  # The README's config, as documented.
${site}
}
`;
}

function readmeNginxBlock(): string {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const block = /```nginx\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('README.md has no ```nginx block');
  return block;
}

function findNginx(): string | undefined {
  for (const candidate of ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx']) if (existsSync(candidate)) return candidate;
  const which = spawnSync('which', ['nginx'], { encoding: 'utf8' });
  return which.status === 0 ? which.stdout.trim() : undefined;
}

async function startApp(port: number, extra: Record<string, string>): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', ...extra };
  if (!extra.MEDIA_ACCEL_REDIRECT) delete env.MEDIA_ACCEL_REDIRECT;
  // The product's own log level: a JSON line per request, as in production (to /dev/null here).
  delete env.LOG_LEVEL;
  // BENCH_SERVE_PROFILE=<dir>: each media server writes a CPU profile there when it stops.
  const profile = process.env.BENCH_SERVE_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_SERVE_PROFILE)}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(root, 'bench', 'serve-app.ts')], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`media server on ${port} exited with ${code}`))));
  await Promise.race([waitForUrl(`http://127.0.0.1:${port}/`, { timeoutMs: 30_000, method: 'HEAD' }), exited]);
  return child;
}

async function storeAsset(file: string) {
  const { sniffFile } = await import('@/lib/media/sniff');
  const { ingestFile } = await import('@/lib/media/ingest');
  const { getStorage } = await import('@/lib/storage');
  const { signMediaPath } = await import('@/lib/auth/signed-url');
  const type = await sniffFile(file);
  if (!type) throw new Error('the generated file is not recognised as video');
  const asset = await ingestFile({ file, type, sourceType: 'uploaded', title: 'bench' });
  const stored = await getStorage().stat(asset.storageKey);
  if (!stored) throw new Error('the stored asset is missing');
  return { asset, size: stored.size, url: await signMediaPath(`/api/media/assets/${asset.id}/content`) };
}

/** The same bytes as an asset in a bucket of a fresh radosgw, and the app configured to stream it from there. */
async function s3Targets(file: string): Promise<{ targets: Target[]; stop: () => Promise<void>; app: ChildProcess } | undefined> {
  const { s3ServerUnavailable, startS3Server } = await import('@/lib/testing/s3-server');
  if (s3ServerUnavailable()) return undefined;
  const { S3Storage } = await import('@/lib/storage/s3');
  const { newStorageKey } = await import('@/lib/storage/keys');
  const { getDb } = await import('@/lib/db/client');
  const { mediaAssets } = await import('@/lib/db/schema');
  const { signMediaPath } = await import('@/lib/auth/signed-url');
  const { createReadStream } = await import('node:fs');
  const server = await startS3Server();
  try {
    const storage = new S3Storage({ bucket: server.bucket, region: server.region, endpoint: server.endpoint, forcePathStyle: true, credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey } });
    const key = newStorageKey('videos', 'mp4');
    const stored = await storage.put(key, createReadStream(file));
    const [row] = await getDb()
      .insert(mediaAssets)
      .values({ assetType: 'video', sourceType: 'uploaded', storageBackend: 's3', storageKey: key, mimeType: 'video/mp4', sizeBytes: stored.size, title: 'bench s3' })
      .returning();
    const app = await startApp(S3_APP_PORT, {
      STORAGE_BACKEND: 's3',
      S3_ENDPOINT: server.endpoint,
      S3_BUCKET: server.bucket,
      S3_REGION: server.region,
      S3_ACCESS_KEY_ID: server.accessKeyId,
      S3_SECRET_ACCESS_KEY: server.secretAccessKey,
      S3_FORCE_PATH_STYLE: '1',
    });
    const direct = await storage.signedUrl(key, { expiresIn: 86_400, contentType: 'video/mp4' });
    const rgw = server.pids[server.pids.length - 1];
    return {
      app,
      targets: [
        { name: 's3 proxy', url: `http://127.0.0.1:${S3_APP_PORT}${await signMediaPath(`/api/media/assets/${row.id}/content`)}`, pids: () => [app.pid ?? 0, rgw] },
        { name: 's3 direct', url: direct, pids: () => [rgw] },
      ],
      stop: async () => {
        storage.client.destroy();
        await server.stop();
      },
    };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

function table(rows: string[][]) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(rows[0]));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows.slice(1)) console.log(line(r));
}

/** The README's config behaves: nginx answers ranges and validators itself, the app's refusals pass through, the internal location is closed to clients. */
async function checkAccel(origin: string, url: string, key: string, file: Buffer) {
  const expect = (what: string, ok: boolean) => {
    if (!ok) throw new Error(`X-Accel-Redirect through the README's nginx config: ${what}`);
  };
  const range = await fetch(`${origin}${url}`, { headers: { range: 'bytes=100-199' } });
  const body = Buffer.from(await range.arrayBuffer());
  expect('a range is a 206 with the right bytes', range.status === 206 && range.headers.get('content-range') === `bytes 100-199/${file.length}` && body.equals(file.subarray(100, 200)));
  expect("the app's Content-Type and Cache-Control are kept", range.headers.get('content-type') === 'video/mp4' && range.headers.get('cache-control') === 'private, max-age=3600');
  const etag = range.headers.get('etag') ?? '';
  expect('a matching If-None-Match is a 304', (await fetch(`${origin}${url}`, { headers: { 'if-none-match': etag } })).status === 304);
  expect('a range past the end is a 416', (await fetch(`${origin}${url}`, { headers: { range: `bytes=${file.length}-` } })).status === 416);
  const forged = await fetch(`${origin}${url.replace(/sig=[^&]+/, 'sig=forged')}`);
  expect('a bad signature is refused by the app (403) before any redirect', forged.status === 403 && (await forged.text()).includes('"error"'));
  expect('the internal location is closed to clients', (await fetch(`${origin}${ACCEL_PREFIX}/${key}`)).status === 404);
}

async function main() {
  await fs.rm(dataDir, { recursive: true, force: true });
  await fs.mkdir(scratch, { recursive: true });
  // nginx workers (and the postgres user, when run as root) must be able to reach the folder.
  await fs.chmod(dataDir, 0o755);
  Object.assign(process.env, {
    DATA_DIR: dataDir,
    PGPORT: String(PGPORT),
    SIGNING_SECRET: randomBytes(24).toString('hex'),
    MEDIA_URL_TTL_SECONDS: '86400',
    LOG_LEVEL: 'error',
  });
  delete process.env.DATABASE_URL;
  delete process.env.MEDIA_ACCEL_REDIRECT;
  const { bootstrapDatabase } = await import('@/lib/db/bootstrap');
  const { closeDb } = await import('@/lib/db/client');
  const { ffmpegInfo } = await import('@/lib/media/ffmpeg');
  const database = await bootstrapDatabase();
  const children: ChildProcess[] = [];
  let nginxProcess: ChildProcess | undefined;
  let s3: Awaited<ReturnType<typeof s3Targets>>;
  try {
    // A 720p lossless H.264 test pattern, cut at 48 MiB.
    const source = path.join(scratch, 'source.mp4');
    execFileSync(ffmpegInfo().ffmpeg.path, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-t', '120', '-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', '-pix_fmt', 'yuv420p', '-fs', String(48 * MiB - 512 * 1024), '-y', source]);
    const { asset, size, url } = await storeAsset(source);
    const stored = path.join(dataDir, 'storage', 'objects', ...asset.storageKey.split('/'));
    const bytes = await fs.readFile(stored);

    const app = await startApp(APP_PORT, {});
    children.push(app);
    const targets: Target[] = [{ name: 'Cinemood', url: `http://127.0.0.1:${APP_PORT}${url}`, pids: () => [app.pid ?? 0] }];

    const nginx = findNginx();
    let accelNote = '';
    if (nginx) {
      const accelApp = await startApp(ACCEL_APP_PORT, { MEDIA_ACCEL_REDIRECT: ACCEL_PREFIX, TRUST_PROXY: '1' });
      children.push(accelApp);
      const conf = path.join(scratch, 'nginx.conf');
      await fs.writeFile(conf, nginxConfig(readmeNginxBlock()));
      nginxProcess = spawn(nginx, ['-c', conf], { stdio: ['ignore', 'ignore', 'inherit'] });
      const master = nginxProcess.pid ?? 0;
      await waitForUrl(`http://127.0.0.1:${NGINX_STATIC_PORT}/${asset.storageKey}`, { timeoutMs: 10_000, method: 'HEAD' });
      targets.push({ name: 'nginx', url: `http://127.0.0.1:${NGINX_STATIC_PORT}/${asset.storageKey}`, pids: () => childrenOf(master) });
      targets.push({ name: 'accel', url: `http://127.0.0.1:${NGINX_ACCEL_PORT}${url}`, pids: () => [accelApp.pid ?? 0, ...childrenOf(master)] });
      const direct = await fetch(`http://127.0.0.1:${ACCEL_APP_PORT}${url}`, { method: 'HEAD' });
      accelNote = direct.headers.get('x-accel-redirect')
        ? `the app answers X-Accel-Redirect: ${direct.headers.get('x-accel-redirect')}`
        : 'the app does not answer X-Accel-Redirect here: nginx proxies the bytes the app sends';
    }

    s3 = await s3Targets(stored);
    if (s3) {
      children.push(s3.app);
      targets.push(...s3.targets);
    }

    console.log(`Cinemood media serving — ${os.cpus().length} cores, node ${process.version}, ${(size / MiB).toFixed(1)} MiB H.264 (${asset.mimeType}), page cache warm`);
    console.log(nginx ? `nginx: ${nginx} (sendfile, 1 worker); ${accelNote}` : 'nginx is not installed (Debian: apt-get install nginx-light): nginx rows skipped');
    console.log(s3 ? 'S3: radosgw 16 (Ceph, one in-memory OSD) on loopback; the proxy row is the app with STORAGE_BACKEND=s3, the direct row a presigned GET' : 'radosgw is not installed (Debian: apt-get install radosgw ceph-mon ceph-osd): S3 rows skipped');
    console.log('');

    if (nginx) await checkAccel(`http://127.0.0.1:${NGINX_ACCEL_PORT}`, url, asset.storageKey, bytes);

    // Warm-up: page cache, JIT, connections to the database.
    for (const t of targets) curlWhole(t.url, size);
    for (const t of targets) await rangeRun(t.url, randomRanges(16, size, 7), bytes);

    // Each round takes every server in turn, so the two numbers of a ratio share the machine's
    // state of that moment; a ratio is the median of the rounds' ratios.
    const whole = new Map<string, number[]>(targets.map((t) => [t.name, []]));
    for (let i = 0; i < WHOLE_RUNS; i++) for (const t of targets) whole.get(t.name)?.push(size / MiB / curlWhole(t.url, size));
    const ranged = new Map<string, number[]>(targets.map((t) => [t.name, []]));
    for (let i = 0; i < RANGE_RUNS; i++) {
      const ranges = randomRanges(RANGES, size, 1000 + i);
      for (const t of targets) ranged.get(t.name)?.push(await rangeRun(t.url, ranges, bytes));
    }
    const concurrent = new Map<string, Awaited<ReturnType<typeof concurrentRun>>>();
    const many = randomRanges(CONCURRENT, size, 99);
    for (const t of targets) concurrent.set(t.name, await concurrentRun(t, many, bytes));

    const has = (name: string) => targets.some((t) => t.name === name);
    const runs = (map: Map<string, number[]>, name: string) => map.get(name) ?? [];
    /** Median over rounds of a's value over b's (throughputs); `inverse` for times. */
    const pairRatio = (map: Map<string, number[]>, a: string, b: string, inverse = false) => {
      if (!has(a) || !has(b)) return 'skipped';
      const xs = runs(map, a).map((v, i) => (inverse ? runs(map, b)[i] / v : v / runs(map, b)[i]));
      return median(xs).toFixed(2);
    };
    const spread = (xs: number[], digits: number) => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;
    const wholeCell = (name: string) => (has(name) ? `${median(runs(whole, name)).toFixed(0)} MiB/s (${spread(runs(whole, name), 0)})` : 'skipped');
    const rangeCell = (name: string) => (has(name) ? `${median(runs(ranged, name)).toFixed(2)} s (${spread(runs(ranged, name), 2)})` : 'skipped');
    const concCell = (name: string) => {
      const c = concurrent.get(name);
      return c ? `${c.ok}/${CONCURRENT} answered 206 with the right bytes, ${c.seconds.toFixed(2)} s, RSS +${c.growthMiB.toFixed(0)} MiB` : 'skipped';
    };
    const concRatio = (a: string, b: string) => {
      const x = concurrent.get(a);
      const y = concurrent.get(b);
      return x && y ? (y.seconds / x.seconds).toFixed(2) : 'skipped';
    };
    const row = (label: string, name: string, baseline: string) => [
      label,
      wholeCell(name),
      has(name) && name !== baseline ? pairRatio(whole, name, baseline) : '',
      rangeCell(name),
      has(name) && name !== baseline ? pairRatio(ranged, name, baseline, true) : '',
      concCell(name),
      has(name) && name !== baseline ? concRatio(name, baseline) : '',
    ];
    table([
      ['server', `whole file, curl, median of ${WHOLE_RUNS}`, 'ratio', `${RANGES} random 1 MiB ranges, ${RANGE_CONCURRENCY} at a time, median of ${RANGE_RUNS}`, 'ratio', `${CONCURRENT} concurrent 1 MiB ranges, a connection each`, 'ratio'],
      row('Cinemood, local disk', 'Cinemood', 'nginx'),
      row('nginx (sendfile), the same file', 'nginx', 'nginx'),
      row('Cinemood + X-Accel-Redirect via nginx', 'accel', 'nginx'),
      row('Cinemood streaming from S3 (proxy)', 's3 proxy', 's3 direct'),
      row('S3 direct: presigned GET from radosgw', 's3 direct', 's3 direct'),
    ]);
    console.log(
      "\nratios: throughput over the baseline's in the same round: nginx for the disk rows, the presigned GET for the S3 proxy (goal ≥ 0.8 for Cinemood on the first two measures of each); RSS: peak growth of the sending processes over their size before the burst (accel: the app and the nginx worker; S3: the app and radosgw, or radosgw alone)",
    );
  } finally {
    nginxProcess?.kill('SIGTERM');
    for (const child of children) child.kill('SIGTERM');
    await sleep(500);
    await s3?.stop();
    await closeDb();
    await database.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
