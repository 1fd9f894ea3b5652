import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FAKE_REPLICATE_TOKEN, FAKE_REPLICATE_WEBHOOK_SECRET, signedDelivery, startFakeReplicate, type FakeReplicate } from '@/lib/testing/fake-replicate';
import { ReplicateProvider, outputUrls, replicateConfigFromEnv } from './replicate';
import { WebhookVerificationError, type VideoSubmission } from './types';

let fake: FakeReplicate;
beforeAll(async () => {
  fake = await startFakeReplicate(Buffer.from('not really an mp4'));
});
afterAll(() => fake.close());

const replicate = (overrides: { apiToken?: string; webhookSecret?: string } = {}) =>
  new ReplicateProvider({ apiToken: FAKE_REPLICATE_TOKEN, baseUrl: fake.base, webhookSecret: FAKE_REPLICATE_WEBHOOK_SECRET, backoffMs: 5, ...overrides });
const text = (prompt: string, extra: Partial<VideoSubmission> = {}): VideoSubmission => ({ generationType: 'text_to_video', prompt, aspectRatio: '16:9', durationSeconds: 5, ...extra });
const poll = async (provider: ReplicateProvider, id: string, times: number) => {
  const seen = [];
  for (let i = 0; i < times; i++) seen.push(await provider.status(id));
  return seen;
};

