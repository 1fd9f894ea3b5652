import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ffmpegInfo } from '@/lib/media/ffmpeg';
import { renderLocalVideo } from '@/lib/providers/video/local';
import { titleLines } from '@/lib/providers/video/local/scene';
import { ASPECT_RATIOS, CAMERA_MOVEMENTS, LIGHTING_SETUPS, type AspectRatio, type CameraMovement, type Lighting } from '@/lib/strategy';
import { waitForUrl } from '../lib/testing/processes';

// Local renders across the strategy matrix: for each combination, a 5 s text-to-video job on a
// real `npm start` (its own ports, database and data folder), one at a time:
//   end to end  POST /api/video/generate → the job reads `completed` with its thumbnail (a client
//               polling ten times a second), so poster and sprite are included,
//   worker      the job's started_at → completed_at (claim, render, ingest, previews, DB),
//   render      renderLocalVideo in this process with the same input and seed (video, poster and
//               hover strip from one ffmpeg pass),
//   bare        the exact ffmpeg arguments of that render, replayed with no Node in between.
// The matrix is 12 cameras × 8 lightings × 5 aspects = 480; by default every camera × every aspect
// (60) runs with the lighting rotating through all 8 (each 7 or 8 times). `--full` runs all 480.
// The goal (issue 13): every end to end < 5 s, median < 3 s.
// Usage: npm run bench:pipeline [-- --full]   (FFMPEG_BUILD=system measures Debian's build)
// Media range reads against nginx moved to bench/serve.ts.

const PORT = 3190;
const PGPORT = 54390;
const BASE = `http://127.0.0.1:${PORT}`;
const PASSWORD = 'bench-password';
const DURATION = 5;
const GOAL_SECONDS = 5;
const PROMPT = 'A slow reveal of a glass pavilion at dusk';
const dataDir = path.join(os.tmpdir(), 'cinemood-bench-pipeline');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

interface Combo {
  camera: CameraMovement;
  aspect: AspectRatio;
  lighting: Lighting;
}

function matrix(full: boolean): Combo[] {
  const combos: Combo[] = [];
  CAMERA_MOVEMENTS.forEach((camera, c) => {
    ASPECT_RATIOS.forEach((aspect, a) => {
      if (full) for (const lighting of LIGHTING_SETUPS) combos.push({ camera, aspect, lighting });
      else combos.push({ camera, aspect, lighting: LIGHTING_SETUPS[(c * ASPECT_RATIOS.length + a) % LIGHTING_SETUPS.length] });
    });
  });
  return combos;
}

