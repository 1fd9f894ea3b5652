import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { audioJobs, type jobStatus, videoJobs } from '@/lib/db/schema';
import { AppError, notFound } from '@/lib/errors';
import { log } from '@/lib/log';
import { productionRenderQueue } from '@/lib/queue/catalog';
import { sendJob } from '@/lib/queue/send';

export type JobStatus = (typeof jobStatus.enumValues)[number];
export type JobKind = 'video' | 'audio';

/**
 * Every way a job row may change, with the statuses it may start from. Statuses only move
 * forward: a settled job (completed, failed, canceled) changes only by an explicit `retry`, which
 * is a new generation. Each write is guarded in SQL by these statuses, so two workers, a late
 * callback and the sweeper can race without one undoing another.
 */
export const TRANSITIONS = {
  /** A worker starts an attempt (again, after a crash or a retry of the same attempt chain). */
  claim: { from: ['pending', 'processing'], to: 'processing' },
  /** Progress, what the provider said, a note that an attempt will be retried. */
  update: { from: ['processing'], to: 'processing' },
  complete: { from: ['processing'], to: 'completed' },
  fail: { from: ['processing'], to: 'failed' },
  cancel: { from: ['pending', 'processing'], to: 'canceled' },
  /** The same job on a new provider (fallback): back to the queue. */
  requeue: { from: ['processing'], to: 'pending' },
  /** The creator asks again: a new generation from the start. */
  retry: { from: ['failed', 'canceled'], to: 'pending' },
} as const satisfies Record<string, { from: readonly JobStatus[]; to: JobStatus }>;

export type Transition = keyof typeof TRANSITIONS;
const SETTLING = new Set<Transition>(['complete', 'fail', 'cancel']);

const TABLES = { video: videoJobs, audio: audioJobs } as const;
type Tables = typeof TABLES;
export type JobRowOf<K extends JobKind> = Tables[K]['$inferSelect'];
export type JobFieldsOf<K extends JobKind> = Partial<Tables[K]['$inferInsert']>;

/** What a transition always sets besides the caller's fields. */
function implied(name: Transition, t: typeof videoJobs): Record<string, unknown> {
  const now = new Date();
  switch (name) {
    case 'claim':
      return { attempts: sql`${t.attempts} + 1`, startedAt: sql`coalesce(${t.startedAt}, now())` };
    case 'complete':
      return { progress: 100, errorCode: null, errorMessage: null, completedAt: now };
    case 'fail':
    case 'cancel':
      return { completedAt: now };
    case 'requeue':
      return { progress: 0 };
    case 'retry':
      return { progress: 0, errorCode: null, errorMessage: null, completedAt: null, startedAt: null };
    default:
      return {};
  }
}

/**
 * The one place a job row's status is written. Answers the row after the change, or null when the
 * job was not in a status this transition may start from (it settled or was canceled meanwhile).
 */
export async function transition<K extends JobKind>(
  kind: K,
  id: string,
  name: Transition,
  fields: JobFieldsOf<K> = {},
  extraGuard?: SQL,
): Promise<JobRowOf<K> | null> {
  // Both tables share the lifecycle columns (status, progress, attempts, error, timestamps).
  const t = TABLES[kind] as unknown as typeof videoJobs;
  const { from, to } = TRANSITIONS[name];
  const [row] = await getDb()
    .update(t)
    .set({ ...implied(name, t), ...(fields as object), status: to, updatedAt: new Date() })
    .where(and(eq(t.id, id), inArray(t.status, [...from]), extraGuard))
    .returning();
  if (row && name !== 'update') log.debug('job transition', { kind, id, transition: name, status: to });
  // A child of a production that settles moves its production on (lib/productions/advance.ts).
  const productionId = (row as { productionId?: string | null } | undefined)?.productionId;
  if (productionId && SETTLING.has(name)) await sendJob(productionRenderQueue, { productionId });
  return (row as JobRowOf<K> | undefined) ?? null;
}

/**
 * A transition the caller asked for by name (retry, cancel from the API): the row after it, or
 * the reason it cannot happen, as a 404 or a 409 that names the job's status.
 */
export async function requestTransition<K extends JobKind>(kind: K, id: string, name: 'retry' | 'cancel', fields: JobFieldsOf<K> = {}): Promise<JobRowOf<K>> {
  const row = await transition(kind, id, name, fields);
  if (row) return row;
  const t = TABLES[kind] as unknown as typeof videoJobs;
  const [existing] = await getDb().select({ status: t.status }).from(t).where(eq(t.id, id));
  if (!existing) throw notFound(`${kind} job`);
  const verb = name === 'retry' ? 'retried' : 'canceled';
  throw new AppError('conflict', `Only ${TRANSITIONS[name].from.join(' or ')} jobs can be ${verb}; this one is ${existing.status}`, { status: existing.status });
}
