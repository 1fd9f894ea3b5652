import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/webhooks/[provider]/route';
import { getDb } from '@/lib/db/client';
import { videoJobs } from '@/lib/db/schema';
import { jobDefinitions } from '@/jobs/registry';
import { getBoss } from '@/lib/queue/boss';
import { createQueues } from '@/lib/queue/workers';
import { createTestEnvironment, type TestEnvironment } from '@/lib/testing/database';

let env: TestEnvironment;
let jobId: string;
const TOKEN = 'per-job-secret-token-0123456789';

beforeAll(async () => {
  env = await createTestEnvironment();
  const [job] = await getDb()
    .insert(videoJobs)
    .values({ generationType: 'text_to_video', provider: 'luma', prompt: 'x', aspectRatio: '16:9', durationSeconds: 5, status: 'processing', providerJobId: 'gen-1', webhookToken: TOKEN })
    .returning();
  jobId = job.id;
  await createQueues(await getBoss(), jobDefinitions);
});
afterAll(async () => {
  await (await getBoss()).stop({ graceful: false });
  await env?.cleanup();
});

const deliver = (query: string, provider = 'luma') =>
  POST(new Request(`http://test/api/webhooks/${provider}?${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'gen-1', state: 'completed' }) }), {
    params: Promise.resolve({ provider }),
  });

const queuedLooks = async () => (await (await getBoss()).findJobs('video.poll', { data: { jobId } })).length;

describe('provider callbacks', () => {
  it('refuse a wrong, missing or foreign token with 401 and no side effect', async () => {
    expect((await deliver(`job=${jobId}&token=forged-token-forged-token-00000`)).status).toBe(401);
    expect((await deliver(`job=${jobId}`)).status).toBe(401);
    expect((await deliver('')).status).toBe(401);
    expect((await deliver(`job=00000000-0000-4000-8000-000000000000&token=${TOKEN}`)).status).toBe(401);
    expect((await deliver(`job=${jobId}&token=${TOKEN}`, 'kling')).status).toBe(422);
    expect(await queuedLooks()).toBe(0);
  });

  it('turn a valid callback into one look at the provider, however often it is delivered', async () => {
    const first = await deliver(`job=${jobId}&token=${TOKEN}`);
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ received: true });
    expect((await deliver(`job=${jobId}&token=${TOKEN}`)).status).toBe(202);
    expect((await deliver(`job=${jobId}&token=${TOKEN}`)).status).toBe(202);
    const looks = await (await getBoss()).findJobs('video.poll', { data: { jobId } });
    expect(looks).toHaveLength(1);
    expect(looks[0].data).toEqual({ jobId, hint: true });
  });
});
