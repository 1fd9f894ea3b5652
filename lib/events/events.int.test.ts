import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { and, asc, eq, gt, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '@/lib/auth/api-keys';
import { getDb } from '@/lib/db/client';
import { events } from '@/lib/db/schema';
import { eventHub } from '@/lib/events/hub';
import { pruneEvents } from '@/lib/events/prune';
import { createTestEnvironment, type TestEnvironment } from '@/lib/testing/database';
import { SseClient } from '@/lib/testing/sse';

// The event stream end to end: jobs run in a second process (a worker started as `npm run worker`
// would be), their events reach SSE clients of this process's web dispatcher over a real socket.

let env: TestEnvironment;
let server: http.Server;
let base: string;
let key: string;
let worker: ChildProcess;
const clients: SseClient[] = [];

beforeAll(async () => {
  env = await createTestEnvironment();
  process.env.EVENTS_HEARTBEAT_SECONDS = '1';
  key = (await createApiKey('events')).key;
  const { handleApiRequest } = await import('@/scripts/api');
  server = http.createServer((req, res) => {
    if (!handleApiRequest(req, res, base)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  worker = spawn(process.execPath, ['--import', 'tsx', path.join(process.cwd(), 'scripts', 'worker.ts')], {
    env: { ...process.env, DATABASE_URL: env.url, DATA_DIR: env.dataDir, LOG_LEVEL: 'error' },
    stdio: 'ignore',
  });
});
afterAll(async () => {
  for (const c of clients) c.close();
  worker?.kill('SIGTERM');
  if (worker && worker.exitCode === null) await new Promise((r) => worker.once('exit', r));
  await eventHub.stop();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  delete process.env.EVENTS_HEARTBEAT_SECONDS;
  await env?.cleanup();
});

async function stream(query = '', headers: Record<string, string> = {}): Promise<SseClient> {
  const client = await new SseClient().connect(`${base}/api/events${query}`, { authorization: `Bearer ${key}`, ...headers });
  clients.push(client);
  return client;
}

async function post(pathname: string, body: object): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}${pathname}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(202);
  return (await res.json()).job;
}

const typesOf = (client: SseClient, jobId: string) => client.events.filter((e) => e.data.data.id === jobId).map((e) => e.event);
const settled = (jobId: string) => (c: SseClient) => typesOf(c, jobId).some((t) => ['job.completed', 'job.failed'].includes(t));

describe('GET /api/events', () => {
  it('streams a local job created → started → progress → completed, each event with its id and the job as GET shows it', async () => {
    const client = await stream('?types=job.*');
    expect(client.status).toBe(200);
    expect(client.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(client.headers['cache-control']).toMatch(/no-transform/);
    const job = await post('/api/video/generate', { prompt: 'A lantern drifting over a dark lake', mood: 20, duration: 2 });
    await client.waitFor(settled(job.id as string), 120_000);
    const types = typesOf(client, job.id as string);
    expect(types[0]).toBe('job.created');
    expect(types[1]).toBe('job.started');
    expect(types).toContain('job.progress');
    expect(types.at(-1)).toBe('job.completed');
    const ids = client.events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const completed = client.events.find((e) => e.event === 'job.completed' && e.data.data.id === job.id);
    expect(completed?.data).toMatchObject({ type: 'job.completed', object: 'video_job', id: completed?.id });
    const res = await fetch(`${base}/api/video/jobs/${job.id}`, { headers: { authorization: `Bearer ${key}` } });
    const view = (await res.json()).job;
    // The same resource as GET answers it (media links are signed afresh each time).
    const unsign = (v: Record<string, unknown>) => JSON.parse(JSON.stringify(v).replace(/\?exp=\d+&sig=[0-9a-f]+/g, ''));
    expect(unsign(completed?.data.data as Record<string, unknown>)).toEqual({ ...unsign(view), thumbnail_url: expect.anything(), updated_at: expect.any(String) });
    expect(client.comments).toContain('connected');
  }, 180_000);

  it('replays exactly the missed events, in order, to a client that reconnects with Last-Event-ID', async () => {
    const first = await stream('?types=job.*');
    const job = await post('/api/video/generate', { prompt: 'Slow clouds over a salt flat', mood: 55, duration: 3 });
    const jobId = job.id as string;
    await first.waitFor((c) => typesOf(c, jobId).includes('job.started'));
    const lastSeen = first.events.filter((e) => e.data.data.id === jobId).at(-1)?.id as string;
    first.close();
    // Away while the job moves on; the job's events meanwhile are stored.
    await new Promise((r) => setTimeout(r, 1500));
    const again = await stream(`?types=job.*&job_id=${jobId}`, { 'last-event-id': lastSeen });
    await again.waitFor(settled(jobId), 120_000);
    await new Promise((r) => setTimeout(r, 300));
    const stored = await getDb().select().from(events).where(and(eq(events.jobId, jobId), like(events.type, 'job.%'), gt(events.id, Number(lastSeen)))).orderBy(asc(events.id));
    expect(again.events.map((e) => e.id)).toEqual(stored.map((e) => String(e.id)));
    expect(again.events.length).toBeGreaterThan(0);
    expect(new Set(again.events.map((e) => e.id)).size).toBe(again.events.length);
  }, 180_000);

  it('filters by type and sends a heartbeat comment while idle', async () => {
    const onlyCreated = await stream('?types=asset.created');
    await onlyCreated.waitFor((c) => c.comments.includes('heartbeat'), 5000);
    const job = await post('/api/video/generate', { prompt: 'A paper boat in rain', mood: 40, duration: 2 });
    await onlyCreated.waitFor((c) => c.events.some((e) => e.data.data.source_job_id === job.id), 120_000);
    expect(new Set(onlyCreated.events.map((e) => e.event))).toEqual(new Set(['asset.created']));
  }, 180_000);

  it('feeds any number of streams from one LISTEN connection per process', async () => {
    const many = await Promise.all(Array.from({ length: 25 }, () => stream('?types=job.completed')));
    expect(many.every((c) => c.status === 200)).toBe(true);
    const [{ listeners }] = await getDb().execute<{ listeners: number }>(
      sql`select count(*)::int as listeners from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and query ilike 'listen%cinemood_events%'`,
    );
    expect(listeners).toBe(1);
    expect(eventHub.size).toBeGreaterThanOrEqual(25);
    for (const c of many) c.close();
  });

  it('forgets events older than EVENTS_RETENTION_DAYS', async () => {
    const [old] = await getDb().select().from(events).orderBy(asc(events.id)).limit(1);
    await getDb().update(events).set({ createdAt: new Date(Date.now() - 8 * 86_400_000) }).where(eq(events.id, old.id));
    expect(await pruneEvents()).toBe(1);
    expect(await getDb().select().from(events).where(eq(events.id, old.id))).toEqual([]);
  });

  it('answers bad filters and a malformed Last-Event-ID with a 4xx JSON error, and asks for credentials', async () => {
    const cases: Array<[string, Record<string, string>, number, string]> = [
      ['?types=job.exploded', {}, 422, 'unprocessable_entity'],
      ['?types=', {}, 200, ''],
      ['?job_id=not-a-uuid', {}, 422, 'unprocessable_entity'],
      ['', { 'last-event-id': 'abc' }, 400, 'bad_request'],
      ['?last_event_id=-1', {}, 422, 'unprocessable_entity'],
    ];
    for (const [query, headers, status, code] of cases) {
      const client = await stream(query, headers);
      expect(client.status, query || JSON.stringify(headers)).toBe(status);
      if (status !== 200) expect(JSON.parse(client.body).error).toMatchObject({ code, message: expect.any(String) });
      client.close();
    }
    const anonymous = await new SseClient().connect(`${base}/api/events`);
    expect(anonymous.status).toBe(401);
  });
});
