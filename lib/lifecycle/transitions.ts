import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { getDb, type Transaction } from '@/lib/db/client';
import { audioJobs, type jobStatus, videoJobs } from '@/lib/db/schema';
import { AppError, notFound } from '@/lib/errors';
import { type NewEvent, withEvents } from '@/lib/events/append';
import { Coalescer } from '@/lib/events/coalesce';
import { audioJobEvent, videoJobEvent } from '@/lib/events/payloads';
import type { EventType } from '@/lib/events/types';
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

/** The event each transition appends; `update` is job.progress, coalesced per job. */
const EVENT_OF: Record<Transition, Extract<EventType, `job.${string}`>> = {
  claim: 'job.started',
  update: 'job.progress',
  complete: 'job.completed',
  fail: 'job.failed',
  cancel: 'job.canceled',
  requeue: 'job.requeued',
  retry: 'job.retried',
};
const progressEvents = new Coalescer(500);

/** The job's event, with its payload as GET /api/{kind}/jobs/{id} shows the row. */
export function jobEvent<K extends JobKind>(tx: Transaction, kind: K, type: Extract<EventType, `job.${string}`>, row: JobRowOf<K>): Promise<NewEvent> {
  return kind === 'video' ? videoJobEvent(tx, type, row as JobRowOf<'video'>) : audioJobEvent(tx, type, row as JobRowOf<'audio'>);
}

function update<K extends JobKind>(db: Transaction | ReturnType<typeof getDb>, kind: K, id: string, name: Transition, fields: JobFieldsOf<K>, extraGuard?: SQL) {
  // Both tables share the lifecycle columns (status, progress, attempts, error, timestamps).
  const t = TABLES[kind] as unknown as typeof videoJobs;
  const { from, to } = TRANSITIONS[name];
  return db
    .update(t)
    .set({ ...implied(name, t), ...(fields as object), status: to, updatedAt: new Date() })
    .where(and(eq(t.id, id), inArray(t.status, [...from]), extraGuard))
    .returning() as unknown as Promise<JobRowOf<K>[]>;
}

/** The trailing job.progress of a window: the row as it is now, locked so a settling transition cannot slip between. */
async function emitLatestProgress(kind: JobKind, id: string): Promise<void> {
  const t = TABLES[kind] as unknown as typeof videoJobs;
  await withEvents(async (tx, emit) => {
    const [row] = await tx.select().from(t).where(and(eq(t.id, id), eq(t.status, 'processing'))).for('update');
    if (row) emit(await jobEvent(tx, kind, 'job.progress', row as JobRowOf<typeof kind>));
  });
}

/**
 * The one place a job row's status is written, and so where its events are appended (in the same
 * transaction). Answers the row after the change, or null when the job was not in a status this
 * transition may start from (it settled or was canceled meanwhile).
 */
export async function transition<K extends JobKind>(
  kind: K,
  id: string,
  name: Transition,
  fields: JobFieldsOf<K> = {},
  extraGuard?: SQL,
): Promise<JobRowOf<K> | null> {
  let row: JobRowOf<K> | undefined;
  if (name === 'update' && !progressEvents.take(id)) {
    [row] = await update(getDb(), kind, id, name, fields, extraGuard);
    if (row) progressEvents.trail(id, () => emitLatestProgress(kind, id));
  } else {
    if (name !== 'update') progressEvents.cancel(id);
    row = await withEvents(async (tx, emit) => {
      const [changed] = await update(tx, kind, id, name, fields, extraGuard);
      if (changed) emit(await jobEvent(tx, kind, EVENT_OF[name], changed));
      return changed;
    });
  }
  if (row && name !== 'update') log.debug('job transition', { kind, id, transition: name, status: TRANSITIONS[name].to });
  // A child of a production that settles moves its production on (lib/productions/advance.ts).
  const productionId = (row as { productionId?: string | null } | undefined)?.productionId;
  if (productionId && SETTLING.has(name)) await sendJob(productionRenderQueue, { productionId });
  return row ?? null;
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
