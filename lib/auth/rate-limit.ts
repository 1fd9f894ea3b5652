import { sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  retryAfterSeconds: number;
}

const windowOf = (now: Date) => Math.floor(now.getTime() / 60_000) * 60_000;
const retryAfter = (windowStart: number, now: Date) => Math.max(1, Math.ceil((windowStart + 60_000 - now.getTime()) / 1000));

/** Adds `n` to the shared counter of `bucket` in this minute and returns the counter before and after. */
async function addToCounter(bucket: string, windowStart: number, n: number): Promise<number> {
  const rows = await getDb().execute<{ count: number }>(sql`
    insert into rate_limits (bucket, window_start, count) values (${bucket}, ${new Date(windowStart).toISOString()}, ${n})
    on conflict (bucket, window_start) do update set count = rate_limits.count + ${n}
    returning count`);
  // Old windows are pruned now and then rather than on every write.
  if (Math.random() < 0.01) await getDb().execute(sql`delete from rate_limits where window_start < now() - interval '10 minutes'`);
  return Number(rows[0]?.count ?? n);
}

/**
 * Counts one request against `bucket` in the current minute, in PostgreSQL so every instance
 * shares it: exact, one write per call. Login failures use it; API requests use takeRequestToken.
 */
export async function consumeRateLimit(bucket: string, limit: number, now = new Date()): Promise<RateDecision> {
  const windowStart = windowOf(now);
  const count = await addToCounter(bucket, windowStart, 1);
  return { allowed: count <= limit, limit, remaining: Math.max(0, limit - count), retryAfterSeconds: retryAfter(windowStart, now) };
}

/** Reads the counter without adding to it (login failures are counted only when they fail). */
export async function peekRateLimit(bucket: string, now = new Date()): Promise<number> {
  const rows = await getDb().execute<{ count: number }>(sql`
    select count from rate_limits where bucket = ${bucket} and window_start = ${new Date(windowOf(now)).toISOString()}`);
  return Number(rows[0]?.count ?? 0);
}

/**
 * How many requests of a per-minute budget one process reserves from the shared counter at a
 * time: 1 % of the limit, at least 1 (a limit under 200 is counted one request at a time).
 */
export const reservationSize = (limit: number) => Math.max(1, Math.ceil(limit / 100));

interface Allowance {
  windowStart: number;
  /** Reserved in PostgreSQL for this process and not spent yet. */
  tokens: number;
  /** The shared counter has reached the limit: nothing more is handed out until the minute ends. */
  exhausted: boolean;
  /** The last value of the shared counter this process saw. */
  shared: number;
  reserving?: Promise<void>;
}

/**
 * The per-minute request budgets of one process. The budget lives in PostgreSQL, shared by
 * every instance, but a process does not write per request: it reserves `reservationSize(limit)`
 * requests at once (one upsert adds that many to the shared counter; of those, only what was
 * still under the limit is granted) and spends them locally; concurrent requests wait for the
 * same reservation.
 *
 * Error bound: more than `limit` requests are never admitted in a minute, by all instances
 * together. A request is refused only once the whole limit has been handed out, while the other
 * processes may still hold up to one reservation each they have not spent: a refusal comes at
 * most (processes − 1) × reservationSize(limit) requests early, 1 % of the limit per other
 * process; with one process it is exact. What a process still holds when the minute ends lapses.
 */
export class RequestBudgets {
  private readonly allowances = new Map<string, Allowance>();

  /** Spends one request of `bucket`'s budget of `limit` per minute. */
  async take(bucket: string, limit: number, now = new Date()): Promise<RateDecision> {
    const windowStart = windowOf(now);
    let allowance = this.allowances.get(bucket);
    if (!allowance || allowance.windowStart !== windowStart) {
      if (this.allowances.size > 10_000) for (const [key, old] of this.allowances) if (old.windowStart < windowStart) this.allowances.delete(key);
      allowance = { windowStart, tokens: 0, exhausted: false, shared: 0 };
      this.allowances.set(bucket, allowance);
    }
    const a = allowance;
    while (a.tokens === 0 && !a.exhausted) {
      a.reserving ??= reserve(bucket, a, limit).finally(() => {
        a.reserving = undefined;
      });
      await a.reserving;
    }
    if (a.tokens === 0) return { allowed: false, limit, remaining: 0, retryAfterSeconds: retryAfter(windowStart, now) };
    a.tokens--;
    return { allowed: true, limit, remaining: a.tokens + Math.max(0, limit - a.shared), retryAfterSeconds: retryAfter(windowStart, now) };
  }

  forget(): void {
    this.allowances.clear();
  }
}

async function reserve(bucket: string, a: Allowance, limit: number): Promise<void> {
  const n = reservationSize(limit);
  const after = await addToCounter(bucket, a.windowStart, n);
  const before = after - n;
  // Only what was still under the limit is ours; the upserts of all processes run one after another.
  a.tokens += Math.max(0, Math.min(n, limit - before));
  a.shared = after;
  if (after >= limit) a.exhausted = true;
}

const processBudgets = new RequestBudgets();

/** Spends one API request of `bucket` (a key's or a session's budget) in this process's RequestBudgets. */
export const takeRequestToken = (bucket: string, limit: number, now = new Date()) => processBudgets.take(bucket, limit, now);

export function forgetRequestTokensForTests(): void {
  processBudgets.forget();
}
