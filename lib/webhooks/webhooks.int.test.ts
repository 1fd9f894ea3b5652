import { and, eq, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueHandlers } from '@/jobs/registry';
import { getDb } from '@/lib/db/client';
import { events, productions, videoJobs, webhookMessages, webhookSubscriptions } from '@/lib/db/schema';
import { createBoss } from '@/lib/queue/boss';
import { queueCatalog } from '@/lib/queue/catalog';
import { startWorkers } from '@/lib/queue/workers';
import { apiClient } from '@/lib/testing/api';
import { createTestEnvironment, type TestEnvironment } from '@/lib/testing/database';
import { startWebhookReceiver } from '@/lib/testing/webhook-receiver';
import { deliverMessage } from './deliver';
import { sweepWebhookMessages } from './sweep';

// Outgoing webhooks end to end: real PostgreSQL and pg-boss, a worker in this process running the
// jobs and the deliveries, and a receiver on loopback that verifies every delivery with the
// official standardwebhooks package.

let env: TestEnvironment;
let api: Awaited<ReturnType<typeof apiClient>>;
let worker: PgBoss;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  env = await createTestEnvironment();
  // The receiver is on loopback, which deliveries refuse unless this is set.
  process.env.OUTBOUND_ALLOW_PRIVATE = '1';
  process.env.WEBHOOK_RETRY_SCHEDULE_SECONDS = '1,1';
  api = await apiClient();
  receiver = await startWebhookReceiver();
  worker = createBoss(env.url, 'worker');
  await worker.start();
  await startWorkers(worker, queueHandlers, queueCatalog);
});
afterAll(async () => {
  // Graceful: a render still stopping must not race the removal of the data folder.
  await worker?.stop({ graceful: true, timeout: 30_000 });
  await receiver?.close();
  delete process.env.OUTBOUND_ALLOW_PRIVATE;
  delete process.env.WEBHOOK_RETRY_SCHEDULE_SECONDS;
  await env?.cleanup();
});

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

type Endpoint = { id: string; url: string; enabled: boolean; disabled_reason: string | null; events: string[] };
type Message = { id: string; webhook_id: string; status: string; attempts: number; response_status: number | null; latency_ms: number | null; event_type: string; last_error: string | null };

async function addEndpoint(path: string, eventsList: string[]): Promise<{ endpoint: Endpoint; secret: string }> {
  const res = await api.request('POST', '/api/webhooks/endpoints', { json: { url: `${receiver.origin}${path}`, events: eventsList, description: path } });
  expect(res.status).toBe(201);
  return res.json();
}

async function messagesOf(endpointId: string): Promise<Message[]> {
  const res = await api.request('GET', `/api/webhooks/endpoints/${endpointId}/messages?limit=100`);
  expect(res.status).toBe(200);
  return (await res.json()).messages;
}

/** A local speech job (Flite: well under a second of work), optionally with a per-request webhook. */
async function speak(extra: object = {}): Promise<{ id: string }> {
  const res = await api.request('POST', '/api/audio/generate', { json: { generation_type: 'text_to_speech', text: 'Hooks away.', ...extra } });
  expect(res.status).toBe(202);
  return (await res.json()).job;
}

async function settled(jobId: string): Promise<{ status: string }> {
  return until(`job ${jobId} to settle`, async () => {
    const job = (await (await api.request('GET', `/api/audio/jobs/${jobId}`)).json()).job;
    return ['completed', 'failed', 'canceled'].includes(job.status) && job;
  });
}

const deleteEndpoint = async (id: string) => expect((await api.request('DELETE', `/api/webhooks/endpoints/${id}`)).status).toBe(200);

