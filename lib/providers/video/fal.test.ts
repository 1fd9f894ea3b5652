import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FAKE_FAL_KEY, startFakeFal, type FakeFal } from '@/lib/testing/fake-fal';
import { FalProvider, falConfigFromEnv, type FalConfig } from './fal';
import { WebhookVerificationError, type VideoSubmission } from './types';

const CLIP = Buffer.from('not really an mp4');
let fake: FakeFal;
beforeAll(async () => {
  fake = await startFakeFal(CLIP);
});
afterAll(() => fake.close());

const config = (over: Partial<FalConfig> = {}): FalConfig => ({
  apiKey: FAKE_FAL_KEY,
  queueBaseUrl: fake.base,
  jwksUrl: fake.jwksUrl,
  textModel: 'fal-ai/pika/v2.2/text-to-video',
  imageModel: 'fal-ai/pika/v2.2/image-to-video',
  backoffMs: 5,
  ...over,
});
const fal = () => new FalProvider(config());
const text = (prompt: string, over: Partial<VideoSubmission> = {}): VideoSubmission => ({ generationType: 'text_to_video', prompt, aspectRatio: '16:9', durationSeconds: 5, ...over });
const JOB = /^fal-ai\/pika\/requests\/[0-9a-f-]{36}$/;

describe('fal queue adapter (Pika) against the documented contract', () => {
  it('reads its configuration from the environment', () => {
    vi.stubEnv('FAL_KEY', '');
    expect(falConfigFromEnv()).toBeNull();
    vi.stubEnv('FAL_KEY', 'k');
    for (const name of ['FAL_QUEUE_BASE_URL', 'FAL_JWKS_URL', 'FAL_IMAGE_MODEL']) vi.stubEnv(name, undefined);
    vi.stubEnv('FAL_TEXT_MODEL', 'fal-ai/pika/v2.5/text-to-video');
    expect(falConfigFromEnv()).toEqual({
      apiKey: 'k',
      queueBaseUrl: 'https://queue.fal.run',
      jwksUrl: 'https://rest.alpha.fal.ai/.well-known/jwks.json',
      textModel: 'fal-ai/pika/v2.5/text-to-video',
      imageModel: 'fal-ai/pika/v2.2/image-to-video',
    });
    vi.unstubAllEnvs();
  });

  it('submits the raw input to the model path with the Key header and the webhook as fal_webhook', async () => {
    const callbackUrl = 'https://studio.example.com/api/webhooks/fal?job=1&x=a b';
    const { providerJobId } = await fal().submit(text('Rain on neon', { aspectRatio: '9:16', durationSeconds: 8, negativePrompt: 'blur', seed: 7, callbackUrl }));
    const call = fake.seen.at(-1)!;
    expect(call.path).toBe('/fal-ai/pika/v2.2/text-to-video');
    expect(new URLSearchParams(call.query).get('fal_webhook')).toBe(callbackUrl);
    expect(call.body).toEqual({ prompt: 'Rain on neon', negative_prompt: 'blur', aspect_ratio: '9:16', resolution: '720p', duration: 10, seed: 7 });
    // Without the model's subpath: that is where fal keeps status, result and cancel.
    expect(providerJobId).toMatch(JOB);
  });

  it('sends image-to-video with image_url and no aspect_ratio, and needs the image', async () => {
    await fal().submit({ generationType: 'image_to_video', prompt: 'Slow push in', aspectRatio: '4:5', durationSeconds: 6, imageUrl: 'https://cdn.example.com/a.png' });
    expect(fake.seen.at(-1)).toMatchObject({ path: '/fal-ai/pika/v2.2/image-to-video', query: '', body: { prompt: 'Slow push in', image_url: 'https://cdn.example.com/a.png', resolution: '720p', duration: 5 } });
    expect(fake.seen.at(-1)!.body).not.toHaveProperty('aspect_ratio');
    await expect(fal().submit({ generationType: 'image_to_video', prompt: 'x', aspectRatio: '4:5', durationSeconds: 5 })).rejects.toMatchObject({ kind: 'permanent' });
    await expect(fal().submit(text('x', { aspectRatio: '21:9' }))).rejects.toMatchObject({ kind: 'permanent' });
  });

  it('refuses a wrong key permanently (the fake insists on `Key`, not Bearer)', async () => {
    const wrong = new FalProvider(config({ apiKey: 'nope' }));
    await expect(wrong.submit(text('x'))).rejects.toMatchObject({ kind: 'permanent', status: 401 });
  });

  it('follows IN_QUEUE → IN_PROGRESS → COMPLETED to the video, with inference time as cost', async () => {
    const provider = fal();
    const { providerJobId } = await provider.submit(text('Harbour at dusk'));
    const states = [];
    for (let i = 0; i < 3; i++) states.push(await provider.status(providerJobId));
    expect(states.map((s) => [s.state, s.rawStatus])).toEqual([['pending', 'IN_QUEUE'], ['running', 'IN_PROGRESS'], ['succeeded', 'COMPLETED']]);
    const done = states[2];
    expect(done.outputs).toEqual([`${fake.base}/files/${providerJobId.split('/').at(-1)}.mp4`]);
    expect(done.cost).toEqual({ inference_time: 42.5 });
    expect(done.progress).toBeUndefined();
    expect(Buffer.from(await (await fetch(done.outputs![0])).arrayBuffer())).toEqual(CLIP);
    // The subpath form of the same request is not found, as on fal.
    const withSubpath = await fetch(`${fake.base}/fal-ai/pika/v2.2/text-to-video/requests/${providerJobId.split('/').at(-1)}/status`, { headers: { Authorization: `Key ${FAKE_FAL_KEY}` } });
    expect(withSubpath.status).toBe(404);
  });

  it('reports a COMPLETED request whose result answers 422 as failed with the detail', async () => {
    const provider = fal();
    const { providerJobId } = await provider.submit(text('an invalid scene'));
    await provider.status(providerJobId);
    await provider.status(providerJobId);
    expect(await provider.status(providerJobId)).toMatchObject({ state: 'failed', rawStatus: 'COMPLETED', error: { message: 'The prompt could not be rendered', code: '422' } });
  });

  it('calls an undocumented status unknown, and keeps a stuck request running', async () => {
    const provider = fal();
    const weird = (await provider.submit(text('something weird'))).providerJobId;
    expect(await provider.status(weird)).toMatchObject({ state: 'unknown', rawStatus: 'MYSTERIOUSLY_PAUSED' });
    expect((await provider.status(weird)).state).toBe('unknown');
    expect((await provider.status(weird)).state).toBe('succeeded');
    const never = (await provider.submit(text('never finishes'))).providerJobId;
    for (let i = 0; i < 3; i++) await provider.status(never);
    expect((await provider.status(never)).state).toBe('running');
  });

  it('treats a status answer that is no status as transient, and an HTML result page as a fault to retry, not a missing video', async () => {
    const provider = fal();
    const { providerJobId } = await provider.submit(text('A garbled aurora'));
    await expect(provider.status(providerJobId)).rejects.toMatchObject({ name: 'ProviderError', kind: 'transient', message: expect.stringContaining('without a status') });
    await provider.status(providerJobId);
    await provider.status(providerJobId);
    // COMPLETED: the result's first answer is an HTML page; the client asks again and gets the video.
    expect(await provider.status(providerJobId)).toMatchObject({ state: 'succeeded', outputs: [`${fake.base}/files/${providerJobId.split('/').at(-1)}.mp4`] });
  });

  it('retries a 429 at submit and then succeeds', async () => {
    const before = fake.seen.length;
    const { providerJobId } = await fal().submit(text('busy afternoon'));
    expect(providerJobId).toMatch(JOB);
    expect(fake.seen.length - before).toBe(2);
  });

  it('cancels a queued request, and shrugs when it is already processing', async () => {
    const provider = fal();
    const queued = (await provider.submit(text('cancel me'))).providerJobId;
    await provider.cancel(queued);
    expect(await provider.status(queued)).toMatchObject({ state: 'failed', error: { code: 'request_cancelled' } });
    const started = (await provider.submit(text('too late'))).providerJobId;
    await provider.status(started);
    await expect(provider.cancel(started)).resolves.toBeUndefined();
    await expect(provider.status('not-a-fal-id')).rejects.toMatchObject({ kind: 'permanent' });
  });

  it('verifies signed webhooks and gives retried deliveries one id', async () => {
    const provider = fal();
    const body = { request_id: 'req-9', gateway_request_id: 'req-9', status: 'OK', payload: { video: { url: 'https://v3.fal.media/x.mp4' } }, error: null };
    const now = Math.floor(Date.now() / 1000);
    const first = await provider.parseWebhook(fake.signDelivery(body, { timestamp: now }));
    expect(first).toEqual({ providerJobId: 'req-9', deliveryId: 'req-9:OK' });
    const retry = await provider.parseWebhook(fake.signDelivery(body, { timestamp: now + 30 }));
    expect(retry.deliveryId).toBe(first.deliveryId);
    const failure = await provider.parseWebhook(fake.signDelivery({ ...body, status: 'ERROR', error: 'Invalid status code: 422' }));
    expect(failure.deliveryId).not.toBe(first.deliveryId);
    await expect(provider.parseWebhook(fake.signDelivery(body, { forge: true }))).rejects.toThrow(WebhookVerificationError);
    await expect(provider.parseWebhook(fake.signDelivery(body, { timestamp: now - 600 }))).rejects.toThrow(WebhookVerificationError);
  });

  it('keeps one JWKS cache across provider instances (the app builds one per request)', async () => {
    const before = fake.jwksFetches.count;
    const body = { request_id: 'req-10', status: 'OK', payload: {}, error: null };
    for (let i = 0; i < 3; i++) await fal().parseWebhook(fake.signDelivery(body));
    expect(fake.jwksFetches.count - before).toBeLessThanOrEqual(1);
  });
});
