import fs from 'node:fs/promises';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { musicEngine, speechEngine, stemEngine } from '@/lib/audio/engines';
import { pickTranscriptionEngine } from '@/lib/audio/engines/transcription';
import type { TranscriptionEngineName } from '@/lib/audio/names';
import { claimAudioJob, completeAudioJob, failAudioJob, updateAudioJob } from '@/lib/audio/lifecycle';
import { AudioEngineError } from '@/lib/audio/types';
import type { AudioJobRow } from '@/lib/audio/views';
import { getDb } from '@/lib/db/client';
import { audioJobs, mediaAssets } from '@/lib/db/schema';
import { log } from '@/lib/log';
import { MediaError } from '@/lib/media/ffmpeg';
import { ingestFile } from '@/lib/media/ingest';
import { sniffFile } from '@/lib/media/sniff';
import { thumbnailJob } from '@/lib/media/thumbnail-queue';
import { withWorkDir } from '@/lib/media/workdir';
import { OutboundError } from '@/lib/net/outbound';
import { ProviderError } from '@/lib/providers/video';
import type { JobContext } from '@/lib/queue/define';
import { storageFor } from '@/lib/storage';
import { StorageError } from '@/lib/storage/errors';
import { localFileFor } from '@/lib/storage/materialize';
import type { Category } from '@/lib/strategy';

async function inputFile(job: AudioJobRow, dir: string): Promise<{ file: string; title: string }> {
  const [asset] = job.inputAssetId ? await getDb().select().from(mediaAssets).where(eq(mediaAssets.id, job.inputAssetId)) : [];
  if (!asset || asset.deletedAt) throw new AudioEngineError('the input asset no longer exists');
  return { file: await localFileFor(storageFor(asset.storageBackend), asset.storageKey, dir), title: asset.title };
}

/** Sniffs what an engine wrote (engines report a format, the bytes decide), stores it once, queues the waveform. */
async function storeOutput(job: AudioJobRow, file: string, role: string, title: string, metadata: Record<string, unknown>) {
  const type = await sniffFile(file);
  if (type?.assetType !== 'audio') throw new AudioEngineError('the engine produced something that is not audio');
  const asset = await ingestFile({ file, type, sourceType: 'generated', sourceJobId: job.id, sourceRole: role, universeId: job.universeId, title: title.slice(0, 200), metadata });
  await thumbnailJob(asset.id);
  return asset;
}

async function generate(job: AudioJobRow, dir: string, signal: AbortSignal): Promise<{ cost?: Record<string, unknown>; details?: Record<string, unknown>; duration?: number }> {
  switch (job.generationType) {
    case 'text_to_speech': {
      const engine = speechEngine(job.provider);
      if (!engine) throw new AudioEngineError(`The ${job.provider} speech engine is no longer configured`);
      const out = path.join(dir, 'speech');
      const { cost } = await engine.synthesize({ text: job.text ?? '', voice: job.voice ?? undefined, speed: Number(job.params.speed ?? 1), language: job.language ?? undefined, model: (job.params.model as string | null) ?? undefined }, out, signal);
      const asset = await storeOutput(job, out, 'output', job.text ?? 'Speech', { audio: { kind: 'speech', engine: job.provider, voice: job.voice, text: job.text } });
      return { cost, duration: asset.durationSeconds ?? undefined };
    }
    case 'text_to_music': {
      const engine = musicEngine(job.provider);
      if (!engine) throw new AudioEngineError(`The ${job.provider} music engine is no longer configured`);
      const out = path.join(dir, `music.${job.params.format === 'wav' ? 'wav' : 'mp3'}`);
      const { cost, details } = await engine.compose(
        {
          prompt: job.prompt ?? '',
          durationSeconds: job.durationSeconds ?? 30,
          mood: job.mood ?? 50,
          moodCategory: (job.moodCategory ?? 'luxury_reveal') as Category,
          seed: job.params.seed === null || job.params.seed === undefined ? job.id : String(job.params.seed),
          instrumental: job.params.instrumental !== false,
          model: (job.params.model as string | null) ?? undefined,
        },
        out,
        signal,
      );
      const asset = await storeOutput(job, out, 'output', job.prompt ?? 'Music', { audio: { kind: 'music', engine: job.provider, mood: job.mood, mood_category: job.moodCategory, ...details } });
      return { cost, details, duration: asset.durationSeconds ?? undefined };
    }
    case 'stem_separation': {
      const engine = stemEngine(job.provider);
      if (!engine) throw new AudioEngineError(`The ${job.provider} stem engine is no longer configured`);
      const input = await inputFile(job, dir);
      const outDir = path.join(dir, 'stems');
      await fs.mkdir(outDir);
      const { stems, cost } = await engine.separate(input.file, outDir, signal);
      for (const stem of stems) await storeOutput(job, stem.file, `stem:${stem.name}`, `${input.title} — ${stem.name}`, { audio: { kind: 'stem', stem: stem.name, engine: job.provider, source_asset_id: job.inputAssetId } });
      return { cost, details: { stems: stems.map((s) => s.name), ...(engine.note ? { note: engine.note } : {}) } };
    }
    default:
      throw new AudioEngineError(`audio.generate does not handle ${job.generationType}`);
  }
}