describe('webhook endpoints', () => {
  it('are created with a secret shown once, listed without it, patched and deleted', async () => {
    const { endpoint, secret } = await addEndpoint('/crud', ['job.*', 'production.completed', 'job.*']);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(endpoint).toMatchObject({ enabled: true, disabled_reason: null, events: ['job.*', 'production.completed'] });
    const listed = await (await api.request('GET', '/api/webhooks/endpoints')).json();
    expect(listed.endpoints.map((e: Endpoint) => e.id)).toContain(endpoint.id);
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(JSON.stringify(await (await api.request('GET', `/api/webhooks/endpoints/${endpoint.id}`)).json())).not.toContain(secret);

    const off = await (await api.request('PATCH', `/api/webhooks/endpoints/${endpoint.id}`, { json: { enabled: false } })).json();
    expect(off.endpoint).toMatchObject({ enabled: false, disabled_reason: expect.stringContaining('disabled by request') });
    const on = await (await api.request('PATCH', `/api/webhooks/endpoints/${endpoint.id}`, { json: { enabled: true, events: [] } })).json();
    expect(on.endpoint).toMatchObject({ enabled: true, disabled_reason: null, events: [] });

    await deleteEndpoint(endpoint.id);
    expect((await api.request('GET', `/api/webhooks/endpoints/${endpoint.id}`)).status).toBe(404);
  });

  it('refuse a loopback URL with a 422 naming the field, unless OUTBOUND_ALLOW_PRIVATE=1', async () => {
    delete process.env.OUTBOUND_ALLOW_PRIVATE;
    try {
      for (const url of ['http://127.0.0.1:9/hook', 'http://localhost:9/hook', 'http://[::1]:9/hook', 'http://169.254.169.254/latest']) {
        const res = await api.request('POST', '/api/webhooks/endpoints', { json: { url } });
        expect(res.status, url).toBe(422);
        expect((await res.json()).error).toMatchObject({ code: 'unprocessable_entity', details: [{ path: 'url', message: expect.stringMatching(/private or local/) }] });
      }
      const perRequest = await api.request('POST', '/api/audio/generate', { json: { generation_type: 'text_to_speech', text: 'x', webhook_url: 'http://localhost:9/' } });
      expect(perRequest.status).toBe(422);
      expect((await perRequest.json()).error.details).toEqual([{ path: 'webhook_url', message: expect.stringMatching(/private or local/) }]);
    } finally {
      process.env.OUTBOUND_ALLOW_PRIVATE = '1';
    }
    const allowed = await api.request('POST', '/api/webhooks/endpoints', { json: { url: 'http://127.0.0.1:9/hook', events: ['asset.deleted'] } });
    expect(allowed.status).toBe(201);
    await deleteEndpoint((await allowed.json()).endpoint.id);
  });

  it('answer bad input with 4xx JSON, never a 500', async () => {
    const bad: Array<[string, string, object | undefined, number]> = [
      ['POST', '/api/webhooks/endpoints', { url: 'ftp://example.com/hook' }, 422],
      ['POST', '/api/webhooks/endpoints', { url: 'https://user:pass@example.com/hook' }, 422],
      ['POST', '/api/webhooks/endpoints', { url: 'not a url' }, 422],
      ['POST', '/api/webhooks/endpoints', { url: `https://example.com/${'x'.repeat(2000)}` }, 422],
      ['POST', '/api/webhooks/endpoints', { url: 'https://example.com/hook', events: ['job.exploded'] }, 422],
      ['POST', '/api/webhooks/endpoints', { url: 'https://example.com/hook', events: ['nope.*'] }, 422],
      ['POST', '/api/webhooks/endpoints', { url: 'https://example.com/hook', secret: 'mine' }, 422],
      ['GET', '/api/webhooks/endpoints/not-a-uuid', undefined, 422],
      ['PATCH', '/api/webhooks/endpoints/not-a-uuid', { enabled: true }, 422],
      ['GET', '/api/webhooks/endpoints/00000000-0000-4000-8000-000000000000', undefined, 404],
      ['GET', '/api/webhooks/endpoints/00000000-0000-4000-8000-000000000000/messages', undefined, 404],
      ['GET', '/api/webhooks/endpoints?cursor=junk', undefined, 422],
      ['POST', '/api/webhooks/messages/not-a-uuid/resend', undefined, 422],
      ['POST', '/api/webhooks/messages/00000000-0000-4000-8000-000000000000/resend', undefined, 404],
      ['POST', '/api/video/generate', { prompt: 'x', webhook_url: 'ftp://example.com/' }, 422],
      ['POST', '/api/audio/generate', { generation_type: 'text_to_speech', text: 'x', webhook_events: ['job.completed'] }, 422],
      ['POST', '/api/audio/generate', { generation_type: 'text_to_speech', text: 'x', webhook_url: 'https://example.com/', webhook_events: ['job.nope'] }, 422],
      ['POST', '/api/productions', { prompt: 'x', webhook_url: 'https://a:b@example.com/' }, 422],
    ];
    for (const [method, url, json, status] of bad) {
      const res = await api.request(method, url, { json });
      expect(res.status, `${method} ${url} ${JSON.stringify(json)}`).toBe(status);
      expect((await res.json()).error, url).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    }
  });
});

