import { sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  retryAfterSeconds: number;
}

/** Counts one request against `bucket` in the current minute, in PostgreSQL so every instance shares it. */
export async function consumeRateLimit(bucket: string, limit: number, now = new Date()): Promise<RateDecision> {
  const windowStart = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const rows = await getDb().execute<{ count: number }>(sql`
    insert into rate_limits (bucket, window_start, count) values (${bucket}, ${windowStart.toISOString()}, 1)
    on conflict (bucket, window_start) do update set count = rate_limits.count + 1
    returning count`);
  const count = Number(rows[0]?.count ?? 1);
  // Old windows are pruned now and then rather than on every request.
  if (Math.random() < 0.01) await getDb().execute(sql`delete from rate_limits where window_start < now() - interval '10 minutes'`);
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + 60_000 - now.getTime()) / 1000));
  return { allowed: count <= limit, limit, remaining: Math.max(0, limit - count), retryAfterSeconds };
}

/** Reads the counter without adding to it (login failures are counted only when they fail). */
export async function peekRateLimit(bucket: string, now = new Date()): Promise<number> {
  const windowStart = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const rows = await getDb().execute<{ count: number }>(sql`
    select count from rate_limits where bucket = ${bucket} and window_start = ${windowStart.toISOString()}`);
  return Number(rows[0]?.count ?? 0);
}