async function transcribe(job: AudioJobRow, dir: string, signal: AbortSignal) {
  const engine = pickTranscriptionEngine(job.provider as TranscriptionEngineName, Boolean(job.text));
  const input = await inputFile(job, dir);
  const { cost, ...transcription } = await engine.transcribe({ file: input.file, language: job.language ?? undefined, expectedText: job.text ?? undefined, signal });
  await updateAudioJob(job.id, { transcription: transcription as unknown as Record<string, unknown> });
  if (job.params.attach !== false && job.inputAssetId) {
    // The asset's player shows this transcript as captions from now on.
    await getDb()
      .update(mediaAssets)
      .set({ metadata: sql`${mediaAssets.metadata} || ${JSON.stringify({ transcript_job_id: job.id })}::jsonb`, updatedAt: new Date() })
      .where(eq(mediaAssets.id, job.inputAssetId));
  }
  return { cost, duration: transcription.duration, details: { words: transcription.words.length, segments: transcription.segments.length } };
}

const permanent = (err: unknown) =>
  (err instanceof AudioEngineError && err.kind === 'permanent') || (err instanceof ProviderError && err.kind === 'permanent') || err instanceof OutboundError || err instanceof MediaError;

function readable(err: unknown): string {
  if (err instanceof AudioEngineError || err instanceof ProviderError || err instanceof OutboundError || err instanceof MediaError) return err.message;
  if (err instanceof StorageError) return `The audio could not be stored: ${err.message}`;
  return 'The job failed unexpectedly; see the worker log for details';
}

const CANCEL_CHECK_MS = 1000;

/** Aborts the engine when the worker stops or the job is canceled through the API (seen within a second). */
function watchForCancel(jobId: string, workerSignal: AbortSignal, abort: AbortController): () => void {
  const onWorkerStop = () => abort.abort(workerSignal.reason);
  workerSignal.addEventListener('abort', onWorkerStop, { once: true });
  const timer = setInterval(() => {
    void getDb()
      .select({ status: audioJobs.status })
      .from(audioJobs)
      .where(eq(audioJobs.id, jobId))
      .then(([row]) => {
        if (row?.status === 'canceled') abort.abort(new Error('the job was canceled'));
      })
      .catch((err) => log.warn('cancel check failed', { jobId, err }));
  }, CANCEL_CHECK_MS);
  return () => {
    clearInterval(timer);
    workerSignal.removeEventListener('abort', onWorkerStop);
  };
}

/** audio.generate and audio.transcribe: run the engine, store what it made, record why when it fails. */
export async function runAudioJob(jobId: string, ctx: JobContext): Promise<Record<string, unknown>> {
  const job = await claimAudioJob(jobId);
  if (!job) return { skipped: 'job is no longer pending or processing' };
  const abort = new AbortController();
  const stopWatching = watchForCancel(jobId, ctx.signal, abort);
  try {
    const result = await withWorkDir((dir) => (job.generationType === 'transcription' ? transcribe(job, dir, abort.signal) : generate(job, dir, abort.signal)));
    await completeAudioJob(jobId, {
      ...(result.cost ? { cost: { ...result.cost, provider: job.provider } } : {}),
      ...(result.duration !== undefined && job.durationSeconds === null ? { durationSeconds: result.duration } : {}),
      params: { ...job.params, ...(result.details ? { details: result.details } : {}) },
    });
    return { completed: true };
  } catch (err) {
    if (abort.signal.aborted && !ctx.signal.aborted) return { skipped: 'canceled while running' };
    const final = ctx.isFinalAttempt || permanent(err);
    log.warn('audio job attempt failed', { jobId, attempt: ctx.retryCount + 1, final, err });
    if (final) await failAudioJob(jobId, job.generationType === 'transcription' ? 'transcription_failed' : 'generation_failed', readable(err));
    else await updateAudioJob(jobId, { errorCode: 'retrying', errorMessage: `${readable(err)} — retrying` });
    if (final) return { failed: readable(err) };
    throw err;
  } finally {
    stopWatching();
  }
}
