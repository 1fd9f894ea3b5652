import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { AudioJobView, GenerateAudioSchema, TranscribeFieldsSchema } from '@/lib/api/contracts/audio';
import { decodeCursor, keysetPage, olderThan } from '@/lib/db/cursor';
import { AppError, notFound } from '@/lib/errors';
import { musicEngine, speechEngine, stemEngine } from '@/lib/audio/engines';
import { pickTranscriptionEngine } from '@/lib/audio/engines/transcription';
import { cancelAudioJob as cancel, queueAudioJob, retryAudioJob as retry } from '@/lib/audio/lifecycle';
import { AudioEngineError } from '@/lib/audio/types';
import { toAudioJobView, toAudioJobViews, type AudioJobRow } from '@/lib/audio/views';
import { getDb } from '@/lib/db/client';
import { withEvents } from '@/lib/events/append';
import { audioJobEvent } from '@/lib/events/payloads';
import { audioJobs, mediaAssets } from '@/lib/db/schema';
import { classifyMood } from '@/lib/strategy';
import { resolveUniverse } from '@/lib/universes';
import { requestedSubscription, subscribe } from '@/lib/webhooks/subscriptions';

type GenerateInput = z.infer<typeof GenerateAudioSchema>;
type TranscribeInput = z.infer<typeof TranscribeFieldsSchema>;

const unconfigured = (kind: string, name: string) =>
  new AppError('unprocessable_entity', `The ${name} ${kind} engine is not configured on this server (set its API key)`, [{ path: 'provider', message: 'not configured' }]);

/** An asset a job can read sound from: it exists, is audio or video, and (as far as its probe knew) has a sound track. */
async function assertMediaAsset(id: string, path: string, types: Array<'audio' | 'video'>): Promise<void> {
  const [asset] = await getDb().select({ type: mediaAssets.assetType, deletedAt: mediaAssets.deletedAt, metadata: mediaAssets.metadata }).from(mediaAssets).where(eq(mediaAssets.id, id));
  if (!asset || asset.deletedAt) throw new AppError('unprocessable_entity', `${path} does not name an asset`, [{ path, message: 'unknown asset' }]);
  if (!types.includes(asset.type as 'audio' | 'video')) {
    throw new AppError('unprocessable_entity', `${path} names a ${asset.type}; it must be ${types.join(' or ')}`, [{ path, message: `not ${types.join(' or ')}` }]);
  }
  if ((asset.metadata.probe as { hasAudio?: boolean } | undefined)?.hasAudio === false) {
    throw new AppError('unprocessable_entity', `${path} names a ${asset.type} without a sound track`, [{ path, message: 'no audio' }]);
  }
}

/** Speech, music and stems: refused up front when the engine is missing, then queued on audio.generate. */
export async function createAudioJob(input: GenerateInput, { productionId }: { productionId?: string } = {}): Promise<AudioJobView> {
  const universeId = await resolveUniverse(input.universe_id);
  let values: typeof audioJobs.$inferInsert;
  switch (input.generation_type) {
    case 'text_to_speech': {
      const engine = speechEngine(input.provider);
      if (!engine) throw unconfigured('speech', input.provider);
      if (input.voice && !engine.voices().includes(input.voice)) {
        throw new AppError('unprocessable_entity', `${input.provider} has no voice "${input.voice}"`, [{ path: 'voice', message: `one of ${engine.voices().slice(0, 20).join(', ')}` }]);
      }
      values = { generationType: 'text_to_speech', provider: input.provider, text: input.text, voice: input.voice ?? null, language: input.language ?? null, params: { speed: input.speed ?? 1, model: input.model ?? null } };
      break;
    }
    case 'text_to_music':
      if (!musicEngine(input.provider)) throw unconfigured('music', input.provider);
      values = {
        generationType: 'text_to_music',
        provider: input.provider,
        prompt: input.prompt,
        mood: input.mood,
        moodCategory: classifyMood(input.mood),
        durationSeconds: input.duration,
        params: { format: input.format, instrumental: input.instrumental, seed: input.seed ?? null, model: input.model ?? null },
      };
      break;
    case 'stem_separation':
      if (!stemEngine(input.provider)) throw unconfigured('stem', input.provider);
      await assertMediaAsset(input.audio_asset_id, 'audio_asset_id', ['audio', 'video']);
      values = { generationType: 'stem_separation', provider: input.provider, inputAssetId: input.audio_asset_id };
      break;
  }
  const subscription = await requestedSubscription(input);
  const row = await withEvents(async (tx, emit) => {
    const [inserted] = await tx.insert(audioJobs).values({ ...values, universeId, productionId: productionId ?? null }).returning();
    await subscribe(tx, inserted.id, subscription);
    emit(await audioJobEvent(tx, 'job.created', inserted));
    return inserted;
  });
  await queueAudioJob(row, 'created');
  return toAudioJobView(row);
}

/** A transcription of an existing audio or video asset, queued on audio.transcribe. */
export async function createTranscriptionJob(assetId: string, input: TranscribeInput, { productionId }: { productionId?: string } = {}): Promise<AudioJobView> {
  await assertMediaAsset(assetId, 'asset_id', ['audio', 'video']);
  const universeId = await resolveUniverse(input.universe_id);
  let engineName: string;
  try {
    engineName = pickTranscriptionEngine(input.provider, Boolean(input.expected_text)).name;
  } catch (err) {
    if (err instanceof AudioEngineError) throw new AppError('unprocessable_entity', err.message, [{ path: 'provider', message: 'no engine' }]);
    throw err;
  }
  const subscription = await requestedSubscription(input);
  const row = await withEvents(async (tx, emit) => {
    const [inserted] = await tx
      .insert(audioJobs)
      .values({
        universeId,
        generationType: 'transcription',
        provider: engineName,
        language: input.language ?? null,
        text: input.expected_text ?? null,
        inputAssetId: assetId,
        params: { attach: input.attach, requested_provider: input.provider },
        productionId: productionId ?? null,
      })
      .returning();
    await subscribe(tx, inserted.id, subscription);
    emit(await audioJobEvent(tx, 'job.created', inserted));
    return inserted;
  });
  await queueAudioJob(row, 'created');
  return toAudioJobView(row);
}

export async function findAudioJob(id: string): Promise<AudioJobRow> {
  const [row] = await getDb().select().from(audioJobs).where(eq(audioJobs.id, id));
  if (!row) throw notFound('audio job');
  return row;
}

export interface AudioJobListQuery {
  status?: AudioJobRow['status'];
  generation_type?: AudioJobRow['generationType'];
  limit: number;
  cursor?: string;
}

export async function listAudioJobs(q: AudioJobListQuery): Promise<{ jobs: AudioJobView[]; next_cursor: string | null }> {
  const after = decodeCursor(q.cursor);
  const where: (SQL | undefined)[] = [];
  if (q.status) where.push(eq(audioJobs.status, q.status));
  if (q.generation_type) where.push(eq(audioJobs.generationType, q.generation_type));
  if (after) where.push(olderThan(audioJobs, after.createdAt, after.id));
  const rows = await getDb()
    .select()
    .from(audioJobs)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(audioJobs.createdAt), desc(audioJobs.id))
    .limit(q.limit + 1);
  const { page, nextCursor } = keysetPage(rows, q.limit);
  return { jobs: await toAudioJobViews(page), next_cursor: nextCursor };
}

export const retryAudioJob = async (id: string): Promise<AudioJobView> => toAudioJobView(await retry(id));

export const cancelAudioJob = async (id: string): Promise<AudioJobView> => toAudioJobView(await cancel(id));
