import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/webhooks/[provider]/route';
import { queueCatalog } from '@/lib/queue/catalog';
import { getDb } from '@/lib/db/client';
import { videoJobs } from '@/lib/db/schema';
import { getBoss } from '@/lib/queue/boss';
import { createQueues } from '@/lib/queue/workers';
import { createTestEnvironment, type TestEnvironment } from '@/lib/testing/database';
import { FAKE_FAL_KEY, startFakeFal, type FakeFal } from '@/lib/testing/fake-fal';
import { FAKE_KLING_ACCESS_KEY, FAKE_KLING_SECRET_KEY } from '@/lib/testing/fake-kling';
import { FAKE_LUMA_KEY } from '@/lib/testing/fake-luma';
import { FAKE_REPLICATE_TOKEN, FAKE_REPLICATE_WEBHOOK_SECRET, signedDelivery } from '@/lib/testing/fake-replicate';

/**
 * Callbacks for all three schemes: per-job token only (Luma, Kling), Standard Webhooks (Replicate)
 * and fal's ED25519 over a JWKS. Refused deliveries are 401 and queue nothing; accepted ones queue
 * one look at the provider; redeliveries are acknowledged as duplicates and queue nothing more.
 */
let env: TestEnvironment;
let fal: FakeFal;
const TOKEN = 'per-job-secret-token-0123456789';
const jobs: Record<string, string> = {};

async function insertJob(provider: string, providerJobId: string) {
  const [job] = await getDb()
    .insert(videoJobs)
    .values({ generationType: 'text_to_video', provider, prompt: 'x', aspectRatio: '16:9', durationSeconds: 5, status: 'processing', providerJobId, webhookToken: TOKEN })
    .returning();
  return job.id;
}

beforeAll(async () => {
  env = await createTestEnvironment();
  fal = await startFakeFal(Buffer.from('unused'));
  Object.assign(process.env, {
    LUMAAI_API_KEY: FAKE_LUMA_KEY,
    KLING_ACCESS_KEY: FAKE_KLING_ACCESS_KEY,
    KLING_SECRET_KEY: FAKE_KLING_SECRET_KEY,
    REPLICATE_API_TOKEN: FAKE_REPLICATE_TOKEN,
    REPLICATE_WEBHOOK_SECRET: FAKE_REPLICATE_WEBHOOK_SECRET,
    FAL_KEY: FAKE_FAL_KEY,
    FAL_JWKS_URL: fal.jwksUrl,
  });
  jobs.luma = await insertJob('luma', 'gen-1');
  jobs.replicate = await insertJob('replicate', 'pred-1');
  jobs.fal = await insertJob('fal', 'fal-ai/pika/requests/req-1');
  jobs.kling = await insertJob('kling', 'text2video/task-1');
  await createQueues(await getBoss(), queueCatalog);
});
afterAll(async () => {
  await (await getBoss()).stop({ graceful: false });
  await fal?.close();
  for (const key of ['KLING_ACCESS_KEY', 'KLING_SECRET_KEY', 'LUMAAI_API_KEY', 'REPLICATE_API_TOKEN', 'REPLICATE_WEBHOOK_SECRET', 'FAL_KEY', 'FAL_JWKS_URL']) delete process.env[key];
  await env?.cleanup();
});

function deliver(provider: string, query: string, body: Buffer | string = JSON.stringify({ id: 'gen-1', state: 'completed' }), headers: Headers = new Headers({ 'content-type': 'application/json' })) {
  return POST(new Request(`http://test/api/webhooks/${provider}?${query}`, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) }), { params: Promise.resolve({ provider }) });
}
const valid = (provider: string) => `job=${jobs[provider]}&token=${TOKEN}`;
const queuedLooks = async (provider: string) => (await (await getBoss()).findJobs('video.poll', { data: { jobId: jobs[provider] } })).length;

