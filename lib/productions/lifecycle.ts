import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { getDb, type Transaction } from '@/lib/db/client';
import { productions, type productionStatus } from '@/lib/db/schema';
import { AppError, notFound } from '@/lib/errors';
import { withEvents } from '@/lib/events/append';
import { Coalescer } from '@/lib/events/coalesce';
import { productionEvent } from '@/lib/events/payloads';
import type { EventType } from '@/lib/events/types';
import { log } from '@/lib/log';
import { productionRenderQueue } from '@/lib/queue/catalog';
import { sendJob } from '@/lib/queue/send';

export type ProductionStatus = (typeof productionStatus.enumValues)[number];
export type ProductionRow = typeof productions.$inferSelect;
type Fields = Partial<typeof productions.$inferInsert>;

/**
 * Every way a production row may change and the statuses it may start from; the one place its
 * status is written (as lib/lifecycle/transitions.ts is for jobs). Guarded in SQL, so a late
 * child, a second render message and the sweeper can race without undoing one another.
 */
export const PRODUCTION_TRANSITIONS = {
  /** Children are queued: waiting for them. */
  generate: { from: ['pending', 'generating'], to: 'generating' },
  /** Progress, timeline words and job ids filled in while children run. */
  update: { from: ['pending', 'generating'], to: 'generating' },
  /** Exactly one composition: only a generating production can be claimed. */
  compose: { from: ['generating'], to: 'composing' },
  /** A composition that cannot finish now goes back to waiting (a worker died, a retry). */
  recompose: { from: ['composing'], to: 'generating' },
  complete: { from: ['composing'], to: 'completed' },
  fail: { from: ['pending', 'generating', 'composing'], to: 'failed' },
  cancel: { from: ['pending', 'generating', 'composing'], to: 'canceled' },
  /** An edit or a render request of a settled production: a new round from its timeline. */
  reopen: { from: ['completed', 'failed', 'canceled'], to: 'generating' },
} as const satisfies Record<string, { from: readonly ProductionStatus[]; to: ProductionStatus }>;

export type ProductionTransition = keyof typeof PRODUCTION_TRANSITIONS;

function implied(name: ProductionTransition): Fields {
  switch (name) {
    case 'generate':
      return { startedAt: sql`coalesce(${productions.startedAt}, now())` as unknown as Date };
    case 'complete':
      return { progress: 100, errorCode: null, errorMessage: null, completedAt: new Date() };
    case 'fail':
    case 'cancel':
      return { completedAt: new Date() };
    case 'reopen':
      return { progress: 0, errorCode: null, errorMessage: null, completedAt: null };
    default:
      return {};
  }
}

const EVENT_OF: Record<ProductionTransition, Extract<EventType, `production.${string}`>> = {
  generate: 'production.generating',
  update: 'production.progress',
  compose: 'production.composing',
  recompose: 'production.generating',
  complete: 'production.completed',
  fail: 'production.failed',
  cancel: 'production.canceled',
  reopen: 'production.generating',
};
const progressEvents = new Coalescer(500);

function update(db: Transaction | ReturnType<typeof getDb>, id: string, name: ProductionTransition, fields: Fields, extraGuard?: SQL) {
  const { from, to } = PRODUCTION_TRANSITIONS[name];
  return db
    .update(productions)
    .set({ ...implied(name), ...fields, status: to, updatedAt: new Date() })
    .where(and(eq(productions.id, id), inArray(productions.status, [...from]), extraGuard))
    .returning();
}

async function emitLatestProgress(id: string): Promise<void> {
  await withEvents(async (tx, emit) => {
    const [row] = await tx.select().from(productions).where(and(eq(productions.id, id), inArray(productions.status, ['pending', 'generating', 'composing']))).for('update');
    if (row) emit(await productionEvent(tx, 'production.progress', row));
  });
}

/**
 * The row after the change, or null when the production was not in a status `name` may start
 * from. Appends the production's event in the same transaction (progress: coalesced, ~2 a second).
 */
export async function transitionProduction(id: string, name: ProductionTransition, fields: Fields = {}, extraGuard?: SQL): Promise<ProductionRow | null> {
  let row: ProductionRow | undefined;
  if (name === 'update' && !progressEvents.take(id)) {
    [row] = await update(getDb(), id, name, fields, extraGuard);
    if (row) progressEvents.trail(id, () => emitLatestProgress(id));
  } else {
    if (name !== 'update') progressEvents.cancel(id);
    row = await withEvents(async (tx, emit) => {
      const [changed] = await update(tx, id, name, fields, extraGuard);
      if (changed) emit(await productionEvent(tx, EVENT_OF[name], changed));
      return changed;
    });
  }
  if (row && name !== 'update') log.debug('production transition', { id, transition: name, status: PRODUCTION_TRANSITIONS[name].to });
  return row ?? null;
}

/** As transitionProduction, for a transition a client asked for: a 404, or a 409 naming the status. */
export async function requestProductionTransition(id: string, name: ProductionTransition, fields: Fields = {}, extraGuard?: SQL): Promise<ProductionRow> {
  const row = await transitionProduction(id, name, fields, extraGuard);
  if (row) return row;
  const [existing] = await getDb().select({ status: productions.status, version: productions.version }).from(productions).where(eq(productions.id, id));
  if (!existing) throw notFound('production');
  throw new AppError('conflict', `This production is ${existing.status}; it cannot be ${name === 'cancel' ? 'canceled' : 'changed that way'} now`, { status: existing.status });
}

/** Asks the render queue to look at the production (idempotent: the handler decides what, if anything, to do). */
export async function advanceProduction(id: string): Promise<void> {
  await sendJob(productionRenderQueue, { productionId: id });
}
