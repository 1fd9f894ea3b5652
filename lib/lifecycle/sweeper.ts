import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { failAudioJob, queueAudioJob } from '@/lib/audio/lifecycle';
import { getDb } from '@/lib/db/client';
import { audioJobs, videoJobs } from '@/lib/db/schema';
import { log } from '@/lib/log';
import { sweepProductions } from '@/lib/productions/sweep';
import { audioGenerateQueue, audioTranscribeQueue, videoGenerateQueue, videoPollQueue } from '@/lib/queue/catalog';
import { failPastDeadline } from '@/lib/video/external';
import { failOrFallBack, queueGeneration, schedulePoll } from '@/lib/video/lifecycle';
import { sweepWebhookMessages } from '@/lib/webhooks/sweep';

/**
 * jobs.sweep: the states a job can be stranded in, and what each gets.
 * - pending, but no queue job will ever run it (the send after the insert failed, or the queue
 *   job was lost): sent again.
 * - processing, but no queue job is alive (a worker died on the last attempt, or pg-boss expired
 *   it): an external job that the provider still has resumes polling; anything else fails with
 *   why, which the creator can retry.
 * - processing past its deadline, whether or not a poll is running: failed or moved to the next
 *   fallback, after asking the provider to stop.
 * A queue job is alive while pg-boss holds it as created, retry or active. Rows touched within
 * `graceSeconds` are left alone, so a send in flight is not mistaken for a lost one.
 */

const BATCH = 100;

export interface SweepResult {
  requeued: string[];
  resumed: string[];
  failed: string[];
  pastDeadline: string[];
  /** Productions looked at again (lib/productions/sweep.ts). */
  productions: string[];
  /** Webhook messages whose overdue attempt had no queue job (lib/webhooks/sweep.ts). */
  webhooks: string[];
}

/** Job rows (of a table) with no live pg-boss job in any of the given queues. */
async function withoutLiveQueueJob(table: typeof videoJobs | typeof audioJobs, status: 'pending' | 'processing', queues: string[], graceSeconds: number): Promise<string[]> {
  const rows = await getDb()
    .select({ id: table.id })
    .from(table)
    .where(
      and(
        eq(table.status, status),
        lt(table.updatedAt, sql`now() - make_interval(secs => ${graceSeconds})`),
        sql`not exists (select 1 from pgboss.job j where j.name in ${queues} and j.state < 'completed' and j.data->>'jobId' = ${table.id}::text)`,
      ),
    )
    .limit(BATCH);
  return rows.map((r) => r.id);
}

/** What pg-boss last knew of a job's queue work, for a readable reason. */
async function lastQueueState(jobId: string, queues: string[]): Promise<string> {
  const rows = await getDb().execute<{ state: string; output: { message?: string } | null; retry_count: number }>(
    sql`select state, output, retry_count from pgboss.job where name in ${queues} and data->>'jobId' = ${jobId} order by created_on desc limit 1`,
  );
  const last = rows[0];
  if (!last) return 'its queue job is gone';
  const why = last.output?.message ? `: ${last.output.message}` : '';
  return `its queue job ended as ${last.state} after ${last.retry_count + 1} ${last.retry_count === 0 ? 'try' : 'tries'}${why}`;
}

const lostMessage = (reason: string) => `The worker stopped before the job finished (${reason}); retry the job to run it again`;

export async function sweepStalledJobs(options: { graceSeconds?: number } = {}): Promise<SweepResult> {
  const grace = options.graceSeconds ?? 120;
  const result: SweepResult = { requeued: [], resumed: [], failed: [], pastDeadline: [], productions: [], webhooks: [] };
  const db = getDb();
  const videoQueues = [videoGenerateQueue.name, videoPollQueue.name];
  const audioQueues = [audioGenerateQueue.name, audioTranscribeQueue.name];

  // Deadlines first: a job past it is settled whatever its queue state.
  const late = await db
    .select()
    .from(videoJobs)
    .where(and(eq(videoJobs.status, 'processing'), lt(videoJobs.deadlineAt, sql`now()`)))
    .limit(BATCH);
  for (const job of late) {
    await failPastDeadline(job);
    result.pastDeadline.push(job.id);
  }

  for (const id of await withoutLiveQueueJob(videoJobs, 'pending', [videoGenerateQueue.name], grace)) {
    await queueGeneration(id, `sweep-${Date.now()}`);
    result.requeued.push(id);
  }
  for (const id of await withoutLiveQueueJob(videoJobs, 'processing', videoQueues, grace)) {
    const [job] = await db.select().from(videoJobs).where(eq(videoJobs.id, id));
    if (job?.status !== 'processing') continue;
    if (job.providerJobId) {
      // The provider still has the generation (paid for): look again rather than give it up.
      await schedulePoll(id, 0);
      result.resumed.push(id);
    } else {
      await failOrFallBack(job, { code: 'worker_lost', message: lostMessage(await lastQueueState(id, videoQueues)) });
      result.failed.push(id);
    }
  }

  const pendingAudio = await withoutLiveQueueJob(audioJobs, 'pending', audioQueues, grace);
  if (pendingAudio.length > 0) {
    for (const row of await db.select({ id: audioJobs.id, generationType: audioJobs.generationType }).from(audioJobs).where(inArray(audioJobs.id, pendingAudio))) {
      await queueAudioJob(row, `sweep-${Date.now()}`);
      result.requeued.push(row.id);
    }
  }
  for (const id of await withoutLiveQueueJob(audioJobs, 'processing', audioQueues, grace)) {
    if (await failAudioJob(id, 'worker_lost', lostMessage(await lastQueueState(id, audioQueues)))) result.failed.push(id);
  }

  result.productions = await sweepProductions(grace);
  result.webhooks = await sweepWebhookMessages(grace);

  const touched = result.requeued.length + result.resumed.length + result.failed.length + result.pastDeadline.length + result.productions.length + result.webhooks.length;
  if (touched > 0) log.warn('swept stalled jobs', { ...result });
  return result;
}