function startCinemood(): ChildProcess {
  return spawn('npm', ['start'], {
    env: { ...process.env, PORT: String(PORT), PGPORT: String(PGPORT), DATA_DIR: dataDir, ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '100000', RATE_LIMIT_GENERATION_PER_MINUTE: '10000' },
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

interface JobTimes {
  id: string;
  endToEnd: number;
  worker: number;
}

async function endToEnd(auth: Record<string, string>, combo: Combo): Promise<JobTimes> {
  const t0 = performance.now();
  const res = await fetch(`${BASE}/api/video/generate`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ prompt: PROMPT, mood: 62, aspect_ratio: combo.aspect, duration: DURATION, camera_movement: combo.camera, lighting: combo.lighting }),
  });
  if (res.status !== 202) throw new Error(`POST answered ${res.status}: ${await res.text()}`);
  const { job } = await res.json();
  for (;;) {
    const j = (await (await fetch(`${BASE}/api/video/jobs/${job.id}`, { headers: auth })).json()).job;
    if (j.status === 'failed') throw new Error(`${combo.camera} ${combo.aspect} ${combo.lighting}: ${j.error_message}`);
    if (j.status === 'completed' && j.thumbnail_url) {
      const seconds = (performance.now() - t0) / 1000;
      if (j.camera_movement !== combo.camera || j.lighting !== combo.lighting || j.aspect_ratio !== combo.aspect) throw new Error(`the job planned ${j.camera_movement} ${j.lighting} ${j.aspect_ratio}`);
      return { id: job.id, endToEnd: seconds, worker: (Date.parse(j.completed_at) - Date.parse(j.started_at)) / 1000 };
    }
    // A client polling ten times a second; faster polling would steal CPU from the render it measures.
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The worker's render in this process (same input and seed), then its exact ffmpeg arguments replayed bare. */
async function renderAndBare(dir: string, combo: Combo, seed: string): Promise<{ render: number; bare: number }> {
  const t0 = performance.now();
  const result = await renderLocalVideo(
    { generationType: 'text_to_video', prompt: PROMPT, cameraMovement: combo.camera, lighting: combo.lighting, aspectRatio: combo.aspect, durationSeconds: DURATION, seed },
    path.join(dir, 'render.mp4'),
    { previews: { posterFile: path.join(dir, 'poster.jpg'), spriteFile: path.join(dir, 'sprite.jpg') } },
  );
  const render = (performance.now() - t0) / 1000;
  // The renderer removes its title file afterwards; the replay needs it back.
  const titleFile = /textfile=([^:]+):/.exec(result.ffmpegArgs.join(' '))?.[1]?.replace(/\\(.)/g, '$1');
  if (titleFile) await fs.writeFile(titleFile, titleLines(PROMPT, result.width, Math.round(Math.min(result.width, result.height) / 18)));
  const t1 = performance.now();
  execFileSync(ffmpegInfo().ffmpeg.path, ['-nostdin', '-v', 'error', ...result.ffmpegArgs], { stdio: ['ignore', 'ignore', 'pipe'] });
  const bare = (performance.now() - t1) / 1000;
  if (titleFile) await fs.rm(titleFile, { force: true });
  return { render, bare };
}

const pad = (s: string, n: number) => s.padEnd(n);
const sec = (n: number) => n.toFixed(2).padStart(6);

async function main() {
  const full = process.argv.includes('--full');
  const combos = matrix(full);
  await fs.rm(dataDir, { recursive: true, force: true });
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'cinemood-bench-'));
  const app = startCinemood();
  const stopApp = () => {
    try {
      if (app.pid) process.kill(-app.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  try {
    await waitForUrl(`${BASE}/api/health`, { timeoutMs: 600_000, healthy: true });
    const auth = await session();
    const ff = ffmpegInfo();
    console.log(`Cinemood local render benchmark — ${os.cpus().length} cores, ffmpeg ${ff.version} (${ff.ffmpeg.source}), ${DURATION} s jobs, one at a time`);
    console.log(
      full
        ? `all ${combos.length} combinations (camera × aspect × lighting)\n`
        : `every camera × every aspect (${combos.length}), lighting rotating through all ${LIGHTING_SETUPS.length} (--full runs all ${CAMERA_MOVEMENTS.length * ASPECT_RATIOS.length * LIGHTING_SETUPS.length})\n`,
    );

    // Warm-up: first compile of the routes, first ffmpeg start, page cache.
    await endToEnd(auth, { camera: 'dolly_slow', aspect: '16:9', lighting: 'golden_hour' });
    await renderAndBare(scratch, { camera: 'dolly_slow', aspect: '16:9', lighting: 'golden_hour' }, 'warm-up');

    console.log(`${pad('camera', 16)} ${pad('aspect', 6)} ${pad('lighting', 13)} ${'render'.padStart(6)} ${'e2e'.padStart(6)} ${'worker'.padStart(6)} ${'bare'.padStart(6)}   (seconds)`);
    const rows: Array<{ combo: Combo; render: number; e2e: number; worker: number; bare: number }> = [];
    for (const combo of combos) {
      const job = await endToEnd(auth, combo);
      const { render, bare } = await renderAndBare(scratch, combo, job.id);
      rows.push({ combo, render, e2e: job.endToEnd, worker: job.worker, bare });
      const flag = job.endToEnd >= GOAL_SECONDS ? '  over' : '';
      console.log(`${pad(combo.camera, 16)} ${pad(combo.aspect, 6)} ${pad(combo.lighting, 13)} ${sec(render)} ${sec(job.endToEnd)} ${sec(job.worker)} ${sec(bare)}${flag}`);
    }
    const col = (k: 'render' | 'e2e' | 'worker' | 'bare') => rows.map((r) => r[k]);
    const stat = (f: (xs: number[]) => number) => `${sec(f(col('render')))} ${sec(f(col('e2e')))} ${sec(f(col('worker')))} ${sec(f(col('bare')))}`;
    console.log(`${pad('median', 37)} ${stat(median)}`);
    console.log(`${pad('max', 37)} ${stat((xs) => Math.max(...xs))}`);
    const over = rows.filter((r) => r.e2e >= GOAL_SECONDS).length;
    console.log(`\n${over} of ${rows.length} over ${GOAL_SECONDS} s end to end (goal: none, median < 3 s); median end to end / bare ffmpeg ${(median(col('e2e')) / median(col('bare'))).toFixed(2)}`);
  } finally {
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
