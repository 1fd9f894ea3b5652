import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe, runFfmpeg } from '@/lib/media/ffmpeg';
import { downloadToFile } from '@/lib/net/outbound';
import { ProviderError } from './provider-http';
import { RunwayProvider } from './runway';

/**
 * A stand-in Runway written from shared/providers.md §1, not from the adapter: it insists on the
 * Bearer secret and X-Runway-Version, validates camelCase bodies and pixel ratios, walks tasks
 * through PENDING → THROTTLED → RUNNING → SUCCEEDED, and serves the output MP4.
 */
const SECRET = 'key_test_secret';
const RATIOS = ['1280:720', '720:1280', '1104:832', '960:960', '832:1104', '1584:672'];
type Task = { id: string; prompt: string; polls: number; canceled: boolean };
const tasks = new Map<string, Task>();
const seen: Array<{ path: string; body: Record<string, unknown> }> = [];
let busyOnce = true;
let server: http.Server;
let base: string;
let dir: string;
let clip: Buffer;

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

function taskView(task: Task) {
  const createdAt = new Date().toISOString();
  if (task.canceled) return { id: task.id, createdAt, status: 'CANCELLED' };
  if (task.prompt.includes('weird') && task.polls < 2) return { id: task.id, createdAt, status: 'ARCHIVED_BY_MAGIC' };
  if (task.prompt.includes('unsafe') && task.polls >= 1) return { id: task.id, createdAt, status: 'FAILED', failure: 'The prompt did not pass moderation', failureCode: 'SAFETY.INPUT.TEXT' };
  const steps = ['PENDING', 'THROTTLED', 'RUNNING'];
  if (task.polls < steps.length) return { id: task.id, createdAt, status: steps[task.polls], ...(steps[task.polls] === 'RUNNING' ? { progress: 0.42 } : {}) };
  return { id: task.id, createdAt, status: 'SUCCEEDED', output: [`${base}/outputs/${task.id}.mp4`] };
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cinemood-runway-'));
  const file = path.join(dir, 'out.mp4');
  await runFfmpeg((c) => c.input('testsrc2=size=1280x720:rate=24:duration=2').inputFormat('lavfi').outputOptions(['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-y']).output(file));
  clip = await fs.readFile(file);
  server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith('/outputs/')) return void res.writeHead(200, { 'content-type': 'video/mp4' }).end(clip);
    if (req.headers.authorization !== `Bearer ${SECRET}`) return json(res, 401, { error: 'Invalid API key' });
    if (req.headers['x-runway-version'] !== '2024-11-06') return json(res, 400, { error: 'X-Runway-Version header is required' });
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    if (req.method === 'POST' && (url.pathname === '/v1/text_to_video' || url.pathname === '/v1/image_to_video')) {
      seen.push({ path: url.pathname, body });
      if (String(body.promptText).includes('busy') && busyOnce) {
        busyOnce = false;
        return json(res, 429, { error: 'Too many requests' }, { 'retry-after': '0' });
      }
      if (typeof body.model !== 'string' || !RATIOS.includes(String(body.ratio))) return json(res, 400, { error: 'Validation of body failed: ratio' });
      if (url.pathname === '/v1/image_to_video' && !body.promptImage) return json(res, 400, { error: 'promptImage is required' });
      const id = randomUUID();
      tasks.set(id, { id, prompt: String(body.promptText ?? ''), polls: 0, canceled: false });
      return json(res, 200, { id });
    }
    const match = /^\/v1\/tasks\/([^/]+)$/.exec(url.pathname);
    const task = match ? tasks.get(match[1]) : undefined;
    if (!task) return json(res, 404, { error: 'Task not found' });
    if (req.method === 'DELETE') {
      task.canceled = true;
      return void res.writeHead(204).end();
    }
    const view = taskView(task);
    task.polls++;
    return json(res, 200, view);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await fs.rm(dir, { recursive: true, force: true });
});

const runway = () => new RunwayProvider({ apiSecret: SECRET, baseUrl: base, backoffMs: 10 });
const shot = { generationType: 'text_to_video' as const, prompt: 'A lone cyclist at dusk', aspectRatio: '9:16' as const, durationSeconds: 8 };

