import type { JobWithMetadata, PgBoss } from 'pg-boss';
import { ZodError } from 'zod';
import { log } from '@/lib/log';
import { deadLetterName, PermanentJobError, type QueueEntry, type QueueHandler } from '@/lib/queue/define';

/** Refuses to boot when the catalog and the handlers disagree: each entry exactly one handler, no stray handler. */
export function assertRegistry(handlers: readonly QueueHandler[], catalog: readonly QueueEntry[]): void {
  const known = new Set(catalog.map((q) => q.name));
  const seen = new Set<string>();
  for (const h of handlers) {
    const name = h.queue.name;
    if (!known.has(name)) throw new Error(`queue "${name}" has a handler but no catalog entry (add it to lib/queue/catalog.ts)`);
    if (seen.has(name)) throw new Error(`queue "${name}" has two handlers`);
    if (typeof h.handler !== 'function') throw new Error(`queue "${name}" has no handler`);
    seen.add(name);
  }
  const missing = catalog.filter((q) => !seen.has(q.name)).map((q) => q.name);
  if (missing.length > 0) throw new Error(`queue "${missing.join('", "')}" has no handler (register one in jobs/registry.ts)`);
}

export async function createQueues(boss: PgBoss, entries: readonly QueueEntry[]): Promise<void> {
  for (const entry of entries) {
    const dead = deadLetterName(entry.name);
    // Dead letters are kept for inspection, never worked; two weeks is long enough to notice.
    await boss.createQueue(dead, { retentionSeconds: 14 * 86400, deleteAfterSeconds: 14 * 86400 });
    await boss.createQueue(entry.name, { ...entry.policy, deadLetter: dead, notify: true });
    // createQueue keeps an existing queue as it is; policy changes in code must reach it too.
    await boss.updateQueue(entry.name, { ...entry.policy, deadLetter: dead, notify: true });
  }
}

/** Every queue pg-boss knows must have a handler here, or its jobs would wait forever. */
export async function assertEveryQueueHandled(boss: PgBoss, catalog: readonly QueueEntry[]): Promise<void> {
  const handled = new Set(catalog.flatMap((d) => [d.name, deadLetterName(d.name)]));
  const orphans = (await boss.getQueues()).map((q) => q.name).filter((name) => !handled.has(name) && !name.startsWith('__pgboss'));
  if (orphans.length > 0) {
    throw new Error(`queues without a handler: ${orphans.join(', ')} (delete them or register a handler in jobs/registry.ts)`);
  }
}

function failureOutput(err: unknown) {
  if (err instanceof ZodError) return { message: `invalid payload: ${err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
  if (err instanceof Error) return { message: err.message, name: err.name };
  return { message: String(err) };
}

export async function runJob(def: QueueHandler, job: JobWithMetadata<unknown>) {
  const started = Date.now();
  const name = def.queue.name;
  try {
    const data = def.queue.schema.parse(job.data);
    const output = await def.handler(data, {
      jobId: job.id,
      retryCount: job.retryCount,
      isFinalAttempt: job.retryCount >= job.retryLimit,
      signal: job.signal,
    });
    log.debug('job completed', { queue: name, jobId: job.id, ms: Date.now() - started });
    return { id: job.id, status: 'completed' as const, output: (output ?? undefined) as object | undefined };
  } catch (err) {
    const permanent = err instanceof PermanentJobError || err instanceof ZodError;
    log.warn('job failed', { queue: name, jobId: job.id, retryCount: job.retryCount, permanent, ...failureOutput(err) });
    return { id: job.id, status: permanent ? ('deadletter' as const) : ('failed' as const), output: failureOutput(err) };
  }
}

function wakeWorkers(boss: PgBoss, queue: string): void {
  for (const worker of boss.getWipData()) if (worker.name === queue) boss.notifyWorker(worker.id);
}

/** Creates every queue of the catalog, checks that each has one handler, and starts one worker per queue. */
export async function startWorkers(boss: PgBoss, handlers: readonly QueueHandler[], catalog: readonly QueueEntry[]): Promise<void> {
  assertRegistry(handlers, catalog);
  await createQueues(boss, catalog);
  await assertEveryQueueHandled(boss, catalog);
  for (const def of handlers) {
    const batchSize = def.work?.batchSize ?? 1;
    const name = def.queue.name;
    await boss.work(
      name,
      {
        // NOTIFY fires only on send; a retry that comes due later is found by this backstop poll,
        // whose 30 s default would stall every retry.
        notifyPollingIntervalSeconds: 2,
        ...def.work,
        includeMetadata: true,
        perJobResults: true,
        batchSize,
      },
      async (jobs: JobWithMetadata<unknown>[]) => {
        const results = await Promise.all(jobs.map((job) => runJob(def, job)));
        // A full batch means more work is probably waiting. pg-boss only bursts for batches larger
        // than one, so wake this queue's workers to fetch again instead of sleeping out the poll.
        if (jobs.length >= batchSize) wakeWorkers(boss, name);
        return results;
      },
    );
    if (def.queue.schedule) await boss.schedule(name, def.queue.schedule.cron, def.queue.schedule.data as object);
  }
  log.info('workers started', { queues: handlers.map((d) => d.queue.name) });
}
