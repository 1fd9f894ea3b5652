import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createBoss } from '@/lib/queue/boss';
import { deadLetterName, defineQueue, handleQueue, PermanentJobError, type QueueEntry, type QueueHandler } from '@/lib/queue/define';
import { assertRegistry, startWorkers } from '@/lib/queue/workers';
import { createTestEnvironment, type TestEnvironment } from '@/lib/testing/database';

let env: TestEnvironment;
let boss: PgBoss;

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out waiting');
}

const attempts = new Map<string, number[]>();
const seen = (key: string) => attempts.get(key) ?? [];

const flakyQueue = defineQueue({
  name: 'test.flaky',
  schema: z.object({ key: z.string(), failTimes: z.number().int() }),
  policy: { retryLimit: 3, retryDelay: 1, retryBackoff: true },
});
const flaky = handleQueue(flakyQueue, {
  async handler({ key, failTimes }, ctx) {
    attempts.set(key, [...seen(key), ctx.retryCount]);
    if (ctx.retryCount < failTimes) throw new Error(`attempt ${ctx.retryCount} fails on purpose`);
    return { doneOnAttempt: ctx.retryCount };
  },
});

const strictQueue = defineQueue({ name: 'test.strict', schema: z.object({ n: z.number() }), policy: { retryLimit: 5, retryDelay: 1 } });
const strict = handleQueue(strictQueue, {
  async handler({ n }) {
    if (n < 0) throw new PermanentJobError('negative numbers can never succeed');
    return { doubled: n * 2 };
  },
});

const handlers = [flaky, strict] as unknown as QueueHandler[];
const catalog = [flakyQueue, strictQueue] as unknown as QueueEntry[];

beforeAll(async () => {
  env = await createTestEnvironment();
  boss = createBoss(env.url, 'worker');
  await boss.start();
  await startWorkers(boss, handlers, catalog);
});

afterAll(async () => {
  await boss?.stop({ graceful: false });
  await env?.cleanup();
});

async function finished(queue: string, id: string) {
  return waitFor(async () => {
    const [job] = await boss.findJobs(queue, { id });
    return job && ['completed', 'failed'].includes(job.state) ? job : undefined;
  });
}

describe('pg-boss workers on a real database', () => {
  it('runs a job through a real queue', async () => {
    const id = (await boss.send('test.flaky', { key: 'once', failTimes: 0 }))!;
    const job = await finished('test.flaky', id);
    expect(job.state).toBe('completed');
    expect(job.output).toEqual({ doneOnAttempt: 0 });
    expect(seen('once')).toEqual([0]);
  });

  it('retries with backoff until the handler succeeds', async () => {
    const id = (await boss.send('test.flaky', { key: 'twice', failTimes: 2 }))!;
    const job = await finished('test.flaky', id);
    expect(job.state).toBe('completed');
    expect(seen('twice')).toEqual([0, 1, 2]);
  });

  it('moves a job that exhausts its retries to the dead-letter queue', async () => {
    const id = (await boss.send('test.flaky', { key: 'never', failTimes: 99 }))!;
    const job = await finished('test.flaky', id);
    expect(job.state).toBe('failed');
    expect(seen('never')).toEqual([0, 1, 2, 3]);
    const dead = await waitFor(async () => {
      const jobs = await boss.findJobs(deadLetterName('test.flaky'), { data: { key: 'never' } });
      return jobs.length > 0 ? jobs : undefined;
    });
    expect(dead[0].data).toEqual({ key: 'never', failTimes: 99 });
  });

  it('does not retry a permanent failure or an invalid payload', async () => {
    const negative = (await boss.send('test.strict', { n: -1 }))!;
    const invalid = (await boss.send('test.strict', { n: 'not a number' }))!;
    for (const id of [negative, invalid]) {
      const job = await finished('test.strict', id);
      expect(job.state).toBe('failed');
      expect(job.retryCount).toBe(0);
    }
    const [invalidJob] = await boss.findJobs('test.strict', { id: invalid });
    expect(JSON.stringify(invalidJob.output)).toContain('invalid payload');
  });

  it('refuses to start when a queue in the database has no handler', async () => {
    await boss.createQueue('test.orphan');
    const other = createBoss(env.url, 'worker');
    await other.start();
    try {
      await expect(startWorkers(other, handlers, catalog)).rejects.toThrow(/queues without a handler: test\.orphan/);
    } finally {
      await other.stop({ graceful: false });
      await boss.deleteQueue('test.orphan');
    }
  });

  it('rejects a registry with a duplicate, missing or stray handler', () => {
    expect(() => assertRegistry([flaky, flaky, strict] as unknown as QueueHandler[], catalog)).toThrow(/two handlers/);
    expect(() => assertRegistry([flaky, { ...strict, handler: undefined }] as unknown as QueueHandler[], catalog)).toThrow(/no handler/);
    expect(() => assertRegistry([flaky] as unknown as QueueHandler[], catalog)).toThrow(/"test\.strict" has no handler/);
    const stray = handleQueue(defineQueue({ name: 'test.stray', schema: z.object({}), policy: {} }), { handler: async () => null });
    expect(() => assertRegistry([...handlers, stray] as unknown as QueueHandler[], catalog)).toThrow(/no catalog entry/);
  });
});