async function pollUntilSettled(provider: RunwayProvider, id: string) {
  const seenStates: string[] = [];
  for (let i = 0; i < 10; i++) {
    const status = await provider.status(id);
    seenStates.push(status.rawStatus);
    if (['succeeded', 'failed', 'canceled'].includes(status.state)) return { status, seenStates };
  }
  throw new Error(`never settled: ${seenStates.join(', ')}`);
}

describe('Runway adapter against the documented contract', () => {
  it('submits camelCase with a pixel ratio, polls through every status and yields a downloadable MP4', async () => {
    const provider = runway();
    const { providerJobId } = await provider.submit(shot);
    expect(seen.at(-1)).toEqual({ path: '/v1/text_to_video', body: { model: 'gen4.5', promptText: shot.prompt, ratio: '720:1280', duration: 8 } });
    const { status, seenStates } = await pollUntilSettled(provider, providerJobId);
    expect(seenStates).toEqual(['PENDING', 'THROTTLED', 'RUNNING', 'SUCCEEDED']);
    expect(status.state).toBe('succeeded');
    process.env.OUTBOUND_ALLOW_PRIVATE = '1';
    const file = path.join(dir, 'downloaded.mp4');
    await downloadToFile(status.outputs![0], file, { maxBytes: 10_000_000, timeoutMs: 5000 });
    delete process.env.OUTBOUND_ALLOW_PRIVATE;
    expect(await probe(file)).toMatchObject({ videoCodec: 'h264', width: 1280, height: 720 });
  });

  it('reports progress while running as a percentage', async () => {
    const provider = runway();
    const { providerJobId } = await provider.submit(shot);
    await provider.status(providerJobId);
    await provider.status(providerJobId);
    expect(await provider.status(providerJobId)).toMatchObject({ state: 'running', progress: 42 });
  });

  it('turns a moderation failure into a failed state with the provider reason and code', async () => {
    const provider = runway();
    const { providerJobId } = await provider.submit({ ...shot, prompt: 'something unsafe' });
    const { status } = await pollUntilSettled(provider, providerJobId);
    expect(status).toMatchObject({ state: 'failed', error: { message: 'The prompt did not pass moderation', code: 'SAFETY.INPUT.TEXT' } });
  });

  it('retries a 429 on submit, honouring Retry-After', async () => {
    const before = seen.length;
    const { providerJobId } = await runway().submit({ ...shot, prompt: 'a busy street' });
    expect(providerJobId).toBeTruthy();
    expect(seen.length - before).toBe(2);
  });

  it('treats an undocumented status as unknown, never as success', async () => {
    const provider = runway();
    const { providerJobId } = await provider.submit({ ...shot, prompt: 'weird light' });
    expect(await provider.status(providerJobId)).toMatchObject({ state: 'unknown', rawStatus: 'ARCHIVED_BY_MAGIC' });
  });

  it('cancels a task', async () => {
    const provider = runway();
    const { providerJobId } = await provider.submit(shot);
    await provider.cancel(providerJobId);
    expect((await provider.status(providerJobId)).state).toBe('canceled');
  });

  it('fails permanently on a bad key or an impossible request', async () => {
    const wrongKey = new RunwayProvider({ apiSecret: 'nope', baseUrl: base, backoffMs: 10 });
    await expect(wrongKey.submit(shot)).rejects.toMatchObject({ kind: 'permanent', status: 401 });
    await expect(runway().submit({ ...shot, generationType: 'image_to_video' })).rejects.toBeInstanceOf(ProviderError);
    const { providerJobId } = await runway().submit({ ...shot, generationType: 'image_to_video', imageUrl: 'https://example.com/still.png' });
    expect(seen.at(-1)?.path).toBe('/v1/image_to_video');
    expect(seen.at(-1)?.body).toMatchObject({ model: 'gen4_turbo', promptImage: 'https://example.com/still.png', ratio: '720:1280' });
    expect(providerJobId).toBeTruthy();
  });
});