describe('deliveries', () => {
  it("bring a local job's job.completed to an endpoint subscribed to job.completed only, verified by standardwebhooks", async () => {
    const { endpoint, secret } = await addEndpoint('/completed', ['job.completed']);
    const job = await speak();
    expect((await settled(job.id)).status).toBe('completed');
    const [delivery] = await until('the delivery', async () => receiver.at('/completed').find((r) => r.envelope.data.id === job.id) && receiver.at('/completed'));
    expect(receiver.verify(delivery, secret)).toMatchObject({ type: 'job.completed', object: 'audio_job', data: { id: job.id, status: 'completed' } });
    expect(delivery.headers).toMatchObject({ 'content-type': 'application/json', 'user-agent': 'Cinemood-Webhooks/1', 'webhook-id': expect.stringMatching(/^msg_/) });
    expect(Object.keys(delivery.envelope).sort()).toEqual(['data', 'id', 'object', 'timestamp', 'type']);
    // Every event of the job has been appended by now; only the one type became a message.
    const log = await until('the log to settle', async () => {
      const list = await messagesOf(endpoint.id);
      return list.every((m) => m.status === 'succeeded') && list;
    });
    expect(log.map((m) => m.event_type)).toEqual(['job.completed']);
    expect(log[0]).toMatchObject({ attempts: 1, response_status: 200, webhook_id: delivery.headers['webhook-id'], latency_ms: expect.any(Number) });
    await deleteEndpoint(endpoint.id);
  });

  it('retry a 500 on the schedule with the same webhook-id, until the 200', async () => {
    receiver.answer('/flaky', [500, 500, 200]);
    const { endpoint, secret } = await addEndpoint('/flaky', ['job.created']);
    await speak();
    const [message] = await until('three attempts', async () => {
      const list = await messagesOf(endpoint.id);
      return list[0]?.status === 'succeeded' && list;
    });
    expect(message).toMatchObject({ status: 'succeeded', attempts: 3, response_status: 200, last_error: null });
    const deliveries = receiver.at('/flaky');
    expect(deliveries).toHaveLength(3);
    expect(new Set(deliveries.map((d) => d.headers['webhook-id']))).toEqual(new Set([message.webhook_id]));
    for (const d of deliveries) receiver.verify(d, secret);
    await deleteEndpoint(endpoint.id);
  });

  it('give up after the last retry, and resend on request with the same webhook-id', async () => {
    receiver.answer('/down', [503, 503, 503]);
    const { endpoint } = await addEndpoint('/down', ['job.created']);
    await speak();
    const [failed] = await until('the message to fail', async () => {
      const list = await messagesOf(endpoint.id);
      return list[0]?.status === 'failed' && list;
    });
    expect(failed).toMatchObject({ attempts: 3, response_status: 503, last_error: 'answered 503; gave up after 3 attempts' });
    const resent = await api.request('POST', `/api/webhooks/messages/${failed.id}/resend`);
    expect(resent.status).toBe(202);
    const [again] = await until('the resend', async () => {
      const list = await messagesOf(endpoint.id);
      return list[0]?.status === 'succeeded' && list;
    });
    expect(again).toMatchObject({ attempts: 4, response_status: 200 });
    expect(receiver.at('/down').map((d) => d.headers['webhook-id'])).toEqual(Array(4).fill(failed.webhook_id));
    await deleteEndpoint(endpoint.id);
  });

  it('fail a redirect without following it, and retry an endpoint that never answers until the schedule ends', async () => {
    receiver.answer('/moved', [302]);
    receiver.answer('/silent', [0, 0, 0]);
    process.env.WEBHOOK_TIMEOUT_SECONDS = '1';
    try {
      const moved = await addEndpoint('/moved', ['job.created']);
      const silent = await addEndpoint('/silent', ['job.created']);
      await speak();
      const [redirect] = await until('the redirect to fail', async () => {
        const list = await messagesOf(moved.endpoint.id);
        return list[0]?.status === 'failed' && list;
      });
      expect(redirect).toMatchObject({ attempts: 1, response_status: 302, last_error: expect.stringContaining('redirects are not followed') });
      expect(receiver.at('/redirected')).toEqual([]);
      const [timedOut] = await until('the silent endpoint to be given up', async () => {
        const list = await messagesOf(silent.endpoint.id);
        return list[0]?.status === 'failed' && list;
      });
      expect(timedOut).toMatchObject({ attempts: 3, response_status: null, last_error: expect.stringMatching(/^timed out: .*gave up after 3 attempts$/) });
      expect(receiver.at('/silent')).toHaveLength(3);
      await deleteEndpoint(moved.endpoint.id);
      await deleteEndpoint(silent.endpoint.id);
    } finally {
      delete process.env.WEBHOOK_TIMEOUT_SECONDS;
    }
  });

  it('disable the endpoint on a 410: later events make no messages for it', async () => {
    receiver.answer('/gone', [410]);
    const { endpoint } = await addEndpoint('/gone', ['job.created']);
    await speak();
    const disabled = await until('the endpoint to be disabled', async () => {
      const found = (await (await api.request('GET', `/api/webhooks/endpoints/${endpoint.id}`)).json()).endpoint as Endpoint;
      return !found.enabled && found;
    });
    expect(disabled.disabled_reason).toMatch(/410 Gone/);
    expect(await messagesOf(endpoint.id)).toMatchObject([{ status: 'failed', attempts: 1, response_status: 410 }]);
    const later = await speak();
    await settled(later.id);
    expect(await messagesOf(endpoint.id)).toHaveLength(1);
    expect(receiver.at('/gone')).toHaveLength(1);
    await deleteEndpoint(endpoint.id);
  });

  it('sign with both secrets while a rotation overlaps; either verifies', async () => {
    const { endpoint, secret: before } = await addEndpoint('/rotating', ['job.created']);
    const rotated = await (await api.request('POST', `/api/webhooks/endpoints/${endpoint.id}/rotate`)).json();
    expect(rotated.secret).not.toBe(before);
    expect(Date.parse(rotated.endpoint.previous_secret_expires_at) - Date.now()).toBeGreaterThan(23 * 3600 * 1000);
    await speak();
    const [delivery] = await until('the delivery', async () => receiver.at('/rotating').length > 0 && receiver.at('/rotating'));
    expect(delivery.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(receiver.verify(delivery, rotated.secret)).toMatchObject({ type: 'job.created' });
    expect(receiver.verify(delivery, before)).toMatchObject({ type: 'job.created' });
    await deleteEndpoint(endpoint.id);
  });
});

describe('per-request webhooks', () => {
  it("deliver job.created … job.completed of that job only, signed with the app-wide secret", async () => {
    const { secret } = await (await api.request('GET', '/api/webhooks/secret')).json();
    expect(secret).toMatch(/^whsec_/);
    expect((await (await api.request('GET', '/api/webhooks/secret')).json()).secret).toBe(secret);
    const job = await speak({ webhook_url: `${receiver.origin}/per-request` });
    const other = await speak();
    await settled(job.id);
    await settled(other.id);
    const got = await until('job.completed', async () => receiver.at('/per-request').some((r) => r.envelope.type === 'job.completed') && receiver.at('/per-request'));
    for (const d of got) receiver.verify(d, secret);
    // The job's own events, and those of the assets it made (their events carry the job).
    for (const d of got) expect(d.envelope.object === 'asset' ? d.envelope.data.source_job_id : d.envelope.data.id, d.envelope.type).toBe(job.id);
    expect(got.some((d) => d.envelope.data.id === other.id || d.envelope.data.source_job_id === other.id)).toBe(false);
    const types = got.map((d) => d.envelope.type);
    expect(types).toEqual(expect.arrayContaining(['job.created', 'job.started', 'job.completed']));
    // Ids are in event order, whatever order parallel deliveries arrived in.
    const ordered = got.filter((d) => d.envelope.object !== 'asset').sort((a, b) => Number(a.envelope.id) - Number(b.envelope.id)).map((d) => d.envelope.type);
    expect(ordered[0]).toBe('job.created');
    expect(ordered.at(-1)).toBe('job.completed');
  });

  it('honour webhook_events and sign with both app-wide secrets after a rotation', async () => {
    const before = (await (await api.request('GET', '/api/webhooks/secret')).json()).secret;
    const rotated = await (await api.request('POST', '/api/webhooks/secret/rotate')).json();
    expect(rotated.secret).not.toBe(before);
    expect(rotated.previous_secret_expires_at).toEqual(expect.any(String));
    const job = await speak({ webhook_url: `${receiver.origin}/per-request-completed`, webhook_events: ['job.completed'] });
    await settled(job.id);
    const [delivery] = await until('job.completed', async () => receiver.at('/per-request-completed').length > 0 && receiver.at('/per-request-completed'));
    expect(receiver.at('/per-request-completed').map((d) => d.envelope.type)).toEqual(['job.completed']);
    receiver.verify(delivery, rotated.secret);
    receiver.verify(delivery, before);
  });

  it('end on a 410: the subscription and its messages go, so later events make none', async () => {
    receiver.answer('/per-request-gone', [410]);
    const job = await speak({ webhook_url: `${receiver.origin}/per-request-gone`, webhook_events: ['job.created'] });
    await until('the 410', async () => receiver.at('/per-request-gone').length > 0, 20_000);
    await until('the subscription to end', async () => (await getDb().select().from(webhookSubscriptions).where(eq(webhookSubscriptions.subjectId, job.id))).length === 0, 20_000);
    await settled(job.id);
    expect(await getDb().select().from(webhookMessages).where(eq(webhookMessages.url, `${receiver.origin}/per-request-gone`))).toEqual([]);
  });

  it('on a production: production.created arrives, and the brief keeps no webhook fields', async () => {
    const created = await api.request('POST', '/api/productions', {
      json: { prompt: 'A lighthouse at dawn', shots: 1, duration: 5, music: false, webhook_url: `${receiver.origin}/production`, webhook_events: ['production.created'] },
    });
    const { production, error } = await created.json();
    expect(created.status, JSON.stringify(error)).toBe(202);
    await api.request('POST', `/api/productions/${production.id}/cancel`);
    const [delivery] = await until('production.created', async () => receiver.at('/production')[0] && receiver.at('/production'));
    receiver.verify(delivery, (await (await api.request('GET', '/api/webhooks/secret')).json()).secret);
    expect(delivery.envelope).toMatchObject({ type: 'production.created', object: 'production', data: { id: production.id } });
    const [row] = await getDb().select({ brief: productions.brief }).from(productions).where(eq(productions.id, production.id));
    expect(Object.keys(row.brief)).not.toContain('webhook_url');
    expect(Object.keys(row.brief)).not.toContain('webhook_events');
    // The canceled shot's render stops and cleans up before the data folder is removed.
    await until('the shot to stop', async () => (await getDb().select({ id: videoJobs.id }).from(videoJobs).where(and(eq(videoJobs.productionId, production.id), eq(videoJobs.status, 'processing')))).length === 0);
  });
});

describe('the delivery handler', () => {
  it('sends one attempt when the same message is run twice at once, and nothing once it succeeded', async () => {
    const { endpoint } = await addEndpoint('/twice', ['asset.restored']);
    const [event] = await getDb().select({ id: events.id, type: events.type }).from(events).limit(1);
    const [row] = await getDb().insert(webhookMessages).values({ eventId: event.id, endpointId: endpoint.id, eventType: event.type, url: endpoint.url, nextAttemptAt: new Date() }).returning();
    const results = await Promise.all([deliverMessage(row.id), deliverMessage(row.id)]);
    expect(results).toEqual(expect.arrayContaining([{ skipped: 'not due' }, { status: 'succeeded', attempts: 1, responseStatus: 200 }]));
    expect(await deliverMessage(row.id)).toEqual({ skipped: 'not pending' });
    expect(receiver.at('/twice')).toHaveLength(1);
    await deleteEndpoint(endpoint.id);
  });
});

describe('the sweeper', () => {
  it('queues again a pending message whose overdue attempt has no queue job', async () => {
    const { endpoint, secret } = await addEndpoint('/swept', ['asset.deleted']);
    const [event] = await getDb().select({ id: events.id, type: events.type }).from(events).limit(1);
    // What a process that died between its commit and its send leaves behind.
    const [row] = await getDb()
      .insert(webhookMessages)
      .values({ eventId: event.id, endpointId: endpoint.id, eventType: event.type, url: endpoint.url, nextAttemptAt: new Date(Date.now() - 10 * 60_000) })
      .returning();
    // The worker's own jobs.sweep (every minute) may have got there first; either way one job is queued.
    const swept = await sweepWebhookMessages(120);
    const queued = await getDb().execute(sql`select 1 from pgboss.job where name = 'webhook.deliver' and data->>'messageId' = ${row.id}`);
    expect(swept.includes(row.id) || queued.length > 0).toBe(true);
    const delivered = await until('the swept delivery', async () => receiver.at('/swept')[0]);
    expect(delivered.headers['webhook-id']).toBe(`msg_${row.id}`);
    receiver.verify(delivered, secret);
    await until('succeeded', async () => (await getDb().select().from(webhookMessages).where(and(eq(webhookMessages.id, row.id), eq(webhookMessages.status, 'succeeded'))))[0]);
    expect(await sweepWebhookMessages(120)).not.toContain(row.id);
    await deleteEndpoint(endpoint.id);
  });
});
