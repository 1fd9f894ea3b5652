import { sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { audioJobs, videoJobs } from '@/lib/db/schema';

/**
 * Job rows in the states a test needs, written as a crashed worker or a lost send would leave
 * them (the lifecycle itself never writes these combinations on purpose).
 */
export async function insertVideoJob(fields: Partial<typeof videoJobs.$inferInsert> = {}, ageSeconds = 600) {
  const [row] = await getDb()
    .insert(videoJobs)
    .values({
      generationType: 'text_to_video',
      prompt: 'A stranded job',
      aspectRatio: '16:9',
      durationSeconds: 5,
      provider: 'local',
      ...fields,
      updatedAt: sql`now() - make_interval(secs => ${ageSeconds})` as unknown as Date,
    })
    .returning();
  return row;
}

export async function insertAudioJob(fields: Partial<typeof audioJobs.$inferInsert> = {}, ageSeconds = 600) {
  const [row] = await getDb()
    .insert(audioJobs)
    .values({
      generationType: 'text_to_speech',
      text: 'A stranded job',
      provider: 'local',
      ...fields,
      updatedAt: sql`now() - make_interval(secs => ${ageSeconds})` as unknown as Date,
    })
    .returning();
  return row;
}

/** The pg-boss jobs that exist for one of our job ids, newest first. */
export async function queueJobsFor(jobId: string): Promise<Array<{ id: string; name: string; state: string; data: Record<string, unknown> }>> {
  return getDb().execute(sql`select id, name, state, data from pgboss.job where data->>'jobId' = ${jobId} order by created_on desc`) as never;
}
