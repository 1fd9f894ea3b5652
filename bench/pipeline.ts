import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ffmpegInfo } from '@/lib/media/ffmpeg';
import { renderLocalVideo } from '@/lib/providers/video/local';
import { titleLines } from '@/lib/providers/video/local/scene';

// 1. End-to-end time of a 5 s 720p local job (POST → completed with thumbnail) against the bare
//    ffmpeg render of the same filter graph (video, poster and hover strip), and their ratio.
// 2. Range-read throughput of /api/media/assets/{id}/content on a 500 MB file against nginx
//    serving the same file, in the same run (nginx is installed from Debian if missing).
// Usage: npm run bench:pipeline   (starts its own Cinemood with `npm start` on spare ports)

const PORT = 3190;
const PGPORT = 54390;
const NGINX_PORT = 3191;
const BASE = `http://127.0.0.1:${PORT}`;
const PASSWORD = 'bench-password';
const FILE_MB = 500;
const dataDir = path.join(os.tmpdir(), 'cinemood-bench-pipeline');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function waitFor(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not come up`);
}

function startCinemood(): ChildProcess {
  return spawn('npm', ['start'], {
    env: { ...process.env, PORT: String(PORT), PGPORT: String(PGPORT), DATA_DIR: dataDir, ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '100000', RATE_LIMIT_GENERATION_PER_MINUTE: '1000' },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
}

async function session(): Promise<Record<string, string>> {
  const res = await fetch(`${BASE}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: PASSWORD }) });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error(`login failed: ${res.status}`);
  const key = await fetch(`${BASE}/api/keys`, { method: 'POST', headers: { cookie, origin: BASE, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench' }) });
  return { authorization: `Bearer ${(await key.json()).key}` };
}

async function endToEnd(auth: Record<string, string>): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${BASE}/api/video/generate`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ prompt: 'A slow reveal of a glass pavilion at dusk', mood: 62, aspect_ratio: '16:9', duration: 5, camera_movement: 'dolly_slow', lighting: 'golden_hour' }),
  });
  const { job } = await res.json();
  for (;;) {
    const j = (await (await fetch(`${BASE}/api/video/jobs/${job.id}`, { headers: auth })).json()).job;
    if (j.status === 'failed') throw new Error(j.error_message);
    if (j.status === 'completed' && j.thumbnail_url) return (performance.now() - t0) / 1000;
    // A client polling ten times a second; faster polling would steal CPU from the render it measures.
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function bareRender(dir: string): Promise<number> {
  // The same renderer the worker uses builds the graph; the bare run replays its exact ffmpeg arguments.
  const result = await renderLocalVideo(
    { generationType: 'text_to_video', prompt: 'A slow reveal of a glass pavilion at dusk', cameraMovement: 'dolly_slow', lighting: 'golden_hour', aspectRatio: '16:9', durationSeconds: 5 },
    path.join(dir, 'bare.mp4'),
    { previews: { posterFile: path.join(dir, 'poster.jpg'), spriteFile: path.join(dir, 'sprite.jpg') } },
  );
  // The renderer removes its title file afterwards; the replay needs it back.
  const titleFile = /textfile=([^:]+):/.exec(result.ffmpegArgs.join(' '))?.[1];
  if (titleFile) await fs.writeFile(titleFile, titleLines('A slow reveal of a glass pavilion at dusk', result.width, Math.round(result.height / 18)));
  const t0 = performance.now();
  execFileSync(ffmpegInfo().ffmpeg.path, result.ffmpegArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
  return (performance.now() - t0) / 1000;
}

function curlSeconds(url: string, range: string): number {
  const out = execFileSync('curl', ['-s', '-o', '/dev/null', '-H', `Range: ${range}`, '-w', '%{time_total} %{http_code} %{size_download}', url], { encoding: 'utf8' });
  const [seconds, code, size] = out.trim().split(' ');
  if (code !== '206' && code !== '200') throw new Error(`${url} answered ${code}`);
  if (Number(size) < FILE_MB * 1024 * 1024 * 0.49) throw new Error(`short read from ${url}: ${size}`);
  return Number(seconds);
}

function ensureNginx(): string {
  if (existsSync('/usr/sbin/nginx')) return '/usr/sbin/nginx';
  console.log('installing nginx from Debian…');
  spawnSync('apt-get', ['install', '-y', '-qq', 'nginx'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return '/usr/sbin/nginx';
}

async function main() {
  await fs.rm(dataDir, { recursive: true, force: true });
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'cinemood-bench-'));
  // nginx workers run as an unprivileged user and must be able to read the file.
  await fs.chmod(scratch, 0o755);
  const app = startCinemood();
  let ng: ChildProcess | undefined;
  const stopApp = () => {
    try {
      if (app.pid) process.kill(-app.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  try {
    await waitFor(`${BASE}/api/health`, 240_000);
    const auth = await session();
    console.log(`Cinemood pipeline benchmark — ${os.cpus().length} cores\n`);

    await endToEnd(auth); // warm-up: first compile of routes, first ffmpeg start
    const e2e = [await endToEnd(auth), await endToEnd(auth), await endToEnd(auth)];
    const bare = [await bareRender(scratch), await bareRender(scratch), await bareRender(scratch)];
    console.log(`local job end to end (POST → completed with thumbnail), 5 s 1280x720: median ${median(e2e).toFixed(2)} s  [${e2e.map((s) => s.toFixed(2)).join(', ')}]`);
    console.log(`bare ffmpeg render of the same filter graph:                          median ${median(bare).toFixed(2)} s  [${bare.map((s) => s.toFixed(2)).join(', ')}]`);
    console.log(`ratio end-to-end / bare render: ${(median(e2e) / median(bare)).toFixed(2)} (goal ≤ 1.3)\n`);

    const big = path.join(scratch, 'big.mp4');
    const bytes = FILE_MB * 1024 * 1024;
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(big);
      out.write(Buffer.from('\0\0\0\x20ftypisom\0\0\x02\0isomiso2avc1mp41', 'latin1'));
      const chunk = Buffer.alloc(4 * 1024 * 1024, 7);
      let written = 32;
      const pump = () => {
        while (written < bytes) {
          const n = Math.min(chunk.length, bytes - written);
          written += n;
          if (!out.write(chunk.subarray(0, n))) return out.once('drain', pump);
        }
        out.end(resolve);
      };
      out.on('error', reject);
      pump();
    });
    // The bytes go into storage the way the worker stores outputs: through the storage service.
    const { LocalStorage } = await import('@/lib/storage/local');
    const storage = new LocalStorage(path.join(dataDir, 'storage'));
    const key = 'videos/bench/big.mp4';
    const { createReadStream } = await import('node:fs');
    await storage.put(key, createReadStream(big));
    const register = spawnSync(process.execPath, ['--import', 'tsx', path.join('bench', 'register-asset.ts'), key, String(bytes)], {
      env: { ...process.env, DATA_DIR: dataDir, PGPORT: String(PGPORT) },
      encoding: 'utf8',
    });
    const assetId = register.stdout.trim();
    const asset = (await (await fetch(`${BASE}/api/media/assets/${assetId}`, { headers: auth })).json()).asset;

    const nginx = ensureNginx();
    const conf = path.join(scratch, 'nginx.conf');
    await fs.writeFile(
      conf,
      `daemon off; worker_processes 1; user root; pid ${scratch}/nginx.pid; error_log ${scratch}/nginx-error.log;
       events { worker_connections 64; }
       http { access_log off; sendfile on; tcp_nopush on; types { video/mp4 mp4; }
         server { listen 127.0.0.1:${NGINX_PORT}; root ${scratch}; } }`,
    );
    ng = spawn(nginx, ['-c', conf], { stdio: 'ignore' });
    await waitFor(`http://127.0.0.1:${NGINX_PORT}/big.mp4`, 10_000);
    const mb = FILE_MB;
    const rows: Array<[string, string]> = [
      ['bytes=0-', 'whole file as a range'],
      [`bytes=${bytes / 2}-`, 'last half'],
    ];
    // One warm-up read each, then alternating runs, so neither side benefits from drift in the page cache.
    curlSeconds(`${BASE}${asset.content_url}`, 'bytes=0-');
    curlSeconds(`http://127.0.0.1:${NGINX_PORT}/big.mp4`, 'bytes=0-');
    for (const [range, label] of rows) {
      const ours: number[] = [];
      const theirs: number[] = [];
      for (let i = 0; i < 5; i++) {
        ours.push(curlSeconds(`${BASE}${asset.content_url}`, range));
        theirs.push(curlSeconds(`http://127.0.0.1:${NGINX_PORT}/big.mp4`, range));
      }
      const size = range === 'bytes=0-' ? mb : mb / 2;
      const oursMBs = size / median(ours);
      const nginxMBs = size / median(theirs);
      console.log(
        `range read ${label} (${size} MB), median of 5: cinemood ${oursMBs.toFixed(0)} MB/s [${ours.map((t) => (size / t).toFixed(0)).join(', ')}], ` +
          `nginx ${nginxMBs.toFixed(0)} MB/s [${theirs.map((t) => (size / t).toFixed(0)).join(', ')}], ratio ${(oursMBs / nginxMBs).toFixed(2)}`,
      );
    }
  } finally {
    ng?.kill('SIGTERM');
    stopApp();
    await new Promise((r) => setTimeout(r, 3000));
    await fs.rm(scratch, { recursive: true, force: true });
  }
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
