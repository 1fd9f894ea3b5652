import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { waitForUrl } from '../lib/testing/processes';

// A production end to end on the local providers, on a real `npm start` (its own ports, database
// and data folder): a 3-shot, 15 s TikTok short with narration, music and word captions.
//   children     POST → the production starts composing (shots, speech, alignment, music)
//   composition  composing → completed (the one ffmpeg pass, storing the asset)
//   re-render    after a caption-style edit: POST /render → completed, against the first composition
// Then bench/production-compose.ts: the composition pass alone against a bare ffmpeg run of the
// same arguments, and its speed against the output's duration.
// Usage: npm run bench:production

const PORT = 3194;
const PGPORT = 54394;
const BASE = `http://127.0.0.1:${PORT}`;
const PASSWORD = 'bench-password';
const dataDir = path.join(os.tmpdir(), 'cinemood-bench-production');
const root = path.resolve(import.meta.dirname, '..');

async function apiKey(): Promise<Record<string, string>> {
  const login = await fetch(`${BASE}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: BASE }, body: JSON.stringify({ password: PASSWORD }) });
  const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
  const key = await fetch(`${BASE}/api/keys`, { method: 'POST', headers: { cookie, origin: BASE, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench' }) });
  return { authorization: `Bearer ${(await key.json()).key}`, 'content-type': 'application/json' };
}

type Production = { id: string; status: string; renders: number; error_message: string | null; timeline: { version: number } };

/** Polls ten times a second; answers when each status was first seen. */
async function follow(auth: Record<string, string>, id: string, until: (p: Production) => boolean): Promise<{ production: Production; seen: Map<string, number> }> {
  const seen = new Map<string, number>();
  for (;;) {
    const production: Production = (await (await fetch(`${BASE}/api/productions/${id}`, { headers: auth })).json()).production;
    if (!seen.has(production.status)) seen.set(production.status, performance.now());
    if (production.status === 'failed') throw new Error(production.error_message ?? 'failed');
    if (until(production)) return { production, seen };
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function main() {
  await fs.rm(dataDir, { recursive: true, force: true });
  const app: ChildProcess = spawn('npm', ['start'], {
    cwd: root,
    env: { ...process.env, PORT: String(PORT), PGPORT: String(PGPORT), DATA_DIR: dataDir, ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'warn', RATE_LIMIT_GENERATION_PER_MINUTE: '1000' },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  try {
    await waitForUrl(`${BASE}/api/health`, { timeoutMs: 600_000, healthy: true });
    const auth = await apiKey();
    const brief = {
      prompt: 'A night market in the rain, lanterns and steam',
      mood: 82,
      platform: 'tiktok',
      duration: 15,
      shots: 3,
      narration: 'The market wakes after dark. Steam rises over the stalls. Every lantern tells a story.',
      seed: 'bench',
    };
    const t0 = performance.now();
    const created: Production = (await (await fetch(`${BASE}/api/productions`, { method: 'POST', headers: auth, body: JSON.stringify(brief) })).json()).production;
    const first = await follow(auth, created.id, (p) => p.status === 'completed');
    const composingAt = first.seen.get('composing') ?? t0;
    const doneAt = first.seen.get('completed') ?? performance.now();

    await fetch(`${BASE}/api/productions/${created.id}`, { method: 'PATCH', headers: auth, body: JSON.stringify({ version: first.production.timeline.version, captions: { style: 'line', position: 'middle' } }) });
    const r0 = performance.now();
    await fetch(`${BASE}/api/productions/${created.id}/render`, { method: 'POST', headers: auth });
    await follow(auth, created.id, (p) => p.status === 'completed' && p.renders === 2);
    const rerender = (performance.now() - r0) / 1000;

    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.log(`Cinemood production benchmark — ${os.cpus().length} cores; 3 shots, 15 s, 1080×1920, narration, music, word captions, local providers\n`);
    console.log('| phase | seconds |\n|---|---:|');
    console.log(`| POST → composing (children: 3 shots, speech, alignment, music) | ${s(composingAt - t0)} |`);
    console.log(`| composing → completed (composition and storing) | ${s(doneAt - composingAt)} |`);
    console.log(`| POST → completed | ${s(doneAt - t0)} |`);
    console.log(`| re-render after a caption-style edit (children reused) | ${rerender.toFixed(2)} s (${(rerender / ((doneAt - composingAt) / 1000)).toFixed(2)}× the first composition) |`);
  } finally {
    try {
      if (app.pid) process.kill(-app.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    await new Promise((r) => setTimeout(r, 3000));
    await fs.rm(dataDir, { recursive: true, force: true });
  }
  console.log('\nThe composition pass alone (bench/production-compose.ts):');
  spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench', 'production-compose.ts')], { cwd: root, stdio: 'inherit' });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
