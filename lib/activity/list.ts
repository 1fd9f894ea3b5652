import { inArray, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { ActivityItemSchema } from '@/lib/api/contracts/activity';
import { toAudioJobViews } from '@/lib/audio/views';
import { decodeCursor, encodeCursor } from '@/lib/db/cursor';
import { getDb } from '@/lib/db/client';
import { audioJobs, productions, videoJobs } from '@/lib/db/schema';
import { toProductionViews } from '@/lib/productions/views';
import { viewJob } from '@/lib/video/jobs';

type Kind = 'video' | 'audio' | 'production';
type Status = 'pending' | 'processing' | 'completed' | 'failed' | 'canceled';
export type ActivityItem = z.infer<typeof ActivityItemSchema>;

export interface ActivityQuery {
  kinds: Kind[];
  status?: Status;
  provider?: string;
  limit: number;
  cursor?: string;
}

/** A production is "processing" while it generates or composes, like a job that runs. */
const PRODUCTION_STATUSES: Record<Status, string[]> = {
  pending: ['pending'],
  processing: ['generating', 'composing'],
  completed: ['completed'],
  failed: ['failed'],
  canceled: ['canceled'],
};

/**
 * One branch of the union: a table's newest rows after the cursor, already limited, so PostgreSQL
 * reads at most `limit` rows of each table through its (created_at, id) index.
 */
function branch(kind: Kind, q: ActivityQuery, after: { createdAt: Date; id: string } | null): SQL | null {
  const table = kind === 'video' ? 'video_jobs' : kind === 'audio' ? 'audio_jobs' : 'productions';
  const where: SQL[] = [];
  if (q.status) {
    const statuses = kind === 'production' ? PRODUCTION_STATUSES[q.status] : [q.status];
    where.push(sql`status::text in (${sql.join(statuses.map((s) => sql`${s}`), sql`, `)})`);
  }
  if (q.provider) {
    if (kind === 'production') return null;
    where.push(sql`provider = ${q.provider}`);
  }
  if (after) where.push(sql`(created_at, id) < (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`);
  const condition = where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``;
  return sql`(select ${kind}::text as kind, id, created_at from ${sql.raw(table)} ${condition} order by created_at desc, id desc limit ${q.limit + 1})`;
}

/** GET /api/jobs: the three kinds merged by creation time, each shown as its own GET shows it. */
export async function listActivity(q: ActivityQuery): Promise<{ jobs: ActivityItem[]; next_cursor: string | null }> {
  const after = decodeCursor(q.cursor);
  const branches = q.kinds.map((kind) => branch(kind, q, after)).filter((b): b is SQL => b !== null);
  if (branches.length === 0) return { jobs: [], next_cursor: null };
  const rows = await getDb().execute<{ kind: Kind; id: string; created_at: string }>(
    sql`select kind, id, created_at from (${sql.join(branches, sql` union all `)}) merged order by created_at desc, id desc limit ${q.limit + 1}`,
  );
  const page = rows.slice(0, q.limit);
  const ids = (kind: Kind) => page.filter((r) => r.kind === kind).map((r) => r.id);
  const [videos, audios, prods] = await Promise.all([
    ids('video').length ? getDb().select().from(videoJobs).where(inArray(videoJobs.id, ids('video'))) : [],
    ids('audio').length ? getDb().select().from(audioJobs).where(inArray(audioJobs.id, ids('audio'))) : [],
    ids('production').length ? getDb().select().from(productions).where(inArray(productions.id, ids('production'))) : [],
  ]);
  const views = new Map<string, ActivityItem>();
  for (const row of videos) views.set(row.id, { kind: 'video', job: await viewJob(row) });
  for (const view of await toAudioJobViews(audios)) views.set(view.id, { kind: 'audio', job: view });
  for (const view of await toProductionViews(prods)) views.set(view.id, { kind: 'production', production: view });
  const last = page.at(-1);
  return {
    jobs: page.flatMap((r) => views.get(r.id) ?? []),
    next_cursor: rows.length > q.limit && last ? encodeCursor(new Date(last.created_at), last.id) : null,
  };
}
