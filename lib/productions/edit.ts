import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ProductionView, UpdateProductionSchema } from '@/lib/api/contracts/productions';
import { validate } from '@/lib/api/route';
import { composeScore } from '@/lib/audio/local/music-score';
import { getDb } from '@/lib/db/client';
import { withEvents } from '@/lib/events/append';
import { productionEvent } from '@/lib/events/payloads';
import { mediaAssets, productions } from '@/lib/db/schema';
import { AppError } from '@/lib/errors';
import { classifyMood } from '@/lib/strategy';
import { startChildren } from './children';
import type { ProductionRow } from './lifecycle';
import { beatGrid, type Brief, musicSeedOf } from './plan';
import { findProduction } from './productions';
import { type Shot, type Timeline, TimelineSchema } from './timeline';
import { toProductionView } from './views';

type Edit = z.output<typeof UpdateProductionSchema>;

const unprocessable = (path: string, message: string) => new AppError('unprocessable_entity', `${path}: ${message}`, [{ path, message }]);

async function libraryAsset(id: string, path: string) {
  const [asset] = await getDb().select().from(mediaAssets).where(eq(mediaAssets.id, id));
  if (!asset || asset.deletedAt) throw unprocessable(path, 'does not name an asset in the library');
  if (asset.assetType === 'audio') throw unprocessable(path, 'is audio; a shot needs an image or a video');
  return asset;
}

async function editShots(timeline: Timeline, edits: NonNullable<Edit['shots']>): Promise<Shot[]> {
  const seen = new Set<string>();
  const shots: Shot[] = [];
  for (const [i, edit] of edits.entries()) {
    const path = `shots.${i}`;
    if (seen.has(edit.id)) throw unprocessable(`${path}.id`, `shot ${edit.id} is listed twice`);
    seen.add(edit.id);
    const existing = timeline.shots.find((s) => s.id === edit.id);
    if (!existing && !edit.asset_id) throw unprocessable(`${path}.id`, `there is no shot ${edit.id}; a new shot needs an asset_id`);
    const base: Shot = existing ? structuredClone(existing) : { ...structuredClone(timeline.shots[0]), id: edit.id, trim_in: 0, start: 0 };
    if (edit.asset_id) {
      const asset = await libraryAsset(edit.asset_id, `${path}.asset_id`);
      base.source = { kind: 'asset', asset_id: asset.id, asset_type: asset.assetType === 'image' ? 'image' : 'video', job_id: null };
    }
    const restyled = (edit.camera_movement && edit.camera_movement !== base.camera_movement) || (edit.lighting && edit.lighting !== base.lighting);
    base.camera_movement = edit.camera_movement ?? base.camera_movement;
    base.lighting = edit.lighting ?? base.lighting;
    // A new look or an explicit regenerate means a new job; a library clip is used as it is.
    if ((edit.regenerate || restyled) && !(base.source.kind === 'asset' && base.source.asset_type === 'video')) base.source.job_id = null;
    base.duration = edit.duration ?? base.duration;
    base.trim_in = edit.trim_in ?? base.trim_in;
    base.transition = edit.transition ?? base.transition;
    base.fit = edit.fit ?? base.fit;
    if (base.source.kind === 'asset' && base.source.asset_type === 'video') {
      const clip = await libraryAsset(base.source.asset_id, `${path}.asset_id`);
      if (clip.durationSeconds !== null && base.trim_in + base.duration > clip.durationSeconds + 0.05) {
        throw unprocessable(`${path}.trim_in`, `trim ${base.trim_in}–${base.trim_in + base.duration} s is past the clip's end (${clip.durationSeconds.toFixed(2)} s)`);
      }
    }
    shots.push(base);
  }
  // Slots follow one another; the piece lasts as long as they do together.
  let at = 0;
  for (const shot of shots) {
    shot.start = Math.round(at * 1000) / 1000;
    at += shot.duration;
  }
  return shots;
}

/** The timeline after an edit (pure apart from asset lookups), validated as a whole. */
export async function editedTimeline(row: ProductionRow, edit: Edit): Promise<Timeline> {
  const timeline = structuredClone(TimelineSchema.parse(row.timeline));
  const brief = row.brief as unknown as Brief;
  if (edit.shots) {
    timeline.shots = await editShots(timeline, edit.shots);
    timeline.duration = Math.round(timeline.shots.reduce((sum, s) => sum + s.duration, 0) * 1000) / 1000;
  }
  if (edit.narration) {
    const { script, voice, gain_db } = edit.narration;
    if (script === null) timeline.narration = null;
    else {
      const before = timeline.narration;
      const next = before ?? { script: script ?? '', voice: null, speech_job_id: null, alignment_job_id: null, words: [], gain_db: 0 };
      if (script !== undefined) next.script = script;
      if (voice !== undefined) next.voice = voice;
      if (gain_db !== undefined) next.gain_db = gain_db;
      // New words or a new voice: speak again, align again.
      if (!before || next.script !== before.script || next.voice !== before.voice) Object.assign(next, { speech_job_id: null, alignment_job_id: null, words: [] });
      if (!next.script) throw unprocessable('narration.script', 'a new narration needs a script');
      timeline.narration = next;
    }
  }
  const previousDuration = (row.timeline as { duration: number }).duration;
  const needsMusic = edit.music?.enabled ?? Boolean(timeline.music);
  if (!needsMusic) timeline.music = null;
  else {
    const before = timeline.music;
    const seed = edit.music?.seed ?? before?.seed ?? musicSeedOf(String(brief.seed ?? row.id));
    const bpm = composeScore(classifyMood(brief.mood), brief.mood, seed).bpm;
    const grid = beatGrid(bpm, timeline.duration);
    // The music is made to the piece's length: a new seed or a new length means a new track.
    const keep = before && before.seed === seed && Math.abs(previousDuration - timeline.duration) < 1e-6 ? before.job_id : null;
    timeline.music = { seed, job_id: keep, gain_db: edit.music?.gain_db ?? before?.gain_db ?? -4, bpm, beats: grid.beats, downbeats: grid.downbeats };
  }
  if (edit.captions) timeline.captions = { ...timeline.captions, ...edit.captions };
  if (edit.output) timeline.output = edit.output;
  timeline.version = row.version + 1;
  return validate(TimelineSchema, timeline, 'timeline');
}

/** PATCH /api/productions/{id}. A running production starts the children its edit needs at once; a settled one waits for Render. */
export async function editProduction(id: string, edit: Edit): Promise<ProductionView> {
  const row = await findProduction(id);
  if (edit.version !== row.version) {
    throw new AppError('conflict', `This edit is based on version ${edit.version}, but the timeline is at version ${row.version}; reload and edit again`, { version: row.version });
  }
  if (row.status === 'composing') throw new AppError('conflict', 'The production is being composed; edit it when the render is done', { status: row.status });
  const timeline = await editedTimeline(row, edit);
  const saved = await withEvents(async (tx, emit) => {
    const [changed] = await tx
      .update(productions)
      .set({ timeline, version: timeline.version, updatedAt: new Date() })
      // Two edits of one version: the second finds the version moved on and is refused.
      .where(and(eq(productions.id, id), eq(productions.version, row.version)))
      .returning();
    if (changed) emit(await productionEvent(tx, 'production.updated', changed));
    return changed;
  });
  if (!saved) throw new AppError('conflict', 'The timeline changed while this edit was saved; reload and edit again');
  if (saved.status === 'generating' || saved.status === 'pending') return toProductionView(await startChildren(saved));
  return toProductionView(saved);
}
