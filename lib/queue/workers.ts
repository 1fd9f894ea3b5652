import type { JobWithMetadata, PgBoss } from 'pg-boss';
import { ZodError } from 'zod';
import { log } from '@/lib/log';
import { deadLetterName, PermanentJobError, type JobDefinition } from '@/lib/queue/define';

/** Refuses to boot when the declared queues and the handlers disagree. */
export function assertRegistry(definitions: JobDefinition[]): void {
  const seen = new Set<string>();
  for (const def of definitions) {
    if (seen.has(def.name)) throw new Error(`queue "${def.name}" has two handlers`);
    if (typeof def.handler !== 'function') throw new Error(`queue "${def.name}" has no handler`);
    seen.add(def.name);
  }
}

export async function createQueues(boss: PgBoss, definitions: JobDefinition[]): Promise<void> {
  for (const def of definitions) {
    const dead = deadLetterName(def.name);
    // Dead letters are kept for inspection, never worked; two weeks is long enough to notice.
    await boss.createQueue(dead, { retentionSeconds: 14 * 86400, deleteAfterSeconds: 14 * 86400 });
    await boss.createQueue(def.name, { ...def.queue, deadLetter: dead, notify: true });
    // createQueue keeps an existing queue as it is; policy changes in code must reach it too.
    await boss.updateQueue(def.name, { ...def.queue, deadLetter: dead, notify: true });
  }
}

/** Every queue pg-boss knows must have a handler here, or its jobs would wait forever. */
export async function assertEveryQueueHandled(boss: PgBoss, definitions: JobDefinition[]): Promise<void> {
  const handled = new Set(definitions.flatMap((d) => [d.name, deadLetterName(d.name)]));
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

export async function runJob(def: JobDefinition, job: JobWithMetadata<unknown>) {
  const started = Date.now();
  try {
    const data = def.schema.parse(job.data);
    const output = await def.handler(data, {
      jobId: job.id,
      retryCount: job.retryCount,
      isFinalAttempt: job.retryCount >= job.retryLimit,
      signal: job.signal,
    });
    log.debug('job completed', { queue: def.name, jobId: job.id, ms: Date.now() - started });
    return { id: job.id, status: 'completed' as const, output: (output ?? undefined) as object | undefined };
  } catch (err) {
    const permanent = err instanceof PermanentJobError || err instanceof ZodError;
    log.warn('job failed', { queue: def.name, jobId: job.id, retryCount: job.retryCount, permanent, ...failureOutput(err) });
    return { id: job.id, status: permanent ? ('deadletter' as const) : ('failed' as const), output: failureOutput(err) };
  }
}

function wakeWorkers(boss: PgBoss, queue: string): void {
  for (const worker of boss.getWipData()) if (worker.name === queue) boss.notifyWorker(worker.id);
}

/** Creates every queue, checks the registry, and starts one worker per queue. */
export async function startWorkers(boss: PgBoss, definitions: JobDefinition[]): Promise<void> {
  assertRegistry(definitions);
  await createQueues(boss, definitions);
  await assertEveryQueueHandled(boss, definitions);
  for (const def of definitions) {
    const batchSize = def.work?.batchSize ?? 1;
    await boss.work(
      def.name,
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
        if (jobs.length >= batchSize) wakeWorkers(boss, def.name);
        return results;
      },
    );
    if (def.schedule) await boss.schedule(def.name, def.schedule.cron, def.schedule.data as object);
  }
  log.info('workers started', { queues: definitions.map((d) => d.name) });
}