describe('token callbacks (Luma, Kling: no documented signature)', () => {
  it('refuse a wrong, missing or foreign token and an unknown provider, with no side effect', async () => {
    expect((await deliver('luma', `job=${jobs.luma}&token=forged-token-forged-token-00000`)).status).toBe(401);
    expect((await deliver('luma', `job=${jobs.luma}`)).status).toBe(401);
    expect((await deliver('luma', '')).status).toBe(401);
    expect((await deliver('luma', `job=00000000-0000-4000-8000-000000000000&token=${TOKEN}`)).status).toBe(401);
    expect((await deliver('kling', valid('luma'))).status).toBe(401);
    expect((await deliver('runway', valid('luma'))).status).toBe(422);
    expect(await queuedLooks('luma')).toBe(0);
  });

  it('turn a valid callback into one look; the same body again is a duplicate', async () => {
    const first = await deliver('luma', valid('luma'));
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ received: true, duplicate: false });
    expect(await (await deliver('luma', valid('luma'))).json()).toEqual({ received: true, duplicate: true });
    const looks = await (await getBoss()).findJobs('video.poll', { data: { jobId: jobs.luma } });
    expect(looks).toHaveLength(1);
    expect(looks[0].data).toEqual({ jobId: jobs.luma, hint: true });
  });

  it('treat Kling the same way: one look per new status body, a forged token refused', async () => {
    const body = (status: string) => JSON.stringify({ task_id: 'task-1', task_status: status, task_result: { videos: [{ url: 'https://evil.example/x.mp4' }] } });
    expect((await deliver('kling', `job=${jobs.kling}&token=not-the-token-not-the-token-000`, body('succeed'))).status).toBe(401);
    expect(await (await deliver('kling', valid('kling'), body('processing'))).json()).toEqual({ received: true, duplicate: false });
    expect(await (await deliver('kling', valid('kling'), body('processing'))).json()).toEqual({ received: true, duplicate: true });
    expect(await queuedLooks('kling')).toBe(1);
  });

  it('refuse an oversized body', async () => {
    expect((await deliver('luma', valid('luma'), 'x'.repeat(1024 * 1024 + 1))).status).toBe(413);
  });
});

describe('Replicate callbacks (Standard Webhooks)', () => {
  const prediction = { id: 'pred-1', status: 'succeeded', output: 'https://replicate.delivery/x.mp4' };

  it('refuse forged, replayed, unsigned and foreign deliveries', async () => {
    const forged = signedDelivery(prediction, { secret: `whsec_${Buffer.from('not-the-real-secret-0123456789ab').toString('base64')}` });
    expect((await deliver('replicate', valid('replicate'), forged.rawBody, forged.headers)).status).toBe(401);
    const replayed = signedDelivery(prediction, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    const replayedRes = await deliver('replicate', valid('replicate'), replayed.rawBody, replayed.headers);
    expect(replayedRes.status).toBe(401);
    expect((await replayedRes.json()).error.message).toMatch(/timestamp/i);
    expect((await deliver('replicate', valid('replicate'), JSON.stringify(prediction))).status).toBe(401);
    const tampered = signedDelivery(prediction);
    expect((await deliver('replicate', valid('replicate'), Buffer.from(JSON.stringify({ ...prediction, output: 'https://evil.example/x.mp4' })), tampered.headers)).status).toBe(401);
    const other = signedDelivery({ ...prediction, id: 'pred-someone-else' });
    expect((await deliver('replicate', valid('replicate'), other.rawBody, other.headers)).status).toBe(401);
    const noToken = signedDelivery(prediction);
    expect((await deliver('replicate', `job=${jobs.replicate}`, noToken.rawBody, noToken.headers)).status).toBe(401);
    expect(await queuedLooks('replicate')).toBe(0);
  });

  it('accept a valid delivery once; a redelivery with the same webhook-id is a duplicate', async () => {
    const delivery = signedDelivery(prediction, { id: 'msg_same_every_retry' });
    expect(await (await deliver('replicate', valid('replicate'), delivery.rawBody, delivery.headers)).json()).toEqual({ received: true, duplicate: false });
    const again = signedDelivery(prediction, { id: 'msg_same_every_retry' });
    expect(await (await deliver('replicate', valid('replicate'), again.rawBody, again.headers)).json()).toEqual({ received: true, duplicate: true });
    expect(await queuedLooks('replicate')).toBe(1);
  });
});

describe('fal callbacks (ED25519 over the JWKS)', () => {
  const body = { request_id: 'req-1', gateway_request_id: 'req-1', status: 'OK', payload: { video: { url: 'https://fal.media/x.mp4' } } };

  it('refuse forged and stale deliveries', async () => {
    const forged = fal.signDelivery(body, { forge: true });
    expect((await deliver('fal', valid('fal'), forged.rawBody, forged.headers)).status).toBe(401);
    const stale = fal.signDelivery(body, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect((await deliver('fal', valid('fal'), stale.rawBody, stale.headers)).status).toBe(401);
    expect(await queuedLooks('fal')).toBe(0);
  });

  it('accept a valid delivery once; fal re-signing the same result is a duplicate', async () => {
    const first = fal.signDelivery(body);
    expect(await (await deliver('fal', valid('fal'), first.rawBody, first.headers)).json()).toEqual({ received: true, duplicate: false });
    const retry = fal.signDelivery(body, { timestamp: Math.floor(Date.now() / 1000) - 30 });
    expect(await (await deliver('fal', valid('fal'), retry.rawBody, retry.headers)).json()).toEqual({ received: true, duplicate: true });
    expect(await queuedLooks('fal')).toBe(1);
  });
});
