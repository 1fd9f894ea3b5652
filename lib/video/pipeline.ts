import path from 'node:path';
import { log } from '@/lib/log';
import { MediaError } from '@/lib/media/ffmpeg';
import { savePreviews } from '@/lib/media/derive';
import { ingestFile } from '@/lib/media/ingest';
import { withWorkDir } from '@/lib/media/workdir';
import { LocalVideoProvider } from '@/lib/providers/video/local';
import type { JobContext } from '@/lib/queue/define';
import type { AspectRatio, CameraMovement, Lighting } from '@/lib/strategy';
import { submitExternal } from '@/lib/video/external';
import { StorageError } from '@/lib/storage/errors';
import { claimVideoJob, completeVideoJob, failOrFallBack, updateVideoJob } from '@/lib/video/lifecycle';
import { imageFileFor } from '@/lib/video/source-image';

const localProvider = new LocalVideoProvider();

const PROGRESS_WRITE_MS = 500;

/** Writes progress at most twice a second; tells the caller when the job was canceled under it. */
function progressReporter(jobId: string, abort: AbortController) {
  let last = 0;
  let writing = false;
  return (percent: number) => {
    const now = Date.now();
    if (writing || (now - last < PROGRESS_WRITE_MS && percent < 100)) return;
    writing = true;
    last = now;
    void updateVideoJob(jobId, { progress: Math.min(99, percent) })
      .then((stillProcessing) => {
        if (!stillProcessing) abort.abort();
      })
      .catch((err) => log.warn('progress write failed', { jobId, err }))
      .finally(() => {
        writing = false;
      });
  };
}

function readableFailure(err: unknown): string {
  if (err instanceof MediaError) return `The render failed: ${err.message}`;
  // Rendered but not stored (bucket missing, storage unreachable): the retry renders again.
  if (err instanceof StorageError) return `The video could not be stored: ${err.message}`;
  return 'The render failed unexpectedly; see the worker log for details';
}

/** video.generate for the local provider: render, store, record the asset once, queue its thumbnail. */
export async function runVideoJob(jobId: string, ctx: JobContext): Promise<Record<string, unknown>> {
  const job = await claimVideoJob(jobId);
  if (!job) return { skipped: 'job is no longer pending or processing' };
  if (job.provider !== 'local') return submitExternal(job, ctx);

  const abort = new AbortController();
  ctx.signal.addEventListener('abort', () => abort.abort(), { once: true });
  try {
    const asset = await withWorkDir(async (dir) => {
      const output = path.join(dir, 'render.mp4');
      const previews = { posterFile: path.join(dir, 'poster.jpg'), spriteFile: path.join(dir, 'sprite.jpg') };
      await localProvider.render(
        {
          generationType: job.generationType,
          prompt: job.prompt,
          cameraMovement: job.cameraMovement as CameraMovement,
          lighting: job.lighting as Lighting,
          aspectRatio: job.aspectRatio as AspectRatio,
          durationSeconds: job.durationSeconds,
          imagePath: job.imageAssetId ? await imageFileFor(job.imageAssetId, dir) : undefined,
          seed: String(job.params.seed ?? job.id),
          titleCard: job.params.title_card !== false,
        },
        output,
        { onProgress: progressReporter(jobId, abort), signal: abort.signal, previews },
      );
      const stored = await ingestFile({
        file: output,
        type: { assetType: 'video', mime: 'video/mp4', extension: 'mp4' },
        sourceType: 'generated',
        sourceJobId: jobId,
        universeId: job.universeId,
        title: job.prompt.slice(0, 120),
        metadata: {
          strategy: {
            mood: job.mood,
            mood_category: job.moodCategory,
            camera_movement: job.cameraMovement,
            lighting: job.lighting,
            platform: job.platform,
            aspect_ratio: job.aspectRatio,
            duration: job.durationSeconds,
            enriched_prompt: job.enrichedPrompt,
            provider: job.provider,
          },
        },
      });
      await savePreviews(stored, previews.posterFile, previews.spriteFile);
      return stored;
    });
    if (!(await completeVideoJob(jobId, asset.id))) log.info('job finished after it was canceled; the asset is kept', { jobId, assetId: asset.id });
    return { assetId: asset.id };
  } catch (err) {
    log.warn('video job attempt failed', { jobId, attempt: ctx.retryCount + 1, final: ctx.isFinalAttempt, err, detail: err instanceof MediaError ? err.stderrTail.slice(-800) : undefined });
    if (ctx.isFinalAttempt) return failOrFallBack(job, { code: 'render_failed', message: readableFailure(err) });
    const stillProcessing = await updateVideoJob(jobId, { errorCode: 'retrying', errorMessage: `${readableFailure(err)} — retrying` });
    if (!stillProcessing) return { skipped: 'canceled while rendering' };
    throw err;
  }
}
