import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { createTranscriptionJob } from '@/lib/audio/jobs';
import { getDb } from '@/lib/db/client';
import { audioJobs, mediaAssets, productions, videoJobs } from '@/lib/db/schema';
import { MediaError } from '@/lib/media/ffmpeg';
import { ingestFile } from '@/lib/media/ingest';
import { thumbnailJob } from '@/lib/media/thumbnail-queue';
import { withWorkDir } from '@/lib/media/workdir';
import type { JobContext } from '@/lib/queue/define';
import { storageFor } from '@/lib/storage';
import { localFileFor } from '@/lib/storage/materialize';
import { composeProduction, type ComposeShot, TRANSITION_SECONDS } from './compose';
import { transitionProduction } from './lifecycle';
import { type Timeline, OUTPUT_PRESETS, TimelineSchema } from './timeline';
import { childRefs } from './views';

interface Child {
  kind: 'video' | 'audio';
  role: string;
  id: string;
  status: string;
  progress: number;
  errorMessage: string | null;
  /** The job's output asset (a video job's asset_id; an audio job's output asset). */
  assetId: string | null;
  transcription: Record<string, unknown> | null;
}

async function loadChildren(timeline: Timeline): Promise<Child[]> {
  const refs = childRefs(timeline);
  const videoIds = refs.filter((r) => r.kind === 'video').map((r) => r.jobId);
  const audioIds = refs.filter((r) => r.kind === 'audio').map((r) => r.jobId);
  const [videos, audios, outputs] = await Promise.all([
    videoIds.length ? getDb().select().from(videoJobs).where(inArray(videoJobs.id, videoIds)) : [],
    audioIds.length ? getDb().select().from(audioJobs).where(inArray(audioJobs.id, audioIds)) : [],
    audioIds.length
      ? getDb().select({ id: mediaAssets.id, jobId: mediaAssets.sourceJobId }).from(mediaAssets).where(and(inArray(mediaAssets.sourceJobId, audioIds), eq(mediaAssets.sourceRole, 'output')))
      : [],
  ]);
  return refs.map((ref) => {
    const video = videos.find((v) => v.id === ref.jobId);
    const audio = audios.find((a) => a.id === ref.jobId);
    const row = video ?? audio;
    return {
      kind: ref.kind,
      role: ref.role,
      id: ref.jobId,
      status: row?.status ?? 'missing',
      progress: row?.progress ?? 0,
      errorMessage: row?.errorMessage ?? null,
      assetId: video ? video.assetId : (outputs.find((o) => o.jobId === ref.jobId)?.id ?? null),
      transcription: audio?.transcription ?? null,
    };
  });
}

/** Silence kept after the last spoken word. */
const TAIL_SECONDS = 0.6;

const describeRole = (role: string) => (role.startsWith('shot:') ? `shot ${role.slice(5)}` : `the ${role}`);

/**
 * The production.render handler: moves a production on after a child settled. Follow-ups first
 * (the narration's alignment once its speech exists, the word times once aligned); a child that
 * failed for good fails the production with its reason; when every child is done, one worker
 * wins the composing claim and composes. Any other message finds nothing to do.
 */
export async function runProductionRender(productionId: string, ctx: JobContext): Promise<Record<string, unknown>> {
  const [row] = await getDb().select().from(productions).where(eq(productions.id, productionId));
  if (row?.status !== 'generating') return { skipped: row ? `production is ${row.status}` : 'production is gone' };
  const timeline = TimelineSchema.parse(row.timeline);
  const children = await loadChildren(timeline);

  const broken = children.find((c) => ['failed', 'canceled', 'missing'].includes(c.status));
  if (broken) {
    const reason = `${describeRole(broken.role)} ${broken.status === 'missing' ? 'is missing' : broken.status}${broken.errorMessage ? `: ${broken.errorMessage}` : ''}`;
    await transitionProduction(productionId, 'fail', { errorCode: 'child_failed', errorMessage: reason });
    return { failed: reason };
  }

  const narration = timeline.narration;
  const speech = children.find((c) => c.role === 'narration');
  if (narration && speech?.status === 'completed' && !narration.alignment_job_id) {
    if (!speech.assetId) throw new Error('the narration finished without an audio asset');
    const alignment = await createTranscriptionJob(speech.assetId, { expected_text: narration.script, provider: 'auto', attach: false }, { productionId });
    narration.alignment_job_id = alignment.id;
    await transitionProduction(productionId, 'update', { timeline }, eq(productions.version, row.version));
    return { started: 'alignment' };
  }
  const alignment = children.find((c) => c.role === 'alignment');
  if (narration && alignment?.status === 'completed' && narration.words.length === 0) {
    const words = (alignment.transcription?.words as Array<{ word: string; start: number; end: number }> | undefined) ?? [];
    narration.words = words.map((w) => ({ word: w.word, start: w.start, end: w.end }));
    // A voice-over longer than the plan stretches the last shot (its clip holds its last frame)
    // rather than being cut off mid-word.
    const spoken = narration.words.at(-1)?.end ?? 0;
    if (spoken + TAIL_SECONDS > timeline.duration) {
      const extra = Math.round((spoken + TAIL_SECONDS - timeline.duration) * 1000) / 1000;
      const last = timeline.shots[timeline.shots.length - 1];
      last.duration = Math.round((last.duration + extra) * 1000) / 1000;
      timeline.duration = Math.round((timeline.duration + extra) * 1000) / 1000;
    }
  }

  const waiting = children.filter((c) => c.status !== 'completed');
  const childrenProgress = children.length ? children.reduce((sum, c) => sum + c.progress, 0) / children.length : 100;
  if (waiting.length > 0 || (narration && !narration.alignment_job_id)) {
    await transitionProduction(productionId, 'update', { timeline, progress: Math.min(79, Math.floor(childrenProgress * 0.8)) }, eq(productions.version, row.version));
    return { waiting: waiting.map((c) => c.role) };
  }

  // Exactly one composition per round: the claim only succeeds from generating, at this version.
  const claimed = await transitionProduction(productionId, 'compose', { timeline, progress: 80 }, eq(productions.version, row.version));
  if (!claimed) return { skipped: 'another worker is composing it, or it changed' };
  try {
    const assetId = await compose(claimed, timeline, children, ctx);
    await transitionProduction(productionId, 'complete', { assetId, renders: claimed.renders + 1, renderedVersion: claimed.version });
    return { assetId };
  } catch (err) {
    const message = err instanceof MediaError ? err.message : err instanceof Error ? err.message : String(err);
    if (ctx.isFinalAttempt) {
      await transitionProduction(productionId, 'fail', { errorCode: 'render_failed', errorMessage: `composition failed: ${message}` });
      return { failed: message };
    }
    // Back to waiting, so the retry of this message can claim it again.
    await transitionProduction(productionId, 'recompose', { errorCode: 'retrying', errorMessage: `${message} — retrying` });
    throw err;
  }
}

