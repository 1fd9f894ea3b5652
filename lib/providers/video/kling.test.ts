import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_KLING_ACCESS_KEY, FAKE_KLING_SECRET_KEY, startFakeKling, type FakeKling } from '@/lib/testing/fake-kling';
import { KlingProvider, klingToken } from './kling';
import type { VideoSubmission } from './types';

// The adapter never inspects the bytes, so any buffer with an MP4 `ftyp` box stands in for a clip.
const CLIP = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(12)]);
let fake: FakeKling;

beforeAll(async () => {
  fake = await startFakeKling(CLIP);
});
afterAll(() => fake.close());

const kling = (secretKey = FAKE_KLING_SECRET_KEY) => new KlingProvider({ accessKey: FAKE_KLING_ACCESS_KEY, secretKey, baseUrl: fake.base, backoffMs: 5 });
const text = (prompt: string, extra: Partial<VideoSubmission> = {}): VideoSubmission => ({ generationType: 'text_to_video', prompt, aspectRatio: '16:9', durationSeconds: 5, ...extra });
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>;

describe('Kling adapter against the documented contract', () => {
  it('signs the documented JWT: HS256, iss = access key, 30-min exp, nbf 5 s back', () => {
    const now = Math.floor(Date.now() / 1000);
    const [head, payload, signature] = klingToken('ak', 'sk').split('.');
    expect(decode(head)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = decode(payload);
    expect(claims.iss).toBe('ak');
    expect(claims.exp).toBeGreaterThanOrEqual(now + 1799);
    expect(claims.exp).toBeLessThanOrEqual(now + 1801);
    expect(claims.nbf).toBeLessThan(now);
    expect(claims.nbf).toBeGreaterThanOrEqual(now - 6);
    expect(signature).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('creates text2video with a string duration and follows submitted → processing → succeed', async () => {
    const provider = kling();
    const { providerJobId } = await provider.submit(text('Dusk over the harbour', { aspectRatio: '9:16', durationSeconds: 8, callbackUrl: 'https://studio.example.com/api/webhooks/kling?token=t' }));
    expect(providerJobId).toMatch(/^text2video\/[\w-]+$/);
    expect(fake.seen.at(-1)).toEqual({
      path: '/v1/videos/text2video',
      body: { model_name: 'kling-v2-1-master', prompt: 'Dusk over the harbour', aspect_ratio: '9:16', duration: '10', mode: 'std', callback_url: 'https://studio.example.com/api/webhooks/kling?token=t' },
    });
    const states = [];
    for (let i = 0; i < 3; i++) states.push(await provider.status(providerJobId));
    expect(states.map((s) => [s.state, s.rawStatus])).toEqual([['pending', 'submitted'], ['running', 'processing'], ['succeeded', 'succeed']]);
    const taskId = providerJobId.split('/')[1];
    expect(states[2]).toMatchObject({ outputs: [`${fake.base}/outputs/${taskId}.mp4`], cost: { units: '2' } });
    const clip = await fetch(states[2].outputs![0]);
    expect(Buffer.from(await clip.arrayBuffer()).subarray(4, 8).toString()).toBe('ftyp');
  });

  it('truncates the prompt, picks the nearest duration and honours a model override', async () => {
    await kling().submit(text('x'.repeat(3000), { durationSeconds: 6, model: 'kling-v2-6', negativePrompt: 'blur' }));
    const { body } = fake.seen.at(-1)!;
    expect(body).toMatchObject({ model_name: 'kling-v2-6', duration: '5', negative_prompt: 'blur' });
    expect(String(body.prompt)).toHaveLength(2500);
  });

  it('sends image-to-video as `image` without aspect_ratio, under an image2video id', async () => {
    const provider = kling();
    const { providerJobId } = await provider.submit({ generationType: 'image_to_video', prompt: 'slow push in', aspectRatio: '4:5', durationSeconds: 5, imageUrl: 'https://cdn.example.com/a.png' });
    expect(providerJobId).toMatch(/^image2video\//);
    expect(fake.seen.at(-1)).toMatchObject({ path: '/v1/videos/image2video', body: { image: 'https://cdn.example.com/a.png', duration: '5' } });
    expect(fake.seen.at(-1)!.body).not.toHaveProperty('aspect_ratio');
    expect(await provider.status(providerJobId)).toMatchObject({ state: 'pending' });
  });

  it('reports task_status_msg on failure, unknown statuses as unknown, and a stuck task as running', async () => {
    const provider = kling();
    const failing = await provider.submit(text('please fail'));
    await provider.status(failing.providerJobId);
    await provider.status(failing.providerJobId);
    expect(await provider.status(failing.providerJobId)).toMatchObject({ state: 'failed', error: { message: 'Failure to pass the risk control system' } });
    const weird = await provider.submit(text('something weird'));
    expect(await provider.status(weird.providerJobId)).toMatchObject({ state: 'unknown', rawStatus: 'magically_archived', outputs: undefined });
    const stuck = await provider.submit(text('never ends'));
    for (let i = 0; i < 4; i++) await provider.status(stuck.providerJobId);
    expect(await provider.status(stuck.providerJobId)).toMatchObject({ state: 'running' });
  });

  it('refuses content-safety (1301) and billing (1102) permanently, telling billing apart', async () => {
    await expect(kling().submit(text('an unsafe idea'))).rejects.toMatchObject({ name: 'ProviderError', kind: 'permanent', status: 400, code: '1301' });
    const before = fake.seen.length;
    const billing = kling().submit(text('we are broke'));
    await expect(billing).rejects.toMatchObject({ kind: 'permanent', status: 429, code: 'billing_1102' });
    await expect(billing).rejects.toThrow(/^Kling billing: /);
    expect(fake.seen.length - before).toBe(1);
  });

  it('retries a concurrency 429 (1303) and then succeeds', async () => {
    const before = fake.seen.length;
    const { providerJobId } = await kling().submit(text('a crowded street'));
    expect(providerJobId).toMatch(/^text2video\//);
    expect(fake.seen.length - before).toBe(2);
  });

  it('finds the task an interrupted submit already created instead of paying for a second one', async () => {
    const provider = kling();
    const key = `job-${Date.now()}`;
    const creates = () => fake.seen.filter((r) => r.path === '/v1/videos/text2video' && r.body.external_task_id === key).length;
    const first = await provider.submit(text('A tide pool at noon', { idempotencyKey: key }));
    expect(fake.seen.at(-1)?.body).toMatchObject({ external_task_id: key });
    // The job retries the submit (say its answer was lost): the same task comes back, nothing new is created.
    const again = await provider.submit(text('A tide pool at noon', { idempotencyKey: key }));
    expect(again.providerJobId).toBe(first.providerJobId);
    expect(creates()).toBe(1);
  });

  it('fails permanently with a wrong secret (401)', async () => {
    await expect(kling('wrong-secret').submit(text('x'))).rejects.toMatchObject({ kind: 'permanent', status: 401, code: '1002' });
  });

  it('refuses what Kling cannot do before calling it', async () => {
    const before = fake.seen.length;
    await expect(kling().submit(text('x', { aspectRatio: '21:9' }))).rejects.toMatchObject({ kind: 'permanent' });
    await expect(kling().submit({ generationType: 'image_to_video', prompt: 'x', aspectRatio: '16:9', durationSeconds: 5 })).rejects.toMatchObject({ kind: 'permanent' });
    expect(fake.seen.length).toBe(before);
    await expect(kling().status('not-a-kling-id')).rejects.toMatchObject({ kind: 'permanent' });
  });
});

describe('Kling adapter under faults on the way', () => {
  const creates = (key: string) => fake.seen.filter((r) => r.body.external_task_id === key).length;

  it('treats a garbled create answer as transient, and the retried submit finds the task instead of paying again', async () => {
    const provider = kling();
    const key = `garbled-${Date.now()}`;
    await expect(provider.submit(text('A garbled lighthouse', { idempotencyKey: key }))).rejects.toMatchObject({ name: 'ProviderError', kind: 'transient' });
    const again = await provider.submit(text('A garbled lighthouse', { idempotencyKey: key }));
    expect(again.providerJobId).toMatch(/^text2video\/[\w-]+$/);
    expect(creates(key)).toBe(1);
    // The task's first query answers JSON without the envelope: transient, and the next look works.
    await expect(provider.status(again.providerJobId)).rejects.toMatchObject({ kind: 'transient', message: expect.stringContaining('envelope') });
    expect(await provider.status(again.providerJobId)).toMatchObject({ state: 'running' });
  });

  it('finds the task whose create answer was lost (connection dropped after creating it): one task for the job', async () => {
    const provider = kling();
    const key = `lost-${Date.now()}`;
    await expect(provider.submit(text('A lost harbour at dawn', { idempotencyKey: key }))).rejects.toMatchObject({ kind: 'transient' });
    const again = await provider.submit(text('A lost harbour at dawn', { idempotencyKey: key }));
    expect(again.providerJobId).toMatch(/^text2video\//);
    expect(creates(key)).toBe(1);
  });

  it('adopts the task when the look-up missed it and Kling refuses the repeated external_task_id (1201)', async () => {
    const provider = kling();
    const key = `unindexed-${Date.now()}`;
    await expect(provider.submit(text('A lost and unindexed pier', { idempotencyKey: key }))).rejects.toMatchObject({ kind: 'transient' });
    const before = fake.seen.length;
    const again = await provider.submit(text('A lost and unindexed pier', { idempotencyKey: key }));
    expect(again.providerJobId).toMatch(/^text2video\//);
    // The second create was sent and refused as a duplicate; no second task exists.
    expect(fake.seen.length - before).toBe(1);
    // The adopted task is the one the lost create made (its second look: processing).
    expect(await provider.status(again.providerJobId)).toMatchObject({ state: 'running' });
  });
});
