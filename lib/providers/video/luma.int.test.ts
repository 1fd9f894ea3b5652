import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LumaProvider } from './luma';

/**
 * A stand-in Luma from shared/providers.md §3: Bearer auth, `POST /generations/video` with a
 * string duration and a ratio string, a `state` that goes queued → dreaming → completed (or
 * failed with `failure_reason`), the output at `assets.video`, and DELETE.
 */
const KEY = 'luma-test-key';
const RATIOS = ['1:1', '16:9', '9:16', '4:3', '3:4', '21:9', '9:21'];
const generations = new Map<string, { polls: number; prompt: string; deleted: boolean }>();
const bodies: Record<string, unknown>[] = [];
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.headers.authorization !== `Bearer ${KEY}`) return send(401, { detail: 'Invalid API key' });
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'POST' && url.pathname === '/generations/video') {
      const body = JSON.parse(raw) as Record<string, unknown>;
      bodies.push(body);
      if (!['ray-1-6', 'ray-2', 'ray-flash-2'].includes(String(body.model)) || !RATIOS.includes(String(body.aspect_ratio)) || !['5s', '9s'].includes(String(body.duration))) {
        return send(400, { detail: 'Invalid request' });
      }
      const id = randomUUID();
      generations.set(id, { polls: 0, prompt: String(body.prompt), deleted: false });
      return send(201, { id, state: 'queued', generation_type: 'video', assets: null, created_at: new Date().toISOString(), model: body.model, request: body });
    }
    const match = /^\/generations\/([^/]+)$/.exec(url.pathname);
    const gen = match ? generations.get(match[1]) : undefined;
    if (!gen || gen.deleted) return send(404, { detail: 'Generation not found' });
    if (req.method === 'DELETE') {
      gen.deleted = true;
      return void res.writeHead(204).end();
    }
    const state = gen.prompt.includes('refuse') && gen.polls >= 1 ? 'failed' : ['queued', 'dreaming', 'completed'][Math.min(gen.polls, 2)];
    gen.polls++;
    return send(200, {
      id: match![1],
      state,
      failure_reason: state === 'failed' ? 'Prompt violates the content policy' : null,
      assets: state === 'completed' ? { video: `${base}/files/${match![1]}.mp4`, image: `${base}/files/${match![1]}.jpg` } : null,
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const luma = () => new LumaProvider({ apiKey: KEY, baseUrl: base, backoffMs: 10 });

describe('Luma adapter against the documented contract', () => {
  it('creates with a string duration and ratio, and follows state to assets.video', async () => {
    const provider = luma();
    const { providerJobId } = await provider.submit({ generationType: 'text_to_video', prompt: 'Dusk over the harbour', aspectRatio: '9:16', durationSeconds: 8 });
    expect(bodies.at(-1)).toMatchObject({ model: 'ray-2', prompt: 'Dusk over the harbour', aspect_ratio: '9:16', duration: '9s', generation_type: 'video' });
    const states = [];
    for (let i = 0; i < 3; i++) states.push(await provider.status(providerJobId));
    expect(states.map((s) => s.state)).toEqual(['pending', 'running', 'succeeded']);
    expect(states[2].outputs).toEqual([`${base}/files/${providerJobId}.mp4`]);
  });

  it('sends image-to-video as keyframes.frame0 and a callback URL when given', async () => {
    await luma().submit({ generationType: 'image_to_video', prompt: 'x', aspectRatio: '4:5', durationSeconds: 5, imageUrl: 'https://cdn.example.com/a.png', callbackUrl: 'https://studio.example.com/api/webhooks/luma?token=t' });
    expect(bodies.at(-1)).toMatchObject({ aspect_ratio: '3:4', duration: '5s', keyframes: { frame0: { type: 'image', url: 'https://cdn.example.com/a.png' } }, callback_url: 'https://studio.example.com/api/webhooks/luma?token=t' });
  });

  it('reports failure_reason and deletes on cancel', async () => {
    const provider = luma();
    const { providerJobId } = await provider.submit({ generationType: 'text_to_video', prompt: 'please refuse', aspectRatio: '16:9', durationSeconds: 5 });
    await provider.status(providerJobId);
    expect(await provider.status(providerJobId)).toMatchObject({ state: 'failed', error: { message: 'Prompt violates the content policy' } });
    await provider.cancel(providerJobId);
    await expect(provider.status(providerJobId)).rejects.toMatchObject({ kind: 'permanent', status: 404 });
  });

  it('refuses a bad key permanently', async () => {
    const wrong = new LumaProvider({ apiKey: 'nope', baseUrl: base, backoffMs: 10 });
    await expect(wrong.submit({ generationType: 'text_to_video', prompt: 'x', aspectRatio: '16:9', durationSeconds: 5 })).rejects.toMatchObject({ kind: 'permanent', status: 401, message: 'Invalid API key' });
  });
});
