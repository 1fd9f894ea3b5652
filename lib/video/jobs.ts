import { and, desc, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { GenerateVideoSchema, VideoJobView } from '@/lib/api/contracts/video';
import { decodeCursor, keysetPage, olderThan } from '@/lib/db/cursor';
import { AppError, notFound } from '@/lib/errors';
import { getDb, preparedQuery } from '@/lib/db/client';
import { withEvents } from '@/lib/events/append';
import { videoJobEvent } from '@/lib/events/payloads';
import { assetFiles, mediaAssets, videoJobs } from '@/lib/db/schema';
import { videoProvider } from '@/lib/providers/video';
import { classifyMood, enrichPrompt, negativePrompt, planStrategy, StrategyInputError, type CameraMovement, type Lighting } from '@/lib/strategy';
import { resolveUniverse } from '@/lib/universes';
import { cancelVideoJob as cancel, jobDeadline, queueGeneration, retryVideoJob as retry } from '@/lib/video/lifecycle';
import { enforceDailyVideoQuota } from '@/lib/video/quota';
import { toVideoJobView, UNVIEWED_COLUMNS, videoJobView, type VideoJobRow } from '@/lib/video/views';
import { mediaSigner } from '@/lib/auth/signed-url';
import { requestedSubscription, subscribe } from '@/lib/webhooks/subscriptions';

type GenerateInput = z.infer<typeof GenerateVideoSchema>;

const DEFAULT_MOOD = 50;

async function assertImageAsset(id: string | undefined): Promise<void> {
  if (!id) throw new AppError('unprocessable_entity', 'image_asset_id is required for image_to_video', [{ path: 'image_asset_id', message: 'required' }]);
  const [asset] = await getDb().select({ type: mediaAssets.assetType, deletedAt: mediaAssets.deletedAt }).from(mediaAssets).where(eq(mediaAssets.id, id));
  if (!asset || asset.deletedAt) throw new AppError('unprocessable_entity', 'image_asset_id does not name an asset', [{ path: 'image_asset_id', message: 'unknown asset' }]);
  if (asset.type !== 'image') throw new AppError('unprocessable_entity', `image_asset_id names a ${asset.type}, not an image`, [{ path: 'image_asset_id', message: 'not an image' }]);
}

/** Fills what the caller left out from the strategy engine; explicit choices always win. */
function planParameters(input: GenerateInput) {
  const mood = input.mood ?? DEFAULT_MOOD;
  try {
    const plan = planStrategy(
      { prompt: input.prompt, mood, platform: input.platform ?? 'generic', variations: 1, aspect_ratio: input.aspect_ratio, duration: input.duration },
      { defaultSeed: input.seed ?? input.prompt },
    );
    const chosen = plan.variations[0];
    const camera = (input.camera_movement ?? chosen.camera_movement) as CameraMovement;
    const lighting = (input.lighting ?? chosen.lighting) as Lighting;
    const category = classifyMood(mood);
    const custom = camera !== chosen.camera_movement || lighting !== chosen.lighting;
    return {
      mood,
      category,
      camera,
      lighting,
      platform: input.platform ?? 'generic',
      aspectRatio: chosen.aspect_ratio,
      duration: chosen.duration,
      enrichedPrompt: custom
        ? enrichPrompt({ prompt: input.prompt, category, camera, lighting, platform: input.platform ?? 'generic', aspect: chosen.aspect_ratio })
        : chosen.enriched_prompt,
      negativePrompt: input.negative_prompt ?? (custom ? negativePrompt(category) : chosen.negative_prompt),
    };
  } catch (err) {
    if (err instanceof StrategyInputError) throw new AppError('unprocessable_entity', err.message, [{ path: err.field, message: err.message }]);
    throw err;
  }
}

export async function viewJob(row: VideoJobRow): Promise<VideoJobView> {
  const thumbs = row.assetId
    ? await preparedQuery('video_job_thumbnail', (db) =>
        db
          .select({ id: assetFiles.id })
          .from(assetFiles)
          .where(and(eq(assetFiles.assetId, sql.placeholder('assetId')), eq(assetFiles.kind, 'thumbnail')))
          .prepare('video_job_thumbnail'),
      ).execute({ assetId: row.assetId })
    : [];
  return toVideoJobView(row, thumbs.length > 0);
}

/** The columns a job's view shows, and (for one job by id) whether its asset has a thumbnail, in one query. */
const unviewed = new Set<string>(UNVIEWED_COLUMNS);
const viewedColumns = Object.fromEntries(Object.entries(getTableColumns(videoJobs)).filter(([key]) => !unviewed.has(key))) as Omit<
  typeof videoJobs._.columns,
  (typeof UNVIEWED_COLUMNS)[number]
>;
const jobWithThumbnail = {
  ...viewedColumns,
  // Spelled out: in a one-table select drizzle writes columns unqualified, and `asset_id` would
  // then name the subquery's own column.
  hasThumbnail: sql<boolean>`exists (select 1 from asset_files thumbnail where thumbnail.asset_id = video_jobs.asset_id and thumbnail.kind = 'thumbnail')`,
};

/** Refuses what the chosen provider (and every fallback) cannot do, before anything is queued or paid. */
function assertProvidersCanDo(input: GenerateInput, aspectRatio: string): void {
  for (const [index, name] of [input.provider, ...(input.fallback ?? [])].entries()) {
    const path = index === 0 ? 'provider' : `fallback.${index - 1}`;
    const provider = videoProvider(name);
    if (!provider) throw new AppError('unprocessable_entity', `The ${name} provider is not configured on this server (set its API key)`, [{ path, message: 'not configured' }]);
    const caps = provider.capabilities();
    const kind = input.generation_type === 'text_to_video' ? caps.textToVideo : caps.imageToVideo;
    if (!kind) throw new AppError('unprocessable_entity', `${name} does not offer ${input.generation_type.replaceAll('_', '-')}`, [{ path, message: 'generation type not offered' }]);
    // An image decides its own shape on most providers; the ratio matters for text-to-video.
    if (input.generation_type === 'text_to_video' && !caps.aspectRatios.includes(aspectRatio as never)) {
      throw new AppError('unprocessable_entity', `${name} cannot make ${aspectRatio} video; it offers ${caps.aspectRatios.join(', ')}`, [{ path, message: 'aspect ratio not offered' }]);
    }
    if (index === 0 && input.model && !caps.models.includes(input.model)) {
      throw new AppError('unprocessable_entity', `${name} has no model ${input.model}; it offers ${caps.models.join(', ')}`, [{ path: 'model', message: 'unknown model' }]);
    }
  }
  if (input.fallback?.includes(input.provider)) throw new AppError('unprocessable_entity', 'fallback must not repeat the provider', [{ path: 'fallback', message: 'repeats provider' }]);
}

/** Child jobs of a production carry its id: their settling moves it on (lib/productions/advance.ts). */
export interface ChildOf {
  productionId?: string;
}

/** Every check createVideoJob makes before it writes anything: a production checks all its shots first. */
export async function checkVideoRequest(input: GenerateInput): Promise<void> {
  if (input.generation_type === 'image_to_video') await assertImageAsset(input.image_asset_id);
  assertProvidersCanDo(input, planParameters(input).aspectRatio);
}

export async function createVideoJob(input: GenerateInput, { productionId }: ChildOf = {}): Promise<VideoJobView> {
  const universeId = await resolveUniverse(input.universe_id);
  if (input.generation_type === 'image_to_video') await assertImageAsset(input.image_asset_id);
  const plan = planParameters(input);
  assertProvidersCanDo(input, plan.aspectRatio);
  const subscription = await requestedSubscription(input);
  const row = await withEvents(async (tx, emit) => {
    await enforceDailyVideoQuota(tx, universeId);
    const [inserted] = await tx
      .insert(videoJobs)
      .values({
        universeId,
        generationType: input.generation_type,
        provider: input.provider,
        fallbackProviders: input.fallback ?? [],
        requestedProvider: input.provider,
        requestedFallback: input.fallback ?? [],
        prompt: input.prompt,
        enrichedPrompt: plan.enrichedPrompt,
        negativePrompt: plan.negativePrompt,
        mood: plan.mood,
        moodCategory: plan.category,
        cameraMovement: plan.camera,
        lighting: plan.lighting,
        platform: plan.platform,
        aspectRatio: plan.aspectRatio,
        durationSeconds: plan.duration,
        imageAssetId: input.image_asset_id ?? null,
        // A production's shots carry captions instead of the local renderer's title card.
        params: { seed: input.seed ?? null, ...(input.model ? { model: input.model } : {}), ...(productionId ? { title_card: false } : {}) },
        productionId: productionId ?? null,
        deadlineAt: jobDeadline(),
      })
      .returning();
    await subscribe(tx, inserted.id, subscription);
    emit(await videoJobEvent(tx, 'job.created', inserted));
    return inserted;
  });
  await queueGeneration(row.id, 'created');
  return viewJob(row);
}

export async function findVideoJob(id: string): Promise<VideoJobRow> {
  const [row] = await preparedQuery('video_job_by_id', (db) => db.select().from(videoJobs).where(eq(videoJobs.id, sql.placeholder('id'))).prepare('video_job_by_id')).execute({ id });
  if (!row) throw notFound('video job');
  return row;
}

/** GET /api/video/jobs/{id}: the job and its thumbnail in one query. */
export async function findVideoJobView(id: string): Promise<VideoJobView> {
  const [found] = await preparedQuery('video_job_view_by_id', (db) =>
    db.select(jobWithThumbnail).from(videoJobs).where(eq(videoJobs.id, sql.placeholder('id'))).prepare('video_job_view_by_id'),
  ).execute({ id });
  if (!found) throw notFound('video job');
  return toVideoJobView(found, Boolean(found.assetId && found.hasThumbnail));
}

export interface JobListQuery {
  status?: VideoJobRow['status'];
  provider?: string;
  universe_id?: string;
  limit: number;
  cursor?: string;
}

/**
 * Which of a page's assets have a thumbnail: a second query rather than an EXISTS in the page's
 * select list, which PostgreSQL may turn into a hash of every thumbnail row under the generic plan
 * of a prepared page query (measured: 32 requests a second over 100k rows instead of 1,000+).
 */
async function assetsWithThumbnail(assetIds: string[]): Promise<Set<string>> {
  if (assetIds.length === 0) return new Set();
  const rows = await preparedQuery('video_job_page_thumbnails', (db) =>
    db
      .select({ assetId: assetFiles.assetId })
      .from(assetFiles)
      .where(and(sql`${assetFiles.assetId} = any(${sql.placeholder('assetIds')}::uuid[])`, eq(assetFiles.kind, 'thumbnail')))
      .prepare('video_job_page_thumbnails'),
  ).execute({ assetIds });
  return new Set(rows.map((r) => r.assetId));
}

/** The page query for one combination of filters, built once with placeholders. */
function jobPageQuery(filters: { status: boolean; provider: boolean; universe: boolean; after: boolean }) {
  const name = `video_jobs_page_${Object.values(filters).map(Number).join('')}`;
  return preparedQuery(name, (db) => {
    const where: (SQL | undefined)[] = [];
    if (filters.status) where.push(eq(videoJobs.status, sql.placeholder('status')));
    if (filters.provider) where.push(eq(videoJobs.provider, sql.placeholder('provider')));
    if (filters.universe) where.push(eq(videoJobs.universeId, sql.placeholder('universeId')));
    if (filters.after) {
      where.push(olderThan(videoJobs, sql.placeholder('afterCreatedAt'), sql.placeholder('afterId')));
    }
    return db
      .select(viewedColumns)
      .from(videoJobs)
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(videoJobs.createdAt), desc(videoJobs.id))
      .limit(sql.placeholder('limit'))
      .prepare(name);
  });
}

export async function listVideoJobs(q: JobListQuery): Promise<{ jobs: VideoJobView[]; next_cursor: string | null }> {
  const after = decodeCursor(q.cursor);
  const rows = await jobPageQuery({ status: Boolean(q.status), provider: Boolean(q.provider), universe: Boolean(q.universe_id), after: Boolean(after) }).execute({
    status: q.status,
    provider: q.provider,
    universeId: q.universe_id,
    // A prepared statement's values go to the driver as they are, and it takes strings for timestamps.
    afterCreatedAt: after?.createdAt.toISOString(),
    afterId: after?.id,
    limit: q.limit + 1,
  });
  const { page, nextCursor } = keysetPage(rows, q.limit);
  const withThumbnail = await assetsWithThumbnail(page.flatMap((row) => (row.assetId ? [row.assetId] : [])));
  const sign = await mediaSigner();
  return {
    jobs: page.map((row) => videoJobView(row, Boolean(row.assetId && withThumbnail.has(row.assetId)), sign)),
    next_cursor: nextCursor,
  };
}

export const retryVideoJob = async (id: string): Promise<VideoJobView> => viewJob(await retry(id));

export const cancelVideoJob = async (id: string): Promise<VideoJobView> => viewJob(await cancel(id));