describe('Replicate adapter against the documented contract', () => {
  it('creates an official model through /models/{owner}/{name}/predictions and follows it to a string output', async () => {
    const provider = replicate();
    const { providerJobId } = await provider.submit(text('Dusk over the harbour', { seed: 42, callbackUrl: 'https://studio.example.com/api/webhooks/replicate' }));
    expect(fake.seen.at(-1)).toEqual({
      path: '/v1/models/wan-video/wan-2.2-t2v-fast/predictions',
      body: { input: { prompt: 'Dusk over the harbour', aspect_ratio: '16:9', seed: 42 }, webhook: 'https://studio.example.com/api/webhooks/replicate', webhook_events_filter: ['completed'] },
    });
    const states = await poll(provider, providerJobId, 3);
    expect(states.map((s) => s.state)).toEqual(['pending', 'running', 'succeeded']);
    expect(states[2]).toMatchObject({ rawStatus: 'succeeded', outputs: [`${fake.base.replace(/\/v1$/, '')}/files/${providerJobId}.mp4`], cost: { predict_time: 12.5 } });
    const clip = await fetch(states[2].outputs![0]);
    expect(Buffer.from(await clip.arrayBuffer()).toString()).toBe('not really an mp4');
  });

  it('pins a community model by version through /predictions, and normalises an array output', async () => {
    const provider = replicate();
    const { providerJobId } = await provider.submit({ generationType: 'image_to_video', prompt: 'many waves', aspectRatio: '9:16', durationSeconds: 5, imageUrl: 'https://cdn.example.com/a.png', model: 'someone/wan-remix:5f0a1b2c' });
    expect(fake.seen.at(-1)).toEqual({ path: '/v1/predictions', body: { version: '5f0a1b2c', input: { prompt: 'many waves', image: 'https://cdn.example.com/a.png' } } });
    const [, , done] = await poll(provider, providerJobId, 3);
    expect(done.outputs).toEqual([expect.stringMatching(new RegExp(`/files/${providerJobId}\\.mp4$`))]);
  });

  it('asks for no webhook without a secret, and refuses image-to-video without an image', async () => {
    const provider = replicate({ webhookSecret: undefined });
    expect(provider.capabilities().webhooks).toBe(false);
    await provider.submit(text('quiet', { callbackUrl: 'https://studio.example.com/hook' }));
    expect(fake.seen.at(-1)!.body).not.toHaveProperty('webhook');
    await expect(provider.submit({ ...text('x'), generationType: 'image_to_video' })).rejects.toMatchObject({ kind: 'permanent' });
  });

  it('normalises the shapes output comes in', () => {
    expect(outputUrls('https://a/x.mp4')).toEqual(['https://a/x.mp4']);
    expect(outputUrls([{ video: 'https://a/1.mp4' }, { url: 'http://a/2.mp4' }, 'data:abc', null])).toEqual(['https://a/1.mp4', 'http://a/2.mp4']);
    expect(outputUrls({ video: 'https://a/v.mp4' })).toEqual(['https://a/v.mp4']);
    expect(outputUrls(undefined)).toEqual([]);
  });

  it('reports a failure with its error string', async () => {
    const provider = replicate();
    const { providerJobId } = await provider.submit(text('please fail'));
    const [, failed] = await poll(provider, providerJobId, 2);
    expect(failed).toMatchObject({ state: 'failed', rawStatus: 'failed', error: { message: 'CUDA out of memory' }, cost: { predict_time: 12.5 } });
  });

  it('maps aborted to failed with a deadline message', async () => {
    const spy = vi.spyOn(globalThis, 'fetch').mockResolvedValueOnce(new Response(JSON.stringify({ id: 'p1', status: 'aborted', output: null, error: null }), { status: 200 }));
    try {
      expect(await replicate().status('p1')).toMatchObject({ state: 'failed', rawStatus: 'aborted', error: { code: 'aborted', message: expect.stringMatching(/before it started/) } });
    } finally {
      spy.mockRestore();
    }
  });

  it('treats an undocumented status as unknown, then carries on', async () => {
    const provider = replicate();
    const { providerJobId } = await provider.submit(text('something weird'));
    const states = await poll(provider, providerJobId, 3);
    expect(states.map((s) => [s.state, s.rawStatus])).toEqual([['unknown', 'warming_up'], ['unknown', 'warming_up'], ['succeeded', 'succeeded']]);
  });

  it('retries a 429 honouring Retry-After', async () => {
    const before = fake.seen.length;
    const { providerJobId } = await replicate().submit(text('throttle me'));
    expect(providerJobId).toBeTruthy();
    expect(fake.seen.length - before).toBe(2);
  });

  it('cancels through POST /predictions/{id}/cancel', async () => {
    const provider = replicate();
    const { providerJobId } = await provider.submit(text('never ending'));
    await poll(provider, providerJobId, 2);
    await provider.cancel(providerJobId);
    expect(await provider.status(providerJobId)).toMatchObject({ state: 'canceled', rawStatus: 'canceled' });
  });

  it('refuses a bad token permanently', async () => {
    await expect(replicate({ apiToken: 'nope' }).submit(text('x'))).rejects.toMatchObject({ kind: 'permanent', status: 401, message: 'You did not pass a valid authentication token' });
  });

  it('verifies webhooks: valid, forged, replayed, and without a secret', async () => {
    const prediction = { id: 'p42', status: 'succeeded', output: 'https://replicate.delivery/x.mp4' };
    const valid = signedDelivery(prediction, { id: 'msg_7' });
    expect(await replicate().parseWebhook(valid)).toEqual({ providerJobId: 'p42', deliveryId: 'msg_7' });
    const forged = signedDelivery(prediction, { secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}` });
    await expect(replicate().parseWebhook(forged)).rejects.toThrow(WebhookVerificationError);
    const replayed = signedDelivery(prediction, { timestamp: Math.floor(Date.now() / 1000) - 360 });
    await expect(replicate().parseWebhook(replayed)).rejects.toThrow(/too old/);
    await expect(replicate({ webhookSecret: undefined }).parseWebhook(valid)).rejects.toThrow(WebhookVerificationError);
  });

  it('reads its configuration from the environment', () => {
    vi.stubEnv('REPLICATE_API_TOKEN', '');
    expect(replicateConfigFromEnv()).toBeNull();
    vi.stubEnv('REPLICATE_API_TOKEN', 'r8_x');
    vi.stubEnv('REPLICATE_BASE_URL', undefined);
    vi.stubEnv('REPLICATE_WEBHOOK_SECRET', FAKE_REPLICATE_WEBHOOK_SECRET);
    expect(replicateConfigFromEnv()).toEqual({ apiToken: 'r8_x', baseUrl: 'https://api.replicate.com/v1', webhookSecret: FAKE_REPLICATE_WEBHOOK_SECRET });
    vi.unstubAllEnvs();
  });
});

describe('Replicate adapter under faults on the way', () => {
  const creates = (prompt: string) => fake.seen.filter((r) => (r.body.input as { prompt?: string })?.prompt === prompt).length;

  it('finds the prediction whose create answer was lost, by its webhook, instead of paying for a second', async () => {
    const provider = replicate();
    const webhook = `https://studio.example.com/api/webhooks/replicate?job=${crypto.randomUUID()}&token=t1`;
    const prompt = 'A lost kite over the dunes';
    await expect(provider.submit(text(prompt, { callbackUrl: webhook }))).rejects.toMatchObject({ name: 'ProviderError', kind: 'transient' });
    const again = await provider.submit(text(prompt, { callbackUrl: webhook }));
    expect(creates(prompt)).toBe(1);
    expect(await provider.status(again.providerJobId)).toMatchObject({ state: 'pending' });
    // Another job's webhook is another prediction.
    await provider.submit(text(prompt, { callbackUrl: `https://studio.example.com/api/webhooks/replicate?job=${crypto.randomUUID()}&token=t2` }));
    expect(creates(prompt)).toBe(2);
  });

  it('treats an answer that is no prediction as transient, and the next look works', async () => {
    const provider = replicate();
    const { providerJobId } = await provider.submit(text('A garbled reef'));
    await expect(provider.status(providerJobId)).rejects.toMatchObject({ kind: 'transient', message: expect.stringContaining('without a status') });
    expect(await provider.status(providerJobId)).toMatchObject({ state: 'pending' });
  });
});
