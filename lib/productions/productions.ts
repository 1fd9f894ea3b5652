import { randomBytes } from 'node:crypto';
import { and, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { ProductionView } from '@/lib/api/contracts/productions';
import { cancelAudioJob } from '@/lib/audio/jobs';
import { decodeCursor, keysetPage, olderThan } from '@/lib/db/cursor';
import { getDb } from '@/lib/db/client';
import { withEvents } from '@/lib/events/append';
import { productionEvent } from '@/lib/events/payloads';
import { mediaAssets, productions } from '@/lib/db/schema';
import { AppError, notFound } from '@/lib/errors';
import { StrategyInputError } from '@/lib/strategy';
import { requestedSubscription, subscribe, withoutWebhookFields } from '@/lib/webhooks/subscriptions';
import { cancelVideoJob, checkVideoRequest } from '@/lib/video/jobs';
import { startChildren, shotRequest } from './children';
import { advanceProduction, type ProductionRow, type ProductionStatus, requestProductionTransition } from './lifecycle';
import { type Brief, type BriefAsset, planTimeline } from './plan';
import { childRefs, timelineOf, toProductionView, toProductionViews } from './views';

/** The brief's library assets, in its order: each must be a live image or video. */
async function briefAssets(ids: string[]): Promise<BriefAsset[]> {
  if (ids.length === 0) return [];
  const rows = await getDb()
    .select({ id: mediaAssets.id, assetType: mediaAssets.assetType, durationSeconds: mediaAssets.durationSeconds, deletedAt: mediaAssets.deletedAt })
    .from(mediaAssets)
    .where(inArray(mediaAssets.id, ids));
  return ids.map((id, i) => {
    const row = rows.find((r) => r.id === id);
    const path = `assets.${i}`;
    if (!row || row.deletedAt) throw new AppError('unprocessable_entity', `${path} does not name an asset in the library`, [{ path, message: 'unknown asset' }]);
    if (row.assetType === 'audio') throw new AppError('unprocessable_entity', `${path} is audio; a shot needs an image or a video`, [{ path, message: 'not an image or video' }]);
    return { id: row.id, assetType: row.assetType, durationSeconds: row.durationSeconds };
  });
}

function strategyError(err: unknown): never {
  if (err instanceof StrategyInputError) throw new AppError('unprocessable_entity', err.message, [{ path: err.field, message: err.message }]);
  throw err;
}

/** POST /api/productions: plans the timeline, checks every shot against the providers, then starts the children. */
export async function createProduction(brief: Brief): Promise<ProductionView> {
  const seed = brief.seed === undefined ? randomBytes(6).toString('hex') : String(brief.seed);
  const assets = await briefAssets(brief.assets ?? []);
  let timeline: ReturnType<typeof planTimeline>;
  try {
    timeline = planTimeline(brief, assets, seed);
  } catch (err) {
    strategyError(err);
  }
  // Everything a provider would refuse is refused here, before a row or a job exists.
  for (const shot of timeline.shots) {
    const request = shotRequest(brief, shot);
    if (request) await checkVideoRequest(request);
  }
  const subscription = await requestedSubscription(brief);
  const row = await withEvents(async (tx, emit) => {
    const [inserted] = await tx
      .insert(productions)
      // The webhook fields live in webhook_subscriptions, not in the brief that edits reuse.
      .values({ brief: { ...withoutWebhookFields(brief), seed } as Record<string, unknown>, timeline, version: timeline.version })
      .returning();
    await subscribe(tx, inserted.id, subscription);
    emit(await productionEvent(tx, 'production.created', inserted));
    return inserted;
  });
  return toProductionView(await startChildren(row));
}

export async function findProduction(id: string): Promise<ProductionRow> {
  const [row] = await getDb().select().from(productions).where(eq(productions.id, id));
  if (!row) throw notFound('production');
  return row;
}

export const getProduction = async (id: string): Promise<ProductionView> => toProductionView(await findProduction(id));

export async function listProductions(q: { status?: ProductionStatus; limit: number; cursor?: string }): Promise<{ productions: ProductionView[]; next_cursor: string | null }> {
  const after = decodeCursor(q.cursor);
  const where: (SQL | undefined)[] = [];
  if (q.status) where.push(eq(productions.status, q.status));
  if (after) where.push(olderThan(productions, after.createdAt, after.id));
  const rows = await getDb()
    .select()
    .from(productions)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(productions.createdAt), desc(productions.id))
    .limit(q.limit + 1);
  const { page, nextCursor } = keysetPage(rows, q.limit);
  return { productions: await toProductionViews(page), next_cursor: nextCursor };
}

/** Cancels the production and every child still running. */
export async function cancelProduction(id: string): Promise<ProductionView> {
  const row = await requestProductionTransition(id, 'cancel', { errorCode: 'canceled', errorMessage: 'Canceled by the creator' });
  for (const ref of childRefs(timelineOf(row))) {
    // Children that settled already stay as they are; the others stop.
    await (ref.kind === 'video' ? cancelVideoJob(ref.jobId) : cancelAudioJob(ref.jobId)).catch((err) => {
      if (!(err instanceof AppError && (err.code === 'conflict' || err.code === 'not_found'))) throw err;
    });
  }
  return toProductionView(row);
}

/** Deletes a settled production; its children stay as ordinary jobs and its video stays in the library. */
export async function deleteProduction(id: string): Promise<void> {
  const row = await findProduction(id);
  if (!['completed', 'failed', 'canceled'].includes(row.status)) {
    throw new AppError('conflict', `This production is ${row.status}; cancel it first`, { status: row.status });
  }
  // The children's production_id is cleared by its foreign key (on delete set null).
  await withEvents(async (tx, emit) => {
    const [deleted] = await tx.delete(productions).where(eq(productions.id, id)).returning();
    if (deleted) emit(await productionEvent(tx, 'production.deleted', deleted));
  });
}

/** POST /api/productions/{id}/render: a new composition of the timeline as it stands (children reused). */
export async function renderProduction(id: string): Promise<ProductionView> {
  const row = await requestProductionTransition(id, 'reopen');
  const started = await startChildren(row);
  await advanceProduction(id);
  return toProductionView(started);
}