async function compose(row: typeof productions.$inferSelect, timeline: Timeline, children: Child[], ctx: JobContext): Promise<string> {
  const assetRows = async (ids: string[]) => (ids.length ? getDb().select().from(mediaAssets).where(inArray(mediaAssets.id, ids)) : []);
  const byRole = new Map(children.map((c) => [c.role, c]));
  const clipIds = timeline.shots.flatMap((s) => (s.source.kind === 'asset' && s.source.asset_type === 'video' ? [s.source.asset_id] : []));
  const sourceIds = [...children.map((c) => c.assetId).filter((x): x is string => Boolean(x)), ...clipIds];
  const assets = new Map((await assetRows(sourceIds)).map((a) => [a.id, a]));
  const renderNumber = row.renders + 1;

  return withWorkDir(async (dir) => {
    const fileOf = async (assetId: string | null | undefined, what: string) => {
      const asset = assetId ? assets.get(assetId) : undefined;
      if (!asset || asset.deletedAt) throw new Error(`${what} has no media in the library any more`);
      return localFileFor(storageFor(asset.storageBackend), asset.storageKey, dir);
    };
    const shots: ComposeShot[] = [];
    for (const [i, shot] of timeline.shots.entries()) {
      const clip = shot.source.kind === 'asset' && shot.source.asset_type === 'video';
      const assetId = clip ? (shot.source as { asset_id: string }).asset_id : byRole.get(`shot:${shot.id}`)?.assetId;
      // A timeline slot starts on its cut; a fade or slide into it begins TRANSITION_SECONDS
      // earlier, so the incoming clip is that much longer and is fully in on the beat.
      const overlap = i > 0 && shot.transition !== 'cut' ? TRANSITION_SECONDS : 0;
      shots.push({ file: await fileOf(assetId, `shot ${shot.id}`), kind: 'video', trimIn: shot.trim_in, duration: shot.duration + overlap, transition: shot.transition, fit: shot.fit });
    }
    const narration = timeline.narration;
    const music = timeline.music;
    const output = path.join(dir, 'production.mp4');
    await composeProduction(
      {
        preset: OUTPUT_PRESETS[timeline.output],
        duration: timeline.duration,
        shots,
        narration: narration ? { file: await fileOf(byRole.get('narration')?.assetId, 'the narration'), gainDb: narration.gain_db } : null,
        music: music ? { file: await fileOf(byRole.get('music')?.assetId, 'the music'), gainDb: music.gain_db } : null,
        captions:
          narration && timeline.captions.style !== 'none'
            ? { style: timeline.captions.style, position: timeline.captions.position, size: timeline.captions.size, highlightColor: timeline.captions.highlight_color, words: narration.words }
            : null,
      },
      output,
      {
        workDir: dir,
        signal: ctx.signal,
        onProgress: (fraction) => {
          void transitionProduction(row.id, 'update', { progress: 80 + Math.floor(fraction * 19) }).catch(() => {});
        },
      },
    );
    const brief = row.brief as { prompt?: string; platform?: string; mood?: number };
    const asset = await ingestFile({
      file: output,
      type: { assetType: 'video', mime: 'video/mp4', extension: 'mp4' },
      sourceType: 'generated',
      // One asset per composition: a retry of the same round finds the one it stored.
      sourceJobId: row.id,
      sourceRole: `production:${renderNumber}`,
      title: (brief.prompt ?? 'Production').slice(0, 120),
      tags: ['production'],
      metadata: {
        production_id: row.id,
        timeline_version: row.version,
        transcriptJobId: narration?.alignment_job_id ?? undefined,
        strategy: { mood: brief.mood, platform: brief.platform, duration: timeline.duration },
      },
    });
    await thumbnailJob(asset.id);
    return asset.id;
  });
}
