import { and, eq, gte, sql } from 'drizzle-orm';
import { setting } from '@/lib/config';
import { AppError } from '@/lib/errors';
import type { Transaction } from '@/lib/db/client';
import { videoJobs } from '@/lib/db/schema';

/** QUOTA_VIDEO_JOBS_PER_DAY: jobs a universe may start per UTC day; unset or empty means no limit. */
export function dailyVideoQuota(): number | null {
  return setting('QUOTA_VIDEO_JOBS_PER_DAY') ?? null;
}

const startOfUtcDay = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));

/**
 * Refuses a new job once the universe has used its day's quota. Runs inside the creating
 * transaction under a per-universe advisory lock, so simultaneous requests cannot both take the last slot.
 */
export async function enforceDailyVideoQuota(tx: Transaction, universeId: string, now = new Date()): Promise<void> {
  const quota = dailyVideoQuota();
  if (quota === null) return;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`video-quota:${universeId}`}))`);
  const dayStart = startOfUtcDay(now);
  const [{ used }] = await tx
    .select({ used: sql<number>`count(*)::int` })
    .from(videoJobs)
    .where(and(eq(videoJobs.universeId, universeId), gte(videoJobs.createdAt, dayStart)));
  if (used < quota) return;
  const retryAfter = Math.max(1, Math.ceil((dayStart.getTime() + 86_400_000 - now.getTime()) / 1000));
  throw new AppError(
    'rate_limited',
    `This universe has used its ${quota} video jobs for today (QUOTA_VIDEO_JOBS_PER_DAY); the quota resets at 00:00 UTC`,
    { quota, used, resets_at: new Date(dayStart.getTime() + 86_400_000).toISOString() },
    { 'Retry-After': String(retryAfter) },
  );
}
