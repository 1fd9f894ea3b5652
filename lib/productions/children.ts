import type { z } from 'zod';
import type { GenerateVideoSchema } from '@/lib/api/contracts/video';
import { createAudioJob } from '@/lib/audio/jobs';
import { createVideoJob } from '@/lib/video/jobs';
import { advanceProduction, type ProductionRow, transitionProduction } from './lifecycle';
import type { Brief } from './plan';
import type { Shot, Timeline } from './timeline';

type VideoRequest = z.output<typeof GenerateVideoSchema>;

/** Extra seconds a shot's clip runs past its slot, so a transition into the next shot has frames to blend. */
const CLIP_MARGIN_SECONDS = 1;

/**
 * The video job a shot needs, or null when it needs none (a clip from the library is used as it
 * is). A generated shot is text-to-video on the brief's provider; a library image is animated
 * by the shot's camera move (image-to-video).
 */
export function shotRequest(brief: Brief, shot: Shot): VideoRequest | null {
  if (shot.source.kind === 'asset' && shot.source.asset_type === 'video') return null;
  const image = shot.source.kind === 'asset' ? shot.source.asset_id : undefined;
  return {
    generation_type: image ? 'image_to_video' : 'text_to_video',
    image_asset_id: image,
    prompt: shot.prompt,
    mood: brief.mood,
    // Shots are cut to the timeline's own pacing; the platform's limits apply to the whole piece.
    platform: 'generic',
    aspect_ratio: shot.aspect_ratio,
    camera_movement: shot.camera_movement,
    lighting: shot.lighting,
    duration: Math.min(120, Math.max(1, Math.ceil(shot.trim_in + shot.duration + CLIP_MARGIN_SECONDS))),
    provider: brief.provider,
    fallback: brief.fallback,
    seed: `${String(brief.seed ?? '')}:${shot.id}`,
  };
}

/**
 * Starts every child the timeline names but has no job for yet (new shots, a regenerated shot,
 * the narration's speech, the music), records their ids in the timeline and marks the production
 * generating. Children that exist are reused. Always ends by asking the render queue to look: a
 * child may have settled before its id was written here.
 */
export async function startChildren(row: ProductionRow): Promise<ProductionRow> {
  const brief = row.brief as unknown as Brief;
  const timeline = structuredClone(row.timeline) as unknown as Timeline;
  const productionId = row.id;
  for (const shot of timeline.shots) {
    if (shot.source.job_id) continue;
    const request = shotRequest(brief, shot);
    if (request) shot.source.job_id = (await createVideoJob(request, { productionId })).id;
  }
  const narration = timeline.narration;
  if (narration && !narration.speech_job_id) {
    const speech = await createAudioJob({ generation_type: 'text_to_speech', text: narration.script, voice: narration.voice ?? undefined, provider: 'local' }, { productionId });
    narration.speech_job_id = speech.id;
    narration.alignment_job_id = null;
    narration.words = [];
  }
  const music = timeline.music;
  if (music && !music.job_id) {
    const job = await createAudioJob(
      { generation_type: 'text_to_music', prompt: brief.prompt, mood: brief.mood, duration: Math.max(3, Math.ceil(timeline.duration)), format: 'wav', instrumental: true, seed: music.seed, provider: 'local' },
      { productionId },
    );
    music.job_id = job.id;
  }
  const updated = (await transitionProduction(productionId, 'generate', { timeline })) ?? row;
  await advanceProduction(productionId);
  return updated;
}
