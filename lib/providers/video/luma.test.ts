import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_LUMA_KEY, startFakeLuma, type FakeLuma } from '@/lib/testing/fake-luma';
import { LumaProvider } from './luma';

let fake: FakeLuma;
let base: string;

beforeAll(async () => {
  fake = await startFakeLuma(Buffer.from('not inspected by the adapter'));
  base = fake.base;
});
afterAll(() => fake.close());
const bodies = { at: (i: number) => fake.seen.at(i) };

const luma = () => new LumaProvider({ apiKey: FAKE_LUMA_KEY, baseUrl: base, backoffMs: 10 });

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

describe('Luma adapter under faults on the way', () => {
  const shot = (prompt: string, callbackUrl?: string) => ({ generationType: 'text_to_video' as const, prompt, aspectRatio: '16:9' as const, durationSeconds: 5, ...(callbackUrl ? { callbackUrl } : {}) });
  const creates = (prompt: string) => fake.seen.filter((b) => b.prompt === prompt).length;

  it('finds the generation whose create answer was lost, by its callback URL, instead of paying for a second', async () => {
    const provider = luma();
    const callback = `https://studio.example.com/api/webhooks/luma?job=${crypto.randomUUID()}&token=t1`;
    const prompt = 'A lost lantern drifting';
    await expect(provider.submit(shot(prompt, callback))).rejects.toMatchObject({ name: 'ProviderError', kind: 'transient' });
    const again = await provider.submit(shot(prompt, callback));
    expect(creates(prompt)).toBe(1);
    expect(await provider.status(again.providerJobId)).toMatchObject({ state: 'pending' });
    // Another job (another callback URL) with the same prompt is a generation of its own.
    await provider.submit(shot(prompt, `https://studio.example.com/api/webhooks/luma?job=${crypto.randomUUID()}&token=t2`));
    expect(creates(prompt)).toBe(2);
  });

  it('treats an answer that is no generation as transient, and the next look works', async () => {
    const provider = luma();
    const { providerJobId } = await provider.submit(shot('A garbled tide'));
    await expect(provider.status(providerJobId)).rejects.toMatchObject({ kind: 'transient', message: expect.stringContaining('without a state') });
    expect(await provider.status(providerJobId)).toMatchObject({ state: 'pending' });
  });
});
